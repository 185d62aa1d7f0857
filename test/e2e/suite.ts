/**
 * The same end-to-end checks against one pinned n8n runtime: the packed package installed as a
 * community package, credentials and workflows imported with the n8n CLI, each scenario run
 * headless with `n8n execute --id --rawOutput`, then the node output and the sandbox journal
 * (what the vendor saw) asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	installIntoUserFolder,
	PACKAGE_NAME,
	type InstalledPackage,
} from '../../scripts/runtime/communityPackage';
import { ensureRuntime } from '../../scripts/runtime/install';
import {
	createInstance,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	type N8nInstance,
} from '../../scripts/runtime/n8nProcess';
import { RUNTIMES, parseRuntimeNames, type RuntimeName } from '../../scripts/runtime/runtimes';
import {
	openSandbox,
	sandboxCredentials,
	type CredentialRecord,
	type SandboxLink,
} from '../../scripts/runtime/sandboxLink';
import { OTHER_EXAMPLES } from './otherExamples';
import {
	exampleFiles,
	isolate,
	loadExample,
	packageNode,
	packageNodeTypes,
	withCaseTokens,
	type Scenario,
	type Workflow,
} from './workflows';

const OPEN = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';
const NO_LINES = '00000000-0000-4000-8000-000000000001';
const SUBMITTED = '00000000-0000-4000-8000-000000000002';
const SELF_SERVICE_EXAMPLE = 'scalepoint-self-service-submit-case.json';

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

const timings: string[] = [];
function timed(label: string, ms: number): void {
	timings.push(`${label}: ${(ms / 1000).toFixed(1)} s`);
}

export function describeRuntime(name: RuntimeName): void {
	const spec = RUNTIMES[name];
	const selected = parseRuntimeNames(process.env.E2E_RUNTIMES).includes(name);
	(selected ? describe : describe.skip)(`real n8n ${spec.n8nVersion}`, () => {
		let sandbox: SandboxLink;
		let instance: N8nInstance;
		let installed: InstalledPackage;
		let userFolder: string;
		let baseCredentials: CredentialRecord[];
		const scenarios = new Map<string, Scenario>();
		const suiteStarted = Date.now();

		function define(key: string, scenario: Scenario): void {
			scenarios.set(key, scenario);
		}

		async function run(key: string) {
			const scenario = scenarios.get(key);
			if (!scenario) throw new Error(`scenario ${key} was not set up`);
			const execution = await executeWorkflow(instance, scenario.workflow.id);
			timed(`${spec.n8nVersion} execute ${key}`, execution.ms);
			return { execution, node: execution.node(packageNode(scenario.workflow).name), scenario };
		}

		beforeAll(async () => {
			const runtime = await ensureRuntime(spec);
			sandbox = await openSandbox();
			userFolder = mkdtempSync(join(tmpdir(), `e2e-n8n-${spec.n8nVersion}-`));
			instance = createInstance(runtime, {
				userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
			});
			const tarball = process.env.E2E_TARBALL;
			if (!tarball)
				throw new Error(
					'E2E_TARBALL is not set: run through test/e2e/jest.config.js (globalSetup packs the package)',
				);
			installed = installIntoUserFolder(tarball, userFolder);
			baseCredentials = sandboxCredentials(sandbox);

			const selfService = loadExample(SELF_SERVICE_EXAMPLE, sandbox.url);
			define('example', isolate(selfService, baseCredentials));
			define(
				'errorOutput',
				isolate(selfService, baseCredentials, withCaseTokens([OPEN, SUBMITTED])),
			);
			define(
				'fifty',
				isolate(
					selfService,
					baseCredentials,
					withCaseTokens(Array.from({ length: 50 }, () => NO_LINES)),
				),
			);
			define(
				'midRun401',
				isolate(
					selfService,
					baseCredentials,
					withCaseTokens(Array.from({ length: 10 }, () => NO_LINES)),
				),
			);
			for (const file of exampleFiles()) {
				if (file === SELF_SERVICE_EXAMPLE) continue;
				const workflow = loadExample(file, sandbox.url);
				if (loadable(workflow)) define(file, isolate(workflow, baseCredentials));
			}

			const all = [...scenarios.values()];
			const credentials = await importCredentials(
				instance,
				all.flatMap((scenario) => scenario.credentials),
			);
			timed(`${spec.n8nVersion} import:credentials (first command, migrations)`, credentials.ms);
			const workflows = await importWorkflows(
				instance,
				all.map((scenario) => scenario.workflow),
			);
			timed(`${spec.n8nVersion} import:workflow (${all.length})`, workflows.ms);
		}, 900_000);

		beforeEach(async () => {
			await sandbox.reset();
		});

		afterAll(async () => {
			timed(`${spec.n8nVersion} whole suite`, Date.now() - suiteStarted);
			process.stderr.write(`\n[e2e timings]\n  ${timings.join('\n  ')}\n`);
			await sandbox?.close();
			if (userFolder && process.env.E2E_KEEP !== '1')
				rmSync(userFolder, { recursive: true, force: true });
		});

		/** A workflow runs here only if every package node it uses was built and installed. */
		function loadable(workflow: Workflow): boolean {
			const types = new Set(
				installed.nodes.map((entry) =>
					entry
						.split('/')
						.pop()!
						.replace(/\.node\.js$/, '')
						.toLowerCase(),
				),
			);
			return packageNodeTypes(workflow).every((type) => types.has(type.toLowerCase()));
		}

		it('Self-Service example: submits each case once, reports every vendor code, one token', async () => {
			const { execution, node } = await run('example');
			expect(execution.code).toBe(0);
			expect(node.output).toEqual([
				{
					success: true,
					submitted: true,
					code: 'SUCCESS',
					caseToken: OPEN,
					message: 'The case was submitted to ClaimShop',
				},
				expect.objectContaining({
					success: true,
					submitted: false,
					code: 'NO_LINES_TO_SUBMIT',
					caseToken: NO_LINES,
				}),
			]);
			expect(node.errorOutput).toHaveLength(1);
			expect(String(node.errorOutput[0].error)).toContain('CASE_ALREADY_SUBMITTED');

			const tokens = await sandbox.requests('scalepoint.token');
			expect(tokens).toHaveLength(1);
			expect(tokens[0].bodyText).toContain('grant_type=client_credentials');
			expect(tokens[0].bodyText).toContain(
				'client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer',
			);
			const submits = await sandbox.requests('selfService.submit');
			expect(submits.map((entry) => entry.rawPath).sort()).toEqual(
				[OPEN, NO_LINES, SUBMITTED]
					.map((token) => `/self-service/dk/api/abcinsurance/case/${token}/submitted`)
					.sort(),
			);
			for (const entry of submits) {
				expect(entry.method).toBe('POST');
				expect(entry.headers.authorization).toMatch(/^Bearer \S+$/);
				expect(entry.bodyBytes).toBe(0);
			}
			const state = (await sandbox.state()) as {
				selfServiceCases: Record<string, { status: string }>;
			};
			expect(state.selfServiceCases[OPEN].status).toBe('submitted');
		});

		it('a vendor error with "continue (using error output)": the failing case goes to the error output, paired', async () => {
			const { execution, node } = await run('errorOutput');
			expect(execution.code).toBe(0);
			expect(node.output).toEqual([expect.objectContaining({ code: 'SUCCESS', caseToken: OPEN })]);
			expect(node.errorOutput).toHaveLength(1);
			expect(String(node.errorOutput[0].error)).toContain('CASE_ALREADY_SUBMITTED');
			expect(JSON.stringify(node.errorOutput)).not.toMatch(/BEGIN (RSA )?PRIVATE KEY|Bearer /);
			expect(await sandbox.requests('selfService.submit')).toHaveLength(2);
		});

		it('50 items: exactly one token request (primed before fanning out), 50 submissions with that token', async () => {
			const { execution, node } = await run('fifty');
			expect(execution.code).toBe(0);
			expect(node.output.map((item) => item.code)).toEqual(Array(50).fill('NO_LINES_TO_SUBMIT'));
			expect(await sandbox.requests('scalepoint.token')).toHaveLength(1);
			const submits = await sandbox.requests('selfService.submit');
			expect(submits).toHaveLength(50);
			expect(new Set(submits.map((entry) => entry.headers.authorization)).size).toBe(1);
		});

		it('a 401 mid-run: one token refresh, the refused request is resent with the new token, all succeed', async () => {
			// The first three submissions pass untouched, the fourth is refused as if the token expired.
			await sandbox.addFault({ route: 'selfService.submit', times: 3 });
			await sandbox.addFault({
				route: 'selfService.submit',
				status: 401,
				body: '{"success":false,"code":"UNAUTHORIZED","message":"access token is not valid"}',
			});
			const { execution, node } = await run('midRun401');
			expect(node.errorOutput).toEqual([]);
			expect(node.output.map((item) => item.code ?? item.error)).toEqual(
				Array(10).fill('NO_LINES_TO_SUBMIT'),
			);
			expect(execution.code).toBe(0);
			expect(await sandbox.requests('scalepoint.token')).toHaveLength(2);
			const submits = await sandbox.requests('selfService.submit');
			expect(submits).toHaveLength(11);
			expect(submits.filter((entry) => entry.status === 401)).toHaveLength(1);
			// Requests already in flight carry the old token; the resend (the last one) the new one.
			const refused = submits.find((entry) => entry.status === 401)!;
			expect(new Set(submits.map((entry) => entry.headers.authorization)).size).toBe(2);
			expect(submits[submits.length - 1].headers.authorization).not.toBe(
				refused.headers.authorization,
			);
			expect(submits[submits.length - 1].status).toBe(200);
		});

		for (const example of OTHER_EXAMPLES) {
			it(`${example.file}: success path`, async () => {
				if (!scenarios.has(example.file)) {
					process.stderr.write(
						`[e2e] ${spec.n8nVersion}: ${example.file} skipped, its node is not built yet\n`,
					);
					return;
				}
				await example.prepare?.(sandbox);
				const { execution, node } = await run(example.file);
				expect(execution.code).toBe(0);
				expect(node.errorOutput).toEqual([]);
				expect(node.output.length).toBeGreaterThan(0);
				await example.check(node.output, sandbox);
			});
		}

		it('loads the package as a community package (node types are <package>.<node>)', () => {
			expect(installed.nodes).toContain(
				'dist/nodes/ScalepointSelfService/ScalepointSelfService.node.js',
			);
			expect(packageNodeTypes(loadExample(SELF_SERVICE_EXAMPLE, sandbox.url))).toEqual([
				'scalepointSelfService',
			]);
			expect(PACKAGE_NAME).toBe('n8n-nodes-scalepoint-thinksurance');
		});
	});
}
