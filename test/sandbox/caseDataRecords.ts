/**
 * What the sandbox's Case Data API and Settlement API know: the seeded ClaimShop case
 * (caseSeed.ts) and its settled revision, the one the seeded `case_settled` event names.
 *
 * Shapes (api-notes-beyond): the case body follows the model Scalepoint's test client reads
 * (scalepoint-case-data.md §3, [code]; values [inferred]); the settlement body follows the v1
 * JSON Schema of Scalepoint's tests (scalepoint-settlement.md §5, [code]). Its amounts agree with
 * the seeded case_settled event (eventExamples.ts): 9,763 compensation, 1,000 deductible.
 */
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from './caseSeed';

/** A record answers only under its own country and tenant (another tenant: as if unknown). */
export interface CaseDataRecord {
	country: string;
	tenant: string;
	/** The answer body, sent as it is. */
	body: Record<string, unknown>;
}

export const SANDBOX_COUNTRY = 'dk';
export const SANDBOX_TENANT = 'abcinsurance';

function seededCase(): Record<string, unknown> {
	return {
		token: SEEDED_CASE.token,
		tenant: SANDBOX_TENANT,
		country: SANDBOX_COUNTRY,
		caseType: SEEDED_CASE.caseType,
		caseNumber: SEEDED_CASE.number,
		policy: { number: SEEDED_CASE.policyNumber },
		customer: {
			name: 'Lauren Horn',
			email: 'lauren@example.com',
			phone: '79169401',
			mobile: '79169401',
			address: { street1: '335 Ranchero Rd', postalCode: '1357', city: 'Racine' },
		},
		loss: {
			deductible: { value: 1000.0 },
			content: {
				items: [
					{
						itemId: '1',
						uiItemId: 1,
						description: 'TV',
						category: 'Electronics',
						subCategory: 'Television',
						quantity: 1,
						ageMonths: 12,
						depreciationPercentage: 0,
						depreciationAmount: 0.0,
						replacementAmount: 9763.0,
						draft: false,
						rejected: false,
						valuations: [
							{ type: 'CATALOG_PRICE', price: 9763.0, active: true },
							{ type: 'CUSTOMER_DEMAND', price: 11000.0, active: false },
						],
					},
				],
			},
		},
	};
}

function settledRevision(): Record<string, unknown> {
	return {
		case: {
			token: SEEDED_CASE.token,
			number: SEEDED_CASE.number,
			policyNumber: SEEDED_CASE.policyNumber,
		},
		settlementDetails: {
			deductible: 1000.0,
			revisionToken: SEEDED_REVISION_TOKEN,
			status: 'SETTLED',
			approvedBy: 'ochtryg',
			timestamp: '2024-05-02T07:15:39.760Z',
			settlementType: 'SETTLED_WITH_EMAIL',
			subTotalAmount: 9763.0,
			replacementAmount: 9763.0,
			manualReduction: 0.0,
			settledItems: [
				{
					itemId: '1',
					description: 'TV',
					category: 'Electronics',
					subCategory: 'Television',
					quantity: 1,
					depreciation: 0.0,
					replacementAmount: 9763.0,
					ageMonths: 12,
					group: { internalId: 1 },
				},
			],
			groups: [{ internalId: 1, amount: 9763.0, name: 'Overview', type: 'OVERVIEW' }],
		},
	};
}

/** Keyed by case token. */
export function defaultCaseData(): Record<string, CaseDataRecord> {
	return {
		[SEEDED_CASE.token]: { country: SANDBOX_COUNTRY, tenant: SANDBOX_TENANT, body: seededCase() },
	};
}

/** Keyed by revision token, lower-case (GUIDs; events write them upper-case). */
export function defaultSettlementRevisions(): Record<string, CaseDataRecord> {
	return {
		[SEEDED_REVISION_TOKEN.toLowerCase()]: {
			country: SANDBOX_COUNTRY,
			tenant: SANDBOX_TENANT,
			body: settledRevision(),
		},
	};
}
