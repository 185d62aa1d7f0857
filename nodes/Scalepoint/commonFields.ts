import type { INodeProperties } from 'n8n-workflow';

/** Parameters several Scalepoint nodes share; each node passes its own default host and help. */
export function hostField(defaultHost: string, description: string): INodeProperties {
	return {
		displayName: 'Host',
		name: 'host',
		type: 'string',
		default: defaultHost,
		required: true,
		description,
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

export function concurrencyField(defaultValue: number, description: string): INodeProperties {
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: defaultValue,
		description,
	};
}
