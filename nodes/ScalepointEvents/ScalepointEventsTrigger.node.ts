import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { scalepointApiTest } from '../Scalepoint/credentialTest';
import { countryField, hostField, tenantField } from '../Scalepoint/commonFields';
import { SCOPES } from '../Scalepoint/scopes';
import { reportsTimeout, ScalepointClient } from '../Scalepoint/transport';
import { apiError } from '../shared/httpErrors';
import { pathSegment } from '../shared/pathSegment';
import { invalidField, quoteValue, requireText } from '../shared/validation';
import { rememberEmitted } from './helpers/emittedEvents';
import { entryToItem } from './helpers/eventItem';
import { DOCUMENTED_RECEIVE_EVENT_TYPES } from './helpers/eventTypes';
import {
	cursorFor,
	isStartFrom,
	queuedAtOrAfter,
	readCursor,
	readEvents,
	surfacedAfter,
	writeCursor,
	type FetchPage,
	type StartSettings,
} from './helpers/pollEvents';
import { unlessRunning } from './helpers/pollGuard';
import {
	longestPollMs,
	MAX_RETRY_WAIT_MS,
	PAGE_ATTEMPTS,
	readPollOptions,
} from './helpers/pollOptions';
import {
	eventTypeFilter,
	MAX_EVENT_ID_LENGTH,
	parseReceivedPage,
	splitTypes,
	type PageEntry,
} from './helpers/receivedEvents';
import { receiveError } from './helpers/receiveErrors';
import {
	EVENT_TYPES_TO_KEEP_V1,
	LONG_POLL_TIMEOUT_OPTION,
	MAX_EVENTS_OPTION,
	OPTIONS,
	OTHER_EVENT_TYPES_V1,
	PAGE_SIZE_OPTION,
} from './helpers/triggerOptionFields';

// In manual mode (and for "Now") the whole retained queue may be read; this bounds it.
const SCAN_LIMIT = 100_000;
const DEFAULT_BUDGET_MS = 5 * 60_000;

export class ScalepointEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scalepoint Events Trigger',
		name: 'scalepointEventsTrigger',
		icon: { light: 'file:scalepoint.svg', dark: 'file:scalepoint.dark.svg' },
		group: ['trigger'],
		// Version 2 (default for new triggers): the event type filter on top with every documented
		// type, and items with the type's identifiers lifted and the event kept as sent. Version 1
		// (saved triggers) keeps its items: attributes spread, plus eventId and receivedAt.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ "Events of " + $parameter["tenant"] }}',
		// n8n's node creator shows one "Scalepoint Events" entry for this trigger and the action
		// node, with this description: it names both, so a search for the action finds it said.
		description:
			'Start a workflow on Scalepoint events (case_created, claim_updated, …), or publish events to Scalepoint',
		defaults: { name: 'Scalepoint Events Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'scalepointApi', required: true, testedBy: 'scalepointApiTest' }],
		properties: [
			hostField('api'),
			countryField,
			tenantField,
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{
						name: 'Now',
						value: 'now',
						description: 'Only events that arrive after the workflow is activated',
					},
					{
						name: 'Oldest Retained Event',
						value: 'oldest',
						description: 'Every event Scalepoint still holds',
					},
					{
						name: 'After a Given Event ID',
						value: 'eventId',
						description: 'Events after the event with this ID',
					},
				],
				default: 'now',
				description:
					'Where the first poll after activation starts. Later polls continue after the last event processed; changing this setting makes the next poll start over from the new one.',
			},
			{
				displayName: 'Start After Event ID',
				name: 'startEventId',
				type: 'string',
				default: '',
				required: true,
				placeholder: '_122047',
				displayOptions: { show: { startFrom: ['eventId'] } },
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'multiOptions',
				options: DOCUMENTED_RECEIVE_EVENT_TYPES.map((type) => ({ name: type, value: type })),
				default: [],
				displayOptions: { show: { '@version': [2] } },
				description:
					'Only events of these types start the workflow. Empty (and no custom types) keeps all. Any other event is skipped for good: the trigger moves past it and never reads it again.',
			},
			{
				displayName: 'Custom Event Types',
				name: 'customEventTypes',
				type: 'string',
				default: '',
				placeholder: 'claim_note_added, case_reopened',
				displayOptions: { show: { '@version': [2] } },
				description:
					'Further event types to keep, separated by commas: types agreed with Scalepoint that the list does not name',
			},
			{
				...OPTIONS,
				displayOptions: { show: { '@version': [1] } },
				options: [
					EVENT_TYPES_TO_KEEP_V1,
					LONG_POLL_TIMEOUT_OPTION,
					MAX_EVENTS_OPTION,
					OTHER_EVENT_TYPES_V1,
					PAGE_SIZE_OPTION,
				],
			},
			{
				...OPTIONS,
				displayOptions: { show: { '@version': [2] } },
				options: [LONG_POLL_TIMEOUT_OPTION, MAX_EVENTS_OPTION, PAGE_SIZE_OPTION],
			},
		],
	};

	// The editor's credential test: obtain a token and stop there (see credentialTest.ts).
	methods = { credentialTest: { scalepointApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getMode() === 'manual') return await pollOnce(this);
		const key = `${this.getWorkflow().id ?? ''}/${this.getNode().name}`;
		const options = readPollOptions(
			this.getNode(),
			this.getNodeParameter('options', {}) as IDataObject,
		);
		const longest = longestPollMs(pollBudgetMs(this), options);
		return await unlessRunning(key, longest, async () => await pollOnce(this));
	}
}

