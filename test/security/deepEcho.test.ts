/**
 * A secret echoed deep inside an answer's data (here 40 levels down an inquiry of Get Many) is
 * redacted like one at the top: redaction walks the whole answer, at any depth
 * (nodes/shared/redact.ts). It once stopped at 32 levels and passed the rest through unchecked.
 */
import { runNode } from '../harness/runWorkflow';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { credentialsFor, USER, visibleText } from '../Thinksurance/fixtures';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ thinksurance: { users: [USER] } });
});
afterAll(() => sandbox.close());

it('Thinksurance Get Many: the credential hash and secret echoed 40 levels deep never reach the output', async () => {
	let deep: unknown = { echoed: `hash was ${USER.hash}, secret ${USER.secret}` };
	for (let level = 0; level < 40; level++) deep = { n: deep };
	sandbox.reset();
	sandbox.faults.add({
		route: 'thinksurance.inquiries.list',
		status: 200,
		body: JSON.stringify({ '187888': { sHash: 'h', data: { iId: 187888, extra: deep } } }),
	});
	const result = await runNode({
		type: 'thinksurance',
		parameters: { resource: 'inquiry', operation: 'getAll', returnAll: true },
		credentials: credentialsFor(sandbox),
		onError: 'continueErrorOutput',
	});
	const text = visibleText(result);
	expect(text).not.toContain(USER.hash);
	expect(text).not.toContain(USER.secret);
	expect(text).toContain('[redacted]');
});
