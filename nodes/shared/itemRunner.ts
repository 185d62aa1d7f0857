import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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
		throw failures.get(Math.min(...failures.keys()));
	}
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const failure = failures.get(itemIndex);
		if (failure) {
			results[itemIndex] = toErrorItem(failure, itemIndex, toErrorOutput);
		} else if (results[itemIndex] === undefined) {
			// Never started: the run was stopped by a credential failure or a cancellation.
			const reason = stopError ?? cancelled(ctx, itemIndex);
			if (!continueOnFail) throw reason;
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
 * carries the identifiers needed to reconcile (n8n adds the input item's own fields) — while with
 * "Continue" on the regular output the same facts are plain fields of the item.
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
		const message = [error.description, identifiers({ ...httpCode, ...itemData })]
			.filter(Boolean)
			.join(' ');
		return {
			json: message ? { error: error.message, message } : { error: error.message },
			pairedItem,
		};
	}
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return { json: { ...json, ...itemData }, pairedItem };
}

/** `(correlationId: 70c6…, found: false)` from the simple values an operation attached. */
function identifiers(itemData: IDataObject) {
	const pairs = Object.entries(itemData)
		.filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || value === null)
		.map(([key, value]) => `${key}: ${String(value)}`);
	return pairs.length > 0 ? `(${pairs.join(', ')})` : '';
}

/**
 * Reads one value back from the `(key: value, …)` that ends an error item's message (written by
 * `identifiers` above), for a later run that is handed the error item, e.g. to resume.
 */
export function identifierInMessage(message: string, key: string): string | undefined {
	const group = /\(([^()]*)\)\s*$/.exec(message);
	const pair = group?.[1].split(', ').find((entry) => entry.startsWith(`${key}: `));
	return pair?.slice(key.length + 2);
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
