import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FAULTS, prepareFaults, type FaultCase } from '../faults/faults';
import { SUBJECTS, type Env, type Subject } from '../faults/subjects';
import { captured } from './debugLogging';
import { findLeaks, urlTexts, visibleTexts } from './leakScan';

/** A credential set to scan with, and the secrets it holds. */
export interface CredentialVariant {
	name: string;
	/** Credential data; `storedToken` is the access token the sandbox already knows. */
	data(env: Env, storedToken?: string): ICredentialDataDecryptedObject;
	/** Subjects this variant cannot run against (e.g. JWT with a moved sandbox clock). */
	skip?(subject: Subject): boolean;
}

/** An Env whose `credentials()` starts from the credential variant being scanned. */
export interface ScanEnv extends Env {
	defaults: ICredentialDataDecryptedObject;
}

export interface Scenario {
	id: string;
	/** Pre-register a known access token and put it in the credential, so faults can echo it. */
	storedToken?: boolean;
	arm(env: Env, subject: Subject, token: string): ICredentialDataDecryptedObject | void;
	cancelAfterMs?: number;
}

export interface VendorScan {
	vendor: 'scalepoint' | 'thinksurance';
	start(subject: Subject): Promise<Env>;
	variants: CredentialVariant[];
	/** Secrets of the credentials and node parameters (not the issued tokens: read per run). */
	secrets: Record<string, string>;
	registerToken(env: Env, token: string): void;
	issuedTokens(env: Env): string[];
	/** Node parameter overrides that carry a secret (the ECB security token). */
	parameters?(subject: Subject): Record<string, unknown> | undefined;
	/**
	 * The one output field an operation exists to return a secret in (Get broker token's bToken)
	 * and the value the vendor answered for this item: that field holding exactly that value is
	 * not a leak. Anywhere else, or with any other value, it still is.
	 */
	returnedSecret?(
		subject: Subject,
		env: Env,
		json: IDataObject,
	): { field: string; value: string | undefined } | undefined;
	/** Fault bodies that repeat an API request, secrets included, as careless servers do. */
	echo(token: string, subject: Subject): string;
	/** The same for the token endpoint, which never receives a bearer token. */
	tokenEcho(): string;
}

// Faults whose only cost is time (Retry-After: 1, timeouts, cancel) add no new text paths.
const SLOW_FAULTS = new Set(['rate429RetryAfter', 'unavailable503', 'slow', 'cancel']);

export function scenariosFor(scan: VendorScan, subject: Subject): Scenario[] {
	const echo = (token: string) => scan.echo(token, subject);
	const tokenEcho = () => scan.tokenEcho();
	const fromMatrix = FAULTS.filter((fault) => !SLOW_FAULTS.has(fault.id)).map(
		(fault: FaultCase): Scenario => ({ id: fault.id, arm: (env, s) => fault.arm(env, s) }),
	);
	return [
		{ id: 'success (fresh token)', arm: () => undefined },
		{ id: 'success (stored token)', storedToken: true, arm: () => undefined },
		...fromMatrix,
		{
			id: 'token endpoint 400 echoing the request',
			arm: (env, s) =>
				env.sandbox.faults.add({ route: s.tokenRoute, status: 400, body: tokenEcho() }),
		},
		{
			id: 'token endpoint 500 ×3 echoing the request',
			arm: (env, s) =>
				env.sandbox.faults.add({ route: s.tokenRoute, status: 500, body: tokenEcho(), times: 3 }),
		},
		{
			id: 'token endpoint 200 without token, echoing',
			arm: (env, s) =>
				env.sandbox.faults.add({ route: s.tokenRoute, status: 200, body: tokenEcho() }),
		},
		{
			id: 'API 400 echoing the request',
			storedToken: true,
			arm: (env, s, token) =>
				env.sandbox.faults.add({ route: s.route, status: 400, body: echo(token) }),
		},
		{
			id: 'API 500 echoing the request',
			storedToken: true,
			arm: (env, s, token) =>
				env.sandbox.faults.add({ route: s.route, status: 500, body: echo(token) }),
		},
		{
			id: 'API 401 twice echoing the token',
			storedToken: true,
			arm: (env, s, token) =>
				env.sandbox.faults.add({ route: s.route, status: 401, body: echo(token), times: 2 }),
		},
		{
			id: 'API 200 with an error echoing the request',
			storedToken: true,
			arm: (env, s, token) =>
				env.sandbox.faults.add({ route: s.route, status: 200, body: echo(token) }),
		},
		{
			id: 'API plain-text 502 echoing the request',
			storedToken: true,
			arm: (env, s, token) =>
				env.sandbox.faults.add({
					route: s.route,
					status: 502,
					body: `Bad gateway for request: ${echo(token)}`,
					headers: { 'content-type': 'text/plain' },
				}),
		},
	];
}

