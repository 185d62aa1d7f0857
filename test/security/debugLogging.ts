/**
 * Imported first by the secret-leak scans: n8n reads its log level when first imported, and the
 * scan must see what n8n writes at debug level. Every console/stdout/stderr write is captured.
 */
process.env.N8N_LOG_LEVEL = 'debug';

export const captured: string[] = [];

// n8n's winston console transport writes to `console._stdout` when it exists; in a jest worker
// that is the worker's own buffered stream, not process.stdout, so both are captured.
const jestConsole = console as unknown as {
	_stdout?: NodeJS.WriteStream;
	_stderr?: NodeJS.WriteStream;
};
const streams = [
	...new Set([process.stdout, process.stderr, jestConsole._stdout, jestConsole._stderr]),
].filter((stream): stream is NodeJS.WriteStream => stream !== undefined);
const originalWrites = streams.map((stream) => stream.write.bind(stream));
const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const originalConsole = consoleMethods.map((name) => console[name]);

export function startCapture() {
	streams.forEach((stream, index) => {
		stream.write = ((chunk: unknown, ...rest: unknown[]) => {
			captured.push(
				typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(),
			);
			return (originalWrites[index] as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stream.write;
	});
	consoleMethods.forEach((name) => {
		console[name] = (...args: unknown[]) => {
			captured.push(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
		};
	});
}

export function stopCapture() {
	streams.forEach((stream, index) => (stream.write = originalWrites[index] as typeof stream.write));
	consoleMethods.forEach((name, index) => (console[name] = originalConsole[index]));
	// Later test files in this worker start with n8n's quiet default again.
	delete process.env.N8N_LOG_LEVEL;
}

function safeJson(value: unknown) {
	try {
		return value instanceof Error ? `${value.message} ${value.stack ?? ''}` : JSON.stringify(value);
	} catch {
		return String(value);
	}
}
