import type { INodeParameters } from 'n8n-workflow';

import { errorFacts } from '../harness/errorItems';
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from '../sandbox/caseSeed';
import { tokenWithScopes } from '../sandbox/testHelpers';
import type { ScalepointFixture } from '../fixtures/scalepoint';
import { caseReadCredentials, runCaseData, startCaseDataFixture, V3 } from './helpers';

const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
const DOCUMENTED =
	'200 with {"case": {"token", "number"}, "settlementDetails": {"revisionToken", "status", …}}';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startCaseDataFixture();
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

function params(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'settlement',
		operation: 'getRevision',
		country: 'dk',
		tenant: 'abcinsurance',
		revisionToken: '={{ $json.revisionToken }}',
		...overrides,
	};
}

const getRevisions = (
	revisionTokens: string[],
	options: Parameters<typeof runCaseData>[3] & { parameters?: INodeParameters } = {},
) =>
	runCaseData(
		fx,
		params(options.parameters),
		revisionTokens.map((revisionToken) => ({ json: { revisionToken } })),
		options,
	);

const sent = () => fx.sandbox.requests('settlement.getRevision');

describe('Get settlement revision — the answer', () => {
	it('v3 by default: key fields on top of the untouched vendor JSON', async () => {
		const result = await getRevisions([SEEDED_REVISION_TOKEN]);
		expect(result.error).toBeUndefined();
		const vendorBody = fx.sandbox.state.settlementRevisions[SEEDED_REVISION_TOKEN].body;
		expect(result.output.map((item) => item.json)).toEqual([
			{
				revisionToken: SEEDED_REVISION_TOKEN,
				apiVersion: 'v3',
				caseToken: SEEDED_CASE.token,
				caseNumber: SEEDED_CASE.number,
				policyNumber: SEEDED_CASE.policyNumber,
				status: 'SETTLED',
				settlementType: 'SETTLED_WITH_EMAIL',
				approvedBy: 'ochtryg',
				timestamp: '2024-05-02T07:15:39.760Z',
				deductible: 1000,
				subTotalAmount: 9763,
				replacementAmount: 9763,
				repairAmount: null,
				manualReduction: 0,
				settlement: vendorBody,
			},
		]);
		expect(result.hints).toEqual([]);
		const [request] = sent();
		expect(request.method).toBe('GET');
		expect(request.rawPath).toBe(
			`/webapp/ScalePoint/dk/case/abcinsurance/revision/${SEEDED_REVISION_TOKEN}`,
		);
		expect(request.headers.accept).toBe(V3);
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
	});

	it('the upper-case revision token of a case_settled event is read as it is', async () => {
		const upper = SEEDED_REVISION_TOKEN.toUpperCase();
		const result = await getRevisions([upper]);
		expect(result.output[0].json).toMatchObject({ revisionToken: upper, status: 'SETTLED' });
	});

	it.each([
		['v1', {}, 'application/vnd.scalepoint.content.settlement.v1+json', 'v1'],
		['v2', {}, 'application/vnd.scalepoint.content.settlement.v2+json', 'v2'],
		['plainJson', {}, 'application/json', 'json'],
		[
			'custom',
			{ customVersion: 'v2' },
			'application/vnd.scalepoint.content.settlement.v2+json',
			'v2',
		],
	])('API Version %s sends Accept %j', async (apiVersion, extra, accept, label) => {
		const result = await getRevisions([SEEDED_REVISION_TOKEN], {
			parameters: { apiVersion, ...extra },
		});
		expect(result.output[0].json.apiVersion).toBe(label);
		expect(sent()[0].headers.accept).toBe(accept);
	});

	it('a version Scalepoint does not offer: 406 names the version and what to choose', async () => {
		const result = await getRevisions([SEEDED_REVISION_TOKEN], {
			parameters: { apiVersion: 'custom', customVersion: '4' },
			onError: 'continueErrorOutput',
		});
		const facts = errorFacts(result.errorOutput[0]);
		expect(facts.error).toBe(
			'Scalepoint does not offer the settlement format v4 (406: it cannot answer with application/vnd.scalepoint.content.settlement.v4+json)',
		);
		expect(String(facts.description)).toContain('Choose another API Version');
		expect(sent()).toHaveLength(1);
	});

	it.each(['4.1', 'v3+json, text/html', 'x'])(
		'Custom Version %j is refused before sending',
		async (customVersion) => {
			const result = await getRevisions([SEEDED_REVISION_TOKEN], {
				parameters: { apiVersion: 'custom', customVersion },
			});
			expect(result.error?.message).toBe(
				'Custom Version must be a version number such as 4 (or v4)',
			);
			expect(fx.sandbox.journal).toHaveLength(0);
		},
	);

	it('400 (unknown revision token, as Scalepoint answers it): a clear error item with the token', async () => {
		const result = await getRevisions([UNKNOWN, SEEDED_REVISION_TOKEN], {
			onError: 'continueErrorOutput',
		});
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		const facts = errorFacts(result.errorOutput[0]);
		expect(result.errorOutput[0].pairedItem).toEqual({ item: 0 });
		expect(facts.error).toBe(
			`Scalepoint has no settlement revision ${UNKNOWN} for tenant "abcinsurance" (400)`,
		);
		expect(facts).toMatchObject({ httpCode: '400', revisionToken: UNKNOWN });
	});

	it('404: "no settlement revision with that token"', async () => {
		fx.sandbox.faults.add({ route: 'settlement.getRevision', status: 404, body: '{"status":404}' });
		const result = await getRevisions([SEEDED_REVISION_TOKEN], { onError: 'continueErrorOutput' });
		expect(errorFacts(result.errorOutput[0]).error).toBe(
			`Scalepoint has no settlement revision with token ${SEEDED_REVISION_TOKEN} for country "dk", tenant "abcinsurance" (404)`,
		);
	});

	it('a credential without platform-case:read fails before anything is sent', async () => {
		const result = await getRevisions([SEEDED_REVISION_TOKEN], {
			credentials: fx.credentials({ scopes: ['case:delete'] }),
		});
		expect(result.error?.message).toBe(
			'This operation needs the scope platform-case:read; add it to the credential',
		);
		expect(fx.sandbox.journal).toHaveLength(0);
	});

	it('403 from Scalepoint (a token without the scope) names the scope', async () => {
		const stale = await tokenWithScopes(fx.sandbox, ['events']);
		const result = await getRevisions([SEEDED_REVISION_TOKEN], {
			onError: 'continueErrorOutput',
			credentials: caseReadCredentials(fx, {
				accessToken: stale,
				accessTokenExpiresAt: Date.now() + 3_600_000,
			}),
		});
		expect(errorFacts(result.errorOutput[0])).toMatchObject({
			error: 'Scalepoint refused access (403): the token lacks the scope platform-case:read',
			httpCode: '403',
		});
	});
});

