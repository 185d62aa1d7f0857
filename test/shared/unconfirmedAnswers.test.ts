import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { errorFacts } from '../harness/errorItems';
import { runNode, type RunNodeResult } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import type { RouteName } from '../sandbox/types';
import { credentialsFor, USER } from '../Thinksurance/fixtures';

/**
 * Every operation against answers that carry a success status but not the answer its vendor page
 * documents: never an output; a write says it may have taken effect and is not resent; a read says
 * the answer was not understood and never that something was not found or deleted.
 */

const IN_WINDOW = '2026-01-15T18:00:00.000Z';
const SECRET_CLIENT = {
	clientId: 'secret-client',
	authentication: 'clientSecret',
	clientSecret: 'S3cr3t-value-for-tests',
};
const GUID = 'a0000000-0000-4000-8000-00000000abcd';
const HTML = '<!DOCTYPE html><html><body><h1>Service OK</h1></body></html>';

let fx: ScalepointFixture;
let ts: Sandbox;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
	ts = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(async () => {
	await fx.sandbox.close();
	await ts.close();
});
beforeEach(() => {
	fx.sandbox.reset();
	ts.reset();
});

type OnError = 'continueErrorOutput' | undefined;

interface Operation {
	name: string;
	sandbox: () => Sandbox;
	route: RouteName;
	/** The success status of the vendor page. */
	status: number;
	/** The documented success body, and the same with a required field left out. */
	documented: string;
	missingField: string;
	write: boolean;
	run(onError: OnError): Promise<RunNodeResult>;
}

const scalepoint = (type: string, parameters: Record<string, unknown>, items = [{ json: {} }]) => {
	return async (onError: OnError) =>
		await runNode({
			type,
			parameters: parameters as never,
			items: items as never,
			credentials: fx.credentials(SECRET_CLIENT),
			onError,
		});
};

const thinksurance = (parameters: Record<string, unknown>, items = [{ json: {} }]) => {
	return async (onError: OnError) =>
		await runNode({
			type: 'thinksurance',
			parameters: parameters as never,
			items: items as never,
			credentials: credentialsFor(ts),
			onError,
		});
};

const deletion = (system: 'hubProperty' | 'claimShop', mode: string, extra = {}) =>
	scalepoint('scalepointCaseDeletion', {
		resource: 'case',
		operation: 'deleteCase',
		system,
		mode,
		hubHost: fx.sandbox.url,
		claimShopHost: fx.sandbox.url,
		country: 'dk',
		tenant: 'abcinsurance',
		identifyBy: 'caseNumber',
		caseNumber: 'CN10000',
		...extra,
	});

const fileItem = {
	json: {},
	binary: { data: { data: Buffer.from('hello'), fileName: 'a.txt', mimeType: 'text/plain' } },
};
const files = (operation: string, idField: string) =>
	scalepoint(
		'scalepointFiles',
		{
			resource: 'file',
			operation,
			host: fx.sandbox.url,
			tenant: 'host',
			[idField]: '11111111-1111-1111-1111-111111111111',
			insuranceCompanyAlias: 'company',
			userEmail: 'company_ds@example.com',
			securityToken: '00000000-0000-0000-0000-000000000000',
		},
		[fileItem],
	);
const FILES_OK =
	'{"success":true,"payload":{"files":[{"id":"ce502efb-6128-4c89-8850-79ac648bef84","fileName":"a.txt"}]}}';

const addNumber = { agencyNumber: 'A1', baFinId: '5405' };
const TS_OK = '{"status":"Broker Api: agency number added succesfully."}';

