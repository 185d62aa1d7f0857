import type { SandboxDeps } from './context';
import type { Reply, RequestContext } from './http';
import { caseDataGetCase, settlementGetRevision } from './routes/caseData';
import { claimShopDeleteCase, hubDeleteCase } from './routes/caseDeletion';
import { ECB_MAX_BODY_BYTES, ecbSubmit } from './routes/ecbFiles';
import { eventsReceive, eventsSend } from './routes/events';
import { scalepointDiscovery, scalepointToken } from './routes/scalepointToken';
import { selfServiceSubmit } from './routes/selfService';
import {
	agencyNumbersAdd,
	agencyNumbersDelete,
	agencyNumbersList,
	thinksuranceToken,
} from './routes/thinksurance';
import { brokersCreate, brokersToken, inquiriesList } from './routes/thinksuranceIpn';
import type { RouteName } from './types';

export type Handler = (ctx: RequestContext, deps: SandboxDeps) => Promise<Reply>;

/** Bodies of routes other than ECB are small; this only stops runaway uploads. */
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** A path segment: non-empty, no `/`. Matched on the raw path, decoded afterwards. */
const SEG = '([^/]+)';

interface RouteDef {
	route: RouteName;
	method: string;
	pattern: RegExp;
	params: string[];
	handler: Handler;
	maxBodyBytes?: number;
}

function def(
	route: RouteName,
	method: string,
	path: string,
	params: string[],
	handler: Handler,
	maxBodyBytes?: number,
): RouteDef {
	return { route, method, pattern: new RegExp(`^${path}$`), params, handler, maxBodyBytes };
}

const ROUTES: RouteDef[] = [
	def('scalepoint.token', 'POST', '/connect/token', [], scalepointToken),
	def('scalepoint.discovery', 'GET', '/.well-known/openid-configuration', [], scalepointDiscovery),
	def(
		'selfService.submit',
		'POST',
		`/self-service/${SEG}/api/${SEG}/case/${SEG}/submitted`,
		['country', 'tenant', 'caseToken'],
		selfServiceSubmit,
	),
	def(
		'ecb.submitForCase',
		'POST',
		`/ecx/${SEG}/api/integration/v1/file/submitForCase`,
		['tenant'],
		ecbSubmit('case'),
		ECB_MAX_BODY_BYTES,
	),
	def(
		'ecb.submitForDamageNotification',
		'POST',
		`/ecx/${SEG}/api/integration/v1/file/submitForDamageNotification`,
		['tenant'],
		ecbSubmit('damageNotification'),
		ECB_MAX_BODY_BYTES,
	),
	def(
		'events.send',
		'POST',
		`/api/events/v1/${SEG}/external/${SEG}/send`,
		['country', 'tenant'],
		eventsSend,
	),
	def(
		'events.receive',
		'GET',
		`/api/events/v1/${SEG}/external/${SEG}/receive`,
		['country', 'tenant'],
		eventsReceive,
	),
	def('hub.deleteCase', 'DELETE', `/ecx/${SEG}/api/integration/v1/case`, ['tenant'], hubDeleteCase),
	def(
		'claimShop.deleteCase',
		'DELETE',
		`/webapp/ScalePoint/${SEG}/${SEG}/case/${SEG}/delete`,
		['country', 'version', 'tenant'],
		claimShopDeleteCase,
	),
	def(
		'caseData.getCase',
		'GET',
		`/api/integration/data/v1/${SEG}/${SEG}/case/${SEG}`,
		['country', 'tenant', 'caseToken'],
		caseDataGetCase,
	),
	def(
		'settlement.getRevision',
		'GET',
		`/webapp/ScalePoint/${SEG}/case/${SEG}/revision/${SEG}`,
		['country', 'tenant', 'revisionToken'],
		settlementGetRevision,
	),
	def('thinksurance.token', 'POST', '/api/ipn/tokens', [], thinksuranceToken),
	def('thinksurance.agencyNumbers.add', 'POST', '/api/ipn/agency-numbers', [], agencyNumbersAdd),
	def('thinksurance.agencyNumbers.list', 'GET', '/api/ipn/agency-numbers', [], agencyNumbersList),
	def(
		'thinksurance.agencyNumbers.delete',
		'DELETE',
		'/api/ipn/agency-numbers',
		[],
		agencyNumbersDelete,
	),
	def('thinksurance.inquiries.list', 'GET', '/api/ipn/inquiries', [], inquiriesList),
	def('thinksurance.brokers.create', 'POST', '/api/ipn/brokers', [], brokersCreate),
	def('thinksurance.brokers.token', 'POST', '/api/ipn/brokers/tokens', [], brokersToken),
];

export interface RouteMatch {
	route: RouteName;
	params: Record<string, string>;
	handler: Handler;
	maxBodyBytes: number;
	/** The route answers an oversized body itself (ECB: its own 413 body, after auth). */
	handlesTooLarge: boolean;
}

/** `%2F` inside a segment stays inside it; a bad escape is kept as written (and then not found). */
function decodeSegment(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
	for (const candidate of ROUTES) {
		if (candidate.method !== method) continue;
		const match = candidate.pattern.exec(rawPath);
		if (!match) continue;
		const params = Object.fromEntries(
			candidate.params.map((name, index) => [name, decodeSegment(match[index + 1])]),
		);
		return {
			route: candidate.route,
			params,
			handler: candidate.handler,
			maxBodyBytes: candidate.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
			handlesTooLarge: candidate.maxBodyBytes !== undefined,
		};
	}
	return undefined;
}
