import { OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type { IDataObject } from 'n8n-workflow';

import { DeadlineExceededError, requestDeadline } from '../../nodes/shared/deadline';
import { isCancelled, isTimeout } from '../../nodes/shared/httpErrors';
import { sendOrFailure } from '../../nodes/shared/rawRequest';

import { IN_WINDOW, SECRET_CLIENT } from '../ScalepointCaseDeletion/helpers';
import { caseParams, textItem } from '../ScalepointFiles/helpers';
import { credentialsFor, USER } from '../Thinksurance/fixtures';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { errorFacts } from '../harness/errorItems';
import { runNode, type TestItem } from '../harness/runWorkflow';
import type { JournalEntry, RouteName } from '../sandbox/types';

// Headers at once, then a byte every 0.3 s: no silence ever reaches the 1 s Timeout, so only a
// total deadline ends the request. Without one each answer completes after 30 × 0.3 s = 9 s.
const DRIBBLE = { intervalMs: 300, bytes: 30 };
const OPEN_SELF_SERVICE_CASE = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';
const PAYMENT = '967ce1a4-a55a-4765-bd5b-bafcb4178fd3';

let fx: ScalepointFixture;

beforeAll(async () => {
	// Inside the deletion window; the client-secret client does not depend on the sandbox clock.
	fx = await startScalepointFixture({ startTime: IN_WINDOW, thinksurance: { users: [USER] } });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const scalepoint = () => ({ host: fx.sandbox.url, country: 'dk', tenant: 'abcinsurance' });

interface DribbleRun {
	route: RouteName;
	type: string;
	parameters: IDataObject;
	items?: TestItem[];
	/** How many requests the dribble fault holds (an idempotent request is sent again). */
	times?: number;
	thinksurance?: boolean;
	cancelAfterMs?: number;
}

async function runAgainstDribble(run: DribbleRun) {
	fx.sandbox.faults.add({ route: run.route, dribble: DRIBBLE, times: run.times ?? 1 });
	const result = await runNode({
		type: run.type,
		parameters: run.parameters as never,
		items: run.items ?? [{ json: {} }],
		credentials: run.thinksurance ? credentialsFor(fx.sandbox) : fx.credentials(SECRET_CLIENT),
		onError: 'continueRegularOutput',
		cancelAfterMs: run.cancelAfterMs,
	});
	return { result, facts: errorFacts(result.output[0] ?? { json: {} }) };
}

/**
 * Every request to `route` was abandoned by the node: the sandbox saw the client close the
 * connection before the answer was complete (the test's own timeout bounds the wait).
 */
async function expectAbandoned(route: RouteName, count: number) {
	const requests: JournalEntry[] = fx.sandbox.requests(route);
	expect(requests).toHaveLength(count);
	while (!requests.every((request) => request.closedByClient === true)) {
		await new Promise((done) => setTimeout(done, 20));
	}
}

describe('A dribbling answer is abandoned at the Timeout and reported as a timeout', () => {
	it('Self-Service submit: not resent (it may have been submitted)', async () => {
		const { facts } = await runAgainstDribble({
			route: 'selfService.submit',
			type: 'scalepointSelfService',
			parameters: {
				resource: 'case',
				operation: 'submit',
				...scalepoint(),
				caseToken: OPEN_SELF_SERVICE_CASE,
				options: { timeoutSeconds: 1 },
			},
		});
		expect(facts.error).toMatch(/did not answer within 1 s/);
		expect(String(facts.description)).toContain('may have reached Scalepoint');
		await expectAbandoned('selfService.submit', 1);
	});

	it('Events publish: not resent (the event may have arrived)', async () => {
		const { facts } = await runAgainstDribble({
			route: 'events.send',
			type: 'scalepointEvents',
			parameters: {
				resource: 'event',
				operation: 'publish',
				...scalepoint(),
				eventType: 'payment_status_updated',
				bodySource: 'fields',
				paymentUuid: PAYMENT,
				paymentStatus: 'canceled',
				statusReason: 'rejected',
				options: { timeoutSeconds: 1 },
			},
		});
		expect(facts.error).toMatch(/did not answer within 1 s/);
		await expectAbandoned('events.send', 1);
	});

	it('Files submit to case: not resent (the files may have been stored)', async () => {
		const { facts } = await runAgainstDribble({
			route: 'ecb.submitForCase',
			type: 'scalepointFiles',
			parameters: { ...caseParams(fx), options: { timeoutSeconds: 1 } },
			items: [textItem('note.txt', 'hello')],
		});
		expect(facts.error).toMatch(/did not answer within 1 s/);
		await expectAbandoned('ecb.submitForCase', 1);
	});

	it('Case Deletion, ClaimShop delete: not resent (it has no request ID)', async () => {
		const { facts } = await runAgainstDribble({
			route: 'claimShop.deleteCase',
			type: 'scalepointCaseDeletion',
			parameters: {
				resource: 'case',
				operation: 'deleteCase',
				system: 'claimShop',
				mode: 'delete',
				claimShopHost: fx.sandbox.url,
				country: 'dk',
				tenant: 'abcinsurance',
				identifyBy: 'caseNumber',
				caseNumber: 'CN10000',
				options: { timeoutSeconds: 1 },
			},
		});
		expect(JSON.stringify(facts)).toMatch(/did not answer within 1 s/);
		await expectAbandoned('claimShop.deleteCase', 1);
	});

	it('Case Deletion, Hub delete: each keyed attempt is abandoned at its deadline', async () => {
		const { facts } = await runAgainstDribble({
			route: 'hub.deleteCase',
			type: 'scalepointCaseDeletion',
			parameters: {
				resource: 'case',
				operation: 'deleteCase',
				system: 'hubProperty',
				mode: 'delete',
				hubHost: fx.sandbox.url,
				country: 'dk',
				tenant: 'abcinsurance',
				identifyBy: 'caseNumber',
				caseNumber: 'CN10000',
				options: { timeoutSeconds: 1, serverErrorRetries: 1 },
			},
			times: 2,
		});
		expect(JSON.stringify(facts)).toMatch(/did not answer within 1 s/);
		await expectAbandoned('hub.deleteCase', 2);
	});

	it('Thinksurance add: not resent (an externalUniqueId can never be reused)', async () => {
		const { facts } = await runAgainstDribble({
			route: 'thinksurance.agencyNumbers.add',
			type: 'thinksurance',
			thinksurance: true,
			parameters: {
				resource: 'agencyNumber',
				operation: 'add',
				inputMode: 'perItem',
				options: { timeoutSeconds: 1 },
			},
			items: [{ json: { agencyNumber: 'A1', baFinId: '5405' } }],
		});
		expect(facts.error).toMatch(/did not answer in time/);
		await expectAbandoned('thinksurance.agencyNumbers.add', 1);
	});

	it('Thinksurance get many: a read is retried, every attempt abandoned at its deadline', async () => {
		const { facts } = await runAgainstDribble({
			route: 'thinksurance.agencyNumbers.list',
			type: 'thinksurance',
			thinksurance: true,
			parameters: {
				resource: 'agencyNumber',
				operation: 'getAll',
				returnAll: true,
				options: { timeoutSeconds: 1 },
			},
			times: 3,
		});
		expect(facts.error).toMatch(/did not answer in time/);
		await expectAbandoned('thinksurance.agencyNumbers.list', 3);
	});
});

describe('The deadline counts from sending', () => {
	it("a token fetch slower than the Timeout does not use up the request's time", async () => {
		// The token request has its own deadline; the submit's 1 s starts once it is sent.
		fx.sandbox.faults.add({ route: 'scalepoint.token', delayMs: 1_500 });
		const result = await runNode({
			type: 'scalepointSelfService',
			parameters: {
				resource: 'case',
				operation: 'submit',
				...scalepoint(),
				caseToken: OPEN_SELF_SERVICE_CASE,
				options: { timeoutSeconds: 1 },
			} as never,
			items: [{ json: {} }],
			credentials: fx.credentials(SECRET_CLIENT),
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ success: true, code: 'SUCCESS' });
	});
});

describe('A cancel is still a cancel', () => {
	it('stopping the execution abandons a dribbling request long before its Timeout', async () => {
		fx.sandbox.faults.add({ route: 'selfService.submit', dribble: { intervalMs: 300 } });
		const result = await runNode({
			type: 'scalepointSelfService',
			parameters: {
				resource: 'case',
				operation: 'submit',
				...scalepoint(),
				caseToken: OPEN_SELF_SERVICE_CASE,
				options: { timeoutSeconds: 600 },
			} as never,
			items: [{ json: {} }],
			credentials: fx.credentials(SECRET_CLIENT),
			cancelAfterMs: 1_000,
		});
		expect(result.run.status).toBe('canceled');
		expect(JSON.stringify(result.output)).not.toMatch(/did not answer/);
		// Without the cancel the request would run into the test's timeout: the dribble never ends.
		await expectAbandoned('selfService.submit', 1);
	});
});

describe('Token requests have the same total deadline', () => {
	// Both token requests (nodes/Scalepoint/auth/tokenRequest.ts and the Thinksurance one) send
	// through sendOrFailure with their `timeout`, so this is the mechanism both rely on, exercised
	// with n8n's own request function at a 1 s timeout instead of their 20 s.
	it('sendOrFailure abandons a dribbling token endpoint at its timeout and reports a timeout', async () => {
		fx.sandbox.faults.add({ route: 'scalepoint.token', dribble: DRIBBLE });
		const outbound = Container.get(OutboundHttp);
		const sent = await sendOrFailure(
			async (options) => await outbound.requests().request(options),
			{
				method: 'POST',
				url: fx.sandbox.tokenUrl,
				body: 'grant_type=client_credentials',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 1_000,
			},
		);
		expect('networkError' in sent && isTimeout(sent.networkError)).toBe(true);
		expect('networkError' in sent && isCancelled(sent.networkError)).toBe(false);
		await expectAbandoned('scalepoint.token', 1);
	});
});

describe('requestDeadline.explain', () => {
	const fired = async (signal: AbortSignal) => {
		while (!signal.aborted) await new Promise((done) => setTimeout(done, 5));
	};

	it('after the deadline fired, a failure of any shape is the deadline (n8n 1.x: no code, no cancel name)', async () => {
		const deadline = requestDeadline(20);
		await fired(deadline.signal);
		const explained = deadline.explain(new Error('aborted'));
		expect(explained).toBeInstanceOf(DeadlineExceededError);
		expect(isTimeout(explained)).toBe(true);
	});

	it('a cancel stays a cancel, and a failure before the deadline stays as it is', async () => {
		const failure = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
		expect(requestDeadline(60_000).explain(failure)).toBe(failure);
		const cancel = new AbortController();
		const deadline = requestDeadline(20, cancel.signal);
		await fired(deadline.signal);
		cancel.abort();
		expect(deadline.explain(failure)).toBe(failure);
	});
});
