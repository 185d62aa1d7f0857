import { randomUUID } from 'node:crypto';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import type { ScalepointClient } from '../../Scalepoint/transport';
import { identifiersInMessage } from '../../shared/itemIdentifiers';
import { pathSegment } from '../../shared/pathSegment';
import {
	invalidField,
	isGuid,
	quoteValue,
	requireGuid,
	requireText,
} from '../../shared/validation';
import type { DeletionSystem } from './deletionSettings';

export type IdentifierField = 'caseNumber' | 'caseToken';

const IDENTIFIER_TYPES: Record<IdentifierField, string> = {
	caseNumber: 'CaseNumberRequest',
	caseToken: 'CaseTokenRequest',
};

/** Everything needed to send one deletion request, validated before anything is sent. */
export interface DeletionTarget {
	system: DeletionSystem;
	dryRun: boolean;
	url: string;
	identifierField: IdentifierField;
	identifier: string;
	/** Hub only: the key that makes the request safe to repeat and a partial deletion resumable. */
	requestId: string | null;
	/** True when the Request ID came from the user (a resume). */
	resuming: boolean;
	body: Record<string, unknown>;
}

export function readTarget(
	ctx: IExecuteFunctions,
	/** Resolves the Host parameters through the credential's hosts. */
	hosts: Pick<ScalepointClient, 'host'>,
	system: DeletionSystem,
	dryRun: boolean,
	itemIndex: number,
): DeletionTarget {
	const node = ctx.getNode();
	const param = (name: string, fallback?: unknown) =>
		ctx.getNodeParameter(name, itemIndex, fallback);

	const identifyBy = param('identifyBy');
	if (identifyBy !== 'caseNumber' && identifyBy !== 'caseToken') {
		throw invalidField(node, 'Identify Case By', 'must be "caseNumber" or "caseToken"', itemIndex);
	}
	// Only the chosen identifier is read and sent: the API refuses both together, and sending the
	// other one by accident could target a different case.
	const identifierField: IdentifierField = identifyBy;
	const label = identifierField === 'caseNumber' ? 'Case Number' : 'Case Token';
	const identifier = requireText(node, label, param(identifierField, ''), itemIndex);

	const tenant = requireText(node, 'Tenant', param('tenant'), itemIndex);
	const version = requireText(node, 'API Version', param('version', 'v1'), itemIndex);
	let url: string;
	if (system === 'hubProperty') {
		const host = hosts.host('hub', param('hubHost', ''), itemIndex);
		url = `${host}/ecx/${pathSegment(node, 'Tenant', tenant, itemIndex)}/api/integration/${pathSegment(node, 'API Version', version, itemIndex)}/case`;
	} else {
		const host = hosts.host('api', param('claimShopHost', ''), itemIndex);
		const country = requireText(node, 'Country', param('country'), itemIndex);
		url = `${host}/webapp/ScalePoint/${pathSegment(node, 'Country', country, itemIndex)}/${pathSegment(node, 'API Version', version, itemIndex)}/case/${pathSegment(node, 'Tenant', tenant, itemIndex)}/delete`;
	}

	let requestId: string | null = null;
	let resuming = false;
	if (system === 'hubProperty') {
		const given = param('requestId', '');
		resuming = typeof given === 'string' && given.trim() !== '';
		if (!resuming && isExpression(node.parameters.requestId)) {
			// A resume mapped from an earlier run found nothing to resume with. Starting a new
			// deletion instead would never finish the partial one.
			throw invalidField(
				node,
				'Request ID',
				'is empty for this item, although it is set by an expression',
				itemIndex,
				"Map the requestId of the earlier run's output item, or the message of its error item (the node finds the request ID in it). Clear the field to start new deletions.",
			);
		}
		// Generated before the first attempt and reused on every retry: Hub treats it as the
		// idempotency key, so a repeated request continues the same deletion instead of starting one.
		requestId = resuming
			? requestIdOf(node, given, { identifierField, identifier }, itemIndex)
			: randomUUID();
	}

	const body: Record<string, unknown> = {};
	if (requestId) body.requestId = requestId;
	body.caseIdentifierType = IDENTIFIER_TYPES[identifierField];
	// Sent explicitly in both modes: the API's default is a live deletion.
	body.execute = !dryRun;
	body[identifierField] = identifier;

	return { system, dryRun, url, identifierField, identifier, requestId, resuming, body };
}

/**
 * The Request ID to resume with: a GUID, or the message of an earlier run's error item. n8n's error
 * output only keeps `error` and `message`, so the request ID travels in the message's identifiers
 * (JSON, see itemIdentifiers.ts), where a case number cannot forge it. A message of another case's
 * error item is refused rather than resuming that case's deletion under this case's identifier.
 */
function requestIdOf(
	node: INode,
	given: unknown,
	target: Pick<DeletionTarget, 'identifierField' | 'identifier'>,
	itemIndex: number,
) {
	const text = typeof given === 'string' ? given.trim() : given;
	if (isGuid(text)) return text;
	const found = typeof text === 'string' ? identifiersInMessage(text) : undefined;
	if (!found) return requireGuid(node, 'Request ID', text, itemIndex);
	if (!isGuid(found.requestId)) {
		throw invalidField(
			node,
			'Request ID',
			'is an error message without a request ID to resume with',
			itemIndex,
			'Only a Hub Property deletion that was sent has one. Clear the field to start a new deletion.',
		);
	}
	if (found.dryRun === true) {
		throw invalidField(
			node,
			'Request ID',
			"is the message of a dry run's error item: a dry run starts no deletion to resume",
			itemIndex,
			'Clear the field to start a new deletion.',
		);
	}
	const named = found[target.identifierField];
	if (named !== undefined && named !== target.identifier) {
		throw invalidField(
			node,
			'Request ID',
			`is the message of another case's error item (${quoteValue(named)}, not ${quoteValue(target.identifier)})`,
			itemIndex,
			"Map the message of this case's own error item, or its requestId.",
		);
	}
	return found.requestId;
}

function isExpression(value: unknown) {
	return typeof value === 'string' && value.startsWith('=');
}
