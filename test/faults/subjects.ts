import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ALL_SCOPES, startScalepointFixture } from '../fixtures/scalepoint';
import type { TestCredentialsHelper } from '../harness/credentialsHelper';
import { runNode, type RunNodeResult, type TestItem } from '../harness/runWorkflow';
import { runPoll } from '../ScalepointEvents/pollHarness';
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from '../sandbox/caseSeed';
import { CASE_READ_SCOPE } from '../sandbox/routes/caseData';
import { startSandbox } from '../sandbox/server';
import type { RouteName, Sandbox } from '../sandbox/types';
import { credentialsFor, USER as TS_USER } from '../Thinksurance/fixtures';

/** Every node run of the matrix uses this timeout option, so "slower than the timeout" is fast. */
export const TIMEOUT_SECONDS = 1;
/** Items per run: the fault hits the first request only, so both items must still be accounted for. */
export const ITEMS = 2;

export type Vendor = 'scalepoint' | 'thinksurance';

export interface Env {
	sandbox: Sandbox;
	vendor: Vendor;
	credentials(overrides?: ICredentialDataDecryptedObject): TestCredentialsHelper;
	/** Items the node under test sends, one per input item (the trigger ignores them). */
	prepare(): void;
	close(): Promise<void>;
}

export interface RunOptions {
	onError?: 'continueErrorOutput';
	/** Parameter overrides (nodes run through `node()` only), e.g. the ECB security token. */
	parameters?: IDataObject;
	credentials: TestCredentialsHelper;
	cancelAfterMs?: number;
}

/** What a run left behind; the trigger reports events as output and a thrown error as `error`. */
export type RunResult = Pick<RunNodeResult, 'output' | 'errorOutput' | 'error'> & {
	/** Trigger only: events a follow-up poll (without faults) returned. */
	followUp?: INodeExecutionData[];
	/** Trigger only: requests of the faulted poll (the follow-up poll's are not counted). */
	faultedSends?: number;
	faultedTokenCalls?: number;
};

export interface Subject {
	id: string;
	label: string;
	vendor: Vendor;
	/** The route the node's business request goes to (the one faults hit). */
	route: RouteName;
	tokenRoute: RouteName;
	/** Safe to repeat after an ambiguous failure (GET, delete keyed by requestId). */
	repeatable: boolean;
	trigger?: boolean;
	/**
	 * `{}` is a documented answer, not an unconfirmed one (Thinksurance inquiries: a dictionary
	 * keyed by inquiry id, empty when there are none), so "success status with {}" is n/a.
	 */
	emptyObjectIsAnswer?: boolean;
	start(): Promise<Env>;
	run(env: Env, options: RunOptions): Promise<RunResult>;
}

const SP_OPTIONS = { timeoutSeconds: TIMEOUT_SECONDS };

async function scalepointEnv(startTime?: string): Promise<Env> {
	const fx = await startScalepointFixture({
		eventHoldMs: 200,
		...(startTime ? { startTime } : {}),
	});
	return {
		sandbox: fx.sandbox,
		vendor: 'scalepoint',
		// The client-secret client: deletion moves the sandbox clock, which a JWT assertion would fail.
		credentials: (overrides = {}) =>
			fx.credentials({
				clientId: 'secret-client',
				authentication: 'clientSecret',
				clientSecret: 'S3cr3t-value-for-tests',
				...overrides,
			}),
		prepare: () => undefined,
		close: () => fx.sandbox.close(),
	};
}

/** The reads of Scalepoint Case Data: the secret client also granted (and asking for) platform-case:read. */
async function caseDataEnv(): Promise<Env> {
	const env = await scalepointEnv();
	env.sandbox.addScalepointClient({
		clientId: 'secret-client',
		clientSecret: 'S3cr3t-value-for-tests',
		scopes: [...ALL_SCOPES, CASE_READ_SCOPE],
	});
	return {
		...env,
		credentials: (overrides = {}) => env.credentials({ scopes: [CASE_READ_SCOPE], ...overrides }),
	};
}

