import type { INodeParameters } from 'n8n-workflow';

import {
	credentialHosts,
	hostParameterOrigin,
	ENTRY_HOST,
	SANDBOX_HOST,
	WWW_HOST,
} from '../../nodes/Scalepoint/hosts';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { startRecorder, type Recorder } from '../fixtures/recorder';
import { runNode, type TestItem } from '../harness/runWorkflow';
import { IN_WINDOW, runDeletion } from '../ScalepointCaseDeletion/helpers';
import { runPoll } from '../ScalepointEvents/pollHarness';
import { caseParams, SECURITY_TOKEN, textItem } from '../ScalepointFiles/helpers';

/**
 * The credential decides where its token goes (issue 12, point 1): a node's Host may only name a
 * host the credential lists. Checked against a second loopback server that records everything.
 */
const NO_LINES = '00000000-0000-4000-8000-000000000001';
const CREDENTIAL = 'scalepointApi account';

let fx: ScalepointFixture;
let attacker: Recorder;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW, eventHoldMs: 200 });
	attacker = await startRecorder();
});
afterAll(async () => {
	await fx.sandbox.close();
	await attacker.close();
});
beforeEach(() => {
	fx.sandbox.reset();
	attacker.requests.length = 0;
});

function refusal(host: string, allows = fx.sandbox.url) {
	return `Host ${host} is not a host of the Scalepoint credential "${CREDENTIAL}" (it allows ${allows}). Clear Host to use the credential's host, or add it to the credential's Additional Allowed Hosts.`;
}

const selfService = (host: unknown): INodeParameters => ({
	resource: 'case',
	operation: 'submit',
	host: host as string,
	country: 'dk',
	tenant: 'abcinsurance',
	caseToken: NO_LINES,
});

const publish = (host: unknown): INodeParameters => ({
	resource: 'event',
	operation: 'publish',
	host: host as string,
	country: 'dk',
	tenant: 'abcinsurance',
	eventType: 'custom',
	customEventType: 'fraud_status',
	bodySource: 'json',
	eventBody: '{"status":"FRAUDULENT"}',
});

async function runWith(
	type: string,
	parameters: INodeParameters,
	items: TestItem[],
	credentials = fx.credentials(),
) {
	return await runNode({ type, parameters, items, credentials, onError: 'continueErrorOutput' });
}

function expectNothingSent() {
	expect(attacker.requests).toHaveLength(0);
	expect(fx.tokenRequests()).toBe(0);
	expect(fx.sandbox.journal).toHaveLength(0);
}

