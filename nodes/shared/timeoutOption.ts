import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * The "Timeout (Seconds)" option of a node's Options collection: how long one HTTP answer may take.
 * A timed-out request that may have reached the server is never resent by a non-idempotent call.
 */
export function timeoutOption(defaultSeconds: number, description: string): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: defaultSeconds,
		description,
	};
}

/** The option in ms; a missing, non-numeric or non-positive value keeps the default. */
export function timeoutMsOf(options: IDataObject | undefined, defaultSeconds: number) {
	const seconds = Number(options?.timeoutSeconds);
	return (Number.isFinite(seconds) && seconds > 0 ? seconds : defaultSeconds) * 1000;
}
