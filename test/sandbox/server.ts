import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createClock } from './clock';
import type { SandboxConfig, SandboxDeps } from './context';
import { CONTROL_PREFIX, handleControl } from './control';
import { describeFault, FaultStore } from './faults';
import { json, parseJson, readBody, sleep, type Reply, type RequestContext } from './http';
import { Journal, JOURNAL_BODY_LIMIT } from './journal';
import { InFlightLimiter, SlidingWindowLimiter } from './rateLimit';
import { writeDribbled, writeReply } from './respond';
import { deliverNotification } from './notificationSender';
import { matchRoute } from './router';
import { SandboxState } from './state';
import type { Fault, Sandbox, SandboxOptions } from './types';

export type * from './types';
export { SandboxState } from './state';
export { ECB_ALLOWED_EXTENSIONS } from './ecbExtensions';

/** 18:00 UTC: inside the case deletion window, so deletion works unless a test moves the clock. */
export const DEFAULT_START_TIME = '2026-01-15T18:00:00.000Z';
const CONTROL_MAX_BODY_BYTES = 10 * 1024 * 1024;

function resolveConfig(options: SandboxOptions): SandboxConfig {
	const errorStyle = options.thinksurance?.errorStyle ?? 'http200';
	return {
		startTime: options.startTime ?? DEFAULT_START_TIME,
		tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
		eventHoldMs: options.eventHoldMs ?? 25_000,
		hubRateLimit: options.hubRateLimit ?? { perSecond: 5, perMinute: 100 },
		claimShopMaxInFlight: options.claimShopMaxInFlight ?? 5,
		clients: new Map((options.scalepointClients ?? []).map((c) => [c.clientId, { ...c }])),
		thinksuranceUsers: [...(options.thinksurance?.users ?? [])],
		thinksuranceErrorStyle: errorStyle,
		initialThinksuranceErrorStyle: errorStyle,
		thinksuranceListKey: options.thinksurance?.listKey ?? 'agencyNumberSets',
	};
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}

/** Starts the fake vendor APIs on 127.0.0.1 (never another interface). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const config = resolveConfig(options);
	const clock = createClock(config.startTime);
	const state = new SandboxState(
		() => clock.now(),
		() => config.thinksuranceUsers,
	);
	const journal = new Journal();
	const faults = new FaultStore();
	const closing = new AbortController();
	const deps: SandboxDeps = {
		url: '',
		tokenUrl: '',
		clock,
		state,
		config,
		hubLimiter: new SlidingWindowLimiter(() => config.hubRateLimit),
		claimShopLimiter: new InFlightLimiter(() => config.claimShopMaxInFlight),
	};

	const sandbox: Sandbox = {
		url: '',
		tokenUrl: '',
		journal: journal.entries,
		clearJournal: () => journal.clear(),
		requests: (route) => journal.byRoute(route),
		clock: { now: clock.now, set: clock.set, advance: clock.advance },
		faults: { add: (fault) => faults.add(fault), clear: () => faults.clear() },
		state,
		setThinksuranceErrorStyle(style) {
			config.thinksuranceErrorStyle = style;
		},
		addScalepointClient(client) {
			config.clients.set(client.clientId, { ...client });
		},
		deliverNotification: (delivery) =>
			deliverNotification(delivery, journal, () => clock.now(), closing.signal),
		reset() {
			journal.clear();
			faults.clear();
			state.reset();
			deps.hubLimiter.reset();
			clock.restart();
			config.thinksuranceErrorStyle = config.initialThinksuranceErrorStyle;
		},
		close: () => closeServer(),
	};

	/** One wrapper for every route: journal, faults, body reading, error safety. */
	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const target = req.url ?? '/';
		const queryAt = target.indexOf('?');
		const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
		const query = Object.fromEntries(
			new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1)),
		);
		const method = req.method ?? 'GET';

		if (rawPath.startsWith(CONTROL_PREFIX)) {
			const { body } = await readBody(req, CONTROL_MAX_BODY_BYTES);
			writeReply(res, await handleControl(method, rawPath, body, sandbox), undefined, false);
			return;
		}

		const match = matchRoute(method, rawPath);
		const entry = journal.add({
			at: clock.now().toISOString(),
			route: match?.route ?? 'unknown',
			method,
			rawPath,
			query,
			headers: flattenHeaders(req.headers),
			...(match ? { params: match.params } : {}),
		});
		const fault: Fault | undefined = faults.take(entry.route);
		if (fault) entry.fault = describeFault(fault);
		// A client that gives up (a deadline) closes the connection before the answer is complete.
		res.on('close', () => {
			if (!res.writableFinished && !closing.signal.aborted && !fault?.reset) {
				entry.closedByClient = true;
			}
		});
		if (fault?.reset === 'beforeRequest') {
			req.socket.destroy();
			return;
		}

		const read = await readBody(req, match?.maxBodyBytes ?? CONTROL_MAX_BODY_BYTES);
		entry.bodyBytes = read.bytes;
		entry.bodyText = read.body.subarray(0, JOURNAL_BODY_LIMIT).toString('utf8');
		if (read.bytes <= JOURNAL_BODY_LIMIT) {
			const parsed = parseJson(read.body);
			if (parsed.ok) entry.json = parsed.value;
		}
		if (fault?.delayMs) await sleep(fault.delayMs, closing.signal);
		if (closing.signal.aborted) return;

		let reply: Reply;
		if (fault && (fault.status !== undefined || fault.body !== undefined)) {
			reply = { status: fault.status ?? 500, body: fault.body ?? '' };
		} else if (!match) {
			reply = json(404, { error: 'not_found' });
		} else if (read.tooLarge && !match.handlesTooLarge) {
			reply = json(413, { error: 'payload_too_large' });
		} else {
			const ctx: RequestContext = {
				method,
				rawPath,
				query,
				headers: entry.headers,
				params: match.params,
				body: read.body,
				bodyTooLarge: read.tooLarge,
				entry,
				signal: closing.signal,
			};
			reply = await match.handler(ctx, deps);
		}
		if (fault?.headers) reply = { ...reply, headers: { ...reply.headers, ...fault.headers } };
		if (fault?.reset === 'afterRequest' || closing.signal.aborted) {
			req.socket.destroy();
			return;
		}
		if (fault?.dribble) {
			entry.status = await writeDribbled(res, reply, fault.dribble, closing.signal);
			return;
		}
		// The rest of an oversized body was never read: do not reuse this connection.
		entry.status = writeReply(res, reply, fault, read.tooLarge);
	}

	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (res.headersSent || res.destroyed) return;
			const message = error instanceof Error ? error.message : String(error);
			writeReply(res, json(500, { error: 'sandbox_error', message }), undefined, false);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	let closed: Promise<void> | undefined;
	function closeServer(): Promise<void> {
		closed ??= new Promise((resolve) => {
			closing.abort();
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
		});
		return closed;
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	deps.url = sandbox.url = `http://127.0.0.1:${port}`;
	deps.tokenUrl = sandbox.tokenUrl = `${sandbox.url}/connect/token`;
	return sandbox;
}
