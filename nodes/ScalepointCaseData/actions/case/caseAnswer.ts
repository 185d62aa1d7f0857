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

export function isCaseAnswer(status: number, body: unknown) {
	const answer = asObject(body);
	return status === 200 && answer !== undefined && isFilledText(answer.token);
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
