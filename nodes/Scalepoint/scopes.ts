import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The scopes Scalepoint documents; each node declares the one it needs. */
export const SCOPES = {
	selfServiceSubmit: 'self-service:submit',
	filesWrite: 'platform-service-provider:write',
	caseDelete: 'case:delete',
	events: 'events',
	caseIntegration: 'case_integration',
	/** Case Data API and Settlement API (reads). */
	caseRead: 'platform-case:read',
} as const;

/** The scopes a credential requests: the multi-select plus the free-text field. */
export function credentialScopes(credentials: ICredentialDataDecryptedObject) {
	const selected = Array.isArray(credentials.scopes) ? (credentials.scopes as unknown[]) : [];
	const extra =
		typeof credentials.additionalScopes === 'string' ? credentials.additionalScopes : '';
	const all = [...selected.map(String), ...extra.split(/[\s,]+/)].map((scope) => scope.trim());
	return [...new Set(all.filter((scope) => scope !== ''))];
}

/** Fails before anything is sent when the credential does not request the scope a node needs. */
export function assertCredentialHasScope(
	node: INode,
	credentials: ICredentialDataDecryptedObject,
	scope: string,
) {
	if (!credentialScopes(credentials).includes(scope)) {
		throw new NodeOperationError(
			node,
			`This operation needs the scope ${scope}; add it to the credential`,
			{
				description: `Open the Scalepoint credential, add "${scope}" to Scopes and save. Scalepoint must also have granted this scope to your client.`,
			},
		);
	}
}