describe('A Host from an expression that points elsewhere is refused before any token or request', () => {
	it('Self-Service', async () => {
		const result = await runWith('scalepointSelfService', selfService('={{ $json.host }}'), [
			{ json: { host: attacker.url } },
		]);
		expect(result.errorOutput.map((item) => item.json.error)).toEqual([refusal(attacker.url)]);
		expectNothingSent();
	});

	it('Files (the body would carry the ECB security token)', async () => {
		const item = textItem('report.txt', 'hello');
		const result = await runWith(
			'scalepointFiles',
			caseParams(fx, { host: '={{ $json.host }}' }) as never,
			[{ ...item, json: { ...item.json, host: `${attacker.url}/` } }],
		);
		expect(result.errorOutput.map((entry) => entry.json.error)).toEqual([refusal(attacker.url)]);
		expectNothingSent();
		expect(JSON.stringify(attacker.requests)).not.toContain(SECURITY_TOKEN);
	});

	it('Events publish', async () => {
		const result = await runWith('scalepointEvents', publish('={{ $json.host }}'), [
			{ json: { host: attacker.url } },
			{ json: { host: fx.sandbox.url } },
		]);
		expect(result.errorOutput.map((item) => item.json.error)).toEqual([refusal(attacker.url)]);
		// The item naming the credential's own host is sent as usual.
		expect(result.output).toHaveLength(1);
		expect(fx.sandbox.requests('events.send')).toHaveLength(1);
		expect(attacker.requests).toHaveLength(0);
	});

	it('Events Trigger', async () => {
		await expect(
			runPoll({
				parameters: { host: attacker.url, country: 'dk', tenant: 'abcinsurance' },
				credentials: fx.credentials(),
				staticData: {},
			}),
		).rejects.toThrow(refusal(attacker.url));
		expectNothingSent();
	});

	it.each(['hubProperty', 'claimShop'] as const)('Case Deletion (%s)', async (system) => {
		const field = system === 'hubProperty' ? 'hubHost' : 'claimShopHost';
		const result = await runDeletion(fx, {
			system,
			mode: 'delete',
			parameters: { [field]: '={{ $json.host }}' },
			items: [{ caseNumber: 'CN10000', host: attacker.url }],
			onError: 'continueErrorOutput',
		});
		expect(result.errorOutput.map((item) => item.json.error)).toEqual([refusal(attacker.url)]);
		expectNothingSent();
	});

	it.each([
		['case', 'get', { caseToken: 'c.2d2f0fd5-b766-48d6-92c0-586341c78f25' }],
		['settlement', 'getRevision', { revisionToken: 'c3bedf01-a49d-4cb1-a026-3a160aa5322a' }],
	])('Case Data (%s %s)', async (resource, operation, token) => {
		const result = await runWith(
			'scalepointCaseData',
			{
				resource,
				operation,
				host: '={{ $json.host }}',
				country: 'dk',
				tenant: 'abcinsurance',
				...token,
			},
			[{ json: { host: attacker.url } }],
			fx.credentials({ scopes: ['platform-case:read'] }),
		);
		expect(result.errorOutput.map((item) => item.json.error)).toEqual([refusal(attacker.url)]);
		expectNothingSent();
	});

	it('an http:// host that is not loopback is refused as such', async () => {
		const result = await runWith(
			'scalepointSelfService',
			selfService('http://www.scalepoint.com'),
			[{ json: {} }],
		);
		expect(result.errorOutput[0].json.error).toBe(
			'Host must start with https:// (http:// is accepted only for loopback addresses such as 127.0.0.1 and localhost) (got "http://www.scalepoint.com")',
		);
		expectNothingSent();
	});

	it('a host with a path, a user or a query is refused', async () => {
		for (const host of [
			`${fx.sandbox.url}/prefix`,
			fx.sandbox.url.replace('http://', 'http://user:pw@'),
			`${fx.sandbox.url}/?a=1`,
		]) {
			const result = await runWith('scalepointSelfService', selfService(host), [{ json: {} }]);
			expect(result.errorOutput[0].json.error).toMatch(/^Host must (be a host only|not contain)/);
		}
		expectNothingSent();
	});
});

