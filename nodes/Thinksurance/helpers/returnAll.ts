import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { wholeNumberOption } from '../../shared/validation';

/** The Limit field's default (lint wants the literal 50 in the field itself). */
const DEFAULT_LIMIT = 50;

/** n8n's usual Return All / Limit pair for a Get Many operation shown by `show`. */
export function returnAllFields(show: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show.show, returnAll: [false] } },
		},
	];
}

/** How many results the item asks for (Infinity with Return All), the Limit checked. */
export function resultLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return Infinity;
	return wholeNumberOption(
		ctx.getNode(),
		'Limit',
		ctx.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT),
		{ min: 1, default: DEFAULT_LIMIT },
		itemIndex,
	);
}

/**
 * One output item per listed result. runItems keeps one item per input, so each Get Many stores
 * its input's list under a private `key`; an error item (or one without a list) stays as it is.
 */
export function expandLists(perInput: INodeExecutionData[], key: string): INodeExecutionData[] {
	return perInput.flatMap((item) => {
		const list = item.json[key] as IDataObject[] | undefined;
		if (item.error || !list) return [item];
		return list.map((json) => ({ json, pairedItem: item.pairedItem }));
	});
}

/** The first input whose list came back empty (-1 if none), for the "no results" hint. */
export function firstEmptyList(perInput: INodeExecutionData[], key: string): number {
	return perInput.findIndex((item) => (item.json[key] as IDataObject[] | undefined)?.length === 0);
}
