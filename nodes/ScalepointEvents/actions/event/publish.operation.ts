import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	concurrencyField,
	concurrencyOf,
	countryField,
	hostField,
	tenantField,
} from '../../../Scalepoint/commonFields';
import { SCOPES } from '../../../Scalepoint/scopes';
import { ScalepointClient, ScalepointCredentialError } from '../../../Scalepoint/transport';
import { runItems, withItemData } from '../../../shared/itemRunner';
import { pathSegment } from '../../../shared/pathSegment';
import { timeoutMsOf } from '../../../shared/timeoutOption';
import { optionalText, requireText } from '../../../shared/validation';
import {
	bodyFromItem,
	bodyFromJson,
	buildEvent,
	correlationIdOf,
	fraudStatusBody,
	paymentStatusBody,
	requireEventType,
	timestampOf,
} from '../../helpers/envelope';
import { CUSTOM_EVENT_TYPE, EXAMPLE_BODIES, PUBLISH_EVENT_TYPES } from '../../helpers/eventTypes';
import { itemParameters } from '../../helpers/itemParameters';
import { isPublishConfirmation, publishError, unconfirmedPublish } from './publishErrors';

const show = { resource: ['event'], operation: ['publish'] };
const { paymentStatusUpdated, fraudStatus } = PUBLISH_EVENT_TYPES;
const KNOWN = [paymentStatusUpdated, fraudStatus];
/** The Payment Status option that reads Custom Payment Status instead. */
const CUSTOM_PAYMENT_STATUS = 'custom';

function exampleBody(eventType: string): INodeProperties {
	const example = EXAMPLE_BODIES[eventType];
	return {
		displayName: 'Event Body (JSON)',
		name: 'eventBody',
		type: 'json',
		default: example,
		required: true,
		description:
			'The event fields after the envelope. eventType, payloadVersion, correlationId and timestamp are added by the node.',
		displayOptions: { show: { ...show, eventType: [eventType], bodySource: ['json'] } },
	};
}

