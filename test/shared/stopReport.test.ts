import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, seed, USER } from '../Thinksurance/fixtures';

/**
 * With Continue On Fail off, n8n shows only the error of a run that stopped part way. The error
 * must say what had already taken effect, or a re-run repeats it.
 */

const IN_WINDOW = '2026-01-15T18:00:00.000Z';
const SECRET_CLIENT = {
	clientId: 'secret-client',
	authentication: 'clientSecret',
	clientSecret: 'S3cr3t-value-for-tests',
};

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

async function publish(refs: string[]) {
	return await runNode({
		type: 'scalepointEvents',
		parameters: {
			resource: 'event',
			operation: 'publish',
			host: fx.sandbox.url,
			country: 'dk',
			tenant: 'abcinsurance',
			eventType: 'payment_status_updated',
			bodySource: 'fields',
			paymentUuid: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3',
			paymentStatus: 'canceled',
			correlationId: '={{ $json.ref }}',
			// One after another, so "the third" is the third sent.
			options: { concurrency: 1 },
		} as never,
		items: refs.map((ref) => ({ json: { ref } })),
		credentials: fx.credentials(SECRET_CLIENT),
	});
}

describe('a run stopped by an error says what already took effect', () => {
	it('Events publish: two events sent, the third fails → the error names both, and the third', async () => {
		fx.sandbox.faults.add({
			route: 'events.send',
			after: 2,
			status: 500,
			body: '{"error":"boom"}',
		});
		const result = await publish(['ref-1', 'ref-2', 'ref-3']);

		expect(fx.sandbox.requests('events.send')).toHaveLength(3);
		expect(result.output).toEqual([]);
		const description = String(result.error?.description);
		expect(description).toContain('2 item(s) had already taken effect');
		expect(description).toContain('item 1 {"id":1,"correlationId":"ref-1"}');
		expect(description).toContain('item 2 {"id":2,"correlationId":"ref-2"}');
		// The failed one, to check with Scalepoint before sending it again.
		expect(description).toMatch(/Identifiers: \{.*"correlationId":"ref-3"/);
	});

	it('Events publish: a long run lists the first 20 and counts the rest', async () => {
		const refs = Array.from({ length: 26 }, (_, index) => `ref-${index + 1}`);
		fx.sandbox.faults.add({ route: 'events.send', after: 25, status: 500, body: '{}' });
		const result = await publish(refs);

		const description = String(result.error?.description);
		expect(description).toContain('25 item(s) had already taken effect');
		expect(description).toContain('"correlationId":"ref-20"');
		expect(description).not.toContain('"correlationId":"ref-21"');
		expect(description).toContain('and 5 more');
	});

	it('Case Deletion: the case deleted before the failure is named with its request ID', async () => {
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			after: 1,
			status: 403,
			body: '{"requestId":"a0000000-0000-4000-8000-000000000403","found":true,"deleted":false,"errors":["Case has pending payments"]}',
		});
		const result = await runNode({
			type: 'scalepointCaseDeletion',
			parameters: {
				resource: 'case',
				operation: 'deleteCase',
				system: 'hubProperty',
				mode: 'delete',
				hubHost: fx.sandbox.url,
				tenant: 'abcinsurance',
				identifyBy: 'caseNumber',
				caseNumber: '={{ $json.caseNumber }}',
			} as never,
			items: [{ json: { caseNumber: 'CN10000' } }, { json: { caseNumber: 'CN10001' } }],
			credentials: fx.credentials(SECRET_CLIENT),
		});

		const [first] = fx.sandbox.requests('hub.deleteCase');
		const requestId = (first.json as { requestId: string }).requestId;
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deleted');
		expect(result.error?.description).toContain(
			`item 1 {"caseNumber":"CN10000","requestId":"${requestId}"}`,
		);
	});

	it('Files: the files stored for the first item are named by their IDs', async () => {
		fx.sandbox.faults.add({ route: 'ecb.submitForCase', after: 1, status: 500, body: '{}' });
		const file = (name: string) => ({
			json: {},
			binary: { data: { data: Buffer.from(name), fileName: name, mimeType: 'text/plain' } },
		});
		const result = await runNode({
			type: 'scalepointFiles',
			parameters: {
				resource: 'file',
				operation: 'submitToCase',
				host: fx.sandbox.url,
				tenant: 'host',
				caseId: '11111111-1111-1111-1111-111111111111',
				insuranceCompanyAlias: 'company',
				userEmail: 'company_ds@example.com',
				securityToken: '00000000-0000-0000-0000-000000000000',
			} as never,
			items: [file('a.txt'), file('b.txt')],
			credentials: fx.credentials(SECRET_CLIENT),
		});

		const stored = fx.sandbox.state.files.map((entry) => entry.id);
		expect(stored).toHaveLength(1);
		expect(result.error?.description).toContain(
			`item 1 {"caseId":"11111111-1111-1111-1111-111111111111","fileIds":["${stored[0]}"]}`,
		);
	});

	it('Thinksurance add, one per item: the batches added before the failure are named', async () => {
		ts.faults.add({
			route: 'thinksurance.agencyNumbers.add',
			after: 1,
			status: 500,
			body: '{"error":"boom"}',
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: {
				resource: 'agencyNumber',
				operation: 'add',
				inputMode: 'perItem',
				options: { batchSize: 1 },
			} as never,
			items: [
				{ json: { agencyNumber: 'A1', baFinId: '5405' } },
				{ json: { agencyNumber: 'A2', baFinId: '5406' } },
			],
			credentials: credentialsFor(ts),
		});

		const description = String(result.error?.description);
		expect(description).toContain('item 1 {"baFinId":"5405","agencyNumber":"A1"}');
		expect(description).not.toContain('"agencyNumber":"A2"}');
	});

	it('Thinksurance delete: what the first item deleted is named', async () => {
		seed(ts, 'baFinId', '5405', ['D1', 'D2']);
		ts.faults.add({
			route: 'thinksurance.agencyNumbers.delete',
			after: 1,
			status: 500,
			body: '{"error":"boom"}',
		});
		const result = await runNode({
			type: 'thinksurance',
			parameters: {
				resource: 'agencyNumber',
				operation: 'delete',
				baFinId: '5405',
				deleteScope: 'listed',
				agencyNumbers: '={{ $json.numbers }}',
			} as never,
			items: [{ json: { numbers: 'D1' } }, { json: { numbers: 'D2' } }],
			credentials: credentialsFor(ts),
		});

		expect(result.error?.description).toContain('item 1 {"baFinId":"5405","deleted":["D1"]}');
	});
});
