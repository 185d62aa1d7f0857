/**
 * The Thinksurance Trigger's webhook() behind a real HTTP server (test/harness/webhookServer.ts),
 * called by the sandbox's notification sender the way Thinksurance calls a partner (V2
 * Notification page): POST JSON, 204 expected, anything else retried, at most three attempts.
 * Assertions read what the trigger emitted and the sandbox journal (what Thinksurance saw).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialsHelperWith } from '../harness/runWorkflow';
import { startWebhookServer, type WebhookServer } from '../harness/webhookServer';
import { exampleNotification } from '../sandbox/notificationSender';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { MAX_NOTIFICATION_DEPTH } from '../../nodes/ThinksuranceTrigger/helpers/bodyDepth';
import { MAX_NOTIFICATION_BYTES } from '../../nodes/ThinksuranceTrigger/helpers/bodySize';

const HEADER = { name: 'X-Thinksurance-Secret', value: 'webhook-secret-0123456789' };
const BASIC = { user: 'thinksurance', password: 'päss:word-0123' };
/** Thinksurance Webhook API credentials, as the user fills them in after talking to Support. */
const HEADER_CREDENTIAL = {
	authentication: 'header',
	headerName: HEADER.name,
	headerSecret: HEADER.value,
};
const BASIC_CREDENTIAL = {
	authentication: 'basicAuth',
	user: BASIC.user,
	password: BASIC.password,
};

let sandbox: Sandbox;
let webhook: WebhookServer | undefined;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
afterEach(async () => {
	expect(webhook?.failures ?? []).toEqual([]);
	await webhook?.close();
	webhook = undefined;
	sandbox.reset();
});

/** The trigger with Authentication None, or Credential holding `credential`. */
async function trigger(credential?: ICredentialDataDecryptedObject) {
	webhook = await startWebhookServer({
		type: 'thinksuranceTrigger',
		parameters: { authentication: credential ? 'credential' : 'none' },
		credentials: credentialsHelperWith(credential ? { thinksuranceWebhookApi: credential } : {}),
		credentialTypes: credential ? ['thinksuranceWebhookApi'] : [],
	});
	return webhook;
}

const deliveries = () => sandbox.requests('thinksurance.notification');
const emittedJson = (server: WebhookServer) =>
	server.emitted.flatMap((data) => data[0].map((item) => item.json));

describe('a documented notification', () => {
	it('is answered 204 with an empty body at the first attempt and emitted once, as sent, with its references lifted', async () => {
		const server = await trigger();
		const notification = exampleNotification();
		const result = await sandbox.deliverNotification({ url: server.url, notification });

		expect(result).toEqual({
			delivered: true,
			notificationId: notification.notificationId,
			attempts: [{ attempt: 1, status: 204, answer: '' }],
		});
		const [entry] = await deliveries();
		expect(entry.headers['content-type']).toBe('application/json');
		expect(emittedJson(server)).toEqual([
			{
				...notification,
				inquiryId: '2144385',
				contractId: 'b75fcf90-0584-4bd8-850e-91eb0e4c15e1',
				customerId: '695056',
			},
		]);
	});

	it('lifts the first reference of a type, keeps all in affected, and never replaces a field Thinksurance sent', async () => {
		const server = await trigger();
		const notification = exampleNotification({
			eventType: 'inquiry_created',
			offerId: 'sent-by-thinksurance',
			affected: [
				{ referenceType: 'offer', referenceId: 'o-1' },
				{ referenceType: 'tender', referenceId: 't-1' },
				{ referenceType: 'tender', referenceId: 't-2' },
				{ referenceType: 'somethingNew', referenceId: 'x-1' },
			],
		});
		await sandbox.deliverNotification({ url: server.url, notification });
		const [item] = emittedJson(server);
		expect(item.offerId).toBe('sent-by-thinksurance');
		expect(item.tenderId).toBe('t-1');
		expect(item.affected).toEqual(notification.affected);
		expect(item).not.toHaveProperty('somethingNewId');
		expect(item).not.toHaveProperty('inquiryId');
	});
});

