import type { INode } from 'n8n-workflow';

import { ScalepointCredentialError } from '../../Scalepoint/transport';
import type { DeletionSystem } from './deletionSettings';

/**
 * The transport refuses non-idempotent requests under n8n's Retry On Fail (engineRetry.ts). A live
 * Hub deletion is idempotent only under its own request ID, and n8n's re-run of the node reads every
 * item afresh, so each gets a new one: a deletion already confirmed is sent again, and one whose
 * answer was lost gets a second deletion beside it. So live Hub deletions are refused the same way,
 * before anything is sent (ClaimShop live deletes are refused by the transport; dry runs change
 * nothing and run as usual). Decided once per run: the system and the mode are read from item 0.
 */
export function refusedUnderEngineRetry(node: INode, system: DeletionSystem, dryRun: boolean) {
	return node.retryOnFail === true && !dryRun && system === 'hubProperty';
}

/** The error of each item of a run that `refusedUnderEngineRetry`. */
export function engineRetryRefusal(node: INode, itemIndex: number) {
	return new ScalepointCredentialError(
		node,
		"Retry On Fail is on in this node's Settings. n8n would run the whole node again after an error and send every deletion again under a new request ID (repeating deletions already done, starting a second one where an answer was lost), so nothing was sent. Turn Retry On Fail off: the node already retries safely itself, with the same request ID on every attempt, and a deletion that failed is resumed by running its item again with Request ID set to the request ID in its error item.",
		{ itemIndex },
	);
}
