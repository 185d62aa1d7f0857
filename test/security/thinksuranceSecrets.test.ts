import { captured, startCapture, stopCapture } from './debugLogging';

import { credentialsHelperWith } from '../harness/runWorkflow';
import { startSandbox } from '../sandbox/server';
import { defineSecretScan, type ScanEnv, type VendorScan } from './secretScan';

const HASH = 'LEAKCHECK-ts-hash-51c0a7';
const SECRET = 'LEAKCHECK-ts-secret-9e22b4';
const BROKER = 'LEAKCHECK-broker-token-3d7f';
const ACCOUNT = 'LEAKCHECK-account-token-aa19';

const stored = (token?: string) =>
	token ? { token, tokenExpiresAt: Date.now() + 600_000 } : { token: '', tokenExpiresAt: 0 };

const scan: VendorScan = {
	vendor: 'thinksurance',
	async start() {
		const sandbox = await startSandbox({
			thinksurance: {
				users: [{ hash: HASH, secret: SECRET, brokerTokens: [BROKER], accountTokens: [ACCOUNT] }],
			},
		});
		const env: ScanEnv = {
			sandbox,
			vendor: 'thinksurance',
			defaults: {},
			credentials: (overrides = {}) =>
				credentialsHelperWith({ thinksuranceApi: { ...env.defaults, ...overrides } }),
			prepare: () => {
				const owner = (sandbox.state.agencyNumbers[`broker:${BROKER}`] ??= {});
				owner['baFinId:5405'] = {
					idField: 'baFinId',
					idValue: '5405',
					agencyNumbers: ['D1', 'D2'].map((agencyNumber) => ({
						agencyNumber,
						defaultForTenders: false,
						defaultForCalculations: false,
						active: true,
					})),
				};
			},
			close: () => sandbox.close(),
		};
		return env;
	},
	variants: [
		{
			name: 'broker and account tokens',
			data: (env, token) => ({
				environment: 'custom',
				customBaseUrl: env.sandbox.url,
				hash: HASH,
				secret: SECRET,
				brokerToken: BROKER,
				accountToken: ACCOUNT,
				...stored(token),
			}),
		},
	],
	// The broker/account tokens are sent as headers by design; they must still never be shown.
	secrets: { hash: HASH, secret: SECRET, 'broker token': BROKER, 'account token': ACCOUNT },
	// Get Token asks for the credential's own broker (seeded as B-1001): the answer's bToken is
	// then the Broker Token secret, which may show in output bToken and nowhere else.
	parameters: (subject) =>
		subject.id === 'thinksuranceBrokerToken' ? { externalId: 'B-1001' } : undefined,
	returnedSecret: (subject, env, json) =>
		subject.id === 'thinksuranceBrokerToken'
			? {
					field: 'bToken',
					value: Object.values(env.sandbox.state.thinksuranceBrokers).find(
						(broker) =>
							broker.accountToken === ACCOUNT && broker.fields.bExternalId === json.bExternalId,
					)?.bToken,
				}
			: undefined,
	registerToken(env, token) {
		env.sandbox.state.thinksuranceTokens.set(token, {
			hash: HASH,
			expiresAtMs: env.sandbox.clock.now().getTime() + 600_000,
		});
	},
	issuedTokens: (env) => [...env.sandbox.state.thinksuranceTokens.keys()],
	tokenEcho: () =>
		JSON.stringify({ error: `Request {"hash":"${HASH}","secret":"${SECRET}"} was refused` }),
	echo: (token) =>
		JSON.stringify({
			error: `Request {"hash":"${HASH}","secret":"${SECRET}"} with Bearer ${token}, X-Broker-Token ${BROKER}, X-Account-Token ${ACCOUNT} could not be processed`,
		}),
};

const count = { paths: 0 };
beforeAll(() => startCapture());
afterAll(() => {
	stopCapture();
	process.stdout.write(
		`Thinksurance secret scan: ${count.paths} paths, ${captured.length} log writes\n`,
	);
});
jest.setTimeout(120_000);

describe('Thinksurance: secrets never leak', () => defineSecretScan(scan, count));

it('the capture saw n8n debug logging (an empty log must not pass as a clean one)', () => {
	expect(captured.join('\n')).toMatch(/debug|Start executing node|Running node/i);
});