describe('The credential decides the host', () => {
	it('with Host empty, each node sends to the credential host', async () => {
		const credentials = fx.credentials();
		const submitted = await runWith(
			'scalepointSelfService',
			selfService(''),
			[{ json: {} }],
			credentials,
		);
		expect(submitted.output).toHaveLength(1);
		const published = await runWith('scalepointEvents', publish(''), [{ json: {} }], credentials);
		expect(published.output).toHaveLength(1);
		const files = await runWith(
			'scalepointFiles',
			caseParams(fx, { host: '' }) as never,
			[textItem('report.txt', 'hello')],
			credentials,
		);
		expect(files.output).toHaveLength(1);
		const deleted = await runDeletion(fx, {
			mode: 'dryRun',
			parameters: { hubHost: '' },
			items: [{ caseNumber: 'CN10000' }],
		});
		expect(deleted.output).toHaveLength(1);
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(1);
		expect(fx.sandbox.requests('events.send')).toHaveLength(1);
		expect(fx.sandbox.requests('ecb.submitForCase')).toHaveLength(1);
		expect(fx.sandbox.requests('hub.deleteCase')).toHaveLength(1);
	});

	it('the Hub Property and Files Host is used for Hub and ECB, the API Host for the rest', async () => {
		const credentials = fx.credentials({
			customApiHost: attacker.url,
			customHubHost: fx.sandbox.url,
		});
		const files = await runWith(
			'scalepointFiles',
			caseParams(fx, { host: '' }) as never,
			[textItem('report.txt', 'hello')],
			credentials,
		);
		expect(files.output).toHaveLength(1);
		expect(fx.sandbox.requests('ecb.submitForCase')).toHaveLength(1);
		await runWith('scalepointSelfService', selfService(''), [{ json: {} }], credentials);
		expect(attacker.requests.map((request) => request.url)).toEqual([
			`/self-service/dk/api/abcinsurance/case/${NO_LINES}/submitted`,
		]);
	});

	it('a host listed in Additional Allowed Hosts may be named in Host', async () => {
		const credentials = fx.credentials({
			allowedHosts: `https://project.example.com,\n${attacker.url}`,
		});
		const result = await runWith(
			'scalepointSelfService',
			selfService(`${attacker.url}/`),
			[{ json: {} }],
			credentials,
		);
		expect(attacker.requests).toHaveLength(1);
		expect(attacker.requests[0].headers.authorization).toMatch(/^Bearer /);
		// The recorder's `{}` is no Submit Case answer.
		expect(result.errorOutput).toHaveLength(1);
	});

	it('a Custom credential without API Host stops the run before anything is sent, naming the field', async () => {
		const result = await runWith(
			'scalepointSelfService',
			selfService(''),
			[{ json: {} }],
			fx.credentials({ customApiHost: '' }),
		);
		expect(result.error?.message ?? result.errorOutput[0]?.json.error).toBe(
			'API Host: it is empty. With the Custom environment, enter your Scalepoint project server, e.g. https://<hostname>.',
		);
		expectNothingSent();
	});

	it('an http:// API host or token URL on a non-loopback name is refused before sending', async () => {
		const apiHost = await runWith(
			'scalepointSelfService',
			selfService(''),
			[{ json: {} }],
			fx.credentials({ customApiHost: 'http://sandbox.scalepoint.com' }),
		);
		expect(apiHost.error?.message ?? apiHost.errorOutput[0]?.json.error).toContain(
			'API Host: "http://sandbox.scalepoint.com" must start with https://',
		);
		const tokenUrl = await runWith(
			'scalepointSelfService',
			selfService(''),
			[{ json: {} }],
			fx.credentials({ customTokenUrl: 'http://accounts.scalepoint.com/connect/token' }),
		);
		expect(tokenUrl.error?.message ?? tokenUrl.errorOutput[0]?.json.error).toBe(
			'Token URL: it must start with https:// (http:// is accepted only for loopback addresses such as 127.0.0.1 and localhost).',
		);
		expectNothingSent();
	});

	it('a saved production Host is refused with a sandbox credential, before any token', async () => {
		const result = await runWith(
			'scalepointSelfService',
			selfService(WWW_HOST),
			[{ json: {} }],
			fx.credentials({ environment: 'sandbox' }),
		);
		expect(result.errorOutput[0].json.error).toBe(refusal(WWW_HOST, SANDBOX_HOST));
		expectNothingSent();
	});
});

describe('Hosts of each environment (pure)', () => {
	const production = credentialHosts({ environment: 'production' });
	const sandbox = credentialHosts({ environment: 'sandbox' });
	const label = { label: 'Host', credentialName: 'prod' };

	it('Production and Sandbox know their documented hosts', () => {
		expect(production).toEqual({ api: WWW_HOST, hub: ENTRY_HOST, allowed: [WWW_HOST, ENTRY_HOST] });
		expect(sandbox).toEqual({ api: SANDBOX_HOST, hub: SANDBOX_HOST, allowed: [SANDBOX_HOST] });
	});

	it('saved workflows whose Host the credential covers keep working', () => {
		expect(hostParameterOrigin(production, 'api', 'https://www.scalepoint.com', label)).toEqual({
			origin: WWW_HOST,
		});
		expect(
			hostParameterOrigin(production, 'hub', 'https://ENTRY.scalepoint.com:443/', label),
		).toEqual({
			origin: ENTRY_HOST,
		});
		expect(hostParameterOrigin(production, 'hub', '', label)).toEqual({ origin: ENTRY_HOST });
		expect(hostParameterOrigin(sandbox, 'hub', undefined, label)).toEqual({ origin: SANDBOX_HOST });
	});

	it('Additional Allowed Hosts are checked like the others', () => {
		expect(() =>
			credentialHosts({ environment: 'production', allowedHosts: 'http://evil.example' }),
		).toThrow('Additional Allowed Hosts: "http://evil.example" must start with https://');
		expect(
			credentialHosts({
				environment: 'production',
				allowedHosts: 'https://a.example/ https://b.example',
			}).allowed,
		).toEqual([WWW_HOST, ENTRY_HOST, 'https://a.example', 'https://b.example']);
	});
});
