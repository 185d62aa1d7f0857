import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { GUID, IN_WINDOW, SECRET_CLIENT, errorJson, jsonOf, runDeletion } from './helpers';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const hubRequests = () => fx.sandbox.requests('hub.deleteCase');
const claimShopRequests = () => fx.sandbox.requests('claimShop.deleteCase');

describe('Case Deletion — request shape and safety', () => {
	it('is a dry run by default: execute false, the body really sent with the DELETE, nothing deleted', async () => {
		const result = await runDeletion(fx, { items: [{ caseNumber: 'CN10000' }] });
		expect(result.error).toBeUndefined();
		const [request] = hubRequests();
		expect(request.method).toBe('DELETE');
		expect(request.rawPath).toBe('/ecx/abcinsurance/api/integration/v1/case');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['accept-charset']).toBe('utf-8');
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		expect(request.bodyBytes).toBeGreaterThan(0);
		const body = request.json as Record<string, unknown>;
		expect(body).toEqual({
			requestId: expect.stringMatching(GUID),
			caseIdentifierType: 'CaseNumberRequest',
			execute: false,
			caseNumber: 'CN10000',
		});
		expect(jsonOf(result.output)).toEqual([
			{
				system: 'hubProperty',
				caseNumber: 'CN10000',
				dryRun: true,
				requestId: body.requestId,
				found: true,
				deletable: true,
				deleted: false,
				errors: [],
				messages: ['Case can be deleted'],
			},
		]);
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
		expect(result.hints.map((hint) => hint.message).join()).toContain(
			'Dry run: nothing was deleted',
		);
	});

	it('Delete by case number: execute true, the server requestId in the output, the case deleted', async () => {
		const result = await runDeletion(fx, { mode: 'delete', items: [{ caseNumber: 'CN10000' }] });
		expect(result.error).toBeUndefined();
		const body = hubRequests()[0].json as Record<string, unknown>;
		expect(body).toMatchObject({
			execute: true,
			caseIdentifierType: 'CaseNumberRequest',
			caseNumber: 'CN10000',
		});
		expect(jsonOf(result.output)).toEqual([
			expect.objectContaining({
				found: true,
				deleted: true,
				dryRun: false,
				requestId: body.requestId,
			}),
		]);
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deleted');
		expect(fx.sandbox.state.hubCases.CN10001.state).toBe('deletable');
	});

	it('identifies by case token only: the case number is never sent with CaseTokenRequest', async () => {
		const token = fx.sandbox.state.hubCases.CN10001.caseToken;
		const result = await runDeletion(fx, {
			mode: 'delete',
			parameters: { identifyBy: 'caseToken' },
			items: [{ caseToken: token, caseNumber: 'CN10000' }],
		});
		expect(result.error).toBeUndefined();
		const body = hubRequests()[0].json as Record<string, unknown>;
		expect(body.caseIdentifierType).toBe('CaseTokenRequest');
		expect(body.caseToken).toBe(token);
		expect(body).not.toHaveProperty('caseNumber');
		expect(result.output[0].json).toMatchObject({ caseToken: token, deleted: true });
		expect(result.output[0].json).not.toHaveProperty('caseNumber');
		expect(fx.sandbox.state.hubCases.CN10001.state).toBe('deleted');
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('validates before sending: an empty identifier and a Request ID that is not a GUID', async () => {
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			parameters: { requestId: '={{ $json.requestId }}' },
			items: [{ caseNumber: '' }, { caseNumber: 'CN10000', requestId: 'not-a-guid' }],
		});
		expect(result.errorOutput.map((item) => item.json.error)).toEqual([
			'Case Number is required',
			expect.stringContaining('Request ID must be a GUID'),
		]);
		expect(hubRequests()).toHaveLength(0);
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('refuses one fixed Request ID for two cases in the same run', async () => {
		const requestId = '11111111-2222-3333-4444-555555555555';
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			parameters: { requestId },
			items: [{ caseNumber: 'CN10000' }, { caseNumber: 'CN10001' }],
		});
		expect(result.output.map((item) => item.json.caseNumber)).toEqual(['CN10000']);
		expect(result.errorOutput[0].json.error).toContain(
			`Request ID ${requestId} is already used by item 0`,
		);
		expect(result.errorOutput[0].pairedItem).toEqual({ item: 1 });
		expect(hubRequests()).toHaveLength(1);
		expect(fx.sandbox.state.hubCases.CN10001.state).toBe('deletable');
	});

	it('ClaimShop: its URL, the same headers and body without requestId, requestId null in the output', async () => {
		const result = await runDeletion(fx, {
			system: 'claimShop',
			mode: 'delete',
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(result.error).toBeUndefined();
		const [request] = claimShopRequests();
		expect(request.method).toBe('DELETE');
		expect(request.rawPath).toBe('/webapp/ScalePoint/dk/v1/case/abcinsurance/delete');
		expect(request.headers['accept-charset']).toBe('utf-8');
		expect(request.json).toEqual({
			caseIdentifierType: 'CaseNumberRequest',
			execute: true,
			caseNumber: 'CN10000',
		});
		expect(jsonOf(result.output)).toEqual([
			{
				system: 'claimShop',
				caseNumber: 'CN10000',
				dryRun: false,
				requestId: null,
				found: true,
				deletable: true,
				deleted: true,
				alreadyDeleted: false,
				errors: [],
				messages: [],
			},
		]);
		expect(fx.sandbox.state.claimShopCases.CN10000.state).toBe('deleted');
	});
});

/** The resumed run finished CN40000's partial deletion, sent with the original request ID. */
function expectResumedWith(resumed: Awaited<ReturnType<typeof runDeletion>>, requestId: unknown) {
	expect(resumed.error).toBeUndefined();
	expect(resumed.output[0].json).toMatchObject({ deleted: true, requestId });
	expect((hubRequests()[1].json as Record<string, unknown>).requestId).toBe(requestId);
	expect(fx.sandbox.state.hubCases.CN40000.state).toBe('deleted');
}

describe('Case Deletion — the vendor error table, one case per status', () => {
	it('403: forbidden by the case state (pending payments), in the error output', async () => {
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN20000' }],
		});
		const item = errorJson(result.errorOutput[0]);
		expect(item.error).toContain(
			"forbidden by the case's state, for example pending payments or unsettled depreciation (403)",
		);
		expect(item.description).toContain('Case has pending payments');
		// The page's recovery section: a deletion stopped by the case's state may be partial.
		expect(item.description).toContain('The case may be partly deleted');
		expect(item.description).not.toContain('Nothing more was deleted');
		expect(item).toMatchObject({
			httpCode: '403',
			caseNumber: 'CN20000',
			found: true,
			deleted: false,
		});
		expect(fx.sandbox.state.hubCases.CN20000.state).toBe('pendingPayments');
	});

	it('404 in Delete mode: not found, with found false in the error item', async () => {
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN39983' }],
		});
		const item = errorJson(result.errorOutput[0]);
		expect(item).toMatchObject({
			error: 'Case CN39983 was not found (404)',
			httpCode: '404',
			found: false,
			deleted: false,
			dryRun: false,
		});
		// Lists do not fit the error branch's `{ error, message }`; the server's words are in the text.
		expect(String(item.description)).toContain('Case number CN39983 not found');
		expect(result.errorOutput[0].pairedItem).toEqual({ item: 0 });
	});

	it('dry run: not found (404) and forbidden by state (403) are answers, one output item per case', async () => {
		const result = await runDeletion(fx, {
			items: [{ caseNumber: 'CN20000' }, { caseNumber: 'CN10000' }, { caseNumber: 'CN39983' }],
		});
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json)).toMatchObject([
			{
				caseNumber: 'CN20000',
				found: true,
				deletable: false,
				deleted: false,
				errors: ['Case has pending payments'],
			},
			{ caseNumber: 'CN10000', found: true, deletable: true, deleted: false },
			{
				caseNumber: 'CN39983',
				found: false,
				deletable: false,
				deleted: false,
				errors: ['Case number CN39983 not found'],
			},
		]);
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(fx.sandbox.state.hubCases.CN20000.state).toBe('pendingPayments');
	});

	it('dry run: a 403 that is not a deletion answer (a gateway page) stays an error', async () => {
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 403,
			body: '<html><body>Forbidden</body></html>',
		});
		const result = await runDeletion(fx, {
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(result.output).toHaveLength(0);
		expect(errorJson(result.errorOutput[0])).toMatchObject({ httpCode: '403', dryRun: true });
	});

	it('409: another deletion in progress, retry later with the same request ID (in the item)', async () => {
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN30000' }],
		});
		const sent = (hubRequests()[0].json as Record<string, unknown>).requestId as string;
		const item = errorJson(result.errorOutput[0]);
		expect(item.error).toBe('Another deletion of case CN30000 is in progress (409)');
		expect(item.description).toContain(
			`Run this item again later in Delete mode with Request ID set to ${sent}.`,
		);
		expect(item.requestId).toBe(sent);
		expect(hubRequests()).toHaveLength(1);
	});

	it('409 in a dry run: run the dry run again later; its request ID is nothing to resume with', async () => {
		const result = await runDeletion(fx, {
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN30000' }],
		});
		const sent = (hubRequests()[0].json as Record<string, unknown>).requestId as string;
		const item = errorJson(result.errorOutput[0]);
		expect(item.error).toBe('Another deletion of case CN30000 is in progress (409)');
		expect(item.description).toContain('A dry run changes nothing: run it again once');
		expect(String(item.description)).not.toContain(sent);
		expect(String(item.description)).not.toMatch(/Request ID/i);
	});

	it('500 part way (no automatic retry): the error names the requestId; resuming with it completes the deletion', async () => {
		const first = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			options: { serverErrorRetries: 0 },
			items: [{ caseNumber: 'CN40000' }],
		});
		const failed = errorJson(first.errorOutput[0]);
		const requestId = failed.requestId as string;
		expect(requestId).toMatch(GUID);
		expect(failed.error).toBe(
			`Scalepoint failed while deleting case CN40000 (500): resume with request ID ${requestId}`,
		);
		expect(failed.description).toContain(`Request ID set to ${requestId}`);
		expect(fx.sandbox.state.hubCases.CN40000.state).toBe('partiallyDeleted');

		const resumed = await runDeletion(fx, {
			mode: 'delete',
			parameters: { requestId: '={{ $json.requestId }}' },
			items: [{ caseNumber: 'CN40000', requestId }],
		});
		expectResumedWith(resumed, requestId);
	});

	it('resume straight from the error output: the Request ID is found in the error item message', async () => {
		const first = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			options: { serverErrorRetries: 0 },
			items: [{ caseNumber: 'CN40000' }],
		});
		// What the next node receives from the error output: the input's fields, error and message;
		// the request ID only inside the message.
		const errorItem = first.errorOutput[0].json;
		expect(Object.keys(errorItem).sort()).toEqual(['caseNumber', 'error', 'message']);
		const requestId = (hubRequests()[0].json as Record<string, unknown>).requestId;

		const resumed = await runDeletion(fx, {
			mode: 'delete',
			parameters: { requestId: '={{ $json.requestId || $json.message }}' },
			items: [errorItem],
		});
		expectResumedWith(resumed, requestId);
	});

	it('a Request ID expression that gives nothing fails the item instead of starting a new deletion', async () => {
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			parameters: { requestId: '={{ $json.requestId }}' },
			items: [{ caseNumber: 'CN40000' }],
		});
		expect(result.errorOutput[0].json.error).toBe(
			'Request ID is empty for this item, although it is set by an expression',
		);
		expect(hubRequests()).toHaveLength(0);
	});

	it('500 part way (default retries): the keyed retry reuses the requestId and completes the deletion', async () => {
		const result = await runDeletion(fx, { mode: 'delete', items: [{ caseNumber: 'CN40000' }] });
		expect(result.error).toBeUndefined();
		const ids = hubRequests().map((entry) => (entry.json as Record<string, unknown>).requestId);
		expect(hubRequests().map((entry) => entry.status)).toEqual([500, 200]);
		expect(ids[0]).toMatch(GUID);
		expect(ids[1]).toBe(ids[0]);
		expect(result.output[0].json).toMatchObject({ deleted: true, requestId: ids[0] });
	});

	it('Hub: a connection reset after the request is retried with the same requestId', async () => {
		fx.sandbox.faults.add({ route: 'hub.deleteCase', reset: 'afterRequest' });
		const result = await runDeletion(fx, { mode: 'delete', items: [{ caseNumber: 'CN10000' }] });
		expect(result.error).toBeUndefined();
		const ids = hubRequests().map((entry) => (entry.json as Record<string, unknown>).requestId);
		expect(ids).toHaveLength(2);
		expect(ids[1]).toBe(ids[0]);
		// The first attempt deleted the case; the keyed retry gets the same answer again.
		expect(hubRequests().map((entry) => entry.status)).toEqual([undefined, 200]);
		expect(result.output[0].json).toMatchObject({ deleted: true, found: true, requestId: ids[0] });
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deleted');
	});

	it('Hub: no answer to any attempt says the deletion may have taken effect and how to resume it', async () => {
		fx.sandbox.faults.add({ route: 'hub.deleteCase', reset: 'afterRequest', times: 2 });
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			options: { serverErrorRetries: 1 },
			items: [{ caseNumber: 'CN10000' }],
		});
		const ids = hubRequests().map((entry) => (entry.json as Record<string, unknown>).requestId);
		expect(ids).toEqual([ids[0], ids[0]]);
		const item = errorJson(result.errorOutput[0]);
		expect(item.description).toContain(
			`The deletion may have taken effect — check before running again: run this item again in Delete mode with Request ID set to ${String(ids[0])}`,
		);
		expect(item.requestId).toBe(ids[0]);
	});

	it('Hub: a 404 to the keyed retry after a lost answer claims neither deleted nor not deleted', async () => {
		// A server that does not replay the first answer for a requestId finds the case gone, as it
		// would for a case that never existed.
		fx.sandbox.faults.add({ route: 'hub.deleteCase', reset: 'afterRequest' });
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 404,
			// The page's 404 example: every Hub answer names a requestId, the one sent (an answer for
			// another request ID proves nothing), so the run sends a known one.
			body: '{"requestId":"0f0f0f0f-0000-4000-8000-000000000404","found":false,"deleted":false,"errors":["Case CN10000 not found"]}',
		});
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			parameters: { requestId: '0f0f0f0f-0000-4000-8000-000000000404' },
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(hubRequests().map((entry) => entry.status)).toEqual([undefined, 404]);
		expect(result.output).toHaveLength(0);
		const item = errorJson(result.errorOutput[0]);
		expect(item.error).toBe(
			'Case CN10000 was not found when the deletion was repeated after an unclear answer (404): the first attempt may have deleted it, or it never existed',
		);
		expect(item).toMatchObject({ found: false, deleted: null });
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deleted');
	});

	it('ClaimShop: a live delete is never repeated after a 500 or a reset; a dry run is', async () => {
		const partway = await runDeletion(fx, {
			system: 'claimShop',
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN40000' }],
		});
		expect(claimShopRequests()).toHaveLength(1);
		expect(partway.errorOutput[0].json.error).toBe(
			'Scalepoint failed while deleting case CN40000 (500)',
		);
		expect(errorJson(partway.errorOutput[0]).description).toContain('Run a Dry run for this case');

		fx.sandbox.clearJournal();
		fx.sandbox.faults.add({ route: 'claimShop.deleteCase', reset: 'afterRequest' });
		const reset = await runDeletion(fx, {
			system: 'claimShop',
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(claimShopRequests()).toHaveLength(1);
		const resetAdvice = errorJson(reset.errorOutput[0]).description;
		expect(resetAdvice).toContain(
			'The deletion may have taken effect — check before running again',
		);
		expect(resetAdvice).not.toContain('if it is no longer found, it was deleted');

		fx.sandbox.clearJournal();
		fx.sandbox.faults.add({ route: 'claimShop.deleteCase', reset: 'afterRequest' });
		const dryRun = await runDeletion(fx, {
			system: 'claimShop',
			items: [{ caseNumber: 'CN10001' }],
		});
		expect(claimShopRequests()).toHaveLength(2);
		expect(dryRun.output[0].json).toMatchObject({ found: true, deletable: true, deleted: false });
	});

	it('429: retried after a backoff, then deleted', async () => {
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 429,
			headers: { 'retry-after': '0' },
		});
		const result = await runDeletion(fx, { mode: 'delete', items: [{ caseNumber: 'CN10000' }] });
		expect(result.error).toBeUndefined();
		expect(hubRequests().map((entry) => entry.status)).toEqual([429, 200]);
		expect(result.output[0].json).toMatchObject({ deleted: true });
	});

	it('429 more often than the old 3 retries (another process spent the budget): waited out within Rate Limit Max Wait, then deleted', async () => {
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 429,
			times: 6,
			headers: { 'retry-after': '0' },
		});
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(result.errorOutput).toEqual([]);
		expect(hubRequests().map((entry) => entry.status)).toEqual([...Array(6).fill(429), 200]);
		expect(result.output[0].json).toMatchObject({ deleted: true });
	});

	it('429 whose Retry-After is beyond Rate Limit Max Wait: a clear error at once, nothing deleted', async () => {
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 429,
			times: 50,
			headers: { 'retry-after': '30' },
		});
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			options: { rateLimitMaxWaitSeconds: 10 },
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(hubRequests()).toHaveLength(1);
		expect(result.errorOutput[0].json.error).toBe(
			"Scalepoint's rate limit was still exceeded after 0 retries (429)",
		);
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('429 that persists: a bounded number of retries, then a clear error', async () => {
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 429,
			times: 5,
			headers: { 'retry-after': '0' },
		});
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			options: { rateLimitRetries: 2 },
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(hubRequests()).toHaveLength(3);
		expect(result.errorOutput[0].json.error).toBe(
			"Scalepoint's rate limit was still exceeded after 2 retries (429)",
		);
		expect(fx.sandbox.state.hubCases.CN10000.state).toBe('deletable');
	});

	it('401 once: a new token is fetched and the deletion sent again', async () => {
		const credentials = fx.credentials(SECRET_CLIENT);
		await runDeletion(fx, { items: [{ caseNumber: 'CN10001' }], credentials });
		fx.sandbox.clearJournal();
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 401,
			body: '{"errors":["Unauthorized"]}',
		});
		const result = await runDeletion(fx, {
			mode: 'delete',
			items: [{ caseNumber: 'CN10000' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fx.tokenRequests()).toBe(1);
		expect(hubRequests().map((entry) => entry.status)).toEqual([401, 200]);
		expect(result.output[0].json).toMatchObject({ deleted: true });
	});

	it('400: what was invalid, from the answer', async () => {
		const result = await runDeletion(fx, {
			onError: 'continueErrorOutput',
			parameters: { tenant: 'abcinsurance' },
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(result.error).toBeUndefined();
		fx.sandbox.faults.add({
			route: 'hub.deleteCase',
			status: 400,
			body: '{"found":false,"deleted":false,"errors":["caseNumber is required"]}',
		});
		const bad = await runDeletion(fx, {
			onError: 'continueErrorOutput',
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(bad.errorOutput[0].json.error).toBe(
			'Scalepoint refused the deletion request for case CN10000 as invalid (400): caseNumber is required',
		);
	});
});