/** What the engine lets one poll spend. */
function pollBudgetMs(context: IPollFunctions) {
	return typeof context.getPollBudgetMs === 'function'
		? context.getPollBudgetMs()
		: DEFAULT_BUDGET_MS;
}

async function pollOnce(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = context.getNode();
	const started = Date.now();
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const {
		longPollTimeoutMs: timeoutMs,
		longPollDeadlineMs,
		maxEventsPerPoll: maxEvents,
		pageSize,
	} = readPollOptions(node, options);
	const version = node.typeVersion;
	const keep = eventTypeFilter(
		version >= 2
			? [
					...splitTypes(context.getNodeParameter('eventTypes', [])),
					...splitTypes(context.getNodeParameter('customEventTypes', '')),
				]
			: [...splitTypes(options.eventTypes), ...splitTypes(options.otherEventTypes)],
	);
	const client = await ScalepointClient.open(context, SCOPES.events);
	const host = client.host('api', context.getNodeParameter('host', ''));
	const country = pathSegment(
		node,
		'Country',
		requireText(node, 'Country', context.getNodeParameter('country')),
	);
	const tenant = pathSegment(
		node,
		'Tenant',
		requireText(node, 'Tenant', context.getNodeParameter('tenant')),
	);
	const url = `${host}/api/events/v1/${country}/external/${tenant}/receive`;
	const manual = context.getMode() === 'manual';
	const settings = manual ? undefined : startSettings(context);

	// Scalepoint's clock minus ours, from the Date header of the latest answer (0 without one).
	let clockOffsetMs = 0;
	const fetchPage: FetchPage = async (lastEventId) => {
		const query =
			lastEventId === undefined ? '' : `?lastEventId=${encodeURIComponent(lastEventId)}`;
		let response;
		try {
			// Reading is safe to repeat (the cursor is ours), so 5xx answers and dropped connections
			// are retried; a timed-out long poll is not: it means "no new events". Silence ends it
			// after the Long Poll Timeout, anything else at its deadline: the next poll asks again.
			response = await client.request({
				method: 'GET',
				url: `${url}${query}`,
				idempotent: true,
				retryTimeouts: false,
				timeoutMs,
				deadlineMs: longPollDeadlineMs,
				maxAttempts: PAGE_ATTEMPTS,
				maxRetryAfterMs: MAX_RETRY_WAIT_MS,
			});
		} catch (error) {
			if (reportsTimeout(error)) return null;
			throw asNodeError(node, error);
		}
		const serverDate = Date.parse(String(response.headers.date ?? ''));
		if (!Number.isNaN(serverDate)) clockOffsetMs = serverDate - Date.now();
		if (response.status === 204) return null;
		if (response.status < 200 || response.status >= 300) {
			throw receiveError(node, response.status, response.body, lastEventId, settings?.startFrom);
		}
		const page = parseReceivedPage(response.body);
		if (typeof page === 'string') {
			throw apiError(
				node,
				response.status,
				`Scalepoint sent an unexpected answer to the event request: ${page}`,
				'The cursor was not moved; the next poll asks again.',
			);
		}
		return page;
	};

	const budgetMs = pollBudgetMs(context);
	// Room for one more long poll inside the engine's budget.
	const mayContinue = () => Date.now() - started + timeoutMs < budgetMs;
	const emit = (events: PageEntry[]) =>
		events.length > 0 ? [events.map((event) => ({ json: entryToItem(event, version) }))] : null;

	if (manual || settings === undefined) {
		// Show the newest events without touching the cursor of the active workflow, nor its memory
		// of emitted events: a test fetch shows events the active workflow already emitted, and what
		// it shows must not make the active workflow skip them. (n8n does not save static data of a
		// manual run either.)
		const latest = await readEvents(fetchPage, undefined, {
			maxEvents: SCAN_LIMIT,
			pageSize,
			keep,
			mayContinue,
		});
		return emit(latest.kept.slice(-maxEvents));
	}

	const staticData = context.getWorkflowStaticData('node');
	const cursor = cursorFor(readCursor(staticData), settings);
	if (!cursor.started && settings.startFrom === 'now') {
		// Walk to the newest event and remember it; if the budget ends first, the walk continues at
		// the next poll from where it stopped. The walk cannot avoid long polls: the receive API has
		// no documented way to answer at once when nothing is queued (an invented "wait=0" would
		// most likely be ignored and the request held anyway), so when the queue is empty (or
		// its size is a multiple of the page size) the walk's last request is held open, and events
		// published meanwhile arrive in it. Those are not "old": every event Scalepoint queued at or
		// after the first poll is emitted. The clocks are compared on Scalepoint's side: the Date
		// header gives its clock to the second, and since it is rounded down, the estimate errs
		// towards emitting an event queued just before activation rather than losing one after it.
		const activatedAt = cursor.activatedAt ?? new Date(started).toISOString();
		writeCursor(staticData, { ...cursor, activatedAt });
		const since = Date.parse(activatedAt);
		const walked = await readEvents(fetchPage, cursor.lastEventId, {
			maxEvents: SCAN_LIMIT,
			pageSize,
			keep: (event) => keep(event) && queuedAtOrAfter(event, since + clockOffsetMs),
			mayContinue,
			alreadySurfaced: new Set(cursor.surfacedMalformed),
			alreadyEmitted: new Set(cursor.recentlyEmitted),
		});
		writeCursor(staticData, {
			...settings,
			lastEventId: walked.lastEventId,
			started: walked.reachedEnd,
			activatedAt: walked.reachedEnd ? undefined : activatedAt,
			surfacedMalformed: surfacedAfter(walked, cursor),
			recentlyEmitted: rememberEmitted(cursor.recentlyEmitted, walked.kept),
		});
		return emit(walked.kept);
	}
	if (!cursor.started && settings.startFrom === 'eventId') {
		cursor.lastEventId = settings.startEventId;
	}

	const result = await readEvents(fetchPage, cursor.lastEventId, {
		maxEvents,
		pageSize,
		keep,
		mayContinue,
		alreadySurfaced: new Set(cursor.surfacedMalformed),
		alreadyEmitted: new Set(cursor.recentlyEmitted),
	});
	writeCursor(staticData, {
		...settings,
		lastEventId: result.lastEventId,
		started: true,
		surfacedMalformed: surfacedAfter(result, cursor),
		recentlyEmitted: rememberEmitted(cursor.recentlyEmitted, result.kept),
	});
	return emit(result.kept);
}

/** The "Start From" parameters, checked; stored with the cursor so a change can be noticed. */
function startSettings(context: IPollFunctions): StartSettings {
	const node = context.getNode();
	const startFrom = context.getNodeParameter('startFrom', 'now');
	if (!isStartFrom(startFrom)) {
		throw new NodeOperationError(node, `Unknown "Start From" value: ${String(startFrom)}`);
	}
	if (startFrom !== 'eventId') return { startFrom };
	const startEventId = requireText(
		node,
		'Start After Event ID',
		context.getNodeParameter('startEventId'),
	);
	// Stored with the cursor and sent in the URL: an id is short (such as _122047).
	if (startEventId.length > MAX_EVENT_ID_LENGTH) {
		throw invalidField(
			node,
			'Start After Event ID',
			`is ${startEventId.length} characters long; an event ID has at most ${MAX_EVENT_ID_LENGTH} (got ${quoteValue(startEventId)})`,
		);
	}
	return { startFrom, startEventId };
}

function asNodeError(node: INode, error: unknown) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
