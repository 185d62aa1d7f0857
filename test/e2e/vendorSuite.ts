/**
 * Each single-vendor package (`n8n-nodes-scalepoint`, `n8n-nodes-thinksurance`, as `npm run
 * pack:all` builds them) installed ALONE into a fresh n8n user folder and running every example
 * workflow of its vendor: what a Cloud user who installs one verified package gets. The examples'
 * node types are renamed to the package's (`n8n-nodes-scalepoint.scalepointFiles`). One n8n
 * instance per package; the examples run one after another on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownerOf, type Vendor } from '../../scripts/release/packages';
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
	startServer,
	importCredentials,
	importWorkflows,
	type N8nInstance,
} from '../../scripts/runtime/n8nProcess';
import { parseRuntimeNames, RUNTIMES, type RuntimeName } from '../../scripts/runtime/runtimes';
import {
	openSandbox,
	sandboxCredentials,
	type SandboxLink,
} from '../../scripts/runtime/sandboxLink';
import {
	freePort,
	OBSERVER_PATH,
	observedSettlement,
	observedTrigger,
	readingFile,
	SETTLED_EXAMPLE,
	SETTLED_OBSERVER_PATH,
	writeInputFiles,
} from './moreScenarios';
import { SEEDED_REVISION_TOKEN } from '../sandbox/caseSeed';
import { OTHER_EXAMPLES, type OtherExample } from './otherExamples';
import {
	deliverToTrigger,
	expectTriggerRun,
	observedNotifications,
	productionUrl,
	THINKSURANCE_TRIGGER_EXAMPLE,
} from './thinksuranceTrigger';
import { exampleFiles, isolate, loadExample, packageNodeTypes, type Workflow } from './workflows';

/** Set by globalSetup: the packed packages as JSON (`PackedForE2e[]`). */
export const VENDOR_PACKAGES_ENV = 'E2E_VENDOR_PACKAGES';
/** The n8n the single-vendor packages are tried in (the line n8n Cloud runs). */
const VENDOR_RUNTIME: RuntimeName = 'n8n-2';

export interface PackedForE2e {
	name: string;
	vendors: Vendor[];
	tarball: string;
	problems: string[];
}

/** True when this run installs the single-vendor packages into `runtime` (E2E_VENDOR_PACKAGES_SKIP=1 turns it off). */
export function vendorSuiteRuns(runtime: RuntimeName): boolean {
	return (
		runtime === VENDOR_RUNTIME &&
		process.env.E2E_VENDOR_PACKAGES_SKIP !== '1' &&
		parseRuntimeNames(process.env.E2E_RUNTIMES).includes(runtime)
	);
}

/** The trigger example cannot run by hand (`n8n execute` needs a manual start): it is activated. */
const TRIGGER_EXAMPLE = 'scalepoint-events-trigger.json';

/** Checks of the examples the combined suite runs as its own scenarios. */
const OWN_EXAMPLE_CHECKS: OtherExample[] = [
	{
		file: 'scalepoint-self-service-submit-case.json',
		check: async (output, sandbox) => {
			expect(output.map((item) => item.code)).toEqual(['SUCCESS', 'NO_LINES_TO_SUBMIT']);
			expect(await sandbox.requests('selfService.submit')).toHaveLength(3);
			expect(await sandbox.requests('scalepoint.token')).toHaveLength(1);
		},
		// The third case was submitted before: its error item is part of the example.
		errorItems: 1,
	},
	{
		file: 'scalepoint-files-submit-from-disk.json',
		check: async (output, sandbox) => {
			expect(output).toEqual([expect.objectContaining({ success: true })]);
			expect(await sandbox.requests('ecb.submitForCase')).toHaveLength(1);
		},
	},
];

const ALL_CHECKS = [...OWN_EXAMPLE_CHECKS, ...OTHER_EXAMPLES];

function vendorOfNodeType(type: string): Vendor | undefined {
	const owner = ownerOf(`nodes/${type.charAt(0).toUpperCase()}${type.slice(1)}/x`);
	return owner === 'shared' ? undefined : owner;
}

/** Examples whose every package node belongs to one of `vendors`. */
function examplesOf(vendors: Vendor[]): string[] {
	return exampleFiles().filter((file) => {
		const types = packageNodeTypes(loadExample(file, 'http://unused.invalid'));
		return types.length > 0 && types.every((type) => vendors.includes(vendorOfNodeType(type)!));
	});
}

