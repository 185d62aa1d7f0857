import { createServer } from 'node:net';

// Ports handed out by this process. The OS may give a just-released port to the next listen(0),
// so two calls in a row could return the same one (n8n then finds its task-broker port "already
// in use" by its own main port); a port is never handed out twice.
const handedOut = new Set<number>();

/** A free port on 127.0.0.1 (n8n, its task broker, Postgres, Redis, the sandbox). */
export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await listenOnce();
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('No free port on 127.0.0.1 that was not handed out already');
}

async function listenOnce(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
