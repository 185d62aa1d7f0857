import { errorFacts } from '../harness/errorItems';
import { ScalepointEvents } from '../../nodes/ScalepointEvents/ScalepointEvents.node';
import { runNode } from '../harness/runWorkflow';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PAYMENT = '967ce1a4-a55a-4765-bd5b-bafcb4178fd3';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture();
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

function params(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'event',
		operation: 'publish',
		host: fx.sandbox.url,
		country: 'dk',
		tenant: 'abcinsurance',
		eventType: 'payment_status_updated',
		bodySource: 'fields',
		paymentUuid: PAYMENT,
		paymentStatus: 'canceled',
		statusReason: "Payment rejected by claimant's bank",
		...overrides,
	};
}

type Credentials = ReturnType<ScalepointFixture['credentials']>;

async function publish(
	items: Array<Record<string, unknown>> = [{}],
	options: {
		parameters?: Record<string, unknown>;
		onError?: 'continueErrorOutput';
		credentials?: Credentials;
	} = {},
) {
	return await runNode({
		type: 'scalepointEvents',
		parameters: params(options.parameters) as never,
		items: items.map((json) => ({ json: json as never })),
		credentials: options.credentials ?? fx.credentials(),
		onError: options.onError,
	});
}

const sent = () => fx.sandbox.requests('events.send');

/** What an error item keeps for reconciliation (correlation ID, event type, ...). */
function details(item: { json: Record<string, unknown> }) {
	return errorFacts(item as never);
}
const correlationOf = (item: { json: Record<string, unknown> }) => details(item).correlationId;

