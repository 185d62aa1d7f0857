import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { countryField, hostField, tenantField } from '../Scalepoint/commonFields';
import { WWW_HOST } from '../Scalepoint/hosts';
import { SCOPES } from '../Scalepoint/scopes';
import { ScalepointClient } from '../Scalepoint/transport';
import { apiError } from '../shared/httpErrors';
import { pathSegment } from '../shared/pathSegment';
import { requireBaseUrl, requireText } from '../shared/validation';
import { RECEIVE_EVENT_TYPES } from './helpers/eventTypes';
import {
	readCursor,
	readEvents,
	writeCursor,
	type FetchPage,
	type PollSettings,
} from './helpers/pollEvents';
import {
	eventToJson,
	eventTypeFilter,
	parseReceivedPage,
	splitTypes,
} from './helpers/receivedEvents';
import { receiveError } from './helpers/receiveErrors';

// In manual mode (and for "Now") the whole retained queue may be read; this bounds it.
const SCAN_LIMIT = 100_000;
const DEFAULT_BUDGET_MS = 5 * 60_000;

export class ScalepointEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scalepoint Events Trigger',
		name: 'scalepointEventsTrigger',
		icon: { light: 'file:scalepoint.svg', dark: 'file:scalepoint.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Events of " + $parameter["tenant"] }}',
		description:
			'Starts the workflow when Scalepoint publishes events such as case_created or claim_updated',
		defaults: { name: 'Scalepoint Events Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'scalepointApi', required: true }],
		properties: [
			hostField(
				WWW_HOST,
				'Scalepoint host. Use your project server (https://<hostname>) or https://sandbox.scalepoint.com for testing.',
			),
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
					'Where the first poll after activation starts. Later polls continue after the last event processed.',
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
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Event Types to Keep',
						name: 'eventTypes',
						type: 'multiOptions',
						options: RECEIVE_EVENT_TYPES.map((type) => ({ name: type, value: type })),
						default: [],
						description:
							'Only these events start the workflow; others are skipped but still count as read. Empty keeps all.',
					},
					{
						displayName: 'Long Poll Timeout (Seconds)',
						name: 'longPollTimeoutSeconds',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 600 },
						default: 60,
						description:
							'Scalepoint holds the request open until events arrive. Set this above that hold time; a timeout means no new events.',
					},
					{
						displayName: 'Maximum Events per Poll',
						name: 'maxEventsPerPoll',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10_000 },
						default: 100,
						description: 'Events read at most in one poll; the rest follow at the next poll',
					},
					{
						displayName: 'Other Event Types to Keep',
						name: 'otherEventTypes',
						type: 'string',
						default: '',
						placeholder: 'claim_note_added, case_reopened',
						description: 'Further event types to keep, separated by commas',
					},
					{
						displayName: 'Server Page Size',
						name: 'pageSize',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 100,
						description:
							'How many events Scalepoint returns at most per answer (not documented; 100 assumed). A full page means more are waiting, so the trigger asks again at once.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const started = Date.now();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const timeoutMs = Number(options.longPollTimeoutSeconds ?? 60) * 1000;
		const maxEvents = Number(options.maxEventsPerPoll ?? 100);
		const keep = eventTypeFilter([
			...splitTypes(options.eventTypes),
			...splitTypes(options.otherEventTypes),
		]);
		const host = requireBaseUrl(node, 'Host', this.getNodeParameter('host'));
		const country = pathSegment(
			node,
			'Country',
			requireText(node, 'Country', this.getNodeParameter('country')),
		);
		const tenant = pathSegment(
			node,
			'Tenant',
			requireText(node, 'Tenant', this.getNodeParameter('tenant')),
		);
		const url = `${host}/api/events/v1/${country}/external/${tenant}/receive`;
		const client = await ScalepointClient.open(this, SCOPES.events);

		const fetchPage: FetchPage = async (lastEventId) => {
			const query =
				lastEventId === undefined ? '' : `?lastEventId=${encodeURIComponent(lastEventId)}`;
			const requestStarted = Date.now();
			let response;
			try {
				// Reading is safe to repeat (the cursor is ours), so 5xx answers and dropped connections
				// are retried; a timed-out long poll is not: it means "no new events".
				response = await client.request({
					method: 'GET',
					url: `${url}${query}`,
					idempotent: true,
					retryTimeouts: false,
					timeoutMs,
				});
			} catch (error) {
				const timedOut =
					error instanceof NodeApiError &&
					!error.httpCode &&
					Date.now() - requestStarted >= timeoutMs * 0.9;
				if (timedOut) return null;
				throw asNodeError(node, error);
			}
			if (response.status === 204) return null;
			if (response.status < 200 || response.status >= 300) {
				throw receiveError(node, response.status, response.body, lastEventId);
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

		const budgetMs =
			typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_BUDGET_MS;
		// Room for one more long poll inside the engine's budget.
		const mayContinue = () => Date.now() - started + timeoutMs < budgetMs;
		const pageSize = Number(options.pageSize ?? 100);

		if (this.getMode() === 'manual') {
			// Show the newest events without touching the cursor of the active workflow.
			const latest = await readEvents(fetchPage, undefined, {
				maxEvents: SCAN_LIMIT,
				pageSize,
				keep,
				mayContinue,
			});
			const items = latest.kept.slice(-maxEvents).map((event) => ({ json: eventToJson(event) }));
			return items.length > 0 ? [items] : null;
		}

		const staticData = this.getWorkflowStaticData('node');
		const cursor = readCursor(staticData);
		if (!cursor.started) {
			const startFrom = this.getNodeParameter('startFrom', 'now') as string;
			if (startFrom === 'now') {
				// Walk to the newest event and remember it without emitting anything. If the budget
				// ends first, the walk continues at the next poll from where it stopped.
				const settings: PollSettings = {
					maxEvents: SCAN_LIMIT,
					pageSize,
					keep: () => false,
					mayContinue,
				};
				const walked = await readEvents(fetchPage, cursor.lastEventId, settings);
				writeCursor(staticData, { lastEventId: walked.lastEventId, started: walked.reachedEnd });
				return null;
			}
			if (startFrom === 'eventId') {
				cursor.lastEventId = requireText(
					node,
					'Start After Event ID',
					this.getNodeParameter('startEventId'),
				);
			}
		}

		const result = await readEvents(fetchPage, cursor.lastEventId, {
			maxEvents,
			pageSize,
			keep,
			mayContinue,
		});
		writeCursor(staticData, { lastEventId: result.lastEventId, started: true });
		if (result.kept.length === 0) return null;
		return [result.kept.map((event) => ({ json: eventToJson(event) }))];
	}
}

function asNodeError(node: INode, error: unknown) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
