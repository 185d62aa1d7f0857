/**
 * Realistic `attributes` of each Scalepoint → client event type, taken from the vendor pages (and,
 * for case_settled, the JSON Schema in Scalepoint's own test code), as collected in
 * api-notes-beyond/scalepoint-events-receive.md §4. The receive route delivers whatever the state
 * holds; these are what tests, `npm run sandbox` and the e2e suite put there, so the trigger's
 * filter and its lifted identifiers are tried on the shapes Scalepoint documents, not on toy data.
 *
 * The ClaimShop events name the seeded case (caseSeed.ts), and case_settled its settlement
 * revision, so the Case Data routes answer for them. The envelope (`eventType`, `payloadVersion`,
 * `correlationId`) is added by `state.addOutgoingEvent`; `timestamp` is the publisher's time.
 */
import { SEEDED_CASE, SEEDED_REVISION_TOKEN } from './caseSeed';

export const DOCUMENTED_EVENT_TYPES = [
	'case_created',
	'claim_updated',
	'case_settled',
	'claimline_changed',
	'auto_settlement_failed',
	'repair_service_requested',
	'repair_updated',
	'attachments_updated',
] as const;

export type DocumentedEventType = (typeof DOCUMENTED_EVENT_TYPES)[number];

/** The `case` object of a ClaimShop event about the seeded case. */
const claimShopCase = () => ({
	uuid: SEEDED_CASE.uuid,
	token: SEEDED_CASE.token,
	number: SEEDED_CASE.number,
	externalClaimId: SEEDED_CASE.externalClaimId,
	caseType: SEEDED_CASE.caseType,
});

/** The HUB case and service of the repair examples (service-providers / material-supplier pages). */
const hubCase = () => ({
	id: '2f29eca7-bec3-4061-8817-6b29cf13464d',
	damageCause: 'Brand',
	damageCategory: 'Brandskade',
	policy: {
		insuranceCompany: {
			alias: 'insurance1',
			subcompanyAlias: 'insurance1',
			subcompanyName: 'insurance one',
		},
	},
	number: '20200826-01',
});
const hubService = () => ({
	referenceNumber: '20200826-01-8',
	id: '25875a6d-5c7b-48e3-8cb9-e620378d99bc',
	startDate: '2020-12-10T08:12:14.2170965Z',
	endDate: '2020-12-10T08:41:46.4739975Z',
});

/** case_settled per the page example and the schema: parties, expenses, obligations, payments. */
function caseSettled() {
	const { uuid, token, number, externalClaimId } = SEEDED_CASE;
	return {
		timestamp: '2024-05-02T09:15:42.123+02:00',
		case: { uuid, token, number, externalClaimId },
		settlement: {
			approvedBy: { email: 'och@company.com', name: 'ochtryg', type: 'user', username: 'och' },
			summary: { deductible: 1000.0, shareOfVat: 0.0, depreciation: 0.0, manualReduction: 0.0 },
			revisionToken: SEEDED_REVISION_TOKEN,
		},
		parties: [
			{
				$id: '/parties/0',
				name: 'Scalepoint',
				address: { street: '', street2: '', city: '', postalCode: '', countryCode: '' },
			},
			{
				$id: '/parties/1',
				name: 'ABC Insurance',
				address: { street: '', street2: '', city: '', postalCode: '', countryCode: 'DK' },
				roles: ['insuranceCompany'],
			},
			{
				$id: '/parties/2',
				name: 'Lauren Horn',
				address: {
					street: '335 Ranchero Rd',
					street2: '',
					city: 'Racine',
					postalCode: '1357',
					countryCode: 'DK',
				},
				contact: { name: 'Lauren Horn', telephone: '79169401', email: 'lauren@example.com' },
				roles: ['policyHolder', 'claimant'],
			},
		],
		expenses: [
			{
				$id: '/expenses/0',
				uuid: '449f0bdc-5589-41a9-ad23-655a9f5eff58',
				issueDate: '2024-05-02T07:15:39.760Z',
				dueDate: '2024-05-02T07:15:39.760Z',
				total: 9763.0,
				currencyCode: 'DKK',
				payerParty: { $ref: '/parties/1' },
				payeeParty: { $ref: '/parties/2' },
				expenseType: 'cashCompensation',
			},
		],
		obligations: [
			{
				$id: '/obligations/0',
				obligationType: 'compensation',
				total: 9763.0,
				currencyCode: 'DKK',
				payerParty: { $ref: '/parties/1' },
				payeeParty: { $ref: '/parties/2' },
				expense: { $ref: '/expenses/0' },
			},
			{
				$id: '/obligations/1',
				obligationType: 'deductible',
				total: 1000.0,
				currencyCode: 'DKK',
				payerParty: { $ref: '/parties/2' },
				payeeParty: { $ref: '/parties/1' },
			},
		],
		payments: [
			{
				uuid: '6ec41869-cd6f-40f5-af12-8101896a7d53',
				dueDate: '2024-05-02T07:15:39.776Z',
				total: 8763.0,
				currencyCode: 'DKK',
				payerParty: { $ref: '/parties/1' },
				payeeParty: { $ref: '/parties/2' },
				expenses: [{ $ref: '/expenses/0' }],
				obligations: [{ $ref: '/obligations/0' }, { $ref: '/obligations/1' }],
				paymentMeans: {
					payeeFinancialAccount: {
						id: '123412341234',
						fiBranch: { id: '1234' },
						paymentNote: SEEDED_CASE.number,
						paymentDescription: SEEDED_CASE.number,
					},
					paymentMeansCode: 'DOMESTIC_BANK_TRANSFER',
					paymentChannelCode: 'DK:BANK',
				},
			},
		],
	};
}

