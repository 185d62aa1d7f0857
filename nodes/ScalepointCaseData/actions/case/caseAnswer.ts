import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../../shared/httpErrors';
import { isFilledText } from '../../../shared/unconfirmedAnswer';
import { textAt } from '../liftedFields';

/**
 * The Case Data page's response example could not be read; Scalepoint's test client reads the
 * answer as `{ token, tenant, country, caseType, caseNumber, policy, customer, loss }`. A case
 * answer is a JSON object with the case `token`; the rest is passed through as it comes.
 */
export const DOCUMENTED_CASE = '200 with {"token": …, "caseNumber": …, "caseType": …}';

/**
 * Why a 2xx is not the case asked for, or undefined when it is: `shape` (not a case answer) or
 * `otherCase` (a case, but with another token; a 200 proves nothing about which case it names).
 */
export function caseAnswerProblem(
	status: number,
	body: unknown,
	caseToken: string,
): 'shape' | 'otherCase' | undefined {
	const answer = asObject(body);
	if (status !== 200 || !answer || !isFilledText(answer.token)) return 'shape';
	// Compared like the revision token: the GUID part may come in either case.
	if (answer.token.trim().toLowerCase() !== caseToken.trim().toLowerCase()) return 'otherCase';
	return undefined;
}

/** The identifiers a next node needs, on top of the untouched answer (`case`). */
export function caseOutput(body: unknown): IDataObject {
	const answer = asObject(body) ?? {};
	return {
		caseToken: textAt(answer, 'token'),
		caseNumber: textAt(answer, 'caseNumber'),
		caseType: textAt(answer, 'caseType'),
		tenant: textAt(answer, 'tenant'),
		country: textAt(answer, 'country'),
		case: body as IDataObject,
	};
}
