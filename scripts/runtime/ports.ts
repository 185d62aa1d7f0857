import { createServer } from 'node:net';

/** A free port on 127.0.0.1 (n8n, its task broker, Postgres, Redis, the sandbox). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
