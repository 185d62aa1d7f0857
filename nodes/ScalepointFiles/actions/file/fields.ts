import type { INodeProperties } from 'n8n-workflow';

import { concurrencyField, hostField, tenantField } from '../../../Scalepoint/commonFields';

const show = {
	show: { resource: ['file'], operation: ['submitToCase', 'submitToDamageNotification'] },
};
const onCase = { show: { '/operation': ['submitToCase'] } };
const onDamageNotification = { show: { '/operation': ['submitToDamageNotification'] } };

/**
 * Values of a per-file flag under File Settings. "Use Node Setting" is the default, so an entry
 * added only to give one file a description keeps the node's Restricted / Damage Image.
 */
export const PER_FILE_FLAG = { useNodeSetting: 'node', yes: 'yes', no: 'no' } as const;

const perFileFlagChoices = [
	{ name: 'Use Node Setting', value: PER_FILE_FLAG.useNodeSetting },
	{ name: 'Yes', value: PER_FILE_FLAG.yes },
	{ name: 'No', value: PER_FILE_FLAG.no },
];

/** Where the request goes; shown above the target ID. */
export const connectionFields: INodeProperties[] = [
	{
		...hostField('hub'),
		displayOptions: show,
	},
	{ ...tenantField, displayOptions: show },
];

/** Who submits and which files; shown below the target ID. */
export const submitFields: INodeProperties[] = [
	{
		displayName: 'Insurance Company Alias',
		name: 'insuranceCompanyAlias',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'company',
		description: 'The alias your Scalepoint contact gave you',
		displayOptions: show,
	},
	{
		displayName: 'User E-Mail',
		name: 'userEmail',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'name@example.com',
		description:
			'E-mail of an active service-partner employee in Scalepoint ECB; the files are submitted as this user',
		displayOptions: show,
	},
	{
		displayName: 'Security Token',
		name: 'securityToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: '00000000-0000-0000-0000-000000000000',
		description:
			'The pre-shared service-partner GUID your Scalepoint contact gave you. It is sent in addition to the access token.',
		displayOptions: show,
	},
	{
		displayName: 'Send All Binary Properties',
		name: 'allBinaryProperties',
		type: 'boolean',
		default: false,
		description: 'Whether to send every binary property of the item, in their order on the item',
		displayOptions: show,
	},
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'data, photo',
		hint: 'The names of the binary fields holding the files, separated by commas',
		description: 'All files of an item go to Scalepoint in one request',
		displayOptions: { show: { ...show.show, allBinaryProperties: [false] } },
	},
	{
		displayName: 'File Settings',
		name: 'fileSettings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add File Settings',
		default: {},
		description:
			'Settings for single files, chosen by binary field. A value set here replaces the default under Options for that file; an empty or "Use Node Setting" value keeps it.',
		displayOptions: show,
		options: [
			{
				displayName: 'File',
				name: 'file',
				values: [
					{
						displayName: 'Binary Field',
						name: 'binaryProperty',
						type: 'string',
						default: 'data',
						description: 'The binary field these settings apply to',
					},
					{
						displayName: 'Content Type',
						name: 'contentType',
						type: 'string',
						default: '',
						placeholder: 'application/pdf',
						description: 'Replaces the MIME type from the binary data (leave empty to keep it)',
					},
					{
						displayName: 'Damage Image',
						name: 'isDamageImage',
						type: 'options',
						options: perFileFlagChoices,
						default: 'node', // PER_FILE_FLAG.useNodeSetting (the linter needs a literal)
						description:
							'Whether the file is an image of the damage. "Use Node Setting" takes Damage Image under Options.',
						displayOptions: onDamageNotification,
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'Description of the file in Scalepoint (leave empty to use the default)',
					},
					{
						displayName: 'File Name',
						name: 'fileName',
						type: 'string',
						default: '',
						description:
							'Replaces the file name from the binary data (leave empty to keep it). The extension decides whether Scalepoint accepts the file.',
					},
					{
						displayName: 'Restricted',
						name: 'isRestricted',
						type: 'options',
						options: perFileFlagChoices,
						default: 'node', // PER_FILE_FLAG.useNodeSetting (the linter needs a literal)
						description:
							'Whether only the file creator and the insurance company may see the file. "Use Node Setting" takes Restricted under Options.',
						displayOptions: onCase,
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			concurrencyField(
				1,
				'How many items are uploaded at the same time. Files can be large: each upload holds about 1.33 × its files in memory.',
			),
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'string',
				default: '',
				placeholder: 'application/pdf',
				description:
					'Replaces the MIME type of the file. Only when each item sends exactly one file.',
			},
			{
				displayName: 'Damage Image',
				name: 'isDamageImage',
				type: 'boolean',
				default: false,
				description: 'Whether the files are images of the damage (default for all files)',
				displayOptions: onDamageNotification,
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'Description of the files in Scalepoint (default for all files)',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: 'Replaces the name of the file. Only when each item sends exactly one file.',
			},
			{
				displayName: 'Restricted',
				name: 'isRestricted',
				type: 'boolean',
				default: false,
				description:
					'Whether only the file creator and the insurance company may see the files (default for all files). Otherwise files are public.',
				displayOptions: onCase,
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 600,
				description:
					"How long to wait for Scalepoint to accept one item's upload. The upload is not repeated after a timeout.",
			},
			{
				displayName: 'Timestamp',
				name: 'timestamp',
				type: 'string',
				default: '',
				placeholder: '2026-01-31',
				description: 'Optional date sent with the files, as yyyy-MM-dd',
			},
		],
	},
];

/** The ID parameter of one target. */
export function idField(
	name: string,
	displayName: string,
	operation: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder: '11111111-1111-1111-1111-111111111111',
		description,
		displayOptions: { show: { resource: ['file'], operation: [operation] } },
	};
}
