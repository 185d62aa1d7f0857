/**
 * The ceiling: the same Event API calls from a plain Node loop with a keep-alive agent and a fixed
 * number in flight, no n8n. Run by Node 24 directly (type stripping), so it imports only node:*.
 *
 *   node scripts/bench/bareClient.ts <url> <token> <count> <concurrency>
 * Prints one JSON line: { ms, count, statuses }.
 */
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';

const [url, token, countText, concurrencyText] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const statuses: Record<string, number> = {};

function post(index: number): Promise<void> {
	const n = String(index).padStart(12, '0');
	const body = JSON.stringify({
		eventType: 'fraud_status',
		payloadVersion: '1.0.0',
		correlationId: randomUUID(),
		timestamp: new Date().toISOString(),
		status: 'NOT_FRAUDULENT',
		case: { token: `00000000-0000-4000-8000-${n}` },
	});
	return new Promise((done, fail) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent,
				headers: {
					Authorization: `Bearer ${token}`,
					'Event-Type': 'fraud_status',
					'Content-Type': 'application/json;charset=utf-8',
					Accept: 'application/json',
					'Content-Length': Buffer.byteLength(body),
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					JSON.parse(Buffer.concat(chunks).toString('utf8'));
					const key = String(res.statusCode);
					statuses[key] = (statuses[key] ?? 0) + 1;
					done();
				});
			},
		);
		req.on('error', fail);
		req.end(body);
	});
}

async function main() {
	let next = 0;
	const started = performance.now();
	const worker = async () => {
		while (next < count) await post(next++);
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const ms = performance.now() - started;
	agent.destroy();
	console.log(JSON.stringify({ ms, count, statuses }));
}

void main();
