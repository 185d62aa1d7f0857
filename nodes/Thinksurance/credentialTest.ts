import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { answerTooLarge, API_ANSWER_CAP_BYTES, tooLargeMessage } from '../shared/cappedAnswer';
import { describeNetworkFailure, isTimeout, parseJsonBody } from '../shared/httpErrors';
import { legacyAsHttpRequest } from '../shared/legacyRequest';
import { sendOrFailure, type RawAnswer } from '../shared/rawRequest';
import { flattenListAnswer } from './helpers/listAnswer';
import { AGENCY_NUMBERS_PATH, baseUrlOf } from './transport/hosts';
import { identityHeaders, scrubSecrets } from './transport/identity';
import { requestThinksuranceToken, ThinksuranceTokenError } from './transport/tokenRequest';
import { failureReason } from './transport/vendorError';

// The Test button waits for one list answer, as long as for a token (tokenRequest.ts): a real
// agency number list is a few KB, so 20 s to its last byte is generous.
const LIST_TIMEOUT_MS = 20_000;

const CHECK_CREDENTIAL = 'Check the hash, secret and the Broker Token / Account Token.';

/**
 * The editor's test of the Thinksurance credential (`testedBy: 'thinksuranceApiTest'` on the
 * Thinksurance node). It obtains a token (which proves the base URL, hash and secret), then lists
 * the agency numbers with that token and the identity headers, which proves the Broker Token /
 * Account Token. n8n would send a declarative test request itself and read its answer whole,
 * without a limit or a deadline; here both answers are read with a cap and a deadline, redirects
 * are not followed and nothing goes to any host but the credential's base URL.
 */
export async function thinksuranceApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const httpRequest = legacyAsHttpRequest(this.helpers);
	let token: string;
	try {
		// Checks the base URL, hash, secret and identity before it sends anything.
		({ token } = await requestThinksuranceToken(httpRequest, data));
	} catch (error) {
		return { status: 'Error', message: tokenFailureMessage(error) };
	}
	// Defined: the token request refused an unusable base URL.
	const baseUrl = baseUrlOf(data.environment, data.customBaseUrl) as string;
	const host = new URL(baseUrl).host;
	const sent = await sendOrFailure(
		httpRequest,
		{
			method: 'GET',
			url: `${baseUrl}${AGENCY_NUMBERS_PATH}`,
			headers: {
				Accept: 'application/json',
				...identityHeaders(data),
				Authorization: `Bearer ${token}`,
			},
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The bearer token and identity go to the base URL only, never to where a redirect points.
			disableFollowRedirect: true,
			timeout: LIST_TIMEOUT_MS,
		},
		API_ANSWER_CAP_BYTES,
	);
	if ('networkError' in sent) {
		return { status: 'Error', message: listFailureMessage(sent.networkError, host) };
	}
	// The token just issued is a secret too: a server that echoes the request must not show it.
	return listResult(sent, host, { ...data, token });
}

function listResult(
	answer: RawAnswer,
	host: string,
	secrets: ICredentialDataDecryptedObject,
): INodeCredentialTestResult {
	const status = answer.statusCode;
	if (status >= 300 && status < 400) {
		return {
			status: 'Error',
			message: `Thinksurance at ${host} redirected the agency number list (HTTP ${status}). The redirect was not followed, so the token and identity went to that host only. Check the environment / base URL of the credential.`,
		};
	}
	const body = parseJsonBody(answer.body);
	const reason = failureReason(status, body);
	if (reason !== undefined) {
		const style = status === 200 ? 'HTTP 200 with an error' : `HTTP ${status}`;
		// failureReason words a bare status as "HTTP 401 without a reason": the style says it already.
		// The vendor's own full stop goes: the sentence goes on with the next step.
		const said = reason.startsWith(`HTTP ${status} `)
			? ''
			: `: ${scrubSecrets(reason, secrets).replace(/[\s.]+$/, '')}`;
		if (status === 401) {
			return {
				status: 'Error',
				message: `Thinksurance refused the token it had just issued (${style})${said}. ${CHECK_CREDENTIAL}`,
			};
		}
		if (status === 429 || status >= 500) {
			return {
				status: 'Error',
				message: `Thinksurance could not list the agency numbers (${style})${said}. Try again later.`,
			};
		}
		return {
			status: 'Error',
			message: `Thinksurance refused to list the agency numbers (${style})${said}. ${CHECK_CREDENTIAL}`,
		};
	}
	// Success only on the documented list: any other answer does not prove the credential works.
	const numbers = status === 200 ? flattenListAnswer(body) : undefined;
	if (!numbers) {
		return {
			status: 'Error',
			message: `Thinksurance at ${host} answered the agency number list (HTTP ${status}) with something that is not the documented list. Check that the environment / base URL points to the Thinksurance IPN API.`,
		};
	}
	return {
		status: 'OK',
		message: `Token obtained and agency numbers listed (${numbers.length})`,
	};
}

/** The token request's own messages are written for the user and never hold a secret. */
function tokenFailureMessage(error: unknown) {
	if (error instanceof ThinksuranceTokenError) return error.message;
	// Anything else is unexpected; its text may come from a library, so only its kind is shown.
	return `The credential test failed unexpectedly (${error instanceof Error ? error.name : 'unknown error'}). Check the credential's settings and try again.`;
}

function listFailureMessage(networkError: unknown, host: string) {
	const tooLarge = answerTooLarge(networkError);
	if (tooLarge) {
		return `${tooLargeMessage(`Thinksurance at ${host}`, tooLarge)}. An agency number list is far smaller: check the environment / base URL of the credential.`;
	}
	const what = isTimeout(networkError)
		? `did not answer the agency number list within ${LIST_TIMEOUT_MS / 1000} s`
		: `could not be reached for the agency number list: ${describeNetworkFailure(networkError)}`;
	return `Thinksurance at ${host} ${what}. Check the environment / base URL and that this n8n can reach Thinksurance.`;
}
