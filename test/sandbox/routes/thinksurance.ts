import { randomBytes } from 'node:crypto';
import { bearerToken } from '../auth';
import type { SandboxDeps } from '../context';
import { isRecord, json, parseJson, type Reply, type RequestContext } from '../http';
import { berlinLocalTime, THINKSURANCE_TOKEN_LIFETIME_MS } from '../thinksuranceTime';
import { checkAddSets, checkDeleteSets } from '../agencyNumberRules';

export const MESSAGES = {
	unknownUser: 'API User is not existing or deactivated.',
	invalidToken: 'Token is invalid or expired.',
	added: 'Broker Api: agency number added succesfully.',
	deleted: 'Broker Api: agency number deleted succesfully.',
} as const;

type ErrorKind = 'invalid' | 'unauthorized' | 'notFound';
const HTTP4XX_STATUS: Record<ErrorKind, number> = {
	invalid: 400,
	unauthorized: 401,
	notFound: 404,
};

/** Errors come as 200 + {error} (what the pages show) or as 4xx + {error} (since March 2025). */
export function failure(deps: SandboxDeps, message: string, kind: ErrorKind = 'invalid'): Reply {
	const status = deps.config.thinksuranceErrorStyle === 'http200' ? 200 : HTTP4XX_STATUS[kind];
	return json(status, { error: message });
}

/** POST /api/ipn/tokens {hash, secret} -> {token, expired} (15 min). */
export async function thinksuranceToken(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const parsed = parseJson(ctx.body);
	const body = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
	// [x] unknown or missing hash/secret: the same "not existing" error, 400 in the 4xx style.
	const user = deps.config.thinksuranceUsers.find(
		(candidate) => candidate.hash === body.hash && candidate.secret === body.secret,
	);
	if (!user) return failure(deps, MESSAGES.unknownUser);
	const token = randomBytes(32).toString('hex');
	const expiresAt = new Date(deps.clock.now().getTime() + THINKSURANCE_TOKEN_LIFETIME_MS);
	deps.state.thinksuranceTokens.set(token, { hash: user.hash, expiresAtMs: expiresAt.getTime() });
	return json(200, { token, expired: berlinLocalTime(expiresAt) });
}

/**
 * Bearer token + X-Broker-Token/X-Account-Token (at least one, each belonging to the token's
 * user; a broker created through one of the user's accounts belongs to it too). [x] Numbers are
 * stored under the broker token when given, else the account token.
 */
export function authorize(
	ctx: RequestContext,
	deps: SandboxDeps,
): { ownerKey: string; broker?: string; account?: string } | { reply: Reply } {
	const token = bearerToken(ctx.headers);
	const issued = token ? deps.state.thinksuranceTokens.get(token) : undefined;
	const user = issued && deps.config.thinksuranceUsers.find((u) => u.hash === issued.hash);
	if (!issued || !user || issued.expiresAtMs <= deps.clock.now().getTime()) {
		return { reply: failure(deps, MESSAGES.invalidToken, 'unauthorized') };
	}
	const broker = ctx.headers['x-broker-token'];
	const account = ctx.headers['x-account-token'];
	// [x] missing or foreign identity headers: 400-style errors.
	if (!broker && !account) {
		return { reply: failure(deps, 'X-Broker-Token or X-Account-Token header is required.') };
	}
	const created = broker ? deps.state.thinksuranceBrokers[broker] : undefined;
	const ownBroker =
		(user.brokerTokens ?? []).includes(broker) ||
		(created !== undefined && (user.accountTokens ?? []).includes(created.accountToken));
	if (broker && !ownBroker) {
		return { reply: failure(deps, 'X-Broker-Token does not belong to this API user.') };
	}
	if (account && !(user.accountTokens ?? []).includes(account)) {
		return { reply: failure(deps, 'X-Account-Token does not belong to this API user.') };
	}
	return {
		ownerKey: broker ? `broker:${broker}` : `account:${account}`,
		...(broker ? { broker } : {}),
		...(account ? { account } : {}),
	};
}

/** POST /api/ipn/agency-numbers */
export async function agencyNumbersAdd(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const auth = authorize(ctx, deps);
	if ('reply' in auth) return auth.reply;
	const parsed = parseJson(ctx.body);
	const checked = checkAddSets(parsed.ok ? parsed.value : undefined);
	if ('error' in checked) return failure(deps, checked.error);
	const { state } = deps;
	const used = new Set(state.usedExternalUniqueIds);
	const inRequest = new Set<string>();
	for (const set of checked.sets) {
		for (const number of set.agencyNumbers) {
			const id = number.externalUniqueId;
			if (!id) continue;
			if (used.has(id) || inRequest.has(id)) {
				return failure(deps, `externalUniqueId '${id}' has already been used.`);
			}
			inRequest.add(id);
		}
	}
	const owned = (state.agencyNumbers[auth.ownerKey] ??= {});
	for (const set of checked.sets) {
		const key = `${set.idField}:${set.idValue}`;
		const target = (owned[key] ??= {
			idField: set.idField,
			idValue: set.idValue,
			agencyNumbers: [],
		});
		target.agencyNumbers.push(...set.agencyNumbers);
	}
	state.usedExternalUniqueIds.push(...inRequest);
	return json(200, { status: MESSAGES.added });
}

/** GET /api/ipn/agency-numbers; the list key is configurable (the page's example says `agencyNumbers`). */
export async function agencyNumbersList(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const auth = authorize(ctx, deps);
	if ('reply' in auth) return auth.reply;
	const sets = deps.state.agencyNumbersOf(auth.ownerKey).map((set) => ({
		[set.idField]: set.idValue,
		agencyNumbers: structuredClone(set.agencyNumbers),
	}));
	return json(200, { [deps.config.thinksuranceListKey]: sets });
}

/**
 * DELETE /api/ipn/agency-numbers with {agencyNumberSets:[{<insurer id>, agencyNumbers?}]}:
 * [x] without agencyNumbers every number of that insurer goes; with them only the named ones.
 * Anything not there is a not-found error and nothing is deleted.
 */
export async function agencyNumbersDelete(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const auth = authorize(ctx, deps);
	if ('reply' in auth) return auth.reply;
	const parsed = parseJson(ctx.body);
	const checked = checkDeleteSets(parsed.ok ? parsed.value : undefined);
	if ('error' in checked) return failure(deps, checked.error);
	const owned = deps.state.agencyNumbers[auth.ownerKey] ?? {};
	for (const set of checked.sets) {
		const existing = owned[`${set.idField}:${set.idValue}`];
		if (!existing || existing.agencyNumbers.length === 0) {
			return failure(
				deps,
				`No agency numbers found for ${set.idField} ${set.idValue}.`,
				'notFound',
			);
		}
		for (const name of set.agencyNumbers ?? []) {
			if (!existing.agencyNumbers.some((n) => n.agencyNumber === name)) {
				return failure(
					deps,
					`Agency number ${name} not found for ${set.idField} ${set.idValue}.`,
					'notFound',
				);
			}
		}
	}
	for (const set of checked.sets) {
		const key = `${set.idField}:${set.idValue}`;
		const names = set.agencyNumbers;
		const existing = owned[key];
		if (!existing) continue; // a set named twice in one request: already removed.
		existing.agencyNumbers = names
			? existing.agencyNumbers.filter((n) => !names.includes(n.agencyNumber))
			: [];
		if (existing.agencyNumbers.length === 0) delete owned[key];
	}
	return json(200, { status: MESSAGES.deleted });
}
