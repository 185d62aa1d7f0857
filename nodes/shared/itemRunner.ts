import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { withoutRepeats } from './errorPair';
import { identifiersText } from './itemIdentifiers';
import { alreadyDoneText, itemList, type DoneEntry } from './stopReport';

type NodeError = NodeApiError | NodeOperationError;

export interface RunItemsOptions {
	/** How many items may be in flight at once (default 1). */
	concurrency?: number;
	/**
	 * Run the first item alone before fanning out. n8n fetches a token for every request that starts
	 * while the stored token is empty, so the first request must obtain it before the others start.
	 */
	primeFirst?: boolean;
	/**
	 * Errors after which no further item is sent (a credential that cannot get a token, a cancelled
	 * execution). Items not yet started then end with the same error, without a request.
	 */
	stopsTheRun?: (error: unknown) => boolean;
	/**
	 * For operations that change something at the vendor: the identifiers of what one finished
	 * item changed (undefined: it changed nothing, e.g. a dry run). When the run stops on an error
	 * (Continue On Fail off) n8n shows no output, so the error lists these: a re-run would
	 * otherwise repeat them.
	 */
	tookEffect?: (output: IDataObject, itemIndex: number) => IDataObject | undefined;
}

/** Fields an operation wants in the error item next to `error` (e.g. a correlation ID). */
export function withItemData<T extends Error>(error: T, data: IDataObject): T {
	(error as T & { itemData?: IDataObject }).itemData = data;
	return error;
}

/**
 * Runs `handler` once per input item and returns exactly one output item per input item, in input
 * order, each with `pairedItem`. With "Continue on fail" / the error output, a failed item becomes
 * an error item (routed to the error branch by n8n); otherwise the first failure (by item order)
 * fails the node after the items already in flight have settled.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<IDataObject | INodeExecutionData>,
	options: RunItemsOptions = {},
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const results: Array<INodeExecutionData | undefined> = new Array(count);
	const failures = new Map<number, NodeError>();
	const continueOnFail = ctx.continueOnFail();
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	let stopError: NodeError | undefined;
	let next = 0;

	const runOne = async (itemIndex: number) => {
		try {
			const output = await handler(itemIndex);
			results[itemIndex] = toOutputItem(output, itemIndex);
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			failures.set(itemIndex, nodeError);
			if (options.stopsTheRun?.(error) || options.stopsTheRun?.(nodeError)) stopError ??= nodeError;
		}
	};

	const shouldStop = () =>
		stopError !== undefined ||
		(!continueOnFail && failures.size > 0) ||
		ctx.getExecutionCancelSignal?.()?.aborted === true;

	const worker = async () => {
		while (!shouldStop() && next < count) {
			await runOne(next++);
		}
	};

	if (options.primeFirst && count > 0) await runOne(next++);
	const workers = Math.max(1, Math.min(options.concurrency ?? 1, count));
	await Promise.all(Array.from({ length: workers }, worker));

	if (!continueOnFail && failures.size > 0) {
		const first = Math.min(...failures.keys());
		throw withStopReport(failures.get(first)!, first, results, failures, options.tookEffect);
	}
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const failure = failures.get(itemIndex);
		if (failure) {
			results[itemIndex] = toErrorItem(failure, itemIndex, toErrorOutput);
		} else if (results[itemIndex] === undefined) {
			// Never started: the run was stopped by a credential failure or a cancellation.
			const reason = stopError ?? cancelled(ctx, itemIndex);
			if (!continueOnFail) {
				throw withStopReport(reason, itemIndex, results, failures, options.tookEffect);
			}
			results[itemIndex] = toErrorItem(notSent(ctx, reason, itemIndex), itemIndex, toErrorOutput);
		}
	}
	return results as INodeExecutionData[];
}

function toOutputItem(output: IDataObject | INodeExecutionData, itemIndex: number) {
	const item: INodeExecutionData = isExecutionData(output) ? output : { json: output };
	item.pairedItem = { item: itemIndex };
	return item;
}

function isExecutionData(value: IDataObject | INodeExecutionData): value is INodeExecutionData {
	return typeof value.json === 'object' && value.json !== null && !Array.isArray(value.json);
}

/**
 * The error item for one failed input item. The error output branch is strict on both n8n lines:
 * 1.x routes an item there only when its json is exactly `{ error }` or `{ error, message }`, 2.x
 * also allows `details`, and both reduce an item that carries an `error` object to `{ error }`.
 * So on the error branch the item is `{ error, message }` — `message` says what to do next and
 * ends with the identifiers needed to reconcile or resume, as JSON (n8n adds the input item's own
 * fields) — while with "Continue" on the regular output the same facts are plain fields of the item.
 */
