import type { INodeProperties } from 'n8n-workflow';

import { RECEIVE_EVENT_TYPES } from './eventTypes';

/**
 * The fields of the trigger's "Options" collection. Version 1 keeps its collection exactly as it
 * was (with its two event type options); version 2 moves the event type filter to the top of the
 * node and keeps the rest here. Shared so both versions' numeric options stay the same.
 */
export const OPTIONS: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
};

export const EVENT_TYPES_TO_KEEP_V1: INodeProperties = {
	displayName: 'Event Types to Keep',
	name: 'eventTypes',
	type: 'multiOptions',
	options: RECEIVE_EVENT_TYPES.map((type) => ({ name: type, value: type })),
	default: [],
	description:
		'Only these events start the workflow; others are skipped but still count as read. Empty keeps all.',
};

export const LONG_POLL_TIMEOUT_OPTION: INodeProperties = {
	displayName: 'Long Poll Timeout (Seconds)',
	name: 'longPollTimeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 600 },
	default: 60,
	description:
		'Scalepoint holds the request open until events arrive. Set this above that hold time; a timeout means no new events.',
};

export const MAX_EVENTS_OPTION: INodeProperties = {
	displayName: 'Maximum Events per Poll',
	name: 'maxEventsPerPoll',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10_000 },
	default: 100,
	description: 'Events read at most in one poll; the rest follow at the next poll',
};

export const OTHER_EVENT_TYPES_V1: INodeProperties = {
	displayName: 'Other Event Types to Keep',
	name: 'otherEventTypes',
	type: 'string',
	default: '',
	placeholder: 'claim_note_added, case_reopened',
	description: 'Further event types to keep, separated by commas',
};

export const PAGE_SIZE_OPTION: INodeProperties = {
	displayName: 'Server Page Size',
	name: 'pageSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10_000 },
	default: 100,
	description:
		'How many events Scalepoint returns at most per answer (not documented; 100 assumed). A full page means more are waiting, so the trigger asks again at once.',
};