/** `identity`: the credential's identity tokens (the broker operations need an Account Token). */
async function thinksuranceEnv(identity: ICredentialDataDecryptedObject = {}): Promise<Env> {
	const sandbox = await startSandbox({ thinksurance: { users: [TS_USER] } });
	return {
		sandbox,
		vendor: 'thinksurance',
		credentials: (overrides = {}) => credentialsFor(sandbox, { ...identity, ...overrides }),
		prepare: () => {
			const owner = (sandbox.state.agencyNumbers[`broker:${TS_USER.brokerTokens[0]}`] ??= {});
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
}

/** An account manager's credential: Account Token only, as Create / Get Token need. */
const accountEnv = () =>
	thinksuranceEnv({ brokerToken: '', accountToken: TS_USER.accountTokens[0] });

const items = (make: (index: number) => TestItem): TestItem[] =>
	Array.from({ length: ITEMS }, (_, index) => make(index));

const node =
	(type: string, parameters: IDataObject, list: TestItem[]) =>
	async (env: Env, options: RunOptions): Promise<RunResult> =>
		await runNode({
			type,
			parameters: { ...parameters, host: env.sandbox.url, ...options.parameters } as never,
			items: list,
			credentials: options.credentials,
			onError: options.onError,
			cancelAfterMs: options.cancelAfterMs,
		});

/** Cases with no lines answer 200 NO_LINES_TO_SUBMIT every time, so two items can share one. */
const NO_LINES = '00000000-0000-4000-8000-000000000001';
const OPEN_ECB_CASE = '11111111-1111-1111-1111-111111111111';
const PAYMENT = '967ce1a4-a55a-4765-bd5b-bafcb4178fd3';
export const IN_WINDOW = '2026-01-15T18:00:00.000Z';

export const SUBJECTS: Subject[] = [
	{
		id: 'selfService',
		label: 'Self-Service submit',
		vendor: 'scalepoint',
		route: 'selfService.submit',
		tokenRoute: 'scalepoint.token',
		repeatable: false,
		start: () => scalepointEnv(),
		run: node(
			'scalepointSelfService',
			{
				resource: 'case',
				operation: 'submit',
				country: 'dk',
				tenant: 'abcinsurance',
				caseToken: NO_LINES,
				options: SP_OPTIONS,
			},
			items(() => ({ json: {} })),
		),
	},
	{
		id: 'files',
		label: 'Files submit to case',
		vendor: 'scalepoint',
		route: 'ecb.submitForCase',
		tokenRoute: 'scalepoint.token',
		repeatable: false,
		start: () => scalepointEnv(),
		run: node(
			'scalepointFiles',
			{
				resource: 'file',
				operation: 'submitToCase',
				tenant: 'host',
				caseId: OPEN_ECB_CASE,
				insuranceCompanyAlias: 'company',
				userEmail: 'company_ds@example.com',
				securityToken: '00000000-0000-0000-0000-000000000000',
				options: SP_OPTIONS,
			},
			items((index) => ({
				json: {},
				binary: {
					data: {
						data: Buffer.from(`file ${index}`),
						fileName: `f${index}.txt`,
						mimeType: 'text/plain',
					},
				},
			})),
		),
	},
	{
		id: 'eventsPublish',
		label: 'Events publish',
		vendor: 'scalepoint',
		route: 'events.send',
		tokenRoute: 'scalepoint.token',
		repeatable: false,
		start: () => scalepointEnv(),
		run: node(
			'scalepointEvents',
			{
				resource: 'event',
				operation: 'publish',
				country: 'dk',
				tenant: 'abcinsurance',
				eventType: 'payment_status_updated',
				bodySource: 'fields',
				paymentUuid: PAYMENT,
				paymentStatus: 'canceled',
				statusReason: 'rejected',
				options: SP_OPTIONS,
			},
			items(() => ({ json: {} })),
		),
	},
	{
		id: 'eventsTrigger',
		label: 'Events Trigger (poll)',
		vendor: 'scalepoint',
		route: 'events.receive',
		tokenRoute: 'scalepoint.token',
		repeatable: true,
		trigger: true,
		start: () => scalepointEnv(),
		run: async (env, options) => {
			for (let index = 0; index < ITEMS; index++)
				env.sandbox.state.addOutgoingEvent('case_created', { caseNumber: `CN${index}` });
			const staticData: IDataObject = {};
			const poll = async (credentials: TestCredentialsHelper) =>
				await runPoll({
					parameters: {
						host: env.sandbox.url,
						country: 'dk',
						tenant: 'abcinsurance',
						startFrom: 'oldest',
						options: { longPollTimeoutSeconds: TIMEOUT_SECONDS },
					} as never,
					credentials,
					staticData,
				});
			let output: INodeExecutionData[] = [];
			let error: RunResult['error'];
			try {
				output = (await poll(options.credentials))?.[0] ?? [];
			} catch (caught) {
				error = caught as RunResult['error'];
			}
			// The next poll (faults used up, a healthy credential) must deliver whatever was not.
			const faultedSends = env.sandbox.requests('events.receive').length;
			const faultedTokenCalls = env.sandbox.requests('scalepoint.token').length;
			env.sandbox.faults.clear();
			const followUp = (await poll(env.credentials()))?.[0] ?? [];
			return { output, errorOutput: [], error, followUp, faultedSends, faultedTokenCalls };
		},
	},
	{
		id: 'caseDeletion',
		label: 'Case Deletion (Hub, requestId)',
		vendor: 'scalepoint',
		route: 'hub.deleteCase',
		tokenRoute: 'scalepoint.token',
		repeatable: true,
		start: () => scalepointEnv(IN_WINDOW),
		run: async (env, options) =>
			await runNode({
				type: 'scalepointCaseDeletion',
				parameters: {
					resource: 'case',
					operation: 'deleteCase',
					system: 'hubProperty',
					mode: 'delete',
					hubHost: env.sandbox.url,
					claimShopHost: env.sandbox.url,
					country: 'dk',
					tenant: 'abcinsurance',
					identifyBy: 'caseNumber',
					caseNumber: '={{ $json.caseNumber }}',
					// "Wait until it opens": a 503 + Retry-After is then waited out instead of failing.
					options: { timeoutSeconds: TIMEOUT_SECONDS, outsideWindow: 'wait', maxWaitMinutes: 1 },
				} as never,
				items: items((index) => ({ json: { caseNumber: `CN1000${index}` } })),
				credentials: options.credentials,
				onError: options.onError,
				cancelAfterMs: options.cancelAfterMs,
			}),
	},
	{
		id: 'thinksuranceAdd',
		label: 'Thinksurance add',
		vendor: 'thinksurance',
		route: 'thinksurance.agencyNumbers.add',
		tokenRoute: 'thinksurance.token',
		repeatable: false,
		start: () => thinksuranceEnv(),
		run: async (_env, options) =>
			await runNode({
				type: 'thinksurance',
				parameters: {
					resource: 'agencyNumber',
					operation: 'add',
					inputMode: 'perItem',
					// One request per item, so the fault hits one item's request.
					options: { batchSize: 1, timeoutSeconds: TIMEOUT_SECONDS },
				},
				items: items((index) => ({ json: { agencyNumber: `A${index}`, baFinId: `540${index}` } })),
				credentials: options.credentials,
				onError: options.onError,
				cancelAfterMs: options.cancelAfterMs,
			}),
	},
	{
		id: 'thinksuranceGetAll',
		label: 'Thinksurance get many',
		vendor: 'thinksurance',
		route: 'thinksurance.agencyNumbers.list',
		tokenRoute: 'thinksurance.token',
		repeatable: true,
		start: () => thinksuranceEnv(),
		run: async (_env, options) =>
			await runNode({
				type: 'thinksurance',
				parameters: {
					resource: 'agencyNumber',
					operation: 'getAll',
					returnAll: true,
					options: { timeoutSeconds: TIMEOUT_SECONDS },
				},
				items: items(() => ({ json: {} })),
				credentials: options.credentials,
				onError: options.onError,
				cancelAfterMs: options.cancelAfterMs,
			}),
	},
	{
		id: 'thinksuranceDelete',
		label: 'Thinksurance delete',
		vendor: 'thinksurance',
		route: 'thinksurance.agencyNumbers.delete',
		tokenRoute: 'thinksurance.token',
		repeatable: false,
		start: () => thinksuranceEnv(),
		run: async (_env, options) =>
			await runNode({
				type: 'thinksurance',
				parameters: {
					resource: 'agencyNumber',
					operation: 'delete',
					baFinId: '5405',
					deleteScope: 'listed',
					agencyNumbers: '={{ $json.numbers }}',
					options: { timeoutSeconds: TIMEOUT_SECONDS },
				},
				items: items((index) => ({ json: { numbers: [`D${index + 1}`] } })),
				credentials: options.credentials,
				onError: options.onError,
				cancelAfterMs: options.cancelAfterMs,
			}),
	},
	{
		id: 'caseDataGetCase',
		label: 'Case Data get case',
		vendor: 'scalepoint',
		route: 'caseData.getCase',
		tokenRoute: 'scalepoint.token',
		repeatable: true,
		start: caseDataEnv,
		run: node(
			'scalepointCaseData',
			{
				resource: 'case',
				operation: 'get',
				country: 'dk',
				tenant: 'abcinsurance',
				caseToken: SEEDED_CASE.token,
				options: SP_OPTIONS,
			},
			items(() => ({ json: {} })),
		),
	},
	{
		id: 'caseDataGetRevision',
		label: 'Case Data get settlement revision',
		vendor: 'scalepoint',
		route: 'settlement.getRevision',
		tokenRoute: 'scalepoint.token',
		repeatable: true,
		start: caseDataEnv,
		run: node(
			'scalepointCaseData',
			{
				resource: 'settlement',
				operation: 'getRevision',
				country: 'dk',
				tenant: 'abcinsurance',
				revisionToken: SEEDED_REVISION_TOKEN,
				options: SP_OPTIONS,
			},
			items(() => ({ json: {} })),
		),
	},
	{
		id: 'thinksuranceInquiries',
		label: 'Thinksurance inquiries get many',
		vendor: 'thinksurance',
		route: 'thinksurance.inquiries.list',
		tokenRoute: 'thinksurance.token',
		repeatable: true,
		emptyObjectIsAnswer: true,
		start: () => thinksuranceEnv(),
		run: async (_env, options) =>
			await runNode({
				type: 'thinksurance',
				parameters: {
					resource: 'inquiry',
					operation: 'getAll',
					returnAll: true,
					options: { timeoutSeconds: TIMEOUT_SECONDS },
				},
				items: items(() => ({ json: {} })),
				credentials: options.credentials,
				onError: options.onError,
				cancelAfterMs: options.cancelAfterMs,
			}),
	},
	{
		id: 'thinksuranceBrokerCreate',
		label: 'Thinksurance broker create',
		vendor: 'thinksurance',
		route: 'thinksurance.brokers.create',
		tokenRoute: 'thinksurance.token',
		repeatable: false,
		start: accountEnv,
		run: async (_env, options) => await runBrokers('create', options),
	},
	{
		// Not repeatable: the vendor page names this action "create broker", so the notes infer it
		// creates a missing broker, and nothing documents that asking twice is harmless.
		id: 'thinksuranceBrokerToken',
		label: 'Thinksurance broker get token',
		vendor: 'thinksurance',
		route: 'thinksurance.brokers.token',
		tokenRoute: 'thinksurance.token',
		repeatable: false,
		start: accountEnv,
		run: async (_env, options) => await runBrokers('getToken', options),
	},
];

/** Two brokers, one per item, so each item's request stands for its own broker. */
async function runBrokers(operation: 'create' | 'getToken', options: RunOptions) {
	return await runNode({
		type: 'thinksurance',
		parameters: {
			resource: 'broker',
			operation,
			brokerType: 1,
			externalId: '={{ $json.externalId }}',
			email: 'makler@example.com',
			company: 'Example Makler GmbH',
			options: { timeoutSeconds: TIMEOUT_SECONDS },
			...options.parameters,
		},
		items: items((index) => ({ json: { externalId: `B-90${index}` } })),
		credentials: options.credentials,
		onError: options.onError,
		cancelAfterMs: options.cancelAfterMs,
	});
}
