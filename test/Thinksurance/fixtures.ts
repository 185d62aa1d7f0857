import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { credentialsHelperWith } from '../harness/runWorkflow';
import type { Sandbox } from '../sandbox/server';

export const USER = {
	hash: 'hash-0123456789',
	secret: 'secret-abcdefghij',
	brokerTokens: ['broker-token-1'],
	accountTokens: ['account-token-1'],
};

export const SECRETS = [USER.hash, USER.secret];

export function credentialsFor(sandbox: Sandbox, extra: ICredentialDataDecryptedObject = {}) {
	return credentialsHelperWith({
		thinksuranceApi: {
			environment: 'custom',
			customBaseUrl: sandbox.url,
			hash: USER.hash,
			secret: USER.secret,
			brokerToken: USER.brokerTokens[0],
			accountToken: '',
			token: '',
			tokenExpiresAt: 0,
			...extra,
		},
	});
}

export const listParameters: INodeParameters = {
	resource: 'agencyNumber',
	operation: 'getAll',
	returnAll: true,
};

export function number(agencyNumber: string, extra: Record<string, unknown> = {}) {
	return {
		agencyNumber,
		defaultForTenders: false,
		defaultForCalculations: false,
		active: true,
		...extra,
	};
}

/** Puts agency numbers straight into the sandbox store of the test broker. */
export function seed(
	sandbox: Sandbox,
	idField: 'baFinId' | 'insurerId' | 'supervisingAuthorityId',
	idValue: string,
	names: string[],
) {
	const owner = (sandbox.state.agencyNumbers[`broker:${USER.brokerTokens[0]}`] ??= {});
	owner[`${idField}:${idValue}`] = {
		idField,
		idValue,
		agencyNumbers: names.map((name) => number(name)),
	};
}

/** Everything a test can see of a run, as one string, to check no secret leaked. */
export function visibleText(result: unknown) {
	return JSON.stringify(result, (_key, value: unknown) =>
		value instanceof Error
			? { message: value.message, description: (value as { description?: unknown }).description }
			: value,
	);
}
