import type { INode, INodeProperties } from 'n8n-workflow';

import { wholeNumberOption } from '../shared/validation';
import { ENTRY_HOST, SANDBOX_HOST, WWW_HOST, type HostKind } from './hosts';

const HOST_HELP: Record<HostKind, string> = {
	api: `Leave empty to use the host of the credential's environment (Production: ${WWW_HOST}; Sandbox: ${SANDBOX_HOST}; Custom: its API Host). Another host must be listed in the credential's Additional Allowed Hosts.`,
	hub: `Leave empty to use the host of the credential's environment (Production: ${ENTRY_HOST}; Sandbox: ${SANDBOX_HOST}; Custom: its Hub Property and Files Host). Another host must be listed in the credential's Additional Allowed Hosts.`,
};

/**
 * The Host parameter. The credential decides where its token may go (nodes/Scalepoint/hosts.ts):
 * empty means the credential's host; another value must be a host the credential lists.
 */
export function hostField(kind: HostKind, name = 'host'): INodeProperties {
	return {
		displayName: 'Host',
		name,
		type: 'string',
		default: '',
		placeholder: "The credential's host",
		description: HOST_HELP[kind],
	};
}

export const countryField: INodeProperties = {
	displayName: 'Country',
	name: 'country',
	type: 'string',
	default: 'dk',
	required: true,
	placeholder: 'dk',
	description: 'The country code in your Scalepoint URLs, e.g. dk',
};

export const tenantField: INodeProperties = {
	displayName: 'Tenant',
	name: 'tenant',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'abcinsurance',
	description: 'Your tenant name in Scalepoint URLs, as given by your Scalepoint contact',
};

const MAX_CONCURRENCY = 20;

export function concurrencyField(defaultValue: number, description: string): INodeProperties {
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: defaultValue,
		description,
	};
}

/** The Concurrency option's value (`options.concurrency`), checked; not set gives the default. */
export function concurrencyOf(node: INode, value: unknown, defaultValue: number) {
	return wholeNumberOption(node, 'Concurrency', value, {
		min: 1,
		max: MAX_CONCURRENCY,
		default: defaultValue,
	});
}