describe('a delivery Thinksurance repeats', () => {
	it('is answered 204 again but emitted only once, also after n8n reloaded the workflow', async () => {
		const server = await trigger();
		const notification = exampleNotification();
		const other = exampleNotification();
		// Thinksurance did not see the first 204 (lost on the way) and sends the same notification.
		await sandbox.deliverNotification({ url: server.url, notification });
		await sandbox.deliverNotification({ url: server.url, notification });
		await sandbox.deliverNotification({ url: server.url, notification: other });

		expect((await deliveries()).map((entry) => entry.status)).toEqual([204, 204, 204]);
		expect(emittedJson(server).map((item) => item.notificationId)).toEqual([
			notification.notificationId,
			other.notificationId,
		]);
		expect(server.staticData()).toEqual({
			'node:Trigger': { recentNotificationKeys: [expect.any(String), expect.any(String)] },
		});
	});
});

describe('a body the trigger cannot use', () => {
	it.each([
		['not an object', '["InquiryOrdered"]', ['The body must be a JSON object']],
		[
			'without notificationId',
			JSON.stringify({ ...exampleNotification(), notificationId: undefined }),
			["Attribute 'notificationId' is missing"],
		],
		[
			'with a bad affected entry and no eventType',
			JSON.stringify({
				...exampleNotification(),
				eventType: '',
				affected: [{ referenceType: 'inquiry' }, 'inquiry'],
			}),
			[
				"Attribute 'eventType' is missing",
				"Attribute 'affected[0].referenceId' is missing",
				"Attribute 'affected[1]' is not an object",
			],
		],
	])(
		'%s: 400 with the documented {"errors": [...]} at every attempt, three attempts in all, nothing emitted',
		async (_case, rawBody, reasons) => {
			const server = await trigger();
			const result = await sandbox.deliverNotification({ url: server.url, rawBody });

			expect(result.delivered).toBe(false);
			expect(result.attempts.map((attempt) => attempt.status)).toEqual([400, 400, 400]);
			const { errors } = JSON.parse(result.attempts[0].answer!) as { errors: string[] };
			for (const [index, reason] of reasons.entries()) expect(errors[index]).toContain(reason);
			expect(server.emitted).toEqual([]);
			expect(server.staticData()).toEqual({});
		},
	);

	it(`is refused with 413 above ${MAX_NOTIFICATION_BYTES / 1024} kB, nothing emitted`, async () => {
		const server = await trigger();
		const notification = exampleNotification({ padding: 'x'.repeat(MAX_NOTIFICATION_BYTES) });
		const result = await sandbox.deliverNotification({
			url: server.url,
			notification,
			maxAttempts: 1,
		});
		expect(result.attempts[0].status).toBe(413);
		expect(server.emitted).toEqual([]);
	});

	it(`is refused with 400 when nested deeper than ${MAX_NOTIFICATION_DEPTH} levels, its id not remembered, so the notification sent flatter is emitted`, async () => {
		const server = await trigger();
		const notification = exampleNotification();
		/** The notification with an `extra` attribute nesting `levels` levels (the body is level 1). */
		const nestedTo = (levels: number) =>
			JSON.stringify(notification).replace(
				/}$/,
				`,"extra":${'{"a":'.repeat(levels - 1)}1${'}'.repeat(levels - 1)}}`,
			);
		// 30 kB, far below the size limit: n8n could not copy or store its item (stack overflow).
		const deep = await sandbox.deliverNotification({
			url: server.url,
			rawBody: nestedTo(5000),
			maxAttempts: 1,
		});
		expect(deep.attempts[0].status).toBe(400);
		expect(JSON.parse(deep.attempts[0].answer!)).toEqual({
			errors: [
				`Attribute 'extra' is nested deeper than ${MAX_NOTIFICATION_DEPTH} levels; notifications carry references only.`,
			],
		});
		expect(server.emitted).toEqual([]);
		expect(server.staticData()).toEqual({});

		const flatter = await sandbox.deliverNotification({
			url: server.url,
			rawBody: nestedTo(MAX_NOTIFICATION_DEPTH),
			maxAttempts: 1,
		});
		expect(flatter.attempts[0].status).toBe(204);
		expect(emittedJson(server).map((item) => item.notificationId)).toEqual([
			notification.notificationId,
		]);
		expect(() => JSON.stringify(emittedJson(server))).not.toThrow();
	});
});