export const description: INodeProperties[] = [
	{
		...hostField('api'),
		displayOptions: { show },
	},
	{ ...countryField, displayOptions: { show } },
	{ ...tenantField, displayOptions: { show } },
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		options: [
			{
				name: 'Payment Status Updated',
				value: paymentStatusUpdated,
				description: 'Event type payment_status_updated',
			},
			{ name: 'Fraud Status', value: fraudStatus, description: 'Event type fraud_status' },
			{
				name: 'Custom',
				value: CUSTOM_EVENT_TYPE,
				description: 'An event type agreed with Scalepoint that is not listed here',
			},
		],
		default: paymentStatusUpdated,
		description: 'Sent as the Event-Type header and as eventType in the event',
		displayOptions: { show },
	},
	{
		displayName: 'Custom Event Type',
		name: 'customEventType',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'claim_note_added',
		displayOptions: { show: { ...show, eventType: [CUSTOM_EVENT_TYPE] } },
	},
	{
		displayName: 'Event Body',
		name: 'bodySource',
		type: 'options',
		options: [
			{
				name: 'Define Below',
				value: 'fields',
				description: 'Fill in the documented fields of this event',
			},
			{ name: 'JSON', value: 'json', description: 'Write the event body as JSON' },
			{
				name: 'Input Item Fields',
				value: 'inputItem',
				description: 'Send the fields of the input item as the event body',
			},
		],
		default: 'fields',
		displayOptions: { show: { ...show, eventType: KNOWN } },
	},
	{
		displayName: 'Event Body',
		name: 'bodySource',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'Write the event body as JSON' },
			{
				name: 'Input Item Fields',
				value: 'inputItem',
				description: 'Send the fields of the input item as the event body',
			},
		],
		default: 'json',
		displayOptions: { show: { ...show, eventType: [CUSTOM_EVENT_TYPE] } },
	},
	// payment_status_updated, as in the example on the Event API page.
	{
		displayName: 'Payment UUID',
		name: 'paymentUuid',
		type: 'string',
		default: '',
		required: true,
		placeholder: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3',
		description: "The payment's UUID in Scalepoint (checked before sending)",
		displayOptions: {
			show: { ...show, eventType: [paymentStatusUpdated], bodySource: ['fields'] },
		},
	},
	{
		displayName: 'Payment Status',
		name: 'paymentStatus',
		type: 'options',
		// The Event API page documents one value; others agreed with Scalepoint go in the custom field.
		options: [
			{ name: 'Canceled', value: 'canceled', description: 'The value on the Event API page' },
			{
				name: 'Other (Enter Below)',
				value: CUSTOM_PAYMENT_STATUS,
				description: 'A status Scalepoint agreed with you that the page does not list',
			},
		],
		default: 'canceled',
		required: true,
		description: 'The new status of the payment',
		displayOptions: {
			show: { ...show, eventType: [paymentStatusUpdated], bodySource: ['fields'] },
		},
	},
	{
		displayName: 'Custom Payment Status',
		name: 'customPaymentStatus',
		type: 'string',
		default: '',
		// Not `required`: n8n would then demand it whenever Payment Status is an expression (the
		// editor cannot tell the expression's value); an empty one is refused when the item runs.
		placeholder: 'paid',
		description: 'Sent as it is written; ask Scalepoint which statuses your integration may send',
		displayOptions: {
			show: {
				...show,
				eventType: [paymentStatusUpdated],
				bodySource: ['fields'],
				paymentStatus: [CUSTOM_PAYMENT_STATUS],
			},
		},
	},
	{
		displayName: 'Status Reason',
		name: 'statusReason',
		type: 'string',
		default: '',
		placeholder: "Payment rejected by claimant's bank",
		description: 'Optional; left out of the event when empty',
		displayOptions: {
			show: { ...show, eventType: [paymentStatusUpdated], bodySource: ['fields'] },
		},
	},
	// fraud_status
	{
		displayName: 'Fraud Status',
		name: 'fraudStatus',
		type: 'options',
		// Vendor values, sent as they are.
		options: [
			{ name: 'Fraudulent', value: 'FRAUDULENT' },
			{ name: 'Not Fraudulent', value: 'NOT_FRAUDULENT' },
		],
		default: 'FRAUDULENT',
		displayOptions: { show: { ...show, eventType: [fraudStatus], bodySource: ['fields'] } },
	},
	{
		displayName: 'Identify Case By',
		name: 'caseIdentifierType',
		type: 'options',
		options: [
			{ name: 'Case UUID', value: 'uuid' },
			{ name: 'Case Token', value: 'token' },
			{ name: 'Case Number', value: 'number' },
		],
		default: 'token',
		displayOptions: { show: { ...show, eventType: [fraudStatus], bodySource: ['fields'] } },
	},
	{
		displayName: 'Case Identifier',
		name: 'caseIdentifier',
		type: 'string',
		default: '',
		required: true,
		description: 'The UUID, token or number of the case, as chosen above',
		displayOptions: { show: { ...show, eventType: [fraudStatus], bodySource: ['fields'] } },
	},
	{
		displayName: 'Case Type',
		name: 'caseType',
		type: 'string',
		default: '',
		description: 'Sent as case.caseType; left out when empty',
		displayOptions: { show: { ...show, eventType: [fraudStatus], bodySource: ['fields'] } },
	},
	exampleBody(paymentStatusUpdated),
	exampleBody(fraudStatus),
	exampleBody(CUSTOM_EVENT_TYPE),
	{
		displayName: 'Payload Version',
		name: 'payloadVersion',
		type: 'string',
		default: '1.0.0',
		required: true,
		displayOptions: { show },
	},
	{
		displayName: 'Correlation ID',
		name: 'correlationId',
		type: 'string',
		default: '',
		placeholder: 'Empty: a new GUID for every event',
		description:
			'Identifies the event in Scalepoint and in the output, also of failed items, so you can reconcile a run. Leave empty for a new GUID per item.',
		displayOptions: { show },
	},
	{
		displayName: 'Timestamp',
		name: 'timestamp',
		type: 'string',
		default: '',
		placeholder: 'Empty: now, e.g. 2017-07-25T10:31:28.251Z',
		description: 'ISO-8601 date and time with a time zone. Leave empty for the current time.',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			concurrencyField(
				5,
				'How many events are published at the same time. Above 1, events can reach Scalepoint in a different order than the items (e.g. when one is retried after a 503); set 1 when several items describe the same payment or case in order.',
			),
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 600 },
				default: 60,
				description:
					'How long to wait for Scalepoint to answer. After a timeout the event is not resent, because it may have arrived.',
			},
		],
	},
];

const JSON_UTF8 = 'application/json;charset=utf-8';

