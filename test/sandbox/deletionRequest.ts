import { isRecord, mediaType, parseJson, type RequestContext } from './http';

/** Shared by Hub and ClaimShop: the availability window and the request body rules. */

export const DELETION_WINDOW_MESSAGE = 'Case deletion is available between 16:00 and 08:00 UTC';
const WINDOW_OPENS_HOUR_UTC = 16;
const WINDOW_CLOSES_HOUR_UTC = 8;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 16:00 (inclusive) to 08:00 (exclusive) UTC. */
export function isDeletionWindowOpen(now: Date): boolean {
	const hour = now.getUTCHours();
	return hour >= WINDOW_OPENS_HOUR_UTC || hour < WINDOW_CLOSES_HOUR_UTC;
}

/** Whole seconds (rounded up) until 16:00 UTC; only meaningful while the window is closed. */
export function secondsUntilWindowOpens(now: Date): number {
	const opens = new Date(now);
	opens.setUTCHours(WINDOW_OPENS_HOUR_UTC, 0, 0, 0);
	if (opens.getTime() <= now.getTime()) opens.setUTCDate(opens.getUTCDate() + 1);
	return Math.ceil((opens.getTime() - now.getTime()) / 1000);
}

export interface DeletionRequest {
	by: 'caseNumber' | 'caseToken';
	value: string;
	execute: boolean;
	requestId?: string;
}

/** The body as far as it parses, so Hub can reuse a given requestId even in error answers. */
export function bodyObject(ctx: RequestContext): Record<string, unknown> | undefined {
	const parsed = parseJson(ctx.body);
	return parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
}

/** Every problem with the body, named, or the request. `acceptsRequestId`: Hub only. */
export function readDeletionRequest(
	ctx: RequestContext,
	acceptsRequestId: boolean,
): { errors: string[] } | { request: DeletionRequest } {
	if (ctx.body.length === 0) return { errors: ['Request body is required'] };
	// [x] a body that is not declared as JSON is refused like a missing one.
	if (mediaType(ctx.headers) !== 'application/json') {
		return { errors: ['Content-Type must be application/json'] };
	}
	const parsed = parseJson(ctx.body);
	if (!parsed.ok) return { errors: ['Request body is not valid JSON'] };
	if (!isRecord(parsed.value)) return { errors: ['Request body must be a JSON object'] };
	const body = parsed.value;

	const errors: string[] = [];
	const type = body.caseIdentifierType;
	const hasNumber = body.caseNumber !== undefined && body.caseNumber !== null;
	const hasToken = body.caseToken !== undefined && body.caseToken !== null;
	let by: DeletionRequest['by'] | undefined;
	if (type === undefined) errors.push('caseIdentifierType is required');
	else if (type === 'CaseNumberRequest') by = 'caseNumber';
	else if (type === 'CaseTokenRequest') by = 'caseToken';
	else errors.push('caseIdentifierType must be CaseNumberRequest or CaseTokenRequest');
	if (by === 'caseNumber') {
		if (typeof body.caseNumber !== 'string' || body.caseNumber.trim() === '') {
			errors.push('caseNumber is required when caseIdentifierType is CaseNumberRequest');
		}
		if (hasToken) errors.push('caseToken must not be sent with CaseNumberRequest');
	}
	if (by === 'caseToken') {
		if (typeof body.caseToken !== 'string' || body.caseToken.trim() === '') {
			errors.push('caseToken is required when caseIdentifierType is CaseTokenRequest');
		}
		if (hasNumber) errors.push('caseNumber must not be sent with CaseTokenRequest');
	}
	if (body.execute !== undefined && typeof body.execute !== 'boolean') {
		errors.push('execute must be a boolean');
	}
	// [x] Hub: a requestId that is not a GUID is refused; ClaimShop ignores requestId.
	const requestId = body.requestId;
	if (acceptsRequestId && requestId !== undefined && requestId !== null) {
		if (typeof requestId !== 'string' || !GUID.test(requestId))
			errors.push('requestId must be a GUID');
	}
	if (errors.length > 0 || !by) return { errors };
	return {
		request: {
			by,
			value: body[by] as string,
			execute: body.execute !== false,
			requestId: acceptsRequestId && typeof requestId === 'string' ? requestId : undefined,
		},
	};
}
