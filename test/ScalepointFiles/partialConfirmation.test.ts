import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { startRecorder, type Recorder } from '../fixtures/recorder';
import { runNode } from '../harness/runWorkflow';
import { caseParams } from './helpers';

/**
 * The page's success answer lists an ID for every stored file. An answer that lists fewer files
 * than were sent proves nothing about the others, so the item is not a success: the upload may
 * have taken effect and is not sent again (found by an outside review: it was a success with
 * `id: null` for the missing file and only an execution hint).
 */
let fx: ScalepointFixture;
let ecb: Recorder;

beforeAll(async () => {
	fx = await startScalepointFixture();
	ecb = await startRecorder();
});
afterAll(async () => {
	await fx.sandbox.close();
	await ecb.close();
});
beforeEach(() => (ecb.requests.length = 0));

const twoFiles = {
	json: {},
	binary: {
		a: { data: 'A', fileName: 'a.txt' },
		b: { data: 'B', fileName: 'b.txt' },
	},
};

function answerWithFiles(files: Array<{ id: string; fileName: string }>) {
	ecb.answerWith((_request, response) => {
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ success: true, payload: { files } }));
	});
}

async function submitTwoFiles() {
	return await runNode({
		type: 'scalepointFiles',
		parameters: caseParams(fx, { host: '', binaryPropertyNames: 'a, b' }) as never,
		items: [twoFiles],
		credentials: fx.credentials({ customApiHost: ecb.url, customHubHost: ecb.url }),
		onError: 'continueErrorOutput',
	});
}

it('an answer with an ID for one of two files is an error that says the upload may have taken effect', async () => {
	answerWithFiles([{ id: 'ce502efb-6128-4c89-8850-79ac648bef84', fileName: 'a.txt' }]);
	const result = await submitTwoFiles();
	expect(ecb.requests).toHaveLength(1);
	expect(result.output).toHaveLength(0);
	expect(result.errorOutput).toHaveLength(1);
	const error = result.errorOutput[0].json;
	expect(String(error.error)).toMatch(/an ID for each of the 2 files sent; it listed 1/);
	expect(JSON.stringify(error)).toMatch(/may have taken effect/);
});

it('an ID for each file, listed in another order, is a success with each ID on its file', async () => {
	answerWithFiles([
		{ id: 'd37b2e13-c2da-44f8-acd7-066b7a1396f9', fileName: 'b.txt' },
		{ id: 'ce502efb-6128-4c89-8850-79ac648bef84', fileName: 'a.txt' },
	]);
	const result = await submitTwoFiles();
	expect(result.errorOutput).toHaveLength(0);
	expect(result.output[0].json.files).toEqual([
		{ id: 'ce502efb-6128-4c89-8850-79ac648bef84', fileName: 'a.txt', binaryProperty: 'a' },
		{ id: 'd37b2e13-c2da-44f8-acd7-066b7a1396f9', fileName: 'b.txt', binaryProperty: 'b' },
	]);
});
