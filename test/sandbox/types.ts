/**
 * Public types of the sandbox. Other engineers code against these names: keep them stable.
 */
import type { DeliveryResult, NotificationDelivery } from './notificationSender';
import type { SandboxState } from './state';

export interface SandboxOptions {
	/** Default 0 (a free port). */
	port?: number;
	/** ISO; the sandbox clock starts here and then advances with real time. */
	startTime?: string;
	scalepointClients?: ScalepointClient[];
	tokenLifetimeSeconds?: number;
	/** How long `receive` holds an empty long poll. */
	eventHoldMs?: number;
	hubRateLimit?: { perSecond: number; perMinute: number };
	claimShopMaxInFlight?: number;
	thinksurance?: {
		users?: ThinksuranceUser[];
		errorStyle?: ThinksuranceErrorStyle;
		listKey?: 'agencyNumberSets' | 'agencyNumbers';
	};
}

export type ThinksuranceErrorStyle = 'http200' | 'http4xx';

export interface ScalepointClient {
	clientId: string;
	certificatePem?: string;
	clientSecret?: string;
	scopes: string[];
}

export interface ThinksuranceUser {
	hash: string;
	secret: string;
	brokerTokens?: string[];
	accountTokens?: string[];
}

export interface SandboxClock {
	now(): Date;
	set(iso: string): void;
	advance(ms: number): void;
}

export interface Sandbox {
	url: string;
	tokenUrl: string;
	journal: JournalEntry[];
	clearJournal(): void;
	requests(route: RouteName): JournalEntry[];
	clock: SandboxClock;
	faults: { add(fault: Fault): void; clear(): void };
	state: SandboxState;
	setThinksuranceErrorStyle(style: ThinksuranceErrorStyle): void;
	addScalepointClient(client: ScalepointClient): void;
	/** Sends a Thinksurance V2 notification to a webhook as Thinksurance would (see notificationSender.ts). */
	deliverNotification(delivery: NotificationDelivery): Promise<DeliveryResult>;
	reset(): void;
	close(): Promise<void>;
}

export const ROUTE_NAMES = [
	'scalepoint.token',
	'scalepoint.discovery',
	'selfService.submit',
	'ecb.submitForCase',
	'ecb.submitForDamageNotification',
	'events.send',
	'events.receive',
	'hub.deleteCase',
	'claimShop.deleteCase',
	'caseData.getCase',
	'settlement.getRevision',
	'thinksurance.token',
	'thinksurance.agencyNumbers.add',
	'thinksurance.agencyNumbers.list',
	'thinksurance.agencyNumbers.delete',
	'thinksurance.inquiries.list',
	'thinksurance.brokers.create',
	'thinksurance.brokers.token',
	/** Outbound: a V2 notification the sandbox delivered to a partner's webhook (one entry per attempt). */
	'thinksurance.notification',
	'control',
	'unknown',
] as const;

export type RouteName = (typeof ROUTE_NAMES)[number];

export interface JournalEntry {
	seq: number;
	/** Sandbox clock, ISO. */
	at: string;
	route: RouteName;
	method: string;
	/** The request target exactly as received, before any decoding, without query. */
	rawPath: string;
	query: Record<string, string>;
	/** Lower-case names. */
	headers: Record<string, string>;
	/** For bodies > 1 MB only the first 1 MB is kept here; bodyBytes has the full size. */
	bodyText: string;
	bodyBytes: number;
	json?: unknown;
	/** Status sent; undefined when the socket was reset. */
	status?: number;
	/** Which fault was applied, if any. */
	fault?: string;
	/** True when the client closed the connection before the whole answer was sent. */
	closedByClient?: boolean;
	/** Owner of the bearer token / assertion when known. */
	clientId?: string;
	/** Decoded path params (country, tenant, caseToken, ...). */
	params?: Record<string, string>;
	/** Outbound deliveries only (route thinksurance.notification): where, which attempt, the answer. */
	delivery?: { url: string; attempt: number; answer?: string; error?: string };
}

export interface Fault {
	route: RouteName;
	/** Default 1. */
	times?: number;
	/** Matching requests answered normally before this fault applies (default 0). */
	after?: number;
	status?: number;
	body?: string;
	headers?: Record<string, string>;
	delayMs?: number;
	reset?: 'beforeRequest' | 'afterRequest';
	malformedJson?: boolean;
	emptyBody?: boolean;
	/**
	 * The headers at once, then the body's bytes held back: one space every `intervalMs`, `bytes`
	 * times (default: until the client closes), then the real body. No idle timeout notices it.
	 */
	dribble?: { intervalMs: number; bytes?: number };
}
