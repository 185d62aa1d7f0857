import { randomBytes } from 'node:crypto';

import type { SandboxDeps } from '../context';
import { isRecord, json, parseJson, type Reply, type RequestContext } from '../http';
import type { ThinksuranceBroker } from '../thinksuranceIpnSeed';
import { authorize, failure } from './thinksurance';

/**
 * V1.1 inquiries and brokers (notes: thinksurance-api.md §3, §4, §6). Failures come in the
 * configured error style (200 + {error} or 400/404 + {error}) like the agency-number routes.
 */

export const IPN_MESSAGES = {
	created: 'Broker created.',
	found: 'Broker token found.',
	accountRequired: 'X-Account-Token header is required.',
	duplicate: (id: string) => `Broker with bExternalId '${id}' already exists.`,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * GET /api/ipn/inquiries?inquiryId=&lastDays= -> {"<iId>": Item, …}. With X-Broker-Token the
 * broker's inquiries, else every broker's of the account. `lastDays` defaults to three months.
 * [x] A query value that is not a positive whole number is a 400-style error; an inquiryId that
 * is not there is a 404-style error.
 */
export async function inquiriesList(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const auth = authorize(ctx, deps);
	if ('reply' in auth) return auth.reply;
	for (const name of ['inquiryId', 'lastDays']) {
		const value = ctx.query[name];
		if (value !== undefined && !/^[1-9]\d*$/.test(value)) {
			return failure(deps, `Parameter ${name} must be a positive integer.`);
		}
	}
	const now = deps.clock.now();
	const since = ctx.query.lastDays
		? now.getTime() - Number(ctx.query.lastDays) * DAY_MS
		: new Date(now).setUTCMonth(now.getUTCMonth() - 3);
	const visible = (bToken: string) =>
		auth.broker !== undefined
			? bToken === auth.broker
			: deps.state.thinksuranceBrokers[bToken]?.accountToken === auth.account;
	const matching = Object.entries(deps.state.inquiries).filter(
		([id, inquiry]) =>
			visible(inquiry.item.data.bToken) &&
			(ctx.query.inquiryId === undefined || id === ctx.query.inquiryId),
	);
	// [x] An inquiry the broker/account does not have is "not found"; one outside the window is
	// simply not listed.
	if (ctx.query.inquiryId !== undefined && matching.length === 0) {
		return failure(deps, `Inquiry ${ctx.query.inquiryId} not found.`, 'notFound');
	}
	const answer: Record<string, unknown> = {};
	for (const [id, inquiry] of matching) {
		if (inquiry.updatedAtMs >= since) answer[id] = structuredClone(inquiry.item);
	}
	return json(200, answer);
}

type Checked = { fields: Record<string, unknown>; account: string } | { reply: Reply };

/** Both broker endpoints: X-Account-Token and the required Broker Parameters. */
function checkBrokerRequest(ctx: RequestContext, deps: SandboxDeps): Checked {
	const auth = authorize(ctx, deps);
	if ('reply' in auth) return auth;
	if (!auth.account) return { reply: failure(deps, IPN_MESSAGES.accountRequired) };
	const parsed = parseJson(ctx.body);
	const body = parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
	if (!body) return { reply: failure(deps, 'The request body must be a JSON object.') };
	const text = (key: string) => typeof body[key] === 'string' && body[key].trim() !== '';
	if (body.type !== 1 && body.type !== 2) {
		return { reply: failure(deps, 'Parameter type must be 1 or 2.') };
	}
	for (const key of ['bExternalId', 'bEmail']) {
		if (!text(key)) return { reply: failure(deps, `Parameter ${key} is required.`) };
	}
	if (!text('bLastName') && !text('bCompany')) {
		return { reply: failure(deps, 'Parameter bLastName or bCompany is required.') };
	}
	return { fields: body, account: auth.account };
}

function brokerOf(deps: SandboxDeps, account: string, externalId: unknown) {
	return Object.values(deps.state.thinksuranceBrokers).find(
		(broker) => broker.accountToken === account && broker.fields.bExternalId === externalId,
	);
}

function create(deps: SandboxDeps, account: string, fields: Record<string, unknown>) {
	const broker: ThinksuranceBroker = {
		accountToken: account,
		bToken: randomBytes(13).toString('hex'),
		fields: structuredClone(fields),
	};
	deps.state.thinksuranceBrokers[broker.bToken] = broker;
	return broker;
}

/** POST /api/ipn/brokers. [x] A second broker with the same bExternalId is refused. */
export async function brokersCreate(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const checked = checkBrokerRequest(ctx, deps);
	if ('reply' in checked) return checked.reply;
	const id = String(checked.fields.bExternalId);
	if (brokerOf(deps, checked.account, id)) return failure(deps, IPN_MESSAGES.duplicate(id));
	const broker = create(deps, checked.account, checked.fields);
	return json(200, { status: IPN_MESSAGES.created, bToken: broker.bToken });
}

/**
 * POST /api/ipn/brokers/tokens -> {status, bToken}. [x] The page names the action "create
 * broker": a broker that does not exist yet is created (inferred), so asking twice gives the
 * same token.
 */
export async function brokersToken(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const checked = checkBrokerRequest(ctx, deps);
	if ('reply' in checked) return checked.reply;
	const existing = brokerOf(deps, checked.account, checked.fields.bExternalId);
	if (existing) return json(200, { status: IPN_MESSAGES.found, bToken: existing.bToken });
	const broker = create(deps, checked.account, checked.fields);
	return json(200, { status: IPN_MESSAGES.created, bToken: broker.bToken });
}