describe('authentication (Thinksurance documents none: the package credential, header or Basic auth)', () => {
	const basic = (user: string, password: string) =>
		`Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

	it.each([
		['header', HEADER_CREDENTIAL, {}, 401],
		['header', HEADER_CREDENTIAL, { [HEADER.name]: 'webhook-secret-0123456788' }, 403],
		['header', HEADER_CREDENTIAL, { [HEADER.name]: `${HEADER.value}9` }, 403],
		['Basic', BASIC_CREDENTIAL, {}, 401],
		['Basic', BASIC_CREDENTIAL, { authorization: 'Bearer abc' }, 401],
		['Basic', BASIC_CREDENTIAL, { authorization: basic(BASIC.user, 'wrong') }, 403],
		['Basic', BASIC_CREDENTIAL, { authorization: basic('someone', BASIC.password) }, 403],
		// An incomplete credential lets nobody in, also not a call that sends the empty value.
		[
			'header, empty Header Value',
			{ ...HEADER_CREDENTIAL, headerSecret: '' },
			{ [HEADER.name]: '' },
			403,
		],
		[
			'Basic, empty Password',
			{ ...BASIC_CREDENTIAL, password: '' },
			{ authorization: basic(BASIC.user, '') },
			403,
		],
	])(
		'%s with headers %j: refused with %i, nothing emitted, no secret in the answer',
		async (_case, credential, headers, status) => {
			const server = await trigger(credential);
			const result = await sandbox.deliverNotification({
				url: server.url,
				headers,
				maxAttempts: 1,
			});
			expect(result.attempts[0].status).toBe(status);
			expect(server.emitted).toEqual([]);
			expect(server.staticData()).toEqual({});
			const answer = result.attempts[0].answer!;
			expect(answer).not.toContain(HEADER.value);
			expect(answer).not.toContain(BASIC.password);
			const [entry] = await deliveries();
			expect(entry.status).toBe(status);
		},
	);

	it('Basic auth: 401 names the scheme (WWW-Authenticate), as n8n’s Webhook node does; a header credential does not', async () => {
		const post = (url: string) =>
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(exampleNotification()),
			});
		const basicAnswer = await post((await trigger(BASIC_CREDENTIAL)).url);
		expect(basicAnswer.status).toBe(401);
		expect(basicAnswer.headers.get('www-authenticate')).toBe('Basic realm="Webhook"');
		expect(webhook!.failures).toEqual([]);
		await webhook!.close();

		const headerAnswer = await post((await trigger(HEADER_CREDENTIAL)).url);
		expect(headerAnswer.status).toBe(401);
		expect(headerAnswer.headers.get('www-authenticate')).toBeNull();
	});

	it.each([
		['header', HEADER_CREDENTIAL, { [HEADER.name.toLowerCase()]: HEADER.value }],
		['Basic', BASIC_CREDENTIAL, { authorization: basic(BASIC.user, BASIC.password) }],
	])('%s with the right secret: 204 and emitted', async (_case, credential, headers) => {
		const server = await trigger(credential);
		const result = await sandbox.deliverNotification({ url: server.url, headers });
		expect(result.attempts).toEqual([{ attempt: 1, status: 204, answer: '' }]);
		expect(server.emitted).toHaveLength(1);
	});
});
