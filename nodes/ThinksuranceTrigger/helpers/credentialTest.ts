import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { readWebhookSecret } from './webhookCredential';

/**
 * The editor's test of the Thinksurance Webhook API credential (`testedBy` on the trigger). It
 * checks the fields only and sends nothing: Thinksurance calls the workflow, not the reverse, and
 * has no endpoint that could confirm what was agreed with Support.
 */
export async function thinksuranceWebhookApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const read = readWebhookSecret(credential.data ?? {});
	if (!read.ok)
		return {
			status: 'Error',
			message: `${read.problem}. Enter what you agreed with Thinksurance Support.`,
		};
	return {
		status: 'OK',
		message:
			'The fields are complete. Thinksurance is not contacted: the trigger checks each call it receives against them.',
	};
}