describe('Publish — headers and envelope', () => {
	it('POSTs to /api/events/v1/{country}/external/{tenant}/send with Event-Type, JSON utf-8 and a bearer token', async () => {
		const result = await publish();
		expect(result.error).toBeUndefined();
		const [request] = sent();
		expect(request.method).toBe('POST');
		expect(request.rawPath).toBe('/api/events/v1/dk/external/abcinsurance/send');
		expect(request.headers['event-type']).toBe('payment_status_updated');
		expect(request.headers['content-type']).toBe('application/json;charset=utf-8');
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		expect(request.status).toBe(201);
	});

	it('builds the documented envelope first, then the payment fields', async () => {
		const before = Date.now();
		const result = await publish();
		const body = sent()[0].json as Record<string, unknown>;
		expect(Object.keys(body)).toEqual([
			'eventType',
			'payloadVersion',
			'correlationId',
			'timestamp',
			'payment',
		]);
		expect(body).toMatchObject({
			eventType: 'payment_status_updated',
			payloadVersion: '1.0.0',
			payment: {
				uuid: PAYMENT,
				status: 'canceled',
				statusReason: "Payment rejected by claimant's bank",
			},
		});
		expect(body.correlationId).toMatch(GUID);
		expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(Date.parse(body.timestamp as string)).toBeGreaterThanOrEqual(before - 5);
		expect(result.output[0].json).toEqual({
			id: fx.sandbox.state.publishedEvents[0].id,
			eventType: 'payment_status_updated',
			correlationId: body.correlationId,
			timestamp: body.timestamp,
		});
	});

	it('leaves out an empty status reason', async () => {
		await publish([{}], { parameters: { statusReason: '' } });
		expect((sent()[0].json as { payment: unknown }).payment).toEqual({
			uuid: PAYMENT,
			status: 'canceled',
		});
	});

	it('gives every item its own correlation ID, and uses the given one and timestamp from expressions', async () => {
		const generated = await publish([{}, {}, {}]);
		const ids = generated.output.map((item) => item.json.correlationId);
		expect(new Set(ids).size).toBe(3);
		fx.sandbox.reset();
		const given = await publish([{ ref: 'order-17', at: '2017-07-25T12:31:28+02:00' }], {
			parameters: {
				correlationId: '={{ $json.ref }}',
				timestamp: '={{ $json.at }}',
				payloadVersion: '2.1.0',
			},
		});
		expect(given.output[0].json).toMatchObject({
			correlationId: 'order-17',
			timestamp: '2017-07-25T12:31:28+02:00',
		});
		expect(sent()[0].json).toMatchObject({
			correlationId: 'order-17',
			timestamp: '2017-07-25T12:31:28+02:00',
			payloadVersion: '2.1.0',
		});
	});

	it('fraud_status: status and case { token, caseType }', async () => {
		await publish([{}], {
			parameters: {
				eventType: 'fraud_status',
				fraudStatus: 'NOT_FRAUDULENT',
				caseIdentifierType: 'number',
				caseIdentifier: 'CN10000',
				caseType: 'property',
			},
		});
		const [request] = sent();
		expect(request.headers['event-type']).toBe('fraud_status');
		expect(request.json).toMatchObject({
			eventType: 'fraud_status',
			status: 'NOT_FRAUDULENT',
			case: { number: 'CN10000', caseType: 'property' },
		});
	});

	it('JSON body: the example of the event type is sent after the envelope', async () => {
		await publish([{}], {
			parameters: { bodySource: 'json', eventBody: '{"payment":{"uuid":"abc","status":"paid"}}' },
		});
		expect(sent()[0].json).toMatchObject({
			eventType: 'payment_status_updated',
			payment: { uuid: 'abc', status: 'paid' },
		});
	});

	it('input item fields: a custom event type sends the item, with the envelope fields of the node', async () => {
		const result = await publish([{ claim: { number: 'CN1' }, eventType: 'ignored', note: 'x' }], {
			parameters: {
				eventType: 'custom',
				customEventType: 'claim_note_added',
				bodySource: 'inputItem',
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = sent();
		expect(request.headers['event-type']).toBe('claim_note_added');
		expect(request.json).toMatchObject({
			eventType: 'claim_note_added',
			claim: { number: 'CN1' },
			note: 'x',
		});
	});
});

describe('Publish — Payment Status', () => {
	it('offers the documented value and a custom one, sent as written', async () => {
		const field = new ScalepointEvents().description.properties.find(
			(property) => property.name === 'paymentStatus',
		)!;
		expect(field.type).toBe('options');
		expect(field.options).toEqual([
			expect.objectContaining({ name: 'Canceled', value: 'canceled' }),
			expect.objectContaining({ name: 'Other (Enter Below)', value: 'custom' }),
		]);
		const result = await publish([{}], {
			parameters: { paymentStatus: 'custom', customPaymentStatus: 'paid' },
		});
		expect(result.error).toBeUndefined();
		expect((sent()[0].json as { payment: { status: string } }).payment.status).toBe('paid');
	});
});

describe('Publish — validation before sending', () => {
	it.each([
		[{ timestamp: '2017-07-25 10:31' }, 'Timestamp must be an ISO-8601'],
		[{ paymentUuid: '={{ "" }}' }, 'Payment UUID is required'],
		[
			{ paymentUuid: '967ce1a4-a55a-4765-bd5b' },
			'Payment UUID must be a GUID such as 11111111-2222-3333-4444-555555555555 (got "967ce1a4-a55a-4765-bd5b")',
		],
		[{ paymentStatus: 'custom', customPaymentStatus: ' ' }, 'Payment Status is required'],
		[{ bodySource: 'json', eventBody: '{"eventType":"x"}' }, 'must not contain "eventType"'],
		[{ bodySource: 'json', eventBody: '[1]' }, 'must be a JSON object'],
		[
			{ eventType: 'custom', customEventType: 'two words', bodySource: 'json', eventBody: '{}' },
			'Event Type must be one word',
		],
		[{ tenant: 'a/b' }, 'Tenant must not contain "/"'],
	])('%j → "%s", nothing sent, correlation ID in the error item', async (overrides, message) => {
		const result = await publish([{}], { parameters: overrides, onError: 'continueErrorOutput' });
		expect(result.output).toEqual([]);
		expect(String(result.errorOutput[0].json.error)).toContain(message);
		expect(correlationOf(result.errorOutput[0])).toMatch(GUID);
		expect(sent()).toHaveLength(0);
	});
});

describe('Publish — the documented errors', () => {
	it('400 "Incorrect payload, missing [...]" names the missing fields', async () => {
		fx.sandbox.faults.add({
			route: 'events.send',
			status: 400,
			body: '{"message":"Incorrect payload, missing [payloadVersion, timestamp]","valid":false}',
		});
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		const error = result.errorOutput[0];
		expect(error.json.error).toBe(
			'Scalepoint rejected the event: missing payloadVersion, timestamp (400)',
		);
		expect(correlationOf(error)).toMatch(GUID);
		expect(details(error)).toMatchObject({ httpCode: '400', eventType: 'payment_status_updated' });
	});

	it('400 missing Event-Type header (Spring body)', async () => {
		fx.sandbox.faults.add({
			route: 'events.send',
			status: 400,
			body: JSON.stringify({
				status: 400,
				error: 'Bad Request',
				message: "Missing request header 'Event-Type' for method parameter of type String",
			}),
		});
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput[0].json.error).toContain(
			'Scalepoint did not receive the Event-Type header (400)',
		);
	});

	it('401 even with a new token: a clear error; the first event is sent twice at most, later ones once, with no further token', async () => {
		fx.sandbox.faults.add({
			route: 'events.send',
			status: 401,
			times: 50,
			body: '{"error":"unauthorized"}',
		});
		const result = await publish([{}, {}, {}, {}, {}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput).toHaveLength(5);
		for (const item of result.errorOutput) expect(item.json.error).toContain('(401)');
		// The first item: refused, a new token, refused again. The others: refused once each.
		expect(fx.tokenRequests()).toBe(2);
		expect(sent()).toHaveLength(6);
	});

	it('a token accepted after a 401 keeps later 401s curable: each gets a new token and one resend', async () => {
		// Item 1 is refused once (its token revoked), item 2 goes through, item 3 is refused once
		// again (the new token revoked too): every item ends published.
		const refused = {
			route: 'events.send' as const,
			status: 401,
			body: '{"error":"unauthorized"}',
		};
		const passes = { route: 'events.send' as const, delayMs: 0 };
		for (const fault of [refused, passes, passes, refused]) fx.sandbox.faults.add(fault);
		const result = await publish([{}, {}, {}], { parameters: { options: { concurrency: 1 } } });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(3);
		expect(sent().map((entry) => entry.status)).toEqual([401, 201, 201, 401, 201]);
		expect(fx.tokenRequests()).toBe(3);
	});

	it('a fixed correlation ID on several items is sent as given, with a warning hint', async () => {
		const result = await publish([{}, {}, {}], { parameters: { correlationId: 'abc' } });
		expect(sent().map((entry) => (entry.json as { correlationId: string }).correlationId)).toEqual([
			'abc',
			'abc',
			'abc',
		]);
		expect(result.hints.map((hint) => hint.message)).toContainEqual(
			expect.stringContaining('Several events were sent with the same correlation ID'),
		);
		const fresh = await publish([{}, {}]);
		expect(fresh.hints.map((hint) => hint.message).join(' ')).not.toContain('same correlation ID');
	});

	it('a redirect is reported, not followed (the event is sent once, to the configured host)', async () => {
		await publish([{}]);
		const location = `${fx.sandbox.url}${sent()[0].rawPath}`;
		fx.sandbox.clearJournal();
		fx.sandbox.faults.add({ route: 'events.send', status: 307, headers: { Location: location } });
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput[0].json.error).toContain('Scalepoint answered 307');
		expect(sent()).toHaveLength(1);
	});

	it('403 insufficient_scope says the credential needs the scope events', async () => {
		fx.sandbox.faults.add({
			route: 'events.send',
			status: 403,
			body: '{"error":"insufficient_scope","error_description":"Insufficient scope for this resource","scope":"events"}',
		});
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput[0].json.error).toContain('the credential needs the scope events');
	});

	it('a credential without the events scope fails before anything is sent', async () => {
		const result = await publish([{}], {
			credentials: fx.credentials({ scopes: ['case:delete'] }),
		});
		expect(result.error?.message).toBe(
			'This operation needs the scope events; add it to the credential',
		);
		expect(fx.sandbox.journal).toHaveLength(0);
	});

	it('404 from a wrong tenant names host, country and tenant', async () => {
		const result = await publish([{}], {
			parameters: { tenant: 'nosuchtenant' },
			onError: 'continueErrorOutput',
		});
		expect(result.errorOutput[0].json.error).toContain(
			'Scalepoint has no Event API at this address (404)',
		);
		expect(String(details(result.errorOutput[0]).description)).toContain('country and tenant');
	});

	it('500 is not resent and says the event may have been stored', async () => {
		fx.sandbox.faults.add({ route: 'events.send', status: 500, body: '{}' });
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput[0].json.error).toContain(
			'Scalepoint failed with an internal error (500)',
		);
		expect(String(details(result.errorOutput[0]).description)).toContain(
			'may or may not have been stored',
		);
		expect(sent()).toHaveLength(1);
	});

	it('429 that persists: retried a bounded number of times, then a clear error', async () => {
		fx.sandbox.faults.add({
			route: 'events.send',
			status: 429,
			times: 10,
			headers: { 'Retry-After': '0' },
		});
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput[0].json.error).toContain('busy or unavailable (429)');
		expect(sent()).toHaveLength(4);
	});

	it('a 503 is not resent: the event may or may not have been stored', async () => {
		// The Event API page lists 503 "Service not available" without saying the event was not
		// stored; an outside review showed it was resent.
		fx.sandbox.faults.add({ route: 'events.send', status: 503, headers: { 'Retry-After': '0' } });
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		expect(sent()).toHaveLength(1);
		expect(String(details(result.errorOutput[0]).description)).toContain(
			'may or may not have been stored',
		);
	});

	it.each([429])(
		'%d with Retry-After: 1 is retried after the wait, then succeeds',
		async (status) => {
			fx.sandbox.faults.add({ route: 'events.send', status, headers: { 'Retry-After': '1' } });
			const started = Date.now();
			const result = await publish();
			expect(result.error).toBeUndefined();
			expect(sent()).toHaveLength(2);
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
			expect(result.output[0].json.id).toBe(1);
			// The same event both times: the correlation ID is stable across retries.
			expect((sent()[0].json as { correlationId: string }).correlationId).toBe(
				(sent()[1].json as { correlationId: string }).correlationId,
			);
		},
	);

	it('a reset after the request reached the server is never resent', async () => {
		fx.sandbox.faults.add({ route: 'events.send', reset: 'afterRequest' });
		const result = await publish([{}], { onError: 'continueErrorOutput' });
		expect(sent()).toHaveLength(1);
		expect(String(details(result.errorOutput[0]).description)).toContain(
			'may have reached Scalepoint',
		);
		expect(correlationOf(result.errorOutput[0])).toBe(
			(sent()[0].json as { correlationId: string }).correlationId,
		);
	});

	it('a timeout after sending is never resent', async () => {
		fx.sandbox.faults.add({ route: 'events.send', delayMs: 1500 });
		const result = await publish([{}], {
			parameters: { options: { timeoutSeconds: 1 } },
			onError: 'continueErrorOutput',
		});
		expect(sent()).toHaveLength(1);
		expect(String(result.errorOutput[0].json.error)).toContain('did not answer within 1 s');
		expect(String(details(result.errorOutput[0]).description)).toContain(
			'may have reached Scalepoint',
		);
	});
});

