import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../../shared/httpErrors';
import { isFilledText } from '../../../shared/unconfirmedAnswer';
import { numberAt, textAt } from '../liftedFields';

/**
 * The settlement answer Scalepoint's test automation validates (schema CaseDataSchema.json, the
 * v1 format): `{ case: { token, number, policyNumber }, settlementDetails: { revisionToken, status,
 * settlementType, ... } }`. The v3 body the page asks for is not published; the page's own example
 * pairs the v3 Accept with this body, so it is the default check, and `anyObject` accepts any
 * non-empty JSON object for a version that answers differently.
 */
export type AnswerCheck = 'documented' | 'anyObject';

export const DOCUMENTED_SETTLEMENT =
	'200 with {"case": {"token", "number"}, "settlementDetails": {"revisionToken", "status", …}}';

/** Why a 2xx is not a settlement revision answer, or undefined when it is one. */
export function settlementAnswerProblem(
	status: number,
	body: unknown,
	revisionToken: string,
	check: AnswerCheck,
): string | undefined {
	const answer = asObject(body);
	if (status !== 200 || !answer || Object.keys(answer).length === 0) return 'shape';
	if (check === 'anyObject') return undefined;
	const details = asObject(answer.settlementDetails);
	if (!asObject(answer.case) || !details) return 'shape';
	if (!isFilledText(details.revisionToken) || !isFilledText(details.status)) return 'shape';
	// Revision tokens are GUIDs, written upper-case in events and lower-case in URLs.
	if (details.revisionToken.trim().toLowerCase() !== revisionToken.toLowerCase()) {
		return 'otherRevision';
	}
	return undefined;
}

/**
 * The documented key fields on top of the untouched answer (`settlement`). Each is read from its
 * place in the documented format and typed as documented; anything else is null, never guessed.
 */
export function settlementOutput(body: unknown, revisionToken: string, apiVersion: string) {
	const answer = asObject(body) ?? {};
	const casePart = asObject(answer.case) ?? {};
	const details = asObject(answer.settlementDetails) ?? {};
	const lifted = {
		caseToken: textAt(casePart, 'token'),
		caseNumber: textAt(casePart, 'number'),
		policyNumber: textAt(casePart, 'policyNumber'),
		status: textAt(details, 'status'),
		settlementType: textAt(details, 'settlementType'),
		approvedBy: textAt(details, 'approvedBy'),
		timestamp: textAt(details, 'timestamp'),
		deductible: numberAt(details, 'deductible'),
		subTotalAmount: numberAt(details, 'subTotalAmount'),
		replacementAmount: numberAt(details, 'replacementAmount'),
		repairAmount: numberAt(details, 'repairAmount'),
		manualReduction: numberAt(details, 'manualReduction'),
	};
	const found = Object.values(lifted).some((value) => value !== null);
	const json: IDataObject = {
		revisionToken,
		apiVersion,
		...lifted,
		settlement: body as IDataObject,
	};
	return { json, found };
}
