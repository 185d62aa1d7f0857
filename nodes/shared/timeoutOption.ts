import type { INode, INodeProperties } from 'n8n-workflow';

import { wholeNumberOption } from './validation';

/** The longest Timeout any node accepts: one hour for one request. */
export const MAX_TIMEOUT_SECONDS = 3600;

const LABEL = 'Timeout (Seconds)';

/**
 * The "Timeout (Seconds)" option of a node's Options collection: how long one HTTP request may
 * take in all (connecting, the answer's headers and its whole body). A timed-out request that may
 * have reached the server is never resent by a non-idempotent call.
 */
export function timeoutOption(
	defaultSeconds: number,
	description: string,
	maxSeconds = MAX_TIMEOUT_SECONDS,
): INodeProperties {
	return {
		displayName: LABEL,
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: maxSeconds },
		default: defaultSeconds,
		description,
	};
}

/**
 * The option's value (`options.timeoutSeconds`) in ms; not set gives the default. Text, 0,
 * negative, fractional or too large values are refused with an error naming the field.
 */
export function timeoutMsOf(
	node: INode,
	value: unknown,
	defaultSeconds: number,
	{ maxSeconds = MAX_TIMEOUT_SECONDS, itemIndex }: { maxSeconds?: number; itemIndex?: number } = {},
) {
	const seconds = wholeNumberOption(
		node,
		LABEL,
		value,
		{ min: 1, max: maxSeconds, default: defaultSeconds },
		itemIndex,
	);
	return seconds * 1000;
}
