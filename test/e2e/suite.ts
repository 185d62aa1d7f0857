/**
 * The same end-to-end checks against one pinned n8n runtime: the packed package installed as a
 * community package, credentials and workflows imported with the n8n CLI, each scenario run
 * headless with `n8n execute --id --rawOutput`, then the node output and the sandbox journal
 * (what the vendor saw) asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	installIntoUserFolder,
	PACKAGE_NAME,
	type InstalledPackage,
} from '../../scripts/runtime/communityPackage';
import { ensureRuntime } from '../../scripts/runtime/install';
import {
	activateWorkflow,
	createInstance,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	startServer,
	type N8nInstance,
} from '../../scripts/runtime/n8nProcess';
import { RUNTIMES, parseRuntimeNames, type RuntimeName } from '../../scripts/runtime/runtimes';
import {
	DEMO,
	openSandbox,
	sandboxCredentials,
	type CredentialRecord,
	type SandboxLink,
} from '../../scripts/runtime/sandboxLink';
import {
	BIG_FILE_BYTES,
	CLOSED_ECB_CASE,
	FILES_EXAMPLE,
	filesFrom,
	freePort,
	OBSERVER_PATH,
	readingFile,
	observedSettlement,
	observedTrigger,
	SETTLED_EXAMPLE,
	SETTLED_OBSERVER_PATH,
	TRIGGER_EXAMPLE,
	withParameters,
	writeInputFiles,
} from './moreScenarios';
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from '../sandbox/caseSeed';
import { DOCUMENTED_EVENT_TYPES, exampleEventAttributes } from '../sandbox/eventExamples';
import { OTHER_EXAMPLES } from './otherExamples';
import {
	deliverToTrigger,
	expectTriggerRun,
	observedNotifications,
	productionUrl,
	THINKSURANCE_TRIGGER_EXAMPLE,
} from './thinksuranceTrigger';
import { vendorSuiteRuns } from './vendorSuite';
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
/** Examples with their own scenarios below (not run as plain success paths). */
const OWN_SCENARIOS = new Set([
	SELF_SERVICE_EXAMPLE,
	FILES_EXAMPLE,
	TRIGGER_EXAMPLE,
	SETTLED_EXAMPLE,
	THINKSURANCE_TRIGGER_EXAMPLE,
]);
/** Inside Scalepoint's case deletion window (the sandbox enforces it on its own clock). */
const IN_DELETION_WINDOW = '2026-01-15T18:00:00.000Z';
const THINKSURANCE_EXAMPLE = 'thinksurance-agency-numbers-get-all.json';
const EVENTS_EXAMPLE = 'scalepoint-events-publish.json';
const DELETION_EXAMPLE = 'scalepoint-case-deletion-dry-run.json';

