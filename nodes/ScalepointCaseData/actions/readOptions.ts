import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { concurrencyField, concurrencyOf } from '../../Scalepoint/commonFields';
import { timeoutMsOf, timeoutOption } from '../../shared/timeoutOption';

const DEFAULT_CONCURRENCY = 5;
const DEFAULT_TIMEOUT_SECONDS = 60;

/** Options shared by both reads; `extra` adds an operation's own options. */
export function readOptionsField(
	displayOptions: INodeProperties['displayOptions'],
	what: string,
	extra: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			...extra,
			concurrencyField(DEFAULT_CONCURRENCY, `How many ${what} are read at the same time`),
			timeoutOption(
				DEFAULT_TIMEOUT_SECONDS,
				'How long one request may take. Reading changes nothing, so a request that timed out is sent again (up to 4 attempts).',
			),
		],
	};
}

export function readOptionsOf(ctx: IExecuteFunctions) {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		options,
		timeoutMs: timeoutMsOf(node, options.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS),
		concurrency: concurrencyOf(node, options.concurrency, DEFAULT_CONCURRENCY),
	};
}
