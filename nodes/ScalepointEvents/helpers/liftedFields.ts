import type { IDataObject } from 'n8n-workflow';

/**
 * The identifiers a next node needs, per event type, and where each type's payload carries them
 * (api-notes-beyond/scalepoint-events-receive.md §4). A field is listed for a type only when that
 * type's page (or, for case_settled, Scalepoint's JSON Schema) documents it: `case_created` has no
 * case UUID, the HUB repair events have `case.id` and no case token. Nothing is guessed across
 * types, so a lifted field always means what its vendor page says.
 *
 * Source of each entry: [page] a vendor page's field table or example; [code] the case_settled
 * JSON Schema in Scalepoint's test code. docs/nodes/ScalepointEvents.md repeats this table.
 */
type Path = readonly string[];

const CASE_UUID: Path = ['case', 'uuid'];
const CASE_TOKEN: Path = ['case', 'token'];
const CASE_NUMBER: Path = ['case', 'number'];
const CASE_TYPE: Path = ['case', 'caseType'];
const EXTERNAL_CLAIM_ID: Path = ['case', 'externalClaimId'];

/** The `case` identifiers ClaimShop events document (claim-updated, claimline-changed, …). [page] */
const CLAIMSHOP_CASE = {
	caseUuid: CASE_UUID,
	caseToken: CASE_TOKEN,
	caseNumber: CASE_NUMBER,
	caseType: CASE_TYPE,
	externalClaimId: EXTERNAL_CLAIM_ID,
};

/** The HUB repair events' case and service (their pages show examples only). [page] */
const HUB_REPAIR = {
	caseId: ['case', 'id'],
	caseNumber: CASE_NUMBER,
	serviceId: ['service', 'id'],
	serviceReferenceNumber: ['service', 'referenceNumber'],
};

export const LIFTED_FIELDS: Readonly<Record<string, Readonly<Record<string, Path>>>> = {
	// [page] long-polling example: case.token, case.number (optional there), policy.number.
	case_created: {
		caseToken: CASE_TOKEN,
		caseNumber: CASE_NUMBER,
		policyNumber: ['policy', 'number'],
	},
	claim_updated: CLAIMSHOP_CASE,
	// [code] case.uuid/token/number/externalClaimId (schema: case has no caseType);
	// [page] settlement.revisionToken, "use it with the Settlement API".
	case_settled: {
		caseUuid: CASE_UUID,
		caseToken: CASE_TOKEN,
		caseNumber: CASE_NUMBER,
		externalClaimId: EXTERNAL_CLAIM_ID,
		revisionToken: ['settlement', 'revisionToken'],
	},
	claimline_changed: CLAIMSHOP_CASE,
	auto_settlement_failed: CLAIMSHOP_CASE,
	attachments_updated: CLAIMSHOP_CASE,
	// [page] only repair_service_requested's example has case.externalId.
	repair_service_requested: { ...HUB_REPAIR, caseExternalId: ['case', 'externalId'] },
	repair_updated: { ...HUB_REPAIR, servicePartnerId: ['servicePartner', 'id'] },
};

/**
 * Identifiers are short (a token is a prefix and a GUID). A longer value is not lifted: the item
 * would carry a huge string twice, and it is not an identifier a next node can use. It stays in
 * the event as sent.
 */
export const MAX_LIFTED_LENGTH = 500;

/** A value that may be lifted: a non-empty string of at most MAX_LIFTED_LENGTH characters. */
export function liftable(value: unknown): value is string {
	return typeof value === 'string' && value !== '' && value.length <= MAX_LIFTED_LENGTH;
}

/**
 * The value at `path`, read through own properties only: a payload's `__proto__` or
 * `constructor` key (JSON.parse makes them own properties) is data, never a way into prototypes.
 */
function ownValueAt(root: unknown, path: Path): unknown {
	let current = root;
	for (const key of path) {
		if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/**
 * The documented identifiers of an event of `eventType`, by their top-level names. A field the
 * event does not carry as a usable string is left out (never invented, never null); a type
 * without documented identifiers (a custom type) gives none.
 */
export function liftIdentifiers(eventType: string, attributes: unknown): IDataObject {
	const lifted: IDataObject = {};
	if (!Object.prototype.hasOwnProperty.call(LIFTED_FIELDS, eventType)) return lifted;
	for (const [name, path] of Object.entries(LIFTED_FIELDS[eventType])) {
		const value = ownValueAt(attributes, path);
		if (liftable(value)) lifted[name] = value;
	}
	return lifted;
}
