import { startSandbox } from './server';
import { call, tokenWithScopes } from './testHelpers';
import type { Sandbox } from './types';

let sandbox: Sandbox;
let token: string;
const JSON_UTF8 = 'application/json;charset=utf-8';

beforeAll(async () => {
	sandbox = await startSandbox({ eventHoldMs: 100 });
	token = await tokenWithScopes(sandbox, ['events']);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function event(overrides: Record<string, unknown> = {}) {
	return {
		eventType: 'payment_status_updated',
		payloadVersion: '1.0.0',
		correlationId: '70c6d351-016f-4c9e-b1a9-d581fc3a596b',
		timestamp: '2017-07-25T10:31:28.2519514Z',
		payment: { uuid: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3', status: 'canceled' },
		...overrides,
	};
}

function send(
	body: unknown,
	opts: { headers?: Record<string, string>; token?: string; tenant?: string; raw?: string } = {},
) {
	const url = `${sandbox.url}/api/events/v1/dk/external/${opts.tenant ?? 'abcinsurance'}/send`;
	return call(url, {
		method: 'POST',
		token: opts.token ?? token,
		body: opts.raw ?? JSON.stringify(body),
		headers: { 'content-type': JSON_UTF8, 'event-type': 'payment_status_updated', ...opts.headers },
	});
}

function receive(query = '', opts: { token?: string } = {}) {
	return call(`${sandbox.url}/api/events/v1/dk/external/abcinsurance/receive${query}`, {
		token: opts.token ?? token,
	});
}

describe('Event API: send', () => {
	it('answers 201 with increasing _id and stores the event', async () => {
		const first = await send(event());
		const second = await send(event({ correlationId: 'b' }));
		expect(first.status).toBe(201);
		expect(first.body).toEqual({ _id: 1 });
		expect(second.body).toEqual({ _id: 2 });
		expect(sandbox.state.publishedEvents.map((e) => e.body.correlationId)).toEqual([
			'70c6d351-016f-4c9e-b1a9-d581fc3a596b',
			'b',
		]);
		expect(sandbox.state.publishedEvents[0]).toMatchObject({
			country: 'dk',
			tenant: 'abcinsurance',
			eventType: 'payment_status_updated',
		});
	});

	it('accepts the content type in any case and spacing', async () => {
		const answer = await send(event(), {
			headers: { 'content-type': 'Application/JSON; Charset=UTF-8' },
		});
		expect(answer.status).toBe(201);
	});

	it('answers 400 with the Spring body when Event-Type is missing', async () => {
		const url = `${sandbox.url}/api/events/v1/dk/external/abcinsurance/send`;
		const answer = await call(url, {
			method: 'POST',
			token,
			body: JSON.stringify(event()),
			headers: { 'content-type': JSON_UTF8 },
		});
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			timestamp: expect.stringMatching(/^2026-01-15T18:00:\d{2}\.\d{3}\+0000$/),
			status: 400,
			error: 'Bad Request',
			exception: 'org.springframework.web.bind.ServletRequestBindingException',
			message: "Missing request header 'Event-Type' for method parameter of type String",
			path: '/api/events/v1/dk/external/abcinsurance/send',
		});
	});

	it('answers 415 for application/json without charset', async () => {
		const answer = await send(event(), { headers: { 'content-type': 'application/json' } });
		expect(answer.status).toBe(415);
	});

	it('answers 400 naming every missing field', async () => {
		const answer = await send({ eventType: 'payment_status_updated', correlationId: '' });
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			message: 'Incorrect payload, missing [payloadVersion, correlationId, timestamp]',
			valid: false,
		});
	});

	it('answers 400 when Event-Type and eventType differ', async () => {
		const answer = await send(event(), { headers: { 'event-type': 'fraud_status' } });
		expect(answer.status).toBe(400);
		expect(answer.body.valid).toBe(false);
		expect(answer.body.message).toMatch(/Event-Type/);
	});

	it.each(['2017-07-25T10:31:28', '2017-07-25', 'yesterday', '2017-13-25T10:31:28Z'])(
		'answers 400 for timestamp %s',
		async (timestamp) => {
			const answer = await send(event({ timestamp }));
			expect(answer.status).toBe(400);
			expect(answer.body.message).toMatch(/timestamp/);
		},
	);

	it('accepts a timestamp with an offset', async () => {
		expect((await send(event({ timestamp: '2026-01-15T19:00:00+01:00' }))).status).toBe(201);
	});

	it('answers 404 for an unknown tenant', async () => {
		expect((await send(event(), { tenant: 'other' })).status).toBe(404);
	});

	it('answers 401 with the Event API body and 403 without the events scope', async () => {
		const unauthorized = await send(event(), { token: 'nope' });
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.body).toEqual({
			error: 'unauthorized',
			error_description: 'Full authentication is required to access this resource',
		});
		const other = await tokenWithScopes(sandbox, ['case:delete']);
		const forbidden = await send(event(), { token: other });
		expect(forbidden.status).toBe(403);
		expect(forbidden.body.scope).toBe('events');
	});
});

