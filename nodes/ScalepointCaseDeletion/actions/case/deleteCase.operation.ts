import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { SCOPES } from '../../../Scalepoint/scopes';
import { ScalepointClient, ScalepointCredentialError } from '../../../Scalepoint/transport';
import { cancelSignal } from '../../../shared/httpErrors';
import { runItems, withItemData } from '../../../shared/itemRunner';
import { invalidField } from '../../../shared/validation';
import { WaitCancelledError } from '../../../shared/wait';
import { baseFields, interpretAnswer } from '../../helpers/deletionAnswer';
import { sendDeletion } from '../../helpers/deletionSender';
import {
	concurrencyFor,
	deletionPacer,
	readSettings,
	type DeletionSystem,
} from '../../helpers/deletionSettings';
import { readTarget, type DeletionTarget } from '../../helpers/deletionTarget';
import { engineRetryRefusal, refusedUnderEngineRetry } from '../../helpers/engineRetryRefusal';
import { WindowGate } from '../../helpers/windowGate';
import { deleteCaseFields } from './deleteCase.fields';

export const description: INodeProperties[] = deleteCaseFields;

/**
 * DELETE a case in Hub Property or ClaimShop, as a dry run (default) or for real. Deleting is
 * irreversible across all Scalepoint systems, so: dry run unless the user picked Delete in the
 * editor (the mode cannot come from an expression), only the chosen identifier is sent, every
 * request is paced to stay inside Scalepoint's rate limits, and a request that may have reached
 * Scalepoint is only repeated when it carries a Hub requestId.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const system = this.getNodeParameter('system', 0) as DeletionSystem;
	const dryRun = this.getNodeParameter('mode', 0) !== 'delete';
	const settings = readSettings(this);
	const client = await ScalepointClient.open(this, SCOPES.caseDelete);
	const signal = cancelSignal(this);
	const gate = new WindowGate(node, settings, signal);
	const limiter = deletionPacer(system, settings, client.credentialKey);
	const deps = { node, client, limiter, gate, settings, signal, primed: { done: false } };
	const requestIdOwners = new Map<string, number>();
	const refused = refusedUnderEngineRetry(node, system, dryRun);
	let deleted = 0;

	const results = await runItems(
		this,
		async (itemIndex) => {
			const target = readTarget(this, client, system, dryRun, itemIndex);
			claimRequestId(target, requestIdOwners, itemIndex, this);
			if (refused) {
				// Nothing was sent, so there is no request ID to resume with.
				const fields = { ...baseFields(target, null), deleted: false };
				throw withItemData(engineRetryRefusal(node, itemIndex), fields);
			}
			try {
				const { response, attempts } = await sendDeletion(deps, target, itemIndex);
				const output = interpretAnswer(node, target, response, attempts, itemIndex);
				if (output.deleted === true) deleted++;
				return output;
			} catch (error) {
				throw withFields(error, target);
			}
		},
		{
			concurrency: concurrencyFor(system, settings),
			primeFirst: true,
			stopsTheRun: (error) =>
				error instanceof ScalepointCredentialError ||
				error instanceof WaitCancelledError ||
				gate.stopsTheRun(error),
			// A stopped run names the cases already deleted (n8n then shows no output items).
			tookEffect: dryRun
				? undefined
				: (output) => (output.deleted === true ? deletedCase(output) : undefined),
		},
	);

	if (dryRun) {
		this.addExecutionHints({
			message:
				'Dry run: nothing was deleted. Pass the items with "deletable" true to a second node set to Delete.',
			location: 'outputPane',
		});
	} else if (deleted > 0) {
		this.addExecutionHints({
			message: `${deleted} case(s) were deleted from all Scalepoint systems.`,
			location: 'outputPane',
		});
	}
	return [results];
}

/**
 * One Hub request ID per case: reusing a given ID for a second case in the same run (e.g. a fixed
 * value instead of an expression) would mix two deletions under one key.
 */
function claimRequestId(
	target: DeletionTarget,
	owners: Map<string, number>,
	itemIndex: number,
	ctx: IExecuteFunctions,
) {
	if (!target.requestId) return;
	const key = target.requestId.toLowerCase();
	const owner = owners.get(key);
	if (owner !== undefined && owner !== itemIndex) {
		throw invalidField(
			ctx.getNode(),
			'Request ID',
			`${target.requestId} is already used by item ${owner} in this run`,
			itemIndex,
			'A request ID belongs to one deletion. Map it from the earlier output of the same case (an expression), not a fixed value.',
		);
	}
	owners.set(key, itemIndex);
}

/** The identifiers of a deleted case, as its output item has them. */
function deletedCase(output: IDataObject): IDataObject {
	const { caseNumber, caseToken, requestId } = output;
	return caseNumber !== undefined ? { caseNumber, requestId } : { caseToken, requestId };
}

/** Errors carry the identifier and requestId so a failed item can be resumed or checked. */
function withFields(error: unknown, target: DeletionTarget) {
	if (!(error instanceof Error)) return error;
	const existing = (error as Error & { itemData?: IDataObject }).itemData;
	if (existing) return error;
	return withItemData(error, { ...baseFields(target), deleted: false });
}