export { freePort };

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
		let filesDir: string;
		let inputFiles: { big: string; small: string };
		let baseCredentials: CredentialRecord[];
		const scenarios = new Map<string, Scenario>();
		const suiteStarted = Date.now();

		function define(key: string, scenario: Scenario): void {
			scenarios.set(key, scenario);
		}

		async function run(key: string, nodeName?: string) {
			const scenario = scenarios.get(key);
			if (!scenario) throw new Error(`scenario ${key} was not set up`);
			const execution = await executeWorkflow(instance, scenario.workflow.id);
			timed(`${spec.n8nVersion} execute ${key}`, execution.ms);
			const name = nodeName ?? packageNode(scenario.workflow).name;
			return { execution, node: execution.node(name), scenario };
		}

		beforeAll(async () => {
			const runtime = await ensureRuntime(spec);
			sandbox = await openSandbox();
			userFolder = mkdtempSync(join(tmpdir(), `e2e-n8n-${spec.n8nVersion}-`));
			filesDir = mkdtempSync(join(tmpdir(), `e2e-files-${spec.n8nVersion}-`));
			inputFiles = writeInputFiles(filesDir);
			instance = createInstance(runtime, {
				userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				env: {
					// 2.x's default; 1.x keeps binary data in memory (and in --rawOutput) unless told.
					N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
					// 2.x file nodes read only here (default ~/.n8n-files); 1.x honours it too.
					N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
				},
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
			define(
				'dribble',
				isolate(selfService, baseCredentials, (workflow) => {
					withCaseTokens([NO_LINES])(workflow);
					withParameters('.scalepointSelfService', { options: { timeoutSeconds: 2 } })(workflow);
				}),
			);
			for (const file of exampleFiles()) {
				if (OWN_SCENARIOS.has(file)) continue;
				const workflow = loadExample(file, sandbox.url);
				if (loadable(workflow))
					define(file, isolate(workflow, baseCredentials, readingFile(inputFiles.small)));
			}
			defineMoreScenarios();

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

		/** Files from disk, one vendor error per node, Thinksurance in both error styles, trigger. */
		function defineMoreScenarios(): void {
			const example = (file: string) => {
				const workflow = loadExample(file, sandbox.url);
				return loadable(workflow) ? workflow : undefined;
			};
			const files = example(FILES_EXAMPLE);
			if (files) {
				define('filesFromDisk', isolate(files, baseCredentials, filesFrom(inputFiles.big)));
				define(
					'filesError',
					isolate(files, baseCredentials, filesFrom(inputFiles.small, CLOSED_ECB_CASE)),
				);
			}
			const events = example(EVENTS_EXAMPLE);
			if (events)
				define(
					'eventsError',
					isolate(
						events,
						baseCredentials,
						withParameters('.scalepointEvents', { tenant: 'notatenant' }),
					),
				);
			const deletion = example(DELETION_EXAMPLE);
			if (deletion)
				define(
					'deletionError',
					isolate(
						deletion,
						baseCredentials,
						withParameters('.scalepointCaseDeletion', { mode: 'delete', caseNumber: 'CN20000' }),
					),
				);
			const thinksurance = example(THINKSURANCE_EXAMPLE);
			if (thinksurance)
				for (const style of ['http200', 'http4xx'])
					define(
						`thinksuranceError-${style}`,
						isolate(
							thinksurance,
							baseCredentials,
							withParameters('.thinksurance', {
								operation: 'delete',
								baFinId: '5405',
								deleteScope: 'listed',
								agencyNumbers: 'NOPE',
								options: {},
							}),
						),
					);
			const trigger = example(TRIGGER_EXAMPLE);
			if (trigger)
				define('trigger', isolate(trigger, baseCredentials, observedTrigger(sandbox.url)));
			const settled = example(SETTLED_EXAMPLE);
			if (settled)
				define('settled', isolate(settled, baseCredentials, observedSettlement(sandbox.url)));
			const notifications = example(THINKSURANCE_TRIGGER_EXAMPLE);
			if (notifications)
				define(
					'thinksuranceTrigger',
					isolate(notifications, baseCredentials, observedNotifications(sandbox.url)),
				);
		}

		/** Scenario of a node not built yet: say so and pass (like the other examples). */
		function missing(key: string): boolean {
			if (scenarios.has(key)) return false;
			process.stderr.write(`[e2e] ${spec.n8nVersion}: ${key} skipped, its node is not built yet\n`);
			return true;
		}

		function expectErrorItem(item: Record<string, unknown>, error: string, message: RegExp): void {
			expect(item.error).toEqual(error);
			expect(String(item.message)).toMatch(message);
			expect(JSON.stringify(item)).not.toMatch(
				/BEGIN (RSA )?PRIVATE KEY|Bearer |sandbox-demo-secret/,
			);
		}

		beforeEach(async () => {
			await sandbox.reset();
		});

		afterAll(async () => {
			timed(`${spec.n8nVersion} whole suite`, Date.now() - suiteStarted);
			process.stderr.write(`\n[e2e timings]\n  ${timings.join('\n  ')}\n`);
			await sandbox?.close();
			if (filesDir) rmSync(filesDir, { recursive: true, force: true });
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

		it('a server that sends a byte every 0.3 s: the request ends at its 2 s deadline inside real n8n, not resent', async () => {
			// n8n replaces a node's abortSignal with the execution's cancel signal and applies
			// `timeout` only to silence between bytes; the transport keeps its own deadline signal.
			// Without it this answer would complete after 60 × 0.3 s = 18 s, as a success.
			await sandbox.addFault({
				route: 'selfService.submit',
				dribble: { intervalMs: 300, bytes: 60 },
			});
			const { execution, node } = await run('dribble');
			expect(execution.code).toBe(0);
			expect(node.output).toEqual([]);
			expect(node.errorOutput).toHaveLength(1);
			// Abandoned at the deadline, not sent again, said to be the timeout it is and that it
			// may have reached Scalepoint. (n8n 1.x rejects the aborted request in another shape
			// than 2.x; the deadline, not the failure's shape, decides: deadline.ts.)
			const [error] = node.errorOutput;
			expect(String(error.message)).toMatch(
				/may have reached Scalepoint, so it was not sent again/,
			);
			expect(String(error.error)).toMatch(/did not answer within 2 s/);
			const submits = await sandbox.requests('selfService.submit');
			expect(submits).toHaveLength(1);
			expect(submits[0].closedByClient).toBe(true);
		});

		// On the runtime where each single-vendor package runs these examples alone
		// (vendorPackages.e2e.ts), they are not run a second time with the combined package.
		const examples = vendorSuiteRuns(name) ? [] : OTHER_EXAMPLES;
		for (const example of examples) {
			it(`${example.file}: success path`, async () => {
				if (!scenarios.has(example.file)) {
					process.stderr.write(
						`[e2e] ${spec.n8nVersion}: ${example.file} skipped, its node is not built yet\n`,
					);
					return;
				}
				await example.prepare?.(sandbox);
				const { execution, node } = await run(example.file, example.node);
				expect(execution.code).toBe(0);
				expect(node.errorOutput).toEqual([]);
				expect(node.output.length).toBeGreaterThan(0);
				await example.check(node.output, sandbox);
			});
		}

		it('Scalepoint Files: a 20 MB file read from disk (filesystem binary storage) is submitted once, whole', async () => {
			if (missing('filesFromDisk')) return;
			const { execution, node } = await run('filesFromDisk');
			expect(execution.code).toBe(0);
			expect(node.errorOutput).toEqual([]);
			expect(node.output).toEqual([
				expect.objectContaining({
					success: true,
					caseId: '11111111-1111-1111-1111-111111111111',
					files: [
						expect.objectContaining({ fileName: 'damage-report.pdf', binaryProperty: 'data' }),
					],
				}),
			]);
			const submits = await sandbox.requests('ecb.submitForCase');
			expect(submits).toHaveLength(1);
			expect(submits[0].status).toBe(200);
			// base64 of 20 MB plus the JSON envelope.
			expect(submits[0].bodyBytes).toBeGreaterThan(Math.ceil(BIG_FILE_BYTES / 3) * 4);
			expect(submits[0].bodyBytes).toBeLessThan(Math.ceil(BIG_FILE_BYTES / 3) * 4 + 4096);
			const state = (await sandbox.state()) as {
				files: Array<{ fileName: string; size: number; contentType: string; targetId: string }>;
			};
			expect(state.files).toEqual([
				expect.objectContaining({
					fileName: 'damage-report.pdf',
					size: BIG_FILE_BYTES,
					contentType: 'application/pdf',
					targetId: '11111111-1111-1111-1111-111111111111',
				}),
			]);
		});

		it('Scalepoint Files: a closed case (400 ClaimIsClosed) goes to the error output, nothing stored', async () => {
			if (missing('filesError')) return;
			const { execution, node } = await run('filesError');
			expect(execution.code).toBe(0);
			expect(node.output).toEqual([]);
			expect(node.errorOutput).toHaveLength(1);
			expectErrorItem(
				node.errorOutput[0],
				`Case ${CLOSED_ECB_CASE} is closed, so no files can be added to it (400 ClaimIsClosed)`,
				/Reopen the case in Scalepoint or submit the files to an open case/,
			);
			expect(await sandbox.requests('ecb.submitForCase')).toHaveLength(1);
			expect(((await sandbox.state()) as { files: unknown[] }).files).toEqual([]);
		});

		it('Scalepoint Events publish: an unknown tenant (404) goes to the error output', async () => {
			if (missing('eventsError')) return;
			const { execution, node } = await run('eventsError');
			expect(execution.code).toBe(0);
			expect(node.output).toEqual([]);
			expect(node.errorOutput).toHaveLength(1);
			expectErrorItem(
				node.errorOutput[0],
				'Scalepoint has no Event API at this address (404)',
				/tenant or country is probably wrong\. Nothing was published\. Identifiers: \{"httpCode":"404",/,
			);
			const [sent] = await sandbox.requests('events.send');
			expect(sent.status).toBe(404);
			expect(sent.rawPath).toBe('/api/events/v1/dk/external/notatenant/send');
			expect(((await sandbox.state()) as { publishedEvents: unknown[] }).publishedEvents).toEqual(
				[],
			);
		});

		it('Scalepoint Case Deletion: a case with pending payments (403) goes to the error output, not deleted', async () => {
			if (missing('deletionError')) return;
			await sandbox.control('POST', 'clock', { set: IN_DELETION_WINDOW });
			const { execution, node } = await run('deletionError');
			expect(execution.code).toBe(0);
			expect(node.output).toEqual([]);
			expect(node.errorOutput).toHaveLength(1);
			expectErrorItem(
				node.errorOutput[0],
				expect.stringContaining('(403)') as unknown as string,
				/CN20000/,
			);
			const [sent] = await sandbox.requests('hub.deleteCase');
			expect(sent.status).toBe(403);
			const state = (await sandbox.state()) as { hubCases: Record<string, { state: string }> };
			expect(state.hubCases.CN20000.state).toBe('pendingPayments');
		});

		for (const [style, status] of [
			['http200', 200],
			['http4xx', 404],
		] as const) {
			it(`Thinksurance (${style} error style): a not-found delete goes to the error output with the server's reason`, async () => {
				if (missing(`thinksuranceError-${style}`)) return;
				await sandbox.control('POST', 'thinksurance/error-style', { style });
				await sandbox.patchState({
					agencyNumbers: {
						[`broker:${DEMO.thinksurance.brokerTokens[0]}`]: {
							'baFinId:5405': {
								idField: 'baFinId',
								idValue: '5405',
								agencyNumbers: [
									{
										agencyNumber: 'A1',
										defaultForTenders: false,
										defaultForCalculations: false,
										active: true,
									},
								],
							},
						},
					},
				});
				const { execution, node } = await run(`thinksuranceError-${style}`);
				expect(execution.code).toBe(0);
				expect(node.output).toEqual([]);
				expect(node.errorOutput).toHaveLength(1);
				expectErrorItem(
					node.errorOutput[0],
					'Thinksurance could not delete the agency numbers: Agency number NOPE not found for baFinId 5405.',
					new RegExp(`Identifiers: \\{"httpCode":"${status}"`),
				);
				const [sent] = await sandbox.requests('thinksurance.agencyNumbers.delete');
				expect(sent.status).toBe(status);
				expect(sent.method).toBe('DELETE');
				const state = (await sandbox.state()) as {
					agencyNumbers: Record<string, Record<string, { agencyNumbers: unknown[] }>>;
				};
				expect(
					state.agencyNumbers[`broker:${DEMO.thinksurance.brokerTokens[0]}`]['baFinId:5405']
						.agencyNumbers,
				).toHaveLength(1);
			});
		}

		// Last: it starts `n8n start` on the same user folder, which the execute runs above must not share.
		it('Events trigger (activated, n8n start): emits the queued events once, the next poll only the new one', async () => {
			if (missing('trigger')) return;
			const workflowId = scenarios.get('trigger')!.workflow.id;
			const observed = async () =>
				(await sandbox.requests('unknown')).filter((entry) => entry.rawPath === OBSERVER_PATH);
			const waitForObserved = async (count: number) => {
				const deadline = Date.now() + 90_000;
				while ((await observed()).length < count && Date.now() < deadline)
					await new Promise((done) => setTimeout(done, 250));
				// A repeat would arrive right behind: give it the chance to show up.
				await new Promise((done) => setTimeout(done, 1500));
				return await observed();
			};
			const serverLog: string[] = [];
			const start = async () => {
				const started = Date.now();
				const server = await startServer(instance, (chunk) => serverLog.push(chunk));
				timed(`${spec.n8nVersion} n8n start (trigger)`, Date.now() - started);
				return server;
			};
			for (const caseNumber of ['CN1', 'CN2'])
				await sandbox.control('POST', 'events', {
					eventType: 'case_created',
					attributes: { caseNumber },
				});
			await activateWorkflow(instance, workflowId);

			// Activation polls at once: both queued events start one execution.
			let server = await start();
			let seen: Awaited<ReturnType<typeof observed>>;
			try {
				const waiting = Date.now();
				seen = await waitForObserved(2);
				timed(`${spec.n8nVersion} first emission seen (trigger)`, Date.now() - waiting);
			} finally {
				const stopping = Date.now();
				await server.stop();
				timed(`${spec.n8nVersion} n8n stop (trigger)`, Date.now() - stopping);
			}
			expect(seen.map((entry) => (entry.json as { eventId: string }).eventId)).toEqual([
				'_1',
				'_2',
			]);
			expect(seen.map((entry) => (entry.json as { caseNumber: string }).caseNumber)).toEqual([
				'CN1',
				'CN2',
			]);

			// The cursor survives the restart: the next poll asks after _2 and emits only the new event.
			await sandbox.control('POST', 'events', {
				eventType: 'case_created',
				attributes: { caseNumber: 'CN3' },
			});
			server = await start();
			try {
				seen = await waitForObserved(3);
			} finally {
				const stopping = Date.now();
				await server.stop();
				timed(`${spec.n8nVersion} n8n stop (trigger)`, Date.now() - stopping);
			}
			expect(seen.map((entry) => (entry.json as { eventId: string }).eventId)).toEqual([
				'_1',
				'_2',
				'_3',
			]);
			const receives = await sandbox.requests('events.receive');
			expect(receives[0].query.lastEventId).toBeUndefined();
			expect(receives.some((entry) => entry.query.lastEventId === '_2')).toBe(true);
			expect(receives.every((entry) => entry.headers.authorization?.startsWith('Bearer '))).toBe(
				true,
			);
		}, 240_000);

		// After the trigger scenario (which leaves its workflow active; it reports elsewhere).
		it('Events Trigger (case_settled) → Get settlement revision example, activated: the revision the event names is read once', async () => {
			if (missing('settled')) return;
			for (const eventType of DOCUMENTED_EVENT_TYPES)
				await sandbox.control('POST', 'events', {
					eventType,
					attributes: exampleEventAttributes(eventType),
				});
			await activateWorkflow(instance, scenarios.get('settled')!.workflow.id);
			const observed = async () =>
				(await sandbox.requests('unknown')).filter(
					(entry) => entry.rawPath === SETTLED_OBSERVER_PATH,
				);
			const started = Date.now();
			const server = await startServer(instance, () => undefined);
			let seen: Awaited<ReturnType<typeof observed>> = [];
			try {
				const deadline = Date.now() + 90_000;
				while ((seen = await observed()).length < 1 && Date.now() < deadline)
					await new Promise((done) => setTimeout(done, 250));
				// A repeat would arrive right behind: give it the chance to show up.
				await new Promise((done) => setTimeout(done, 1500));
				seen = await observed();
			} finally {
				await server.stop();
			}
			timed(`${spec.n8nVersion} case_settled example (start to stop)`, Date.now() - started);
			// Only the case_settled event passed the filter; its revision reached "Your next step".
			expect(seen).toHaveLength(1);
			expect(seen[0].json).toMatchObject({
				revisionToken: SEEDED_REVISION_TOKEN,
				caseToken: SEEDED_CASE.token,
				caseNumber: SEEDED_CASE.number,
				settlement: expect.any(Object),
			});
			const reads = await sandbox.requests('settlement.getRevision');
			expect(reads).toHaveLength(1);
			expect(reads[0].status).toBe(200);
			expect(reads[0].rawPath).toBe(
				`/webapp/ScalePoint/dk/case/abcinsurance/revision/${SEEDED_REVISION_TOKEN}`,
			);
			expect(reads[0].headers.accept).toBe('application/vnd.scalepoint.content.settlement.v3+json');
		}, 240_000);

		it('Thinksurance Trigger example (activated, n8n start): 204 once per notification, a repeat not emitted again, wrong header 403, malformed 400', async () => {
			// No "not built yet" pass here: the node is part of the package.
			const scenario = scenarios.get('thinksuranceTrigger');
			if (!scenario) throw new Error('the Thinksurance Trigger example did not load');
			const { workflow } = scenario;
			await activateWorkflow(instance, workflow.id);
			const started = Date.now();
			const server = await startServer(instance, () => undefined);
			let run: Awaited<ReturnType<typeof deliverToTrigger>>;
			try {
				run = await deliverToTrigger(sandbox, productionUrl(server.url, workflow));
			} finally {
				await server.stop();
			}
			timed(`${spec.n8nVersion} Thinksurance Trigger (start to stop)`, Date.now() - started);
			expectTriggerRun(run);
		}, 240_000);

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
