import { asObject } from '../../../shared/httpErrors';

/**
 * The Submit Case result codes from Scalepoint's table, each with what it means for the user.
 * `success: true` codes are outputs; the others become errors.
 */
export interface SubmitCodeInfo {
	success: boolean;
	/** Whether the case was actually submitted. */
	submitted: boolean;
	message: (ctx: { caseToken: string; tenant: string; country: string }) => string;
}

export const SUBMIT_CODES: Record<string, SubmitCodeInfo> = {
	SUCCESS: {
		success: true,
		submitted: true,
		message: () => 'The case was submitted to ClaimShop',
	},
	NO_LINES_TO_SUBMIT: {
		success: true,
		submitted: false,
		message: ({ caseToken }) =>
			`Nothing was submitted: case ${caseToken} has no lines. Add lines in Self-Service, then submit again`,
	},
	CASE_ALREADY_SUBMITTED: {
		success: false,
		submitted: false,
		message: ({ caseToken }) =>
			`Case ${caseToken} was already submitted. There is nothing more to do; check it in ClaimShop`,
	},
	CASE_IS_NOT_OPEN: {
		success: false,
		submitted: false,
		message: ({ caseToken }) =>
			`Case ${caseToken} is not open, so it cannot be submitted. Reopen it in ClaimShop first`,
	},
	AGREEMENT_NOT_ACCEPTED: {
		success: false,
		submitted: false,
		message: ({ caseToken }) =>
			`The customer has not accepted the conditions for case ${caseToken}. Ask the customer to accept them in Self-Service`,
	},
	CASE_NOT_FOUND: {
		success: false,
		submitted: false,
		message: ({ caseToken }) =>
			`Case ${caseToken} was not found. Check the case token, the country and the tenant`,
	},
	INVALID_TENANT: {
		success: false,
		submitted: false,
		message: ({ tenant, country }) =>
			`Tenant "${tenant}" is not valid for country "${country}". Check both parameters`,
	},
	INTERNAL_SERVER_ERROR: {
		success: false,
		submitted: false,
		message: () =>
			'Scalepoint failed with an internal error. The case may or may not have been submitted: check it in ClaimShop before trying again',
	},
	UNAUTHORIZED: {
		success: false,
		submitted: false,
		message: () =>
			'Scalepoint did not accept the access token, even after a new one was fetched. Check that the credential environment matches the host',
	},
};

/**
 * The page's success answer: HTTP 200, "The content type of the response is application/json",
 * `{"success": true, "code": "SUCCESS"}` — or NO_LINES_TO_SUBMIT, which the table also lists with
 * success true and 200. Anything else (another 2xx, HTML, `{}`, a code the table does not list,
 * `success` missing or contradicting the code) proves nothing and is not an output.
 */
export function submitConfirmation(status: number, body: unknown) {
	const answer = asObject(body);
	const code = answer?.code;
	if (status !== 200 || answer?.success !== true || typeof code !== 'string') return undefined;
	const info = Object.hasOwn(SUBMIT_CODES, code) ? SUBMIT_CODES[code] : undefined;
	return info?.success ? { code, info } : undefined;
}
