import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from './caseSeed';
import { startSandbox } from './server';
import { call, tokenWithScopes } from './testHelpers';
import type { Sandbox } from './types';

let sandbox: Sandbox;
let token: string;
const V3 = 'application/vnd.scalepoint.content.settlement.v3+json';

beforeAll(async () => {
	sandbox = await startSandbox();
	token = await tokenWithScopes(sandbox, ['platform-case:read']);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const caseUrl = (caseToken: string, tenant = 'abcinsurance') =>
	`${sandbox.url}/api/integration/data/v1/dk/${tenant}/case/${caseToken}`;
const revisionUrl = (revisionToken: string, tenant = 'abcinsurance') =>
	`${sandbox.url}/webapp/ScalePoint/dk/case/${tenant}/revision/${revisionToken}`;

describe('GET /api/integration/data/v1/{country}/{tenant}/case/{caseToken}', () => {
	it('answers the seeded case (the one the seeded case_settled event names)', async () => {
		const answer = await call(caseUrl(SEEDED_CASE.token), { token });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			token: SEEDED_CASE.token,
			caseNumber: SEEDED_CASE.number,
			caseType: 'contentClaim',
			tenant: 'abcinsurance',
			country: 'dk',
		});
		expect(sandbox.requests('caseData.getCase')[0].params).toEqual({
			country: 'dk',
			tenant: 'abcinsurance',
			caseToken: SEEDED_CASE.token,
		});
	});

	it('answers 404 for an unknown token and for the case under another tenant', async () => {
		expect((await call(caseUrl('c.unknown'), { token })).status).toBe(404);
		expect((await call(caseUrl(SEEDED_CASE.token, 'othertenant'), { token })).status).toBe(404);
	});

	it('answers 401 without a valid token and 403 without platform-case:read', async () => {
		expect((await call(caseUrl(SEEDED_CASE.token), { token: 'nope' })).status).toBe(401);
		const other = await tokenWithScopes(sandbox, ['events']);
		const forbidden = await call(caseUrl(SEEDED_CASE.token), { token: other });
		expect(forbidden.status).toBe(403);
		expect(forbidden.body).toMatchObject({
			error: 'insufficient_scope',
			scope: 'platform-case:read',
		});
	});
});

describe('GET /webapp/ScalePoint/{country}/case/{tenant}/revision/{revisionToken}', () => {
	it('answers the seeded revision with the v1-format body, in the media type asked for', async () => {
		const answer = await call(revisionUrl(SEEDED_REVISION_TOKEN), {
			token,
			headers: { accept: V3 },
		});
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toContain(V3);
		expect(answer.body).toMatchObject({
			case: { token: SEEDED_CASE.token, number: SEEDED_CASE.number },
			settlementDetails: {
				revisionToken: SEEDED_REVISION_TOKEN,
				status: 'SETTLED',
				settlementType: 'SETTLED_WITH_EMAIL',
			},
		});
	});

	it.each([
		['v1 media type', 'application/vnd.scalepoint.content.settlement.v1+json', 200],
		['v2 media type', 'application/vnd.scalepoint.content.settlement.v2+json', 200],
		['plain JSON', 'application/json', 200],
		['a v4 media type', 'application/vnd.scalepoint.content.settlement.v4+json', 406],
		['HTML only', 'text/html', 406],
	])('Accept %s: %i', async (_name, accept, status) => {
		const answer = await call(revisionUrl(SEEDED_REVISION_TOKEN), {
			token,
			headers: { accept },
		});
		expect(answer.status).toBe(status);
	});

	it('finds the revision token written upper-case (as events write it)', async () => {
		const answer = await call(revisionUrl(SEEDED_REVISION_TOKEN.toUpperCase()), { token });
		expect(answer.status).toBe(200);
	});

	it('answers 400 for an unknown revision token and for another tenant (as Scalepoint tests show)', async () => {
		expect(
			(await call(revisionUrl('00000000-0000-4000-8000-00000000dead'), { token })).status,
		).toBe(400);
		expect((await call(revisionUrl(SEEDED_REVISION_TOKEN, 'othertenant'), { token })).status).toBe(
			400,
		);
	});

	it('answers 403 without platform-case:read', async () => {
		const other = await tokenWithScopes(sandbox, ['events']);
		expect((await call(revisionUrl(SEEDED_REVISION_TOKEN), { token: other })).status).toBe(403);
	});
});