describe('Event API: receive (long poll)', () => {
	it('returns events after lastEventId, with a next link and count', async () => {
		sandbox.state.addOutgoingEvent('case_created', { case: { number: 'CN1' } });
		sandbox.state.addOutgoingEvent('claim_updated');
		sandbox.state.addOutgoingEvent('case_settled');
		const all = await receive();
		expect(all.status).toBe(200);
		expect(all.body.data.map((e: { id: string }) => e.id)).toEqual(['_1', '_2', '_3']);
		expect(all.body.meta).toEqual({ count: 3 });
		expect(all.body.links.next).toBe(
			`${sandbox.url}/api/events/v1/dk/external/abcinsurance/receive?lastEventId=_3`,
		);
		expect(all.body.data[0]).toEqual({
			id: '_1',
			type: 'event',
			timestamp: expect.stringMatching(/^2026-01-15T18:/),
			attributes: {
				eventType: 'case_created',
				payloadVersion: '1.0.0',
				correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				case: { number: 'CN1' },
			},
		});
		const after = await receive('?lastEventId=_1&limit=1');
		expect(after.body.data.map((e: { id: string }) => e.id)).toEqual(['_2']);
		expect(after.body.links.next).toBe(
			`${sandbox.url}/api/events/v1/dk/external/abcinsurance/receive?lastEventId=_2&limit=1`,
		);
	});

	it('holds an empty poll for eventHoldMs, then answers with no data and the same next id', async () => {
		sandbox.state.addOutgoingEvent('case_created');
		const started = Date.now();
		const answer = await receive('?lastEventId=_1');
		expect(Date.now() - started).toBeGreaterThanOrEqual(90);
		expect(answer.body.data).toEqual([]);
		expect(answer.body.meta.count).toBe(0);
		expect(answer.body.links.next).toMatch(/lastEventId=_1$/);
	});

	it('answers a held poll as soon as an event arrives', async () => {
		// Held far longer than any scheduling delay: answering well before it proves promptness.
		const slow = await startSandbox({ eventHoldMs: 25_000 });
		try {
			const slowToken = await tokenWithScopes(slow, ['events']);
			const started = Date.now();
			const pending = call(`${slow.url}/api/events/v1/dk/external/abcinsurance/receive`, {
				token: slowToken,
			});
			setTimeout(() => slow.state.addOutgoingEvent('case_created'), 50);
			const answer = await pending;
			expect(Date.now() - started).toBeLessThan(12_500);
			expect(
				answer.body.data.map((e: { attributes: { eventType: string } }) => e.attributes.eventType),
			).toEqual(['case_created']);
		} finally {
			await slow.close();
		}
	});

	it('sends a Date header from the sandbox clock, the clock of the event timestamps', async () => {
		sandbox.clock.set('2020-02-03T04:05:06.000Z');
		const event = sandbox.state.addOutgoingEvent('case_created');
		const answer = await receive();
		expect(answer.headers.get('date')).toBe('Mon, 03 Feb 2020 04:05:06 GMT');
		expect(event.timestamp.startsWith('2020-02-03T04:05:06')).toBe(true);
	});

	it('answers 400 for an unknown lastEventId', async () => {
		const answer = await receive('?lastEventId=_999');
		expect(answer.status).toBe(400);
	});

	it('answers 401 with the Event API body', async () => {
		const answer = await receive('', { token: 'nope' });
		expect(answer.status).toBe(401);
		expect(answer.body.error).toBe('unauthorized');
	});
});
