import { captured, startCapture, stopCapture } from './debugLogging';

import { scalepointScan } from './scalepointScan';
import { defineSecretScan } from './secretScan';

const count = { paths: 0 };
beforeAll(() => startCapture());
afterAll(() => {
	stopCapture();
	process.stdout.write(
		`Scalepoint actions secret scan: ${count.paths} paths, ${captured.length} log writes\n`,
	);
});
jest.setTimeout(120_000);

describe('Scalepoint actions: secrets never leak', () =>
	defineSecretScan(scalepointScan, count, [
		'selfService',
		'files',
		'eventsPublish',
		'caseDataGetCase',
		'caseDataGetRevision',
	]));

it('the capture saw n8n debug logging (an empty log must not pass as a clean one)', () => {
	expect(captured.join('\n')).toMatch(/debug|Start executing node|Running node/i);
});