/**
 * POST {host}/api/events/v1/{country}/external/{tenant}/send with the Event-Type header. Publishing
 * is not idempotent: after a timeout or a reset connection the event may have been stored, so it
 * is never resent automatically (a 429 is retried: the server refused before acting; a 503 proves
 * nothing, so it is not).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ScalepointClient.open(this, SCOPES.events);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const timeoutMs = timeoutMsOf(node, options.timeoutSeconds, 60, { maxSeconds: 600 });
	const concurrency = concurrencyOf(node, options.concurrency, 5);
	const params = itemParameters(this);
	const get = params.get;
	const items = this.getInputData();
	const now = () => new Date();
	// Built once when host, country and tenant are not expressions.
	const urlIsConstant = ['host', 'country', 'tenant'].every(params.isConstant);
	let constantUrl: string | undefined;

	const urlFor = (itemIndex: number) => {
		if (constantUrl !== undefined) return constantUrl;
		const host = client.host('api', get('host', itemIndex, ''), itemIndex);
		const country = pathSegment(
			node,
			'Country',
			requireText(node, 'Country', get('country', itemIndex), itemIndex),
			itemIndex,
		);
		const tenant = pathSegment(
			node,
			'Tenant',
			requireText(node, 'Tenant', get('tenant', itemIndex), itemIndex),
			itemIndex,
		);
		const url = `${host}/api/events/v1/${country}/external/${tenant}/send`;
		if (urlIsConstant) constantUrl = url;
		return url;
	};

	const eventTypeFor = (itemIndex: number) => {
		const chosen = optionalText(node, 'Event Type', get('eventType', itemIndex), itemIndex);
		const raw = chosen === CUSTOM_EVENT_TYPE ? get('customEventType', itemIndex) : chosen;
		return { chosen, eventType: requireEventType(node, raw, itemIndex) };
	};

	const bodyFor = (chosen: string, itemIndex: number): IDataObject => {
		const source = optionalText(
			node,
			'Event Body',
			get('bodySource', itemIndex, chosen === CUSTOM_EVENT_TYPE ? 'json' : 'fields'),
			itemIndex,
		);
		if (source === 'inputItem') return bodyFromItem(items[itemIndex].json);
		if (source === 'json') return bodyFromJson(node, get('eventBody', itemIndex), itemIndex);
		if (chosen === paymentStatusUpdated) {
			return paymentStatusBody(
				node,
				{
					paymentUuid: get('paymentUuid', itemIndex),
					paymentStatus:
						get('paymentStatus', itemIndex) === CUSTOM_PAYMENT_STATUS
							? get('customPaymentStatus', itemIndex)
							: get('paymentStatus', itemIndex),
					statusReason: get('statusReason', itemIndex, ''),
				},
				itemIndex,
			);
		}
		if (chosen === fraudStatus) {
			return fraudStatusBody(
				node,
				{
					fraudStatus: get('fraudStatus', itemIndex),
					caseIdentifierType: get('caseIdentifierType', itemIndex),
					caseIdentifier: get('caseIdentifier', itemIndex),
					caseType: get('caseType', itemIndex, ''),
				},
				itemIndex,
			);
		}
		return bodyFromJson(node, get('eventBody', itemIndex), itemIndex);
	};

	const correlationIds = new Map<string, number>();
	const results = await runItems(
		this,
		async (itemIndex) => {
			// The correlation ID comes first so that every error item carries it.
			const correlationId = correlationIdOf(node, get('correlationId', itemIndex, ''), itemIndex);
			correlationIds.set(correlationId, (correlationIds.get(correlationId) ?? 0) + 1);
			let eventType: string | undefined;
			try {
				const type = eventTypeFor(itemIndex);
				eventType = type.eventType;
				const timestamp = timestampOf(node, get('timestamp', itemIndex, ''), now, itemIndex);
				const payloadVersion = requireText(
					node,
					'Payload Version',
					get('payloadVersion', itemIndex),
					itemIndex,
				);
				const event = buildEvent(
					{ eventType, payloadVersion, correlationId, timestamp },
					bodyFor(type.chosen, itemIndex),
				);
				const response = await client.request({
					method: 'POST',
					url: urlFor(itemIndex),
					headers: { 'Event-Type': eventType, 'Content-Type': JSON_UTF8 },
					body: event,
					idempotent: false,
					timeoutMs,
					itemIndex,
				});
				if (response.status < 200 || response.status >= 300) {
					throw publishError(node, response.status, response.body, eventType, itemIndex);
				}
				if (!isPublishConfirmation(response.status, response.body)) {
					throw unconfirmedPublish(node, response.status, response.body, itemIndex);
				}
				return {
					id: response.body._id,
					eventType,
					correlationId,
					timestamp,
				};
			} catch (error) {
				throw withCorrelation(error, correlationId, eventType);
			}
		},
		{
			concurrency,
			primeFirst: true,
			stopsTheRun: (error) => error instanceof ScalepointCredentialError,
			// A stopped run names the events already published, so a re-run can leave them out.
			tookEffect: ({ id, correlationId }) => ({ id, correlationId }),
		},
	);
	const shared = [...correlationIds.values()].filter((count) => count > 1).length;
	if (shared > 0) {
		// Allowed (the user may mean it), but Scalepoint expects a fresh correlation ID per event.
		this.addExecutionHints({
			type: 'warning',
			message: `Several events were sent with the same correlation ID (${shared} ID(s) used more than once). Leave Correlation ID empty for a new GUID per event, or map a value that differs per item.`,
			location: 'outputPane',
		});
	}
	return [results];
}

/** Every failed item carries its correlation ID (under `details`) so a run can be reconciled. */
function withCorrelation(error: unknown, correlationId: string, eventType: string | undefined) {
	if (!(error instanceof Error)) return error;
	return withItemData(error, { correlationId, eventType: eventType ?? null });
}
