import type { INodeProperties } from 'n8n-workflow';

import { countryField, hostField, tenantField } from '../../../Scalepoint/commonFields';

const show = { resource: ['case'], operation: ['deleteCase'] };
const hubOnly = { show: { ...show, system: ['hubProperty'] } };
const claimShopOnly = { show: { ...show, system: ['claimShop'] } };

/** Parameters of Delete Case, in the order the editor shows them. */
export const deleteCaseFields: INodeProperties[] = [
	{
		displayName: 'System',
		name: 'system',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Hub Property',
				value: 'hubProperty',
				description: 'DELETE /ecx/{tenant}/api/integration/{version}/case on entry.scalepoint.com',
			},
			{
				name: 'ClaimShop',
				value: 'claimShop',
				description:
					'DELETE /webapp/ScalePoint/{country}/{version}/case/{tenant}/delete on www.scalepoint.com',
			},
		],
		default: 'hubProperty',
		displayOptions: { show },
	},
	{
		// Not expression-capable on purpose: a live deletion must be a deliberate choice in the editor.
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Dry Run',
				value: 'dryRun',
				description: 'Check that each case exists and may be deleted. Nothing is changed.',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete each case from all Scalepoint systems. This cannot be undone.',
			},
		],
		default: 'dryRun',
		displayOptions: { show },
	},
	{
		displayName:
			'Delete removes each case from all Scalepoint systems and cannot be undone. Run this node as a Dry Run first and only pass on the cases it reports as found and deletable.',
		name: 'deleteWarning',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, mode: ['delete'] } },
	},
	{ ...hostField('hub', 'hubHost'), displayOptions: hubOnly },
	{ ...hostField('api', 'claimShopHost'), displayOptions: claimShopOnly },
	{ ...countryField, displayOptions: claimShopOnly },
	{ ...tenantField, displayOptions: { show } },
	{
		displayName: 'API Version',
		name: 'version',
		type: 'string',
		default: 'v1',
		required: true,
		description: 'The version segment of the URL',
		displayOptions: { show },
	},
	{
		displayName: 'Identify Case By',
		name: 'identifyBy',
		type: 'options',
		options: [
			{ name: 'Case Number', value: 'caseNumber', description: 'Sent as CaseNumberRequest' },
			{
				name: 'Case Token',
				value: 'caseToken',
				description: 'The unified case token, sent as CaseTokenRequest',
			},
		],
		default: 'caseNumber',
		displayOptions: { show },
	},
	{
		displayName: 'Case Number',
		name: 'caseNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'CN10000',
		displayOptions: { show: { ...show, identifyBy: ['caseNumber'] } },
	},
	{
		displayName: 'Case Token',
		name: 'caseToken',
		type: 'string',
		// Masked like the other token fields: a unified case token can open the case's pages.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'a0000000-0000-4000-8000-000000010000',
		description: 'Scalepoint unified case token',
		displayOptions: { show: { ...show, identifyBy: ['caseToken'] } },
	},
	{
		displayName: 'Request ID (to Resume)',
		name: 'requestId',
		type: 'string',
		default: '',
		placeholder: '={{ $json.requestId || $json.message }}',
		description:
			"Leave empty for a new deletion. To continue a deletion that failed part way, map the requestId of that run's output item, or the message of its error item (the node finds the request ID in it).",
		displayOptions: hubOnly,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'ClaimShop Max Requests in Flight',
				name: 'claimShopMaxInFlight',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
				description:
					'ClaimShop allows 5 simultaneous requests for all clients. Change only if Scalepoint raised your limit.',
				displayOptions: { show: { '/system': ['claimShop'] } },
			},
			{
				displayName: 'Hub Requests per Minute',
				name: 'hubRequestsPerMinute',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60_000 },
				default: 100,
				description:
					'Hub Property allows 100 per minute. Change only if Scalepoint raised your limit.',
				displayOptions: { show: { '/system': ['hubProperty'] } },
			},
			{
				displayName: 'Hub Requests per Second',
				name: 'hubRequestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 5,
				description:
					'Hub Property allows 5 per second. Change only if Scalepoint raised your limit.',
				displayOptions: { show: { '/system': ['hubProperty'] } },
			},
			{
				displayName: 'Maximum Wait (Minutes)',
				name: 'maxWaitMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 960 },
				default: 60,
				description: 'How long to wait in all for the availability window to open before failing',
				displayOptions: { show: { outsideWindow: ['wait'] } },
			},
			{
				displayName: 'Outside the Availability Window',
				name: 'outsideWindow',
				type: 'options',
				options: [
					{
						name: 'Fail With a Clear Message',
						value: 'fail',
						description: 'Fail and say when the window opens (UTC). Nothing is deleted.',
					},
					{
						name: 'Wait Until It Opens',
						value: 'wait',
						description: 'Wait (up to Maximum Wait) and then send',
					},
				],
				default: 'fail',
				description:
					'Scalepoint accepts deletions only between 16:00 and 08:00 UTC and answers 503 otherwise',
			},
			{
				displayName: 'Rate Limit Max Wait (Seconds)',
				name: 'rateLimitMaxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 3600 },
				default: 180,
				description:
					"How long a case refused with 429 keeps being sent again (paced) before it fails. Other clients and other n8n processes (queue-mode workers) share Hub's 100 per minute, so the limit can stay exceeded for up to a minute.",
			},
			{
				displayName: 'Rate Limit Retries',
				name: 'rateLimitRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description:
					'When added, a request refused with 429 is sent again at most this often, instead of for up to Rate Limit Max Wait',
			},
			{
				displayName: 'Server Error Retries',
				name: 'serverErrorRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 5 },
				default: 2,
				description:
					'How often a Hub Property request or a dry run is sent again after a 500, another 503 (not the closed window) or no answer. Hub deletions keep their request ID, so a repeat continues the same deletion. ClaimShop deletions are never repeated.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 120,
				description: 'How long to wait for one answer',
			},
		],
	},
];
