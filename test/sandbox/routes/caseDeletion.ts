import { randomUUID } from 'node:crypto';
import { requireScope } from '../auth';
import type { SandboxDeps } from '../context';
import {
	bodyObject,
	DELETION_WINDOW_MESSAGE,
	GUID,
	isDeletionWindowOpen,
	readDeletionRequest,
	secondsUntilWindowOpens,
	type DeletionRequest,
} from '../deletionRequest';
import { json, sleep, type Reply, type RequestContext } from '../http';
import type { DeletionCase } from '../state';

export const CASE_DELETE_SCOPE = 'case:delete';
/** [x] ClaimShop handlers take this long, so that "in flight" can be observed. */
export const CLAIM_SHOP_PROCESSING_MS = 50;
const PARTWAY_ERROR = 'Deletion failed part way; resume with the requestId';
/** [x] ClaimShop's window refusal: "error message specifying currently set business hours". */
export const CLAIM_SHOP_WINDOW_MESSAGE =
	'Case deletion is not available during business hours (08:00-16:00 UTC)';

function findCase(cases: Record<string, DeletionCase>, request: DeletionRequest) {
	if (request.by === 'caseNumber') return cases[request.value];
	return Object.values(cases).find((c) => c.caseToken === request.value);
}

function notFoundMessage(request: DeletionRequest): string {
	return request.by === 'caseNumber'
		? `Case number ${request.value} not found`
		: `Case token ${request.value} not found`;
}

/** DELETE /ecx/{tenant}/api/integration/v1/case (Hub Property). Every answer has a requestId. */
export async function hubDeleteCase(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const given = bodyObject(ctx)?.requestId;
	const requestId = typeof given === 'string' && GUID.test(given) ? given : randomUUID();
	const answer = (
		status: number,
		fields: Record<string, unknown>,
		headers?: Record<string, string>,
	) => json(status, { requestId, ...fields }, headers);

	const refused = requireScope(
		ctx,
		deps,
		CASE_DELETE_SCOPE,
		{ requestId, found: false, deleted: false, errors: ['Unauthorized'] },
		{ requestId },
	);
	if (refused) return refused;
	// [x] no Retry-After on 429: the page does not promise one.
	if (!deps.hubLimiter.tryAcquire(ctx.entry.clientId ?? '')) {
		deps.state.rateLimitRejections += 1;
		return answer(429, {
			found: false,
			deleted: false,
			errors: ['Too Many Requests: rate limit exceeded'],
		});
	}
	// [x] unknown tenant: 404.
	if (!deps.state.ecbTenants.includes(ctx.params.tenant)) {
		return answer(404, {
			found: false,
			deleted: false,
			errors: [`Tenant ${ctx.params.tenant} not found`],
		});
	}
	const now = deps.clock.now();
	if (!isDeletionWindowOpen(now)) {
		return answer(
			503,
			{ found: false, deleted: false, errors: [DELETION_WINDOW_MESSAGE] },
			{ 'retry-after': String(secondsUntilWindowOpens(now)) },
		);
	}
	const read = readDeletionRequest(ctx, true);
	if ('errors' in read) return answer(400, { found: false, deleted: false, errors: read.errors });
	const { request } = read;

	const found = findCase(deps.state.hubCases, request);
	// [x] requestId is the idempotent key: repeating the request that completed a deletion gets the
	// answer it got the first time (a client whose answer was lost sends it again).
	if (
		found?.state === 'deleted' &&
		request.execute &&
		request.requestId !== undefined &&
		request.requestId === found.lastRequestId
	) {
		return answer(200, { found: true, deleted: true });
	}
	if (!found || found.state === 'deleted') {
		return answer(404, { found: false, deleted: false, errors: [notFoundMessage(request)] });
	}
	found.lastRequestId = requestId;
	switch (found.state) {
		case 'pendingPayments':
			return answer(403, { found: true, deleted: false, errors: ['Case has pending payments'] });
		case 'inProgress':
			return answer(409, {
				found: true,
				deleted: false,
				errors: ['Another deletion for requested case is already in progress'],
			});
	}
	if (!request.execute) {
		return answer(200, { found: true, deleted: false, messages: ['Case can be deleted'] });
	}
	if (found.state === 'failsPartway') {
		found.state = 'partiallyDeleted';
		found.resumeRequestId = requestId;
		return answer(500, { found: true, deleted: false, errors: [PARTWAY_ERROR] });
	}
	// [x] a partial deletion only completes when resumed with the failed request's requestId.
	if (found.state === 'partiallyDeleted' && request.requestId !== found.resumeRequestId) {
		return answer(500, { found: true, deleted: false, errors: [PARTWAY_ERROR] });
	}
	found.state = 'deleted';
	found.resumeRequestId = undefined;
	return answer(200, { found: true, deleted: true });
}

/** DELETE /webapp/ScalePoint/{country}/{version}/case/{tenant}/delete (ClaimShop). */
export async function claimShopDeleteCase(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const answer = (status: number, fields: { found: boolean; deleted: boolean; errors: string[] }) =>
		json(status, fields);
	const refused = requireScope(ctx, deps, CASE_DELETE_SCOPE, {
		found: false,
		deleted: false,
		errors: ['Unauthorized'],
	});
	if (refused) return refused;
	if (!deps.claimShopLimiter.tryAcquire()) {
		deps.state.rateLimitRejections += 1;
		return answer(429, {
			found: false,
			deleted: false,
			errors: ['Too Many Requests: too many simultaneous requests'],
		});
	}
	try {
		await sleep(CLAIM_SHOP_PROCESSING_MS, ctx.signal);
		return handleClaimShop(ctx, deps, answer);
	} finally {
		deps.claimShopLimiter.release();
	}
}

function handleClaimShop(
	ctx: RequestContext,
	deps: SandboxDeps,
	answer: (status: number, fields: { found: boolean; deleted: boolean; errors: string[] }) => Reply,
): Reply {
	const { country, version, tenant } = ctx.params;
	// [x] unknown country/tenant, or a version other than v1: 404.
	if (version !== 'v1' || !deps.state.hasCountryTenant(country, tenant)) {
		return answer(404, { found: false, deleted: false, errors: [`Tenant ${tenant} not found`] });
	}
	if (!isDeletionWindowOpen(deps.clock.now())) {
		return answer(503, { found: false, deleted: false, errors: [CLAIM_SHOP_WINDOW_MESSAGE] });
	}
	const read = readDeletionRequest(ctx, false);
	if ('errors' in read) return answer(400, { found: false, deleted: false, errors: read.errors });
	const { request } = read;
	const found = findCase(deps.state.claimShopCases, request);
	if (!found || found.state === 'deleted') {
		return answer(404, { found: false, deleted: false, errors: [notFoundMessage(request)] });
	}
	switch (found.state) {
		case 'pendingPayments':
			return answer(403, { found: true, deleted: false, errors: ['Case has pending payments'] });
		// [x] ClaimShop documents no 409: a concurrent deletion is its generic 500.
		case 'inProgress':
			return answer(500, {
				found: true,
				deleted: false,
				errors: ['Another deletion for requested case is already in progress'],
			});
	}
	if (!request.execute) return answer(200, { found: true, deleted: false, errors: [] });
	if (found.state === 'failsPartway') {
		// [x] ClaimShop has no requestId: the next live delete completes the partial deletion.
		found.state = 'partiallyDeleted';
		return answer(500, {
			found: true,
			deleted: false,
			errors: ['Unexpected error during deletion'],
		});
	}
	found.state = 'deleted';
	return answer(200, { found: true, deleted: true, errors: [] });
}
