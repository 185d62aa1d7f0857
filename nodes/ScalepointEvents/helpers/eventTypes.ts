/**
 * The events Scalepoint documents. Client → Scalepoint events can be published with the Scalepoint
 * Events node; Scalepoint → client events arrive through the trigger.
 */
export const PUBLISH_EVENT_TYPES = {
	paymentStatusUpdated: 'payment_status_updated',
	fraudStatus: 'fraud_status',
} as const;

/** The parameter value for an event type the page does not list. */
export const CUSTOM_EVENT_TYPE = 'custom';

/** The trigger's version 1 list (kept as it was: saved version 1 triggers show what they showed). */
export const RECEIVE_EVENT_TYPES = [
	'case_created',
	'claim_updated',
	'case_settled',
	'auto_settlement_failed',
	'repair_service_requested',
] as const;

/**
 * Every Scalepoint → client event type Scalepoint documents (events-api-types-of-events-supported-
 * by-core-hub, claim-updated, case-settled, claimline-changed, auto-settlement-failed,
 * service-providers-events-integration-api, material-supplier-integration-api,
 * attachments-updated), for the version 2 filter. Other types go in "Custom Event Types".
 */
export const DOCUMENTED_RECEIVE_EVENT_TYPES = [
	'attachments_updated',
	'auto_settlement_failed',
	'case_created',
	'case_settled',
	'claim_updated',
	'claimline_changed',
	'repair_service_requested',
	'repair_updated',
] as const;

/** Fields the node sets on every published event; the event body must not set them itself. */
export const ENVELOPE_FIELDS = [
	'eventType',
	'payloadVersion',
	'correlationId',
	'timestamp',
] as const;

/** Example bodies shown in the JSON editor (the envelope is added by the node). */
export const EXAMPLE_BODIES: Record<string, string> = {
	[PUBLISH_EVENT_TYPES.paymentStatusUpdated]: JSON.stringify(
		{
			payment: {
				uuid: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3',
				status: 'canceled',
				statusReason: "Payment rejected by claimant's bank",
			},
		},
		null,
		2,
	),
	[PUBLISH_EVENT_TYPES.fraudStatus]: JSON.stringify(
		{ status: 'FRAUDULENT', case: { number: 'CN10000' } },
		null,
		2,
	),
	[CUSTOM_EVENT_TYPE]: JSON.stringify({ example: 'value' }, null, 2),
};
