import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	KeyMaterialError,
	requestScalepointToken,
	ScalepointTokenError,
} from './auth/tokenRequest';
import { legacyAsHttpRequest } from '../shared/legacyRequest';
import { CredentialHostsError, credentialHosts } from './hosts';
import { credentialScopes } from './scopes';

/**
 * The editor's test of the Scalepoint credential (`testedBy: 'scalepointApiTest'` on every
 * Scalepoint node): it checks the hosts, obtains a token for the credential's scopes and stops
 * there. No other endpoint is called: the vendor pages document none that every client may read,
 * and a token answer already proves the environment, client ID, key or secret, and scopes. A
 * failure shows the credential's own message (e.g. invalid_client -> "check client ID,
 * certificate registration and environment") instead of n8n's generic HTTP text.
 */
export async function scalepointApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		credentialHosts(data);
		await requestScalepointToken(legacyAsHttpRequest(this.helpers), data);
	} catch (error) {
		return { status: 'Error', message: failureMessage(error) };
	}
	const scopes = credentialScopes(data);
	return {
		status: 'OK',
		message: `Token obtained for scopes ${scopes.length > 0 ? scopes.join(' ') : '(none requested)'}`,
	};
}

/** The credential's own messages are written for the user and never hold a secret. */
function failureMessage(error: unknown) {
	if (
		error instanceof ScalepointTokenError ||
		error instanceof KeyMaterialError ||
		error instanceof CredentialHostsError
	) {
		return error.message;
	}
	// Anything else is unexpected; its text may come from a library, so only its kind is shown.
	return `The credential test failed unexpectedly (${error instanceof Error ? error.name : 'unknown error'}). Check the credential's settings and try again.`;
}
