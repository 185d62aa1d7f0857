import { request } from 'node:http';
import { ECB_ALLOWED_EXTENSIONS } from './ecbExtensions';
import { startSandbox } from './server';
import { call, tokenWithScopes } from './testHelpers';
import type { Sandbox } from './types';

let sandbox: Sandbox;
let token: string;
const OPEN_CASE = '11111111-1111-1111-1111-111111111111';
const CLOSED_CASE = '33333333-3333-3333-3333-333333333333';
const OPEN_DN = '44444444-4444-4444-4444-444444444444';
const MERGED_DN = '66666666-6666-6666-6666-666666666666';

beforeAll(async () => {
	sandbox = await startSandbox();
	token = await tokenWithScopes(sandbox, ['platform-service-provider:write']);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function file(overrides: Record<string, unknown> = {}) {
	return {
		content: Buffer.from('hello').toString('base64'),
		contentType: 'text/plain',
		fileName: 'filename.txt',
		description: 'test description',
		isRestricted: false,
		isDamageImage: false,
		...overrides,
	};
}

function body(payload: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
	return {
		securityToken: '00000000-0000-0000-0000-000000000000',
		payload: {
			files: [file()],
			id: OPEN_CASE,
			insuranceCompanyAlias: 'company',
			userEmail: 'company_ds@example.com',
			...payload,
		},
		...top,
	};
}

function submit(
	json: unknown,
	opts: {
		endpoint?: string;
		token?: string;
		tenant?: string;
		headers?: Record<string, string>;
	} = {},
) {
	const url = `${sandbox.url}/ecx/${opts.tenant ?? 'host'}/api/integration/v1/file/${opts.endpoint ?? 'submitForCase'}`;
	return call(url, { method: 'POST', token: opts.token ?? token, json, headers: opts.headers });
}

describe('ECB file submission', () => {
	it('stores files for an open case and answers 200 with their ids', async () => {
		const answer = await submit(
			body({ files: [file(), file({ fileName: 'test.csv', contentType: 'text/csv' })] }),
		);
		expect(answer.status).toBe(200);
		expect(answer.body.success).toBe(true);
		expect(answer.body.payload.files.map((f: { fileName: string }) => f.fileName)).toEqual([
			'filename.txt',
			'test.csv',
		]);
		expect(answer.body.payload.files[0].id).toMatch(/^[0-9a-f-]{36}$/);
		expect(sandbox.state.files).toHaveLength(2);
		expect(sandbox.state.files[0]).toMatchObject({
			id: answer.body.payload.files[0].id,
			target: 'case',
			targetId: OPEN_CASE,
			fileName: 'filename.txt',
			contentType: 'text/plain',
			size: 5,
			description: 'test description',
			isRestricted: false,
		});
	});

	it('stores files for an open damage notification', async () => {
		const answer = await submit(body({ id: OPEN_DN }), { endpoint: 'submitForDamageNotification' });
		expect(answer.status).toBe(200);
		expect(sandbox.state.files[0].target).toBe('damageNotification');
	});

	it('answers 400 ClaimIsClosed for a closed case', async () => {
		const answer = await submit(body({ id: CLOSED_CASE }));
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ success: false, errorType: 'ClaimIsClosed' });
	});

	it('answers 400 DamageNotificationMergedToClaim with the page text', async () => {
		const answer = await submit(body({ id: MERGED_DN }), {
			endpoint: 'submitForDamageNotification',
		});
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			success: false,
			errorType: 'DamageNotificationMergedToClaim',
			errorDescription: `payload.id with value '${MERGED_DN}' is not ok. Reason: Damage notification with id ${MERGED_DN} is already merged to claim with id 22222222-2222-2222-2222-222222222222`,
		});
	});

	it.each([
		['ClaimNotFound', 'submitForCase', { id: '99999999-9999-9999-9999-999999999999' }],
		['DamageNotificationNotFound', 'submitForDamageNotification', { id: OPEN_CASE }],
		['UserNotFound', 'submitForCase', { userEmail: 'nobody@example.com' }],
	])('answers 404 %s', async (errorType, endpoint, payload) => {
		const answer = await submit(body(payload), { endpoint });
		expect(answer.status).toBe(404);
		expect(answer.body).toMatchObject({ success: false, errorType });
	});

	it('answers 400 for an unknown insurance company alias', async () => {
		const answer = await submit(body({ insuranceCompanyAlias: 'other' }));
		expect(answer.status).toBe(400);
		expect(answer.body.errorType).toBe('GenericError');
	});

	it('answers 401 for a wrong securityToken', async () => {
		const answer = await submit(
			body({}, { securityToken: '12345678-0000-0000-0000-000000000000' }),
		);
		expect(answer.status).toBe(401);
		expect(answer.body).toMatchObject({ success: false, errorType: 'Unauthorized' });
	});

	it('answers 401 without a bearer token and 403 without the scope', async () => {
		const unauthorized = await submit(body(), { token: 'nope' });
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.body.success).toBe(false);
		const other = await tokenWithScopes(sandbox, ['events']);
		const forbidden = await submit(body(), { token: other });
		expect(forbidden.status).toBe(403);
		expect(forbidden.body.scope).toBe('platform-service-provider:write');
	});

	it('answers 415 when the request is not application/json', async () => {
		const answer = await submit(body(), { headers: { 'content-type': 'text/plain' } });
		expect(answer.status).toBe(415);
		expect(answer.body.errorType).toBe('GenericError');
	});

	it('answers 415 GenericError for an extension not on the list, case-insensitive match otherwise', async () => {
		const refused = await submit(body({ files: [file({ fileName: 'virus.exe' })] }));
		expect(refused.status).toBe(415);
		expect(refused.body.errorType).toBe('GenericError');
		const accepted = await submit(body({ files: [file({ fileName: 'SONG.MP3' })] }));
		expect(accepted.status).toBe(200);
	});

	it('normalises the allow-list (dots and case)', () => {
		expect(ECB_ALLOWED_EXTENSIONS).toContain('mp3');
		expect(ECB_ALLOWED_EXTENSIONS).toContain('pdf');
		expect(ECB_ALLOWED_EXTENSIONS).not.toContain('.pdf');
		expect(new Set(ECB_ALLOWED_EXTENSIONS).size).toBe(ECB_ALLOWED_EXTENSIONS.length);
	});

	it('refuses a file name longer than 500 characters and accepts 500', async () => {
		const long = await submit(body({ files: [file({ fileName: `${'a'.repeat(497)}.txt` })] }));
		expect(long.status).toBe(400);
		const max = await submit(body({ files: [file({ fileName: `${'a'.repeat(496)}.txt` })] }));
		expect(max.status).toBe(200);
	});

	it('refuses content that is not strict base64', async () => {
		const answer = await submit(body({ files: [file({ content: 'aGVsbG8' })] }));
		expect(answer.status).toBe(400);
		expect(answer.body.errorDescription).toMatch(/base64/);
		expect(sandbox.state.files).toHaveLength(0);
	});

	it('answers 413 GenericError for a file over 100 MB (decoded) and stores nothing', async () => {
		const bytes = 100 * 1024 * 1024 + 2; // divisible by 3: no padding
		// Built as bytes, not as a JS string, to keep this test light on memory.
		const marker = 'CONTENT_GOES_HERE';
		const [head, tail] = JSON.stringify(body({ files: [file(), file({ content: marker })] })).split(
			marker,
		);
		const payload = Buffer.concat([
			Buffer.from(head),
			Buffer.alloc((bytes / 3) * 4, 'A'),
			Buffer.from(tail),
		]);
		const response = await fetch(`${sandbox.url}/ecx/host/api/integration/v1/file/submitForCase`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: payload,
		});
		expect(response.status).toBe(413);
		expect(await response.json()).toMatchObject({ success: false, errorType: 'GenericError' });
		expect(sandbox.state.files).toHaveLength(0);
		const entry = sandbox.requests('ecb.submitForCase')[0];
		expect(entry.bodyBytes).toBe(payload.length);
		expect(entry.bodyText.length).toBe(1024 * 1024);
	}, 20_000);

	it('answers 413 for a declared body over 150 MB without reading it', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const req = request(
				`${sandbox.url}/ecx/host/api/integration/v1/file/submitForCase`,
				{
					method: 'POST',
					headers: {
						authorization: `Bearer ${token}`,
						'content-type': 'application/json',
						'content-length': String(151 * 1024 * 1024),
					},
				},
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				},
			);
			req.on('error', reject);
			req.write('{');
		});
		expect(status).toBe(413);
	});
});
