import { CredentialTestContext } from 'n8n-core';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { ScalepointApi } from '../../credentials/ScalepointApi.credentials';
import { ThinksuranceApi } from '../../credentials/ThinksuranceApi.credentials';
import { scalepointApiTest } from '../../nodes/Scalepoint/credentialTest';
import { ScalepointClient } from '../../nodes/Scalepoint/transport';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { startRecorder, type Recorder } from '../fixtures/recorder';
import { runNode } from '../harness/runWorkflow';
import { credentialsFor, listParameters, USER } from '../Thinksurance/fixtures';

/**
 * Where secrets may go (issue 12, points 1 and 2), checked at the mechanisms rather than the node
 * parameters: the transport, the credentials' `authenticate` (which n8n's HTTP Request node calls
 * with any URL) and the token requests, which never follow a redirect.
 */
let fx: ScalepointFixture;
let attacker: Recorder;

beforeAll(async () => {
	fx = await startScalepointFixture({ thinksurance: { users: [USER] } });
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

describe('authenticate puts a token only on requests to the credential host', () => {
	const scalepoint = new ScalepointApi();
	const thinksurance = new ThinksuranceApi();
	const production = { environment: 'production', accessToken: 'sp-token' };
	const thinksuranceData = {
		environment: 'custom',
		customBaseUrl: 'http://127.0.0.1:4000/',
		token: 'ts-token',
		brokerToken: 'broker-secret',
		accountToken: 'account-secret',
	};

	it.each([
		['an absolute foreign URL', { url: 'https://evil.example/steal' }],
		['a relative URL on a foreign base', { baseURL: 'https://evil.example', url: '/steal' }],
		['the right host name over http', { url: 'http://www.scalepoint.com/api' }],
		['another port', { url: 'https://www.scalepoint.com:8443/api' }],
	])('Scalepoint refuses %s', async (_name, target) => {
		await expect(scalepoint.authenticate(production, target)).rejects.toThrow(
			/^The Scalepoint credential does not authenticate this request: .* is not a host of the Scalepoint credential \(it allows https:\/\/www\.scalepoint\.com, https:\/\/entry\.scalepoint\.com\)/,
		);
	});

	// n8n's HTTP Request node passes legacy options with `uri` and may repeat the header on a
	// cross-origin redirect: with no `url` to check, both credentials refuse (fail closed).
	it('both refuse options that name their target only in `uri`, even their own host', async () => {
		await expect(
			scalepoint.authenticate(production, { uri: 'https://www.scalepoint.com/api' } as never),
		).rejects.toThrow(/^The Scalepoint credential does not authenticate this request/);
		await expect(
			thinksurance.authenticate(thinksuranceData, {
				uri: 'http://127.0.0.1:4000/api/ipn/agency-numbers',
			} as never),
		).rejects.toThrow(/^The Thinksurance credential does not authenticate this request/);
	});

	it('Scalepoint authenticates its own hosts and the Additional Allowed Hosts', async () => {
		for (const url of ['https://entry.scalepoint.com/ecx/t/x', 'https://project.example.com/x']) {
			const options = await scalepoint.authenticate(
				{ ...production, allowedHosts: 'https://project.example.com' },
				{ url },
			);
			expect(options.headers).toEqual({ Authorization: 'Bearer sp-token' });
		}
	});

	it('Thinksurance refuses any host but its base URL host, and an http base URL that is not loopback', async () => {
		await expect(
			thinksurance.authenticate(thinksuranceData, {
				url: 'https://evil.example/api/ipn/agency-numbers',
			}),
		).rejects.toThrow(
			"The Thinksurance credential does not authenticate this request: https://evil.example is not the credential's host http://127.0.0.1:4000",
		);
		await expect(
			thinksurance.authenticate(
				{ ...thinksuranceData, customBaseUrl: 'http://ipn.dev.thinksurance.de' },
				{ url: 'http://ipn.dev.thinksurance.de/api/ipn/agency-numbers' },
			),
		).rejects.toThrow('the credential has no usable Base URL');
		const own = await thinksurance.authenticate(thinksuranceData, {
			baseURL: 'http://127.0.0.1:4000',
			url: '/api/ipn/agency-numbers',
		});
		expect(own.headers).toMatchObject({
			Authorization: 'Bearer ts-token',
			'X-Broker-Token': 'broker-secret',
		});
	});
});

describe('ScalepointClient.request refuses a URL outside the credential hosts before sending', () => {
	it('whatever built the URL, no token is fetched and nothing is sent', async () => {
		const helperCalls: string[] = [];
		const node = {
			name: 'Node',
			credentials: { scalepointApi: { id: '1', name: 'Team Scalepoint' } },
		} as unknown as INode;
		const ctx = {
			getNode: () => node,
			getCredentials: async () => fx.credentialData(),
			helpers: new Proxy(
				{},
				{
					get: (_target, name) => () => {
						helperCalls.push(String(name));
						throw new Error('a request was attempted');
					},
				},
			),
		} as unknown as IExecuteFunctions;
		const client = await ScalepointClient.open(ctx, 'events');
		await expect(
			client.request({ method: 'POST', url: `${attacker.url}/api/events`, idempotent: false }),
		).rejects.toThrow(
			`Scalepoint request refused: ${attacker.url} is not a host of the Scalepoint credential "Team Scalepoint" (it allows ${fx.sandbox.url})`,
		);
		expect(helperCalls).toEqual([]);
		expect(attacker.requests).toHaveLength(0);
		expect(fx.tokenRequests()).toBe(0);
	});
});

describe('Token requests never follow a redirect', () => {
	const redirectTo = (route: string, status: number, path: string) =>
		fx.sandbox.faults.add({
			route: route as never,
			status,
			headers: { Location: `${attacker.url}${path}` },
		});

	it.each([307, 302])(
		'Scalepoint token endpoint %i: the assertion is sent once, never to the Location',
		async (status) => {
			redirectTo('scalepoint.token', status, '/connect/token');
			const result = await runNode({
				type: 'scalepointSelfService',
				parameters: {
					resource: 'case',
					operation: 'submit',
					country: 'dk',
					tenant: 'abcinsurance',
					caseToken: '00000000-0000-4000-8000-000000000001',
				},
				credentials: fx.credentials(),
			});
			expect(result.error?.message).toBe(
				`The Scalepoint token endpoint ${fx.sandbox.tokenUrl} redirected the token request (${status}). The redirect was not followed, so the credentials were sent once, to that URL only. Check the credential's environment and token URL.`,
			);
			expect(fx.tokenRequests()).toBe(1);
			expect(attacker.requests).toHaveLength(0);
			expect(fx.sandbox.requests('selfService.submit')).toHaveLength(0);
		},
	);

	it('Scalepoint client secret, through the editor credential test (legacy request helper)', async () => {
		redirectTo('scalepoint.token', 307, '/connect/token');
		const result = await scalepointApiTest.call(
			new CredentialTestContext(undefined as never) as never,
			{
				id: 'c',
				name: 'Scalepoint',
				type: 'scalepointApi',
				data: fx.credentialData({
					clientId: 'secret-client',
					authentication: 'clientSecret',
					clientSecret: 'S3cr3t-value-for-tests',
				}),
			},
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('redirected the token request (307)');
		expect(attacker.requests).toHaveLength(0);
	});

	it.each([307, 302])(
		'Thinksurance token endpoint %i: hash and secret are sent once, never to the Location',
		async (status) => {
			redirectTo('thinksurance.token', status, '/api/ipn/tokens');
			const result = await runNode({
				type: 'thinksurance',
				parameters: listParameters,
				credentials: credentialsFor(fx.sandbox),
			});
			expect(result.error?.message).toContain(`redirected the token request (${status})`);
			expect(fx.sandbox.requests('thinksurance.token')).toHaveLength(1);
			expect(attacker.requests).toHaveLength(0);
			expect(fx.sandbox.requests('thinksurance.agencyNumbers.list')).toHaveLength(0);
		},
	);
});