describe('Get settlement revision — a 2xx that is not the documented answer is "not understood"', () => {
	const other = JSON.stringify({
		case: { token: SEEDED_CASE.token, number: SEEDED_CASE.number },
		settlementDetails: { revisionToken: UNKNOWN, status: 'SETTLED' },
	});
	it.each([
		['an HTML page', '<!doctype html><html></html>'],
		['an empty JSON object', '{}'],
		['a JSON object', '{"case":{"token":"c.1"}}'],
		['a JSON object', other],
		['a JSON list', '[]'],
	])('%s', async (words, body) => {
		fx.sandbox.faults.add({ route: 'settlement.getRevision', status: 200, body });
		const result = await getRevisions([SEEDED_REVISION_TOKEN], { onError: 'continueErrorOutput' });
		expect(result.output).toEqual([]);
		const facts = errorFacts(result.errorOutput[0]);
		expect(facts.error).toBe(
			`Scalepoint answered 200 with ${words}, not a settlement revision as documented (${DOCUMENTED})`,
		);
		expect(String(facts.description)).toContain('nothing is reported as found or missing');
		expect(facts.revisionToken).toBe(SEEDED_REVISION_TOKEN);
	});

	it('Answer Check "Any JSON Object" passes another format on, key fields empty, with a hint', async () => {
		const body = { settlementId: 'x', parties: [] };
		fx.sandbox.faults.add({
			route: 'settlement.getRevision',
			status: 200,
			body: JSON.stringify(body),
		});
		const result = await getRevisions([SEEDED_REVISION_TOKEN], {
			parameters: { options: { answerCheck: 'anyObject' } },
		});
		expect(result.output[0].json).toMatchObject({
			revisionToken: SEEDED_REVISION_TOKEN,
			status: null,
			caseToken: null,
			replacementAmount: null,
			settlement: body,
		});
		expect(result.hints.map((hint) => hint.message).join()).toContain(
			'had none of the documented fields',
		);
	});

	it('Answer Check "Any JSON Object" still refuses HTML and {}', async () => {
		fx.sandbox.faults.add({ route: 'settlement.getRevision', status: 200, body: '{}' });
		const result = await getRevisions([SEEDED_REVISION_TOKEN], {
			parameters: { options: { answerCheck: 'anyObject' } },
			onError: 'continueErrorOutput',
		});
		expect(result.output).toEqual([]);
		expect(String(result.errorOutput[0].json.error)).toContain('an empty JSON object');
	});
});

describe('Get settlement revision — path segments', () => {
	it.each([
		[{ revisionToken: 'x/../../admin' }, 'Revision Token must not contain "/"'],
		[{ revisionToken: '%2e%2e' }, 'Revision Token must not contain encoded'],
		[{ tenant: 'a\\b' }, 'Tenant must not contain "/" or "\\"'],
	])('%j is refused before sending', async (item, problem) => {
		const result = await runCaseData(
			fx,
			params({ tenant: '={{ $json.tenant ?? "abcinsurance" }}' }),
			[{ json: { revisionToken: SEEDED_REVISION_TOKEN, ...item } }],
		);
		expect(result.error?.message).toContain(problem);
		expect(fx.sandbox.journal).toHaveLength(0);
	});
});