/** The workflow with its package node types renamed from the combined package to `name`. */
function retargeted(workflow: Workflow, name: string): Workflow {
	for (const node of workflow.nodes)
		if (node.type.startsWith(`${PACKAGE_NAME}.`))
			node.type = `${name}.${node.type.slice(PACKAGE_NAME.length + 1)}`;
	return workflow;
}

function credentialVendor(type: string): Vendor | undefined {
	return ownerOf(`credentials/${type.charAt(0).toUpperCase()}${type.slice(1)}.credentials.js`) as
		Vendor | undefined;
}

export function describeVendorPackages(): void {
	const spec = RUNTIMES[VENDOR_RUNTIME];
	const runs = vendorSuiteRuns(VENDOR_RUNTIME);
	(runs ? describe : describe.skip)(
		`single-vendor packages, each alone in n8n ${spec.n8nVersion}`,
		() => {
			let sandbox: SandboxLink;
			const folders: string[] = [];
			beforeAll(async () => {
				sandbox = await openSandbox();
			});
			beforeEach(async () => await sandbox.reset());
			afterAll(async () => {
				await sandbox?.close();
				if (process.env.E2E_KEEP !== '1')
					for (const folder of folders) rmSync(folder, { recursive: true, force: true });
			});

			for (const name of ['n8n-nodes-scalepoint', 'n8n-nodes-thinksurance']) {
				describe(name, () => {
					let packed: PackedForE2e;
					let instance: N8nInstance;
					let installed: InstalledPackage;
					const workflowIds = new Map<string, string>();
					const vendors: Vendor[] =
						name === 'n8n-nodes-scalepoint' ? ['Scalepoint'] : ['Thinksurance'];
					const files = examplesOf(vendors);

					beforeAll(async () => {
						const all = JSON.parse(process.env[VENDOR_PACKAGES_ENV] ?? '[]') as PackedForE2e[];
						const found = all.find((candidate) => candidate.name === name);
						if (!found)
							throw new Error(
								`${VENDOR_PACKAGES_ENV} names no ${name}: run through test/e2e/jest.config.js (globalSetup packs the release packages)`,
							);
						packed = found;
						const runtime = await ensureRuntime(spec);
						const userFolder = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
						const filesDir = mkdtempSync(join(tmpdir(), `e2e-${name}-files-`));
						folders.push(userFolder, filesDir);
						const inputFiles = writeInputFiles(filesDir);
						instance = createInstance(runtime, {
							userFolder,
							port: await freePort(),
							brokerPort: await freePort(),
							env: {
								N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
								N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
							},
						});
						installed = installIntoUserFolder(packed.tarball, userFolder);
						// The package's own credentials of this vendor (the Thinksurance Trigger example's
						// Thinksurance Webhook API included), and n8n's stock ones, which belong to no package.
						const credentials = sandboxCredentials(sandbox).filter((record) => {
							const owner = credentialVendor(record.type);
							return owner === undefined || vendors.includes(owner);
						});
						const scenarios = files.map((file) => {
							const scenario = isolate(
								loadExample(file, sandbox.url),
								credentials,
								file === TRIGGER_EXAMPLE
									? observedTrigger(sandbox.url)
									: file === SETTLED_EXAMPLE
										? observedSettlement(sandbox.url)
										: file === THINKSURANCE_TRIGGER_EXAMPLE
											? observedNotifications(sandbox.url)
											: readingFile(inputFiles.small),
							);
							retargeted(scenario.workflow, name);
							workflowIds.set(file, scenario.workflow.id);
							return scenario;
						});
						await importCredentials(
							instance,
							scenarios.flatMap((scenario) => scenario.credentials),
						);
						await importWorkflows(
							instance,
							scenarios.map((scenario) => scenario.workflow),
						);
					}, 900_000);

					it('is installed alone: its pack checks pass, its n8n block names only its own nodes and credential', () => {
						expect(packed.problems).toEqual([]);
						expect(installed.name).toBe(name);
						expect(installed.skipped).toEqual([]);
						for (const entry of [...installed.nodes, ...installed.credentials])
							expect(vendors).toContain(ownerOf(entry));
						expect(files.length).toBeGreaterThan(0);
					});

					const manualFiles = files.filter(
						(file) =>
							file !== TRIGGER_EXAMPLE &&
							file !== SETTLED_EXAMPLE &&
							file !== THINKSURANCE_TRIGGER_EXAMPLE,
					);
					it.each(manualFiles)('%s runs with the package alone', async (file) => {
						const example = ALL_CHECKS.find((candidate) => candidate.file === file);
						if (!example)
							throw new Error(
								`${file} has no check in test/e2e/otherExamples.ts or vendorSuite.ts: every example workflow is run here`,
							);
						await example.prepare?.(sandbox);
						const workflow = loadExample(file, sandbox.url);
						const nodeName =
							example.node ??
							workflow.nodes.find((node) => node.type.startsWith(`${PACKAGE_NAME}.`))!.name;
						const execution = await executeWorkflow(instance, workflowIds.get(file)!);
						process.stderr.write(
							`[e2e] ${name} alone, ${file}: ${(execution.ms / 1000).toFixed(1)} s\n`,
						);
						const run = execution.node(nodeName);
						expect(execution.code).toBe(0);
						expect(run.errorOutput).toHaveLength(example.errorItems ?? 0);
						expect(run.output.length).toBeGreaterThan(0);
						await example.check(run.output, sandbox);
					});

					// Last: `n8n start` on the user folder the execute runs above used.
					if (files.includes(TRIGGER_EXAMPLE))
						it(`${TRIGGER_EXAMPLE} (activated, n8n start) emits the queued events`, async () => {
							for (const caseNumber of ['CN1', 'CN2'])
								await sandbox.control('POST', 'events', {
									eventType: 'case_created',
									attributes: { caseNumber },
								});
							await activateWorkflow(instance, workflowIds.get(TRIGGER_EXAMPLE)!);
							const started = Date.now();
							const server = await startServer(instance, () => undefined);
							let seen: Array<Record<string, unknown>> = [];
							try {
								const deadline = Date.now() + 90_000;
								while (seen.length < 2 && Date.now() < deadline) {
									await new Promise((done) => setTimeout(done, 250));
									seen = (await sandbox.requests('unknown'))
										.filter((entry) => entry.rawPath === OBSERVER_PATH)
										.map((entry) => entry.json as Record<string, unknown>);
								}
							} finally {
								await server.stop();
							}
							process.stderr.write(
								`[e2e] ${name} alone, ${TRIGGER_EXAMPLE}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
							);
							expect(seen.map((item) => item.caseNumber)).toEqual(['CN1', 'CN2']);
						}, 240_000);

					// After the trigger example: a case_settled event reaches the example's last node with
					// the settlement revision it names (the other trigger reports to another path).
					if (files.includes(SETTLED_EXAMPLE))
						it(`${SETTLED_EXAMPLE} (activated, n8n start) reads the settlement revision`, async () => {
							await sandbox.control('POST', 'events', { eventType: 'case_created' });
							await sandbox.control('POST', 'events', {
								eventType: 'case_settled',
								attributes: { settlement: { revisionToken: SEEDED_REVISION_TOKEN } },
							});
							await activateWorkflow(instance, workflowIds.get(SETTLED_EXAMPLE)!);
							const server = await startServer(instance, () => undefined);
							let seen: Array<Record<string, unknown>> = [];
							try {
								const deadline = Date.now() + 90_000;
								while (seen.length < 1 && Date.now() < deadline) {
									await new Promise((done) => setTimeout(done, 250));
									seen = (await sandbox.requests('unknown'))
										.filter((entry) => entry.rawPath === SETTLED_OBSERVER_PATH)
										.map((entry) => entry.json as Record<string, unknown>);
								}
							} finally {
								await server.stop();
							}
							expect(seen).toEqual([
								expect.objectContaining({ revisionToken: SEEDED_REVISION_TOKEN }),
							]);
						}, 240_000);

					// A webhook, not a poll: the sandbox delivers to the activated example's production URL.
					if (files.includes(THINKSURANCE_TRIGGER_EXAMPLE))
						it(`${THINKSURANCE_TRIGGER_EXAMPLE} (activated, n8n start): Thinksurance Trigger answers 204 once per notification`, async () => {
							await activateWorkflow(instance, workflowIds.get(THINKSURANCE_TRIGGER_EXAMPLE)!);
							const server = await startServer(instance, () => undefined);
							let run: Awaited<ReturnType<typeof deliverToTrigger>>;
							try {
								const example = loadExample(THINKSURANCE_TRIGGER_EXAMPLE, sandbox.url);
								run = await deliverToTrigger(sandbox, productionUrl(server.url, example));
							} finally {
								await server.stop();
							}
							expectTriggerRun(run);
						}, 240_000);
				});
			}
		},
	);
}