const EXAMPLES: Record<DocumentedEventType, () => Record<string, unknown>> = {
	// HUB Property; the long-polling page's second example (a case number is optional).
	case_created: () => ({
		timestamp: '2024-05-02T08:56:45.0812148+02:00',
		case: {
			number: 'SP20240502000019008',
			token: 'sub.6a5bf862-a1e4-4c3b-9f64-09e7761170cc',
			accidentDate: '2024-05-01T00:00:00Z',
			firstNotificationDate: '2024-05-02T08:56:37.3420994+02:00',
			company: 'abcinsurance',
		},
		policy: { number: '7654' },
	}),
	// ClaimShop case_closed (claim-updated page).
	claim_updated: () => ({
		timestamp: '2024-05-02T09:10:58+0200',
		changedBy: { fullName: 'FirstName LastName', username: 'User', userType: 'ClaimHandler' },
		changes: [{ property: 'CaseClosed' }],
		case: claimShopCase(),
	}),
	case_settled: caseSettled,
	// FraudAlert (claimline-changed page); eventId is the per-case event number the page lists.
	claimline_changed: () => ({
		eventId: '3',
		timestamp: '2024-05-02T09:12:00Z',
		case: { ...claimShopCase(), company: 'abcinsurance' },
	}),
	auto_settlement_failed: () => ({
		timestamp: '2024-05-02T09:14:00Z',
		case: { ...claimShopCase(), company: 'abcinsurance' },
		error: { type: 'FRAUD_ALERT', message: 'Case marked as fraudulent' },
	}),
	repair_service_requested: () => ({
		timestamp: '2024-05-02T08:45:53.3406753+02:00',
		case: { ...hubCase(), externalId: 'f2065569-a90b-4ebc-92d0-48d2dec9442a' },
		service: hubService(),
	}),
	repair_updated: () => ({
		timestamp: '2024-05-02T08:47:53.3406753+02:00',
		case: hubCase(),
		service: hubService(),
		servicePartner: {
			id: '30574be6-fe0c-45f3-8c3d-016211c166bb',
			displayName: 'Aage and Søn',
			companyTaxId: '23345622',
			phoneNumber: '+4512345678',
			faxNumber: '',
			responsibleUser: 'craftsman_name Last',
		},
	}),
	attachments_updated: () => ({
		eventId: '5',
		timestamp: '2024-05-02T09:20:00Z',
		case: claimShopCase(),
		changes: [
			{
				property: 'attachmentAddedToClaimLevel',
				attachmentGUID: '0c6f1f0e-3a43-4c55-9d1a-0d7d6f1b2c3d',
				attachmentLink: 'https://www.scalepoint.com/files/0c6f1f0e-3a43-4c55-9d1a-0d7d6f1b2c3d',
				fileType: 'image/jpeg',
				fileName: 'damage.jpg',
			},
		],
	}),
};

/** A fresh copy of the documented example attributes of `type` (without the envelope). */
export function exampleEventAttributes(type: DocumentedEventType): Record<string, unknown> {
	return EXAMPLES[type]();
}