function toErrorItem(
	error: NodeError,
	itemIndex: number,
	toErrorOutput: boolean,
): INodeExecutionData {
	const itemData = (error as NodeError & { itemData?: IDataObject }).itemData ?? {};
	const pairedItem = { item: itemIndex };
	if (toErrorOutput) {
		const httpCode =
			error instanceof NodeApiError && error.httpCode ? { httpCode: error.httpCode } : {};
		// The identifiers come last, as JSON: see itemIdentifiers.ts.
		const message = [describedOnce(error), identifiersText({ ...httpCode, ...itemData })]
			.filter(Boolean)
			.join(' ');
		return {
			json: message ? { error: error.message, message } : { error: error.message },
			pairedItem,
		};
	}
	const json: IDataObject = { error: error.message };
	const description = describedOnce(error);
	if (description) json.description = description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return { json: { ...json, ...itemData }, pairedItem };
}

/**
 * The error that stops the run (Continue On Fail off), with what the user needs to go on: the
 * failed item's identifiers and, for operations that change something, which items had already
 * taken effect (n8n shows no output items then), which failed too and how many were not sent.
 */
function withStopReport(
	error: NodeError,
	failedIndex: number,
	results: Array<INodeExecutionData | undefined>,
	failures: Map<number, NodeError>,
	tookEffect: RunItemsOptions['tookEffect'],
): NodeError {
	const notes: string[] = [];
	if (tookEffect) {
		const done: DoneEntry[] = [];
		results.forEach((item, itemIndex) => {
			const identifiers = item ? tookEffect(item.json, itemIndex) : undefined;
			if (identifiers) done.push({ itemIndex, identifiers });
		});
		// With one input item there is no other item to tell about.
		if (done.length > 0 || results.length > 1) notes.push(alreadyDoneText(done));
		const alsoFailed = [...failures.keys()].filter((index) => index !== failedIndex);
		if (alsoFailed.length > 0) {
			notes.push(`${itemList(alsoFailed.sort((a, b) => a - b))} failed too: check them as well.`);
		}
		const notSent = results.filter(
			(item, index) => item === undefined && !failures.has(index),
		).length;
		if (notSent > 0) notes.push(`${notSent} item(s) were not sent.`);
	}
	const itemData = (error as NodeError & { itemData?: IDataObject }).itemData ?? {};
	notes.push(identifiersText(itemData));
	error.description = [describedOnce(error), ...notes].filter(Boolean).join(' ');
	return error;
}

/** The error's description without what its message already says (errorPair.ts). */
function describedOnce(error: NodeError) {
	return error.description ? withoutRepeats(error.description, error.message) : '';
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...(error.context ?? {}), itemIndex };
		return error;
	}
	const wrapped = new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	const itemData = (error as { itemData?: IDataObject } | undefined)?.itemData;
	return itemData ? withItemData(wrapped, itemData) : wrapped;
}

function notSent(ctx: IExecuteFunctions, reason: NodeError, itemIndex: number) {
	return new NodeOperationError(ctx.getNode(), `Not sent: ${reason.message}`, {
		itemIndex,
		description: reason.description ?? undefined,
	});
}

function cancelled(ctx: IExecuteFunctions, itemIndex: number) {
	return new NodeOperationError(
		ctx.getNode(),
		'The execution was cancelled before this item was sent',
		{
			itemIndex,
		},
	);
}
