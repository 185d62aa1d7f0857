/**
 * The sandbox's Thinksurance notification sender against misbehaving loopback partners: success
 * is exactly 204; any other answer, or none, is retried, three attempts in all (V2 Notification
 * page: "a maximum of three attempts"); every attempt is in the journal.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOTIFICATION_MAX_ATTEMPTS, exampleNotification } from './notificationSender';
import { startSandbox, type Sandbox } from './server';

let sandbox: Sandbox;
let partner: Server | undefined;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
afterEach(async () => {
	sandbox.reset();
	if (partner) await new Promise((done) => partner!.close(done));
	partner = undefined;
});

/** A partner that answers the n-th call with answers[n] (the last one repeats). */
async function partnerAnswering(answers: number[]): Promise<string> {
	let calls = 0;
	partner = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const status = answers[Math.min(calls++, answers.length - 1)];
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(status === 204 ? undefined : '{"errors":["no"]}');
		});
	});
	await new Promise<void>((done) => partner!.listen(0, '127.0.0.1', done));
	return `http://127.0.0.1:${(partner.address() as AddressInfo).port}/hook`;
}

it('a 204 at once: one attempt, journaled with the JSON body and headers', async () => {
	const url = await partnerAnswering([204]);
	const notification = exampleNotification();
	const result = await sandbox.deliverNotification({
		url,
		notification,
		headers: { 'X-Secret': 's' },
	});
	expect(result).toEqual({
		delivered: true,
		notificationId: notification.notificationId,
		attempts: [{ attempt: 1, status: 204, answer: '' }],
	});
	const [entry] = sandbox.requests('thinksurance.notification');
	expect(entry).toEqual(
		expect.objectContaining({
			method: 'POST',
			rawPath: '/hook',
			status: 204,
			json: notification,
			delivery: { url, attempt: 1, answer: '' },
		}),
	);
	expect(entry.headers).toEqual(
		expect.objectContaining({
			'content-type': 'application/json',
			accept: 'application/json',
			'x-secret': 's',
		}),
	);
});

it.each([
	['500 then 204', [500, 204], [500, 204], true],
	['200 (not 204) every time', [200], [200, 200, 200], false],
	['400 every time', [400], [400, 400, 400], false],
])('%s: attempts %j, at most three', async (_case, answers, statuses, delivered) => {
	const url = await partnerAnswering(answers);
	const result = await sandbox.deliverNotification({ url, retryDelayMs: 0 });
	expect(result.delivered).toBe(delivered);
	expect(result.attempts.map((attempt) => attempt.status)).toEqual(statuses);
	expect(sandbox.requests('thinksurance.notification').map((entry) => entry.status)).toEqual(
		statuses,
	);
	expect(statuses.length).toBeLessThanOrEqual(NOTIFICATION_MAX_ATTEMPTS);
});

it('nobody listening: three attempts, each with the error, no status', async () => {
	const url = await partnerAnswering([204]);
	await new Promise((done) => partner!.close(done));
	partner = undefined;
	const result = await sandbox.deliverNotification({ url, retryDelayMs: 0 });
	expect(result.delivered).toBe(false);
	expect(result.attempts).toHaveLength(3);
	for (const attempt of result.attempts) {
		expect(attempt.status).toBeUndefined();
		expect(attempt.error).toBeTruthy();
	}
});

it('the control endpoint delivers and answers with the outcome; it refuses a non-loopback URL', async () => {
	const url = await partnerAnswering([204]);
	const answer = await fetch(`${sandbox.url}/__sandbox/thinksurance/notifications`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ url }),
	});
	expect(answer.status).toBe(200);
	expect(await answer.json()).toEqual(expect.objectContaining({ delivered: true }));

	const refused = await fetch(`${sandbox.url}/__sandbox/thinksurance/notifications`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ url: 'http://example.com/hook' }),
	});
	expect(refused.status).toBe(400);
	expect(sandbox.requests('thinksurance.notification')).toHaveLength(1);
});
