import { requireScope } from '../auth';
import type { SandboxDeps } from '../context';
import { isRecord, json, parseJson, type Reply, type RequestContext } from '../http';

export const EVENTS_SCOPE = 'events';
export const RECEIVE_MAX_LIMIT = 100;
const REQUIRED_FIELDS = ['eventType', 'payloadVersion', 'correlationId', 'timestamp'] as const;
const JSON_UTF8 = /^application\/json\s*;\s*charset\s*=\s*"?utf-8"?\s*$/i;
/** ISO-8601 date-time with a zone (Z or an offset); fractions of any length (.NET sends 7). */
const ISO_WITH_ZONE =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

const UNAUTHORIZED = {
	error: 'unauthorized',
	error_description: 'Full authentication is required to access this resource',
};

/** The Spring Boot error body the Event API page shows for a missing header. */
function springError(
	deps: SandboxDeps,
	ctx: RequestContext,
	status: number,
	error: string,
	message: string,
	exception?: string,
): Reply {
	const timestamp = deps.clock.now().toISOString().replace('Z', '+0000');
	return json(status, {
		timestamp,
		status,
		error,
		...(exception ? { exception } : {}),
		message,
		path: ctx.rawPath,
	});
}

function invalid(message: string): Reply {
	return json(400, { message, valid: false });
}

function gate(ctx: RequestContext, deps: SandboxDeps): Reply | undefined {
	const refused = requireScope(ctx, deps, EVENTS_SCOPE, UNAUTHORIZED);
	if (refused) return refused;
	const { country, tenant } = ctx.params;
	// [x] unknown country/tenant: 404 with Spring's default body.
	if (!deps.state.hasCountryTenant(country, tenant)) {
		return springError(deps, ctx, 404, 'Not Found', 'No message available');
	}
	return undefined;
}

export function isIsoTimestampWithZone(value: string): boolean {
	const match = ISO_WITH_ZONE.exec(value);
	if (!match) return false;
	const [, , month, day, hour, minute, second, offsetHours, offsetMinutes] = match.map(Number);
	return (
		month >= 1 &&
		month <= 12 &&
		day >= 1 &&
		day <= 31 &&
		hour <= 23 &&
		minute <= 59 &&
		(Number.isNaN(second) || second <= 60) &&
		(Number.isNaN(offsetHours) || (offsetHours <= 23 && offsetMinutes <= 59))
	);
}

/** POST /api/events/v1/{country}/external/{tenant}/send */
export async function eventsSend(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const refused = gate(ctx, deps);
	if (refused) return refused;
	const eventTypeHeader = ctx.headers['event-type'];
	if (eventTypeHeader === undefined) {
		return springError(
			deps,
			ctx,
			400,
			'Bad Request',
			"Missing request header 'Event-Type' for method parameter of type String",
			'org.springframework.web.bind.ServletRequestBindingException',
		);
	}
	// [x] anything but application/json;charset=utf-8 (spaces/case free): 415.
	if (!JSON_UTF8.test(ctx.headers['content-type'] ?? '')) {
		return springError(
			deps,
			ctx,
			415,
			'Unsupported Media Type',
			`Content type '${ctx.headers['content-type'] ?? ''}' not supported`,
			'org.springframework.web.HttpMediaTypeNotSupportedException',
		);
	}
	const parsed = parseJson(ctx.body);
	// [x] unparseable JSON: 400 Spring body ("JSON parse error").
	if (!parsed.ok) {
		return springError(
			deps,
			ctx,
			400,
			'Bad Request',
			'JSON parse error',
			'org.springframework.http.converter.HttpMessageNotReadableException',
		);
	}
	const body = isRecord(parsed.value) ? parsed.value : {};
	// [x] null, '' and non-strings count as missing.
	const missing = REQUIRED_FIELDS.filter(
		(field) => typeof body[field] !== 'string' || body[field] === '',
	);
	if (missing.length > 0) return invalid(`Incorrect payload, missing [${missing.join(', ')}]`);
	const eventType = body.eventType as string;
	// [x] header and body must name the same event type.
	if (eventTypeHeader !== eventType) {
		return invalid(
			`Incorrect payload, Event-Type header '${eventTypeHeader}' does not match eventType '${eventType}'`,
		);
	}
	// [x] timestamp must be ISO-8601 with Z or an offset.
	if (!isIsoTimestampWithZone(body.timestamp as string)) {
		return invalid('Incorrect payload, timestamp must be ISO-8601 with a time zone offset');
	}
	const stored = deps.state.recordPublishedEvent({
		country: ctx.params.country,
		tenant: ctx.params.tenant,
		eventType,
		body,
		receivedAt: deps.clock.now().toISOString(),
		clientId: ctx.entry.clientId,
	});
	return json(201, { _id: stored.id });
}

/** GET /api/events/v1/{country}/external/{tenant}/receive?lastEventId=&limit= (long poll) */
export async function eventsReceive(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const refused = gate(ctx, deps);
	if (refused) return refused;
	let limit = RECEIVE_MAX_LIMIT;
	if (ctx.query.limit !== undefined) {
		// [x] limit must be a positive integer; values above 100 are capped at 100.
		if (!/^[1-9]\d*$/.test(ctx.query.limit)) return invalid('limit must be a positive integer');
		limit = Math.min(Number(ctx.query.limit), RECEIVE_MAX_LIMIT);
	}
	const lastEventId = ctx.query.lastEventId || undefined;
	const { state } = deps;
	// [x] an id that is not in the queue: 400 (we cannot know where to resume).
	if (lastEventId !== undefined && !state.outgoingEvents.some((e) => e.id === lastEventId)) {
		return invalid(`Unknown lastEventId '${lastEventId}'`);
	}
	const pending = () => {
		const index =
			lastEventId === undefined
				? -1
				: state.outgoingEvents.findIndex((event) => event.id === lastEventId);
		return state.outgoingEvents.slice(index + 1);
	};
	if (pending().length === 0) await waitForEvent(ctx, deps);

	const data = pending()
		.slice(0, limit)
		.map((event) => structuredClone(event));
	const nextId = data.at(-1)?.id ?? lastEventId;
	const next = new URLSearchParams();
	if (nextId !== undefined) next.set('lastEventId', nextId);
	if (ctx.query.limit !== undefined) next.set('limit', ctx.query.limit);
	const query = next.toString();
	// [x] Date header from the sandbox clock (the clock of the event timestamps), as a real server
	// sends its own time; the trigger's "Start From: Now" reads Scalepoint's clock from it.
	return json(
		200,
		{
			links: { next: `${deps.url}${ctx.rawPath}${query ? `?${query}` : ''}` },
			meta: { count: data.length },
			data,
		},
		{ Date: deps.clock.now().toUTCString() },
	);
}

/** Holds the long poll until an event is added, `eventHoldMs` passes, or the sandbox closes. */
function waitForEvent(ctx: RequestContext, deps: SandboxDeps): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(finish, deps.config.eventHoldMs);
		const unsubscribe = deps.state.onOutgoingEvent(finish);
		ctx.signal.addEventListener('abort', finish, { once: true });
		function finish() {
			clearTimeout(timer);
			unsubscribe();
			ctx.signal.removeEventListener('abort', finish);
			resolve();
		}
	});
}