export interface ScanCount {
	paths: number;
}

/** One test per subject × credential variant; every scenario in both continue-on-fail modes. */
export function defineSecretScan(scan: VendorScan, count: ScanCount, subjectIds?: string[]) {
	const subjects = SUBJECTS.filter(
		(subject) => subject.vendor === scan.vendor && (!subjectIds || subjectIds.includes(subject.id)),
	);
	beforeAll(async () => await prepareFaults());

	for (const subject of subjects) {
		for (const variant of scan.variants) {
			if (variant.skip?.(subject)) continue;
			it(`${subject.label} with ${variant.name}: no secret in outputs, errors, logs or URLs`, async () => {
				const envs = [await scan.start(subject), await scan.start(subject)];
				const leaks: string[] = [];
				try {
					for (const scenario of scenariosFor(scan, subject)) {
						await Promise.all(
							envs.map(async (env, index) => {
								const found = await runScenario(scan, subject, variant, scenario, env, index === 0);
								leaks.push(...found.map((leak) => `${scenario.id}: ${leak}`));
							}),
						);
					}
				} finally {
					await Promise.all(envs.map((env) => env.close()));
				}
				expect(leaks).toEqual([]);
			});
		}
	}

	async function runScenario(
		scan: VendorScan,
		subject: Subject,
		variant: CredentialVariant,
		scenario: Scenario,
		env: Env,
		continueOnFail: boolean,
	) {
		env.sandbox.reset();
		env.prepare();
		const token = `LEAKCHECK-stored-token-${Math.random().toString(36).slice(2, 12)}`;
		scan.registerToken(env, token);
		const overrides = scenario.arm(env, subject, token) ?? {};
		const logStart = captured.length;
		const result = await subject.run(env, {
			onError: continueOnFail ? 'continueErrorOutput' : undefined,
			credentials: credentialsHelper(
				env,
				variant,
				scenario.storedToken ? token : undefined,
				overrides,
			),
			parameters: scan.parameters?.(subject) as never,
		});
		count.paths++;
		const secrets: Record<string, string> = { ...scan.secrets, 'stored access token': token };
		scan
			.issuedTokens(env)
			.forEach((issued, index) => (secrets[`issued token ${index + 1}`] = issued));
		const logs: Array<[string, string]> = captured
			.slice(logStart)
			.map((line, index) => [`log line ${index + 1}`, line]);
		const shown = {
			...result,
			output: result.output.map((item) => allowReturned(subject, env, item)),
		};
		return findLeaks([...visibleTexts(shown), ...urlTexts(env.sandbox), ...logs], secrets).map(
			(leak) => `${continueOnFail ? 'continue on fail' : 'stop on fail'}: ${leak}`,
		);
	}

	/** The output item without its returned secret, when that field holds exactly the answer's. */
	function allowReturned(subject: Subject, env: Env, item: INodeExecutionData) {
		const allowed = scan.returnedSecret?.(subject, env, item.json);
		if (!allowed || allowed.value === undefined || item.json[allowed.field] !== allowed.value)
			return item;
		return { ...item, json: { ...item.json, [allowed.field]: '[the returned secret]' } };
	}

	function credentialsHelper(
		env: Env,
		variant: CredentialVariant,
		storedToken: string | undefined,
		overrides: ICredentialDataDecryptedObject,
	) {
		// The variant decides every field, also for helpers the subject builds itself (trigger
		// follow-up poll): those get the variant without a stored token.
		(env as ScanEnv).defaults = variant.data(env);
		return env.credentials({ ...variant.data(env, storedToken), ...overrides });
	}
}
