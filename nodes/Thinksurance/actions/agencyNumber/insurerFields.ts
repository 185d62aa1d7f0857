import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readInsurer } from '../../helpers/agencyNumbers';

const HINT = 'Fill exactly one of BaFin ID, Insurer ID or Supervising Authority ID';

/** The three ways the vendor page identifies an insurer; exactly one is used per set. */
export function insurerFields(defaults: { expressions: boolean }): INodeProperties[] {
	const value = (field: string) => (defaults.expressions ? `={{ $json.${field} ?? "" }}` : '');
	return [
		{
			displayName: 'BaFin ID',
			name: 'baFinId',
			type: 'string',
			default: value('baFinId'),
			placeholder: '5405',
			description: `The insurer's BaFin registration number. ${HINT}.`,
		},
		{
			displayName: 'Insurer ID',
			name: 'insurerId',
			type: 'string',
			default: value('insurerId'),
			placeholder: '5036',
			description: `The insurer's Thinksurance identifier. ${HINT}.`,
		},
		{
			displayName: 'Supervising Authority ID',
			name: 'supervisingAuthorityId',
			type: 'string',
			default: value('supervisingAuthorityId'),
			placeholder: '61234',
			description: `The insurer's supervising authority ID. ${HINT}.`,
		},
	];
}

export const COLLECTION_TYPE_OPTIONS = [
	{ name: 'None', value: '' },
	{ name: 'Broker Collection (Maklerinkasso)', value: 'broker_collection' },
	{ name: 'Insurer Collection (Versichererinkasso)', value: 'insurer_collection' },
	{ name: 'MGA Collection (Assekuradeurinkasso)', value: 'mga_collection' },
];

/** The insurer an item names through the three fields above (exactly one must be filled). */
export function readInsurerParameters(ctx: IExecuteFunctions, itemIndex: number) {
	const read = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const raw: IDataObject = {
		baFinId: read('baFinId') as IDataObject[string],
		insurerId: read('insurerId') as IDataObject[string],
		supervisingAuthorityId: read('supervisingAuthorityId') as IDataObject[string],
	};
	return readInsurer(ctx.getNode(), raw, '', itemIndex);
}
