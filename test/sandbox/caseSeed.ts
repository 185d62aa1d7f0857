/**
 * The one ClaimShop case the sandbox knows from end to end, shared by its parts so they agree:
 * the `case_settled` event the Events receive route delivers (test/sandbox/eventExamples.ts)
 * names this case and settlement revision, and the Case Data routes (Get case, Get settlement
 * revision) answer for exactly these tokens. A workflow "Events Trigger (case_settled) → Get
 * settlement revision" therefore works against the sandbox without any hand-made data.
 *
 * Values follow the vendor examples (api-notes-beyond: case-settled, claim-updated, settlement-api):
 * a ClaimShop case token with its `c.` prefix, a plain-GUID revision token.
 */
export const SEEDED_CASE = {
	uuid: 'e71f5090-6d0c-4bdd-8fa1-13dd8a838f44',
	token: 'c.2d2f0fd5-b766-48d6-92c0-586341c78f25',
	number: 'CH45575595',
	caseType: 'contentClaim',
	externalClaimId: 'EXT-2024-0042',
	policyNumber: '4405.09228',
} as const;

/** The settlement revision of SEEDED_CASE that its `case_settled` event points to. */
export const SEEDED_REVISION_TOKEN = 'c3bedf01-a49d-4cb1-a026-3a160aa5322a';