const OPERATIONS: Operation[] = [
	{
		name: 'Self-Service submit',
		sandbox: () => fx.sandbox,
		route: 'selfService.submit',
		status: 200,
		documented: '{"success":true,"code":"SUCCESS"}',
		missingField: '{"code":"SUCCESS"}',
		write: true,
		run: (onError) =>
			scalepoint('scalepointSelfService', {
				resource: 'case',
				operation: 'submit',
				host: fx.sandbox.url,
				country: 'dk',
				tenant: 'abcinsurance',
				caseToken: 'd1a72df4-f7d5-402c-a495-cc31b8b39a59',
			})(onError),
	},
	{
		name: 'Files submit to case',
		sandbox: () => fx.sandbox,
		route: 'ecb.submitForCase',
		status: 200,
		documented: FILES_OK,
		missingField: '{"success":true}',
		write: true,
		run: (onError) => files('submitToCase', 'caseId')(onError),
	},
	{
		name: 'Files submit to damage notification',
		sandbox: () => fx.sandbox,
		route: 'ecb.submitForDamageNotification',
		status: 200,
		documented: FILES_OK,
		missingField: '{"success":true,"payload":{"files":[{"fileName":"a.txt"}]}}',
		write: true,
		run: (onError) => files('submitToDamageNotification', 'damageNotificationId')(onError),
	},
	{
		name: 'Events publish',
		sandbox: () => fx.sandbox,
		route: 'events.send',
		status: 201,
		documented: '{"_id":1}',
		missingField: '{"id":1}',
		write: true,
		run: (onError) =>
			scalepoint('scalepointEvents', {
				resource: 'event',
				operation: 'publish',
				host: fx.sandbox.url,
				country: 'dk',
				tenant: 'abcinsurance',
				eventType: 'payment_status_updated',
				bodySource: 'fields',
				paymentUuid: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3',
				paymentStatus: 'canceled',
			})(onError),
	},
	{
		name: 'Case Deletion Hub delete',
		sandbox: () => fx.sandbox,
		route: 'hub.deleteCase',
		status: 200,
		documented: `{"requestId":"${GUID}","found":true,"deleted":true}`,
		missingField: '{"found":true,"deleted":true}',
		write: true,
		// A fixed answer can only echo a known request ID (an answer for another one proves nothing);
		// sent in capitals, because Hub's echo is compared case-insensitively.
		run: (onError) => deletion('hubProperty', 'delete', { requestId: GUID.toUpperCase() })(onError),
	},
	{
		name: 'Case Deletion Hub resume',
		sandbox: () => fx.sandbox,
		route: 'hub.deleteCase',
		status: 200,
		documented: `{"requestId":"${GUID}","found":true,"deleted":true}`,
		missingField: `{"requestId":"${GUID}","found":true}`,
		write: true,
		run: (onError) => deletion('hubProperty', 'delete', { requestId: GUID })(onError),
	},
	{
		name: 'Case Deletion Hub dry run',
		sandbox: () => fx.sandbox,
		route: 'hub.deleteCase',
		status: 200,
		documented: `{"requestId":"${GUID}","found":true,"deleted":false}`,
		missingField: `{"requestId":"${GUID}","deleted":false}`,
		write: false,
		run: (onError) => deletion('hubProperty', 'dryRun', { requestId: GUID })(onError),
	},
	{
		name: 'Case Deletion ClaimShop delete',
		sandbox: () => fx.sandbox,
		route: 'claimShop.deleteCase',
		status: 200,
		documented: '{"found":true,"deleted":true,"errors":[]}',
		missingField: '{"found":true,"deleted":true}',
		write: true,
		run: (onError) => deletion('claimShop', 'delete')(onError),
	},
	{
		name: 'Case Deletion ClaimShop dry run',
		sandbox: () => fx.sandbox,
		route: 'claimShop.deleteCase',
		status: 200,
		documented: '{"found":true,"deleted":false,"errors":[]}',
		missingField: '{"deleted":false,"errors":[]}',
		write: false,
		run: (onError) => deletion('claimShop', 'dryRun')(onError),
	},
	{
		name: 'Thinksurance add (one per item)',
		sandbox: () => ts,
		route: 'thinksurance.agencyNumbers.add',
		status: 200,
		documented: TS_OK,
		missingField: '{"message":"added"}',
		write: true,
		run: (onError) =>
			thinksurance(
				{
					resource: 'agencyNumber',
					operation: 'add',
					inputMode: 'perItem',
				},
				[{ json: addNumber }],
			)(onError),
	},
	{
		name: 'Thinksurance add (defined in the node)',
		sandbox: () => ts,
		route: 'thinksurance.agencyNumbers.add',
		status: 200,
		documented: TS_OK,
		missingField: '{"status":""}',
		write: true,
		run: (onError) =>
			thinksurance({
				resource: 'agencyNumber',
				operation: 'add',
				inputMode: 'define',
				agencyNumberSets: {
					set: [{ baFinId: '5405', agencyNumbers: { number: [{ agencyNumber: 'A1' }] } }],
				},
			})(onError),
	},
	{
		name: 'Thinksurance get many',
		sandbox: () => ts,
		route: 'thinksurance.agencyNumbers.list',
		status: 200,
		documented: '{"agencyNumbers":[{"baFinId":"5405","agencyNumbers":[{"agencyNumber":"A1"}]}]}',
		missingField: '{"agencyNumbers":[{"baFinId":"5405","agencyNumbers":[{"matchCode":"x"}]}]}',
		write: false,
		run: (onError) =>
			thinksurance({ resource: 'agencyNumber', operation: 'getAll', returnAll: true })(onError),
	},
	{
		name: 'Thinksurance delete',
		sandbox: () => ts,
		route: 'thinksurance.agencyNumbers.delete',
		status: 200,
		documented: '{"status":"Broker Api: agency number deleted succesfully."}',
		missingField: '{"deleted":true}',
		write: true,
		run: (onError) =>
			thinksurance({
				resource: 'agencyNumber',
				operation: 'delete',
				baFinId: '5405',
				deleteScope: 'listed',
				agencyNumbers: 'A1',
			})(onError),
	},
];

