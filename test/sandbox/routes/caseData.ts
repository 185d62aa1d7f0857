/**
 * Case Data API (get case by unified case token) and Settlement API (get settlement revision),
 * as api-notes-beyond/scalepoint-case-data.md and scalepoint-settlement.md describe them. Both
 * need the scope platform-case:read [page]. Where the notes say [inferred], the choice is named:
 * - unknown case token (or a case of another tenant): 404 [inferred, the notes' suggestion];
 * - unknown revision token or one of another tenant: 400 [code, Scalepoint's tests];
 * - Accept: the vendor media types v1, v2 and v3, application/json and wildcards are served the
 *   same v1-format body (the v3 body is not published; the page's example pairs the v3 Accept
 *   with that body); any other Accept, e.g. a v4 media type, gets 406 [inferred];
 * - error bodies: Spring's default JSON error, as the Event API page shows (format [unclear]).
 */
import { requireScope } from '../auth';
import type { SandboxDeps } from '../context';
import { json, type Reply, type RequestContext } from '../http';

export const CASE_READ_SCOPE = 'platform-case:read';
export const SETTLEMENT_VERSIONS = ['v1', 'v2', 'v3'];
const VENDOR_TYPE = /^application\/vnd\.scalepoint\.content\.settlement\.(v\d+)\+json$/;

const UNAUTHORIZED = {
	error: 'unauthorized',
	error_description: 'Full authentication is required to access this resource',
};

function springError(
	deps: SandboxDeps,
	ctx: RequestContext,
	status: number,
	error: string,
	message: string,
): Reply {
	return json(status, {
		timestamp: deps.clock.now().toISOString().replace('Z', '+0000'),
		status,
		error,
		message,
		path: ctx.rawPath,
	});
}

/** GET /api/integration/data/v1/{country}/{tenant}/case/{caseToken} */
export async function caseDataGetCase(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const refused = requireScope(ctx, deps, CASE_READ_SCOPE, UNAUTHORIZED);
	if (refused) return refused;
	const { country, tenant, caseToken } = ctx.params;
	const found = deps.state.caseData[caseToken];
	if (!found || found.country !== country || found.tenant !== tenant) {
		return springError(deps, ctx, 404, 'Not Found', `Case with token ${caseToken} was not found`);
	}
	return json(200, structuredClone(found.body));
}

/**
 * The media type to answer with, undefined when the Accept header names nothing this API serves
 * (406). No Accept at all is the plain JSON Scalepoint's own tests use.
 */
export function negotiateSettlement(accept: string | undefined): string | undefined {
	if (accept === undefined || accept.trim() === '') return 'application/json';
	for (const range of accept.split(',')) {
		const type = range.split(';')[0].trim().toLowerCase();
		if (type === '*/*' || type === 'application/*' || type === 'application/json') {
			return 'application/json';
		}
		const version = VENDOR_TYPE.exec(type)?.[1];
		if (version && SETTLEMENT_VERSIONS.includes(version)) return type;
	}
	return undefined;
}

/** GET /webapp/ScalePoint/{country}/case/{tenant}/revision/{revisionToken} */
export async function settlementGetRevision(
	ctx: RequestContext,
	deps: SandboxDeps,
): Promise<Reply> {
	const refused = requireScope(ctx, deps, CASE_READ_SCOPE, UNAUTHORIZED);
	if (refused) return refused;
	const mediaType = negotiateSettlement(ctx.headers.accept);
	if (!mediaType) {
		return springError(
			deps,
			ctx,
			406,
			'Not Acceptable',
			'Could not find acceptable representation',
		);
	}
	const { country, tenant, revisionToken } = ctx.params;
	const found = deps.state.settlementRevisions[revisionToken.toLowerCase()];
	if (!found || found.country !== country || found.tenant !== tenant) {
		return springError(deps, ctx, 400, 'Bad Request', `Invalid revision token ${revisionToken}`);
	}
	return json(200, structuredClone(found.body), { 'content-type': `${mediaType};charset=UTF-8` });
}
