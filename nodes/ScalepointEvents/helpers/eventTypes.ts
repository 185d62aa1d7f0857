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

export const RECEIVE_EVENT_TYPES = [
	'case_created',
	'claim_updated',
	'case_settled',
	'auto_settlement_failed',
	'repair_service_requested',
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
