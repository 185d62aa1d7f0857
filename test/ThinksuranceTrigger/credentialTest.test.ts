/**
 * The editor's test of the Thinksurance Webhook API credential: Thinksurance has no endpoint to
 * ask, so it checks the fields, names the one that is wrong and sends nothing.
 */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { ThinksuranceTrigger } from '../../nodes/ThinksuranceTrigger/ThinksuranceTrigger.node';
import { registry } from '../harness/registry';

const trigger = new ThinksuranceTrigger();
const test = trigger.methods.credentialTest.thinksuranceWebhookApiTest;

// No helpers: a test that tried to send a request would throw.
const noRequests = {} as ICredentialTestFunctions;
const run = (data: Record<string, string>) =>
	test.call(noRequests, { id: '1', name: 'webhook', type: 'thinksuranceWebhookApi', data });

it("the trigger asks for the package's own credential, tested by the node", () => {
	expect(trigger.description.credentials).toEqual([
		expect.objectContaining({
			name: 'thinksuranceWebhookApi',
			testedBy: 'thinksuranceWebhookApiTest',
		}),
	]);
	expect(registry().credentials.thinksuranceWebhookApi).toBeDefined();
});

it.each([
	[{ authentication: 'header', headerName: 'X-Webhook-Secret', headerSecret: 's3cret' }],
	[{ authentication: 'basicAuth', user: 'thinksurance', password: 'p:ss' }],
])('%j: OK, without contacting anyone', async (data) => {
	await expect(run(data)).resolves.toEqual({
		status: 'OK',
		message: expect.stringContaining('Thinksurance is not contacted'),
	});
});

it.each([
	[{ authentication: 'header', headerName: '', headerSecret: 's3cret' }, 'Header Name is empty'],
	[
		{ authentication: 'header', headerName: 'X Secret', headerSecret: 's3cret' },
		'Header Name is not a valid header name',
	],
	[{ authentication: 'header', headerName: 'X-Secret', headerSecret: '' }, 'Header Value is empty'],
	[{ authentication: 'basicAuth', user: '', password: 'p' }, 'User is empty'],
	[{ authentication: 'basicAuth', user: 'a:b', password: 'p' }, 'User contains a colon'],
	[{ authentication: 'basicAuth', user: 'a', password: '' }, 'Password is empty'],
])('%j: Error naming the field (%s), no secret in it', async (data, problem) => {
	const result = await run(data);
	expect(result.status).toBe('Error');
	expect(result.message).toContain(problem);
	expect(result.message).toContain('Thinksurance Support');
	expect(result.message).not.toContain('s3cret');
});
