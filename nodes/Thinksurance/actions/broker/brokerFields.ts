import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	invalidField,
	optionalText,
	quoteValue,
	requireEmail,
	requireText,
} from '../../../shared/validation';

/**
 * The "Broker Parameters" of the V1.1 Create Broker and Get Broker Token pages [page]: `type`,
 * `bExternalId` and `bEmail` required, `bLastName` or `bCompany` required (each is optional only
 * when the other is set; footnotes of the Get Broker Token page). Create also takes the optional
 * address and register fields.
 */

const BROKER_TYPES: INodeProperties['options'] = [
	{
		name: 'Type 1: Broker ID Must Be Provided',
		value: 1,
		description: "Your system's ID for the broker must be provided to Thinksurance",
	},
	{
		name: 'Type 2: Broker ID Need Not Be Provided',
		value: 2,
		description: "Your system's ID for the broker need not be provided to Thinksurance",
	},
];

/** The fields both broker operations send; `operation` is the value in the node's options. */
export function brokerFields(operation: string): INodeProperties[] {
	const show = { show: { resource: ['broker'], operation: [operation] } };
	return [
		{
			displayName: 'Broker Type',
			name: 'brokerType',
			type: 'options',
			options: BROKER_TYPES,
			default: 1,
			required: true,
			description: 'Sent as type (1 or 2)',
			displayOptions: show,
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'B-1001',
			description: "The broker's ID in your system (sent as bExternalId)",
			displayOptions: show,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description:
				"The broker's e-mail address (sent as bEmail): one plain address, without spaces or separators",
			displayOptions: show,
		},
		{
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			default: '',
			description: "The broker's last name (sent as bLastName). Fill Last Name, Company or both.",
			displayOptions: show,
		},
		{
			displayName: 'Company',
			name: 'company',
			type: 'string',
			default: '',
			description: "The broker's company (sent as bCompany). Fill Last Name, Company or both.",
			displayOptions: show,
		},
	];
}

/** Optional fields of Create Broker, as [wire name, label]. */
const EXTRA_TEXT_FIELDS = [
	['bFirstName', 'First Name'],
	['bStreet', 'Street'],
	['bStreetNumber', 'Street Number'],
	['bZip', 'ZIP Code'],
	['bCity', 'City'],
	['bPhone', 'Phone'],
	['bCompanyRegNumber', 'Commercial Register Number'],
	['bRegNumber', 'IHK Register Number'],
] as const;

export const CREATE_EXTRA_FIELDS: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	displayOptions: { show: { resource: ['broker'], operation: ['create'] } },
	options: (
		[
			...EXTRA_TEXT_FIELDS.map(([name, label]): INodeProperties => ({
				displayName: label,
				name,
				type: 'string',
				default: '',
				description: `Sent as ${name}`,
			})),
			{
				displayName: 'Gender',
				name: 'bGender',
				type: 'options',
				options: [
					{ name: 'Mr', value: 1 },
					{ name: 'Ms', value: 2 },
				],
				default: 1,
				description: 'Sent as bGender (1 Mr, 2 Ms)',
			},
		] as INodeProperties[]
	).sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

/** The request body, checked before anything is sent; every problem names its field. */
export function readBroker(
	ctx: IExecuteFunctions,
	itemIndex: number,
	withExtras: boolean,
): IDataObject {
	const node = ctx.getNode();
	const parameter = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const type = oneOrTwo(parameter('brokerType'));
	if (type === undefined) {
		throw invalidField(
			node,
			'Broker Type',
			`must be 1 or 2 (got ${quoteValue(parameter('brokerType'))})`,
			itemIndex,
		);
	}
	const body: IDataObject = {
		type,
		bExternalId: requireText(node, 'External ID', parameter('externalId'), itemIndex),
		bEmail: requireEmail(node, 'Email', parameter('email'), itemIndex),
	};
	const lastName = optionalText(node, 'Last Name', parameter('lastName'), itemIndex);
	const company = optionalText(node, 'Company', parameter('company'), itemIndex);
	if (lastName === '' && company === '') {
		throw invalidField(
			node,
			'Last Name',
			'or Company is required: Thinksurance needs at least one of them',
			itemIndex,
		);
	}
	if (lastName !== '') body.bLastName = lastName;
	if (company !== '') body.bCompany = company;
	if (!withExtras) return body;

	const extras = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const [name, label] of EXTRA_TEXT_FIELDS) {
		const text = optionalText(node, label, extras[name], itemIndex);
		if (text !== '') body[name] = text;
	}
	if (extras.bGender !== undefined && extras.bGender !== '') {
		const gender = oneOrTwo(extras.bGender);
		if (gender === undefined) {
			throw invalidField(
				node,
				'Gender',
				`must be 1 (Mr) or 2 (Ms) (got ${quoteValue(extras.bGender)})`,
				itemIndex,
			);
		}
		body.bGender = gender;
	}
	return body;
}

/** The two enumerations (type, bGender) are ints 1 or 2; an expression may give them as text. */
function oneOrTwo(value: unknown): 1 | 2 | undefined {
	const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
	return text === '1' ? 1 : text === '2' ? 2 : undefined;
}