describe('Publish — many items', () => {
	it('50 items: one token request, one output per input in input order, paired, concurrency bounded', async () => {
		const items = Array.from({ length: 50 }, (_, index) => ({ ref: `ref-${index}` }));
		const result = await publish(items, {
			parameters: { correlationId: '={{ $json.ref }}', options: { concurrency: 7 } },
		});
		expect(result.error).toBeUndefined();
		expect(fx.tokenRequests()).toBe(1);
		expect(result.output).toHaveLength(50);
		result.output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.correlationId).toBe(`ref-${index}`);
		});
		// Each output's id is the id Scalepoint gave to exactly that item's event.
		const byCorrelation = new Map(
			fx.sandbox.state.publishedEvents.map((event) => [event.body.correlationId, event.id]),
		);
		for (const item of result.output)
			expect(item.json.id).toBe(byCorrelation.get(item.json.correlationId));
		expect(sent()).toHaveLength(50);
	});

	it('failed items keep their place and correlation ID between successes', async () => {
		const result = await publish([{ s: 'ok' }, { s: '' }, { s: 'ok' }], {
			parameters: { paymentStatus: '={{ $json.s }}', correlationId: '={{ "c" + $itemIndex }}' },
			onError: 'continueErrorOutput',
		});
		expect(result.output.map((item) => [item.pairedItem, item.json.correlationId])).toEqual([
			[{ item: 0 }, 'c0'],
			[{ item: 2 }, 'c2'],
		]);
		expect(result.errorOutput.map((item) => [item.pairedItem, correlationOf(item)])).toEqual([
			[{ item: 1 }, 'c1'],
		]);
		expect(result.errorOutput[0].json.error).toBe('Payment Status is required');
	});

	it('continue (regular output): the failed item stays in place with its correlation ID', async () => {
		fx.sandbox.faults.add({ route: 'events.send', status: 500, body: '{}' });
		const result = await runNode({
			type: 'scalepointEvents',
			parameters: params({
				correlationId: '={{ "c" + $itemIndex }}',
				options: { concurrency: 1 },
			}) as never,
			items: [{ json: {} }, { json: {} }],
			credentials: fx.credentials(),
			onError: 'continueRegularOutput',
		});
		expect(
			result.output.map((item) => [
				item.json.error ?? 'ok',
				details(item).correlationId ?? item.json.correlationId,
			]),
		).toEqual([
			['Scalepoint failed with an internal error (500)', 'c0'],
			['ok', 'c1'],
		]);
	});

	it('expressions in host, country and tenant are resolved per item', async () => {
		const result = await publish([{ t: 'abcinsurance' }, { t: 'nosuchtenant' }], {
			parameters: { tenant: '={{ $json.t }}' },
			onError: 'continueErrorOutput',
		});
		expect(result.output).toHaveLength(1);
		expect(details(result.errorOutput[0]).httpCode).toBe('404');
		expect(sent().map((request) => request.rawPath)).toEqual([
			'/api/events/v1/dk/external/abcinsurance/send',
			'/api/events/v1/dk/external/nosuchtenant/send',
		]);
	});
});