/** The hostile answers: each with the operation's success status unless said otherwise. */
function answers(op: Operation): Array<[string, { status: number; body: string }]> {
	return [
		['{}', { status: op.status, body: '{}' }],
		['an HTML page', { status: op.status, body: HTML }],
		['truncated JSON', { status: op.status, body: op.documented.slice(0, -7) }],
		['JSON missing a required field', { status: op.status, body: op.missingField }],
		[
			'the documented body with another 2xx',
			{ status: op.status === 201 ? 200 : 202, body: op.documented },
		],
	];
}

const CASES = OPERATIONS.flatMap((op) =>
	answers(op).map(([label, answer]): [string, string, Operation, typeof answer] => [
		op.name,
		label,
		op,
		answer,
	]),
);

describe('success only on the documented answer', () => {
	it.each(CASES)('%s × %s: no success output', async (_name, _label, op, answer) => {
		op.sandbox().faults.add({ route: op.route, ...answer });
		const result = await op.run('continueErrorOutput');

		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([]);
		expect(result.errorOutput).toHaveLength(1);
		const facts = errorFacts(result.errorOutput[0]);
		const text = `${String(facts.error)} ${String(facts.description)}`;
		if (op.write) {
			expect(text).toContain('may have taken effect — check before running again');
		} else {
			expect(text).toContain('The answer was not understood');
			expect(text).not.toMatch(/not found|no longer found|was deleted/i);
			expect(facts.found).not.toBe(false);
		}
		// Not resent: a write may have been processed, and a read was answered.
		expect(op.sandbox().requests(op.route)).toHaveLength(1);
	});

	it.each(OPERATIONS.filter((op) => op.write).map((op): [string, Operation] => [op.name, op]))(
		'%s with Continue On Fail off: the run fails and says the write may have taken effect',
		async (_name, op) => {
			op.sandbox().faults.add({ route: op.route, status: op.status, body: HTML });
			const result = await op.run(undefined);
			expect(result.output).toEqual([]);
			expect(result.error?.description).toContain('may have taken effect');
			expect(op.sandbox().requests(op.route)).toHaveLength(1);
		},
	);

	it.each(OPERATIONS.map((op): [string, Operation] => [op.name, op]))(
		'%s: the documented answer itself is a success',
		async (_name, op) => {
			op.sandbox().faults.add({ route: op.route, status: op.status, body: op.documented });
			const result = await op.run('continueErrorOutput');
			expect(result.errorOutput).toEqual([]);
			expect(result.output.length).toBeGreaterThan(0);
		},
	);
});
