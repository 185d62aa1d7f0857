import { startSandbox } from './server';
import { call, tokenWithScopes } from './testHelpers';
import type { Sandbox } from './types';

let sandbox: Sandbox;
let token: string;
const OPEN_CASE = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';

beforeAll(async () => {
	sandbox = await startSandbox();
	token = await tokenWithScopes(sandbox, ['self-service:submit']);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function submit(
	caseToken: string,
	opts: { token?: string; country?: string; tenant?: string } = {},
) {
	const url = `${sandbox.url}/self-service/${opts.country ?? 'dk'}/api/${opts.tenant ?? 'abcinsurance'}/case/${caseToken}/submitted`;
	return call(url, { method: 'POST', token: opts.token ?? token });
}

describe('POST /self-service/{country}/api/{tenant}/case/{caseToken}/submitted', () => {
	it('submits an open case with lines: 200 SUCCESS and the case becomes submitted', async () => {
		const answer = await submit(OPEN_CASE);
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ success: true, code: 'SUCCESS' });
		expect(sandbox.state.selfServiceCases[OPEN_CASE].status).toBe('submitted');
		expect(sandbox.requests('selfService.submit')[0].params).toEqual({
			country: 'dk',
			tenant: 'abcinsurance',
			caseToken: OPEN_CASE,
		});
	});

	it('answers 400 CASE_ALREADY_SUBMITTED the second time', async () => {
		await submit(OPEN_CASE);
		const answer = await submit(OPEN_CASE);
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ success: false, code: 'CASE_ALREADY_SUBMITTED' });
	});

	it('answers 200 NO_LINES_TO_SUBMIT with success:true and leaves the case open', async () => {
		sandbox.state.setSelfServiceCase('empty-case', {
			status: 'open',
			lines: 0,
			agreementAccepted: true,
		});
		const answer = await submit('empty-case');
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ success: true, code: 'NO_LINES_TO_SUBMIT' });
		expect(sandbox.state.selfServiceCases['empty-case'].status).toBe('open');
	});

	it.each([
		['closed case', { status: 'closed', lines: 1, agreementAccepted: true }, 'CASE_IS_NOT_OPEN'],
		[
			'agreement not accepted',
			{ status: 'open', lines: 1, agreementAccepted: false },
			'AGREEMENT_NOT_ACCEPTED',
		],
	] as const)('answers 400 for a %s', async (_name, seeded, code) => {
		sandbox.state.setSelfServiceCase('seeded', seeded);
		const answer = await submit('seeded');
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ success: false, code });
	});

	it('answers 400 CASE_NOT_FOUND for an unknown token', async () => {
		const answer = await submit('no-such-case');
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ success: false, code: 'CASE_NOT_FOUND' });
	});

	it('answers 400 INVALID_TENANT for an unknown country or tenant', async () => {
		expect((await submit(OPEN_CASE, { tenant: 'other' })).body.code).toBe('INVALID_TENANT');
		expect((await submit(OPEN_CASE, { country: 'se' })).body.code).toBe('INVALID_TENANT');
	});

	it('answers 401 UNAUTHORIZED without a valid token', async () => {
		const answer = await submit(OPEN_CASE, { token: 'nope' });
		expect(answer.status).toBe(401);
		expect(answer.body).toMatchObject({ success: false, code: 'UNAUTHORIZED' });
	});

	it('answers 403 insufficient_scope for a token without self-service:submit', async () => {
		const other = await tokenWithScopes(sandbox, ['events']);
		const answer = await submit(OPEN_CASE, { token: other });
		expect(answer.status).toBe(403);
		expect(answer.body).toEqual({
			error: 'insufficient_scope',
			error_description: 'Insufficient scope for this resource',
			scope: 'self-service:submit',
		});
	});

	it('keeps an encoded slash inside the case token segment', async () => {
		sandbox.state.setSelfServiceCase('a/b', { status: 'open', lines: 1, agreementAccepted: true });
		const answer = await submit('a%2Fb');
		expect(answer.body.code).toBe('SUCCESS');
		expect(sandbox.requests('selfService.submit')[0].rawPath).toContain('/case/a%2Fb/submitted');
	});

	it('does not route an empty or slash-containing segment', async () => {
		const answer = await call(`${sandbox.url}/self-service/dk/api/abcinsurance/case//submitted`, {
			method: 'POST',
			token,
		});
		expect(answer.status).toBe(404);
		expect(sandbox.journal.at(-1)?.route).toBe('unknown');
	});
});
