/**
 * Deliveries of one notification in flight at the same time. n8n reads the trigger's credential
 * from its database (an await with real latency) and saves static data only after a call ended,
 * so a repeat can arrive while the first delivery is still being checked. Here the credential
 * read is held at a gate until the calls under test are all waiting there, then released: the
 * overlap is certain, not a matter of timing.
 */
import { request } from 'node:http';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialsHelperWith } from '../harness/runWorkflow';
import { startWebhookServer, type WebhookServer } from '../harness/webhookServer';
import { exampleNotification } from '../sandbox/notificationSender';

const HEADER = { name: 'X-Thinksurance-Secret', value: 'webhook-secret-0123456789' };
const CREDENTIAL = {
	authentication: 'header',
	headerName: HEADER.name,
	headerSecret: HEADER.value,
};
const RIGHT = { [HEADER.name]: HEADER.value };
const WRONG = { [HEADER.name]: 'not-the-secret' };

let webhook: WebhookServer | undefined;
afterEach(async () => {
	expect(webhook?.failures ?? []).toEqual([]);
	await webhook?.close();
	webhook = undefined;
});

/** The trigger (Header credential) whose credential reads wait at a gate the test opens. */
async function gatedTrigger() {
	const credentials = credentialsHelperWith({
		thinksuranceWebhookApi: CREDENTIAL as ICredentialDataDecryptedObject,
	});
	const read = credentials.getDecrypted.bind(credentials);
	const held: Array<() => void> = [];
	let arrived = () => {};
	credentials.getDecrypted = async (...args: Parameters<typeof read>) => {
		await new Promise<void>((resolve) => {
			held.push(resolve);
			arrived();
		});
		return await read(...args);
	};
	webhook = await startWebhookServer({
		type: 'thinksuranceTrigger',
		parameters: { authentication: 'credential' },
		credentials,
		credentialTypes: ['thinksuranceWebhookApi'],
	});
	return {
		server: webhook,
		/** Resolves once `count` calls in all have reached the credential read. */
		waiting: (count: number) =>
			new Promise<void>((resolve) => {
				arrived = () => held.length >= count && resolve();
				arrived();
			}),
		open: () => held.splice(0).forEach((release) => release()),
	};
}

function post(url: string, body: string, headers: Record<string, string>) {
	return new Promise<number>((resolve, reject) => {
		const call = request(
			url,
			{ method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
			(response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode!));
			},
		);
		call.on('error', reject);
		call.end(body);
	});
}

const emittedIds = (server: WebhookServer) =>
	server.emitted.flatMap((data) => data[0].map((item) => item.json.notificationId));

describe('deliveries of one notification in flight at the same time', () => {
	it('are all answered 204 and emitted once', async () => {
		const { server, waiting, open } = await gatedTrigger();
		const notification = exampleNotification();
		const body = JSON.stringify(notification);

		const answers = [1, 2, 3].map(() => post(server.url, body, RIGHT));
		await waiting(3);
		open();

		expect(await Promise.all(answers)).toEqual([204, 204, 204]);
		expect(emittedIds(server)).toEqual([notification.notificationId]);
	});

	it('a refused twin that arrived first does not make the correct delivery be dropped', async () => {
		const { server, waiting, open } = await gatedTrigger();
		const notification = exampleNotification();
		const body = JSON.stringify(notification);

		// The wrong-secret call claims the id first; the correct one waits for its outcome.
		const refused = post(server.url, body, WRONG);
		await waiting(1);
		const accepted = post(server.url, body, RIGHT);
		await waiting(2);
		open();

		expect(await refused).toBe(403);
		expect(await accepted).toBe(204);
		expect(emittedIds(server)).toEqual([notification.notificationId]);
	});

	it('a refused delivery leaves no mark: the correct redelivery afterwards is emitted', async () => {
		const { server, waiting, open } = await gatedTrigger();
		const notification = exampleNotification();
		const body = JSON.stringify(notification);

		const refused = post(server.url, body, WRONG);
		await waiting(1);
		open();
		expect(await refused).toBe(403);
		const accepted = post(server.url, body, RIGHT);
		await waiting(1);
		open();
		expect(await accepted).toBe(204);

		expect(emittedIds(server)).toEqual([notification.notificationId]);
	});
});
