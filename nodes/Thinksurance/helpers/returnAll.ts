import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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
