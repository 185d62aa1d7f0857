import { randomUUID } from 'node:crypto';

import {
	seedBrokers,
	seedInquiries,
	type ThinksuranceBroker,
	type ThinksuranceInquiry,
} from './thinksuranceIpnSeed';
import type { ThinksuranceUser } from './types';

import {
	defaultCaseData,
	defaultSettlementRevisions,
	type CaseDataRecord,
} from './caseDataRecords';

/**
 * Everything the fake vendors "know". Plain records and arrays so the control API can show and
 * patch it as JSON. Seed with the helper methods; `reset()` restores the defaults below.
 */

export type SelfServiceCaseStatus = 'open' | 'closed' | 'submitted';
export interface SelfServiceCase {
	status: SelfServiceCaseStatus;
	lines: number;
	agreementAccepted: boolean;
}

export interface CountryTenant {
	country: string;
	tenant: string;
}

export interface EcbDamageNotification {
	status: 'open' | 'merged';
	claimId?: string;
}

export interface StoredFile {
	id: string;
	tenant: string;
	target: 'case' | 'damageNotification';
	targetId: string;
	fileName: string;
	contentType: string;
	size: number;
	description?: string;
	isRestricted?: boolean;
	isDamageImage?: boolean;
	clientId?: string;
}

export interface PublishedEvent {
	id: number;
	country: string;
	tenant: string;
	eventType: string;
	body: Record<string, unknown>;
	receivedAt: string;
	clientId?: string;
}

export interface OutgoingEvent {
	id: string;
	type: 'event';
	timestamp: string;
	attributes: Record<string, unknown> & {
		eventType: string;
		payloadVersion: string;
		correlationId: string;
	};
}

/**
 * `partiallyDeleted` is internal: a `failsPartway` case after its first live delete, waiting for
 * the resume (Hub: with the failed request's requestId).
 */
export type DeletionCaseState =
	'deletable' | 'pendingPayments' | 'inProgress' | 'failsPartway' | 'partiallyDeleted' | 'deleted';

export interface DeletionCase {
	caseNumber: string;
	caseToken: string;
	state: DeletionCaseState;
	/** Hub only: requestId of the last request that reached this case. */
	lastRequestId?: string;
	/** Hub only: the requestId that resumes a partial deletion. */
	resumeRequestId?: string;
}

export type InsurerIdField = 'baFinId' | 'insurerId' | 'supervisingAuthorityId';
export const INSURER_ID_FIELDS: readonly InsurerIdField[] = [
	'baFinId',
	'insurerId',
	'supervisingAuthorityId',
];

export interface AgencyNumber {
	agencyNumber: string;
	matchCode?: string;
	externalInsurerId?: string;
	externalUniqueId?: string;
	defaultForTenders: boolean;
	defaultForCalculations: boolean;
	collectionType?: string;
	internalComment?: string;
	active: boolean;
}

export interface AgencyNumberSet {
	idField: InsurerIdField;
	idValue: string;
	agencyNumbers: AgencyNumber[];
}

export interface ScalepointToken {
	clientId: string;
	scopes: string[];
	expiresAtMs: number;
}

export interface ThinksuranceToken {
	hash: string;
	expiresAtMs: number;
}

export const DEFAULT_SELF_SERVICE_CASES: Record<string, SelfServiceCase> = {
	'd1a72df4-f7d5-402c-a495-cc31b8b39a59': { status: 'open', lines: 3, agreementAccepted: true },
	'00000000-0000-4000-8000-000000000001': { status: 'open', lines: 0, agreementAccepted: true },
	'00000000-0000-4000-8000-000000000002': {
		status: 'submitted',
		lines: 2,
		agreementAccepted: true,
	},
	'00000000-0000-4000-8000-000000000003': { status: 'closed', lines: 2, agreementAccepted: true },
	'00000000-0000-4000-8000-000000000004': { status: 'open', lines: 2, agreementAccepted: false },
};

export const DEFAULT_ECB_SECURITY_TOKEN = '00000000-0000-0000-0000-000000000000';

function defaultDeletionCases(): Record<string, DeletionCase> {
	const cases: DeletionCase[] = [
		{
			caseNumber: 'CN10000',
			caseToken: 'a0000000-0000-4000-8000-000000010000',
			state: 'deletable',
		},
		{
			caseNumber: 'CN10001',
			caseToken: 'a0000000-0000-4000-8000-000000010001',
			state: 'deletable',
		},
		{
			caseNumber: 'CN20000',
			caseToken: 'a0000000-0000-4000-8000-000000020000',
			state: 'pendingPayments',
		},
		{
			caseNumber: 'CN30000',
			caseToken: 'a0000000-0000-4000-8000-000000030000',
			state: 'inProgress',
		},
		{
			caseNumber: 'CN40000',
			caseToken: 'a0000000-0000-4000-8000-000000040000',
			state: 'failsPartway',
		},
	];
	return Object.fromEntries(cases.map((c) => [c.caseNumber, c]));
}

export class SandboxState {
	/** Country/tenant pairs known to Self-Service, the Event API and ClaimShop. */
	countryTenants: CountryTenant[] = [];
	selfServiceCases: Record<string, SelfServiceCase> = {};

	ecbTenants: string[] = [];
	ecbSecurityToken = DEFAULT_ECB_SECURITY_TOKEN;
	insuranceCompanyAliases: string[] = [];
	/** Stored lower-case: e-mail matching is case-insensitive. */
	activeUserEmails: string[] = [];
	ecbCases: Record<string, { status: 'open' | 'closed' }> = {};
	damageNotifications: Record<string, EcbDamageNotification> = {};
	files: StoredFile[] = [];

	publishedEvents: PublishedEvent[] = [];
	outgoingEvents: OutgoingEvent[] = [];
	private nextOutgoingId = 1;
	private nextPublishedId = 1;
	private outgoingListeners = new Set<() => void>();

	/** Keyed by case number. */
	hubCases: Record<string, DeletionCase> = {};
	claimShopCases: Record<string, DeletionCase> = {};
	/** 429 answers sent by Hub (rate) and ClaimShop (in flight). */
	rateLimitRejections = 0;

	/** Keyed by `broker:<token>` or `account:<token>`, then by `<idField>:<idValue>`. */
	agencyNumbers: Record<string, Record<string, AgencyNumberSet>> = {};
	/** Every externalUniqueId ever accepted; they can never be reused. */
	usedExternalUniqueIds: string[] = [];
	/** Thinksurance brokers keyed by bToken, and inquiries keyed by inquiry id (thinksuranceIpnSeed.ts). */
	thinksuranceBrokers: Record<string, ThinksuranceBroker> = {};
	inquiries: Record<string, ThinksuranceInquiry> = {};

	/** Case Data API, keyed by case token; Settlement API, keyed by lower-case revision token. */
	caseData: Record<string, CaseDataRecord> = {};
	settlementRevisions: Record<string, CaseDataRecord> = {};

	/** Issued credentials survive `reset()` (they are configuration, like the clients). */
	readonly scalepointTokens = new Map<string, ScalepointToken>();
	readonly thinksuranceTokens = new Map<string, ThinksuranceToken>();
	readonly seenJtis = new Set<string>();

	constructor(
		private readonly now: () => Date,
		/** The configured Thinksurance users: their broker tokens are seeded brokers. */
		private readonly thinksuranceUsers: () => ThinksuranceUser[] = () => [],
	) {
		this.reset();
	}

	reset(): void {
		this.countryTenants = [{ country: 'dk', tenant: 'abcinsurance' }];
		this.selfServiceCases = structuredClone(DEFAULT_SELF_SERVICE_CASES);
		this.ecbTenants = ['host', 'abcinsurance'];
		this.ecbSecurityToken = DEFAULT_ECB_SECURITY_TOKEN;
		this.insuranceCompanyAliases = ['company'];
		this.activeUserEmails = ['company_ds@example.com'];
		this.ecbCases = {
			'11111111-1111-1111-1111-111111111111': { status: 'open' },
			'33333333-3333-3333-3333-333333333333': { status: 'closed' },
		};
		this.damageNotifications = {
			'44444444-4444-4444-4444-444444444444': { status: 'open' },
			'66666666-6666-6666-6666-666666666666': {
				status: 'merged',
				claimId: '22222222-2222-2222-2222-222222222222',
			},
		};
		this.files = [];
		this.publishedEvents = [];
		this.outgoingEvents = [];
		this.nextOutgoingId = 1;
		this.nextPublishedId = 1;
		this.hubCases = defaultDeletionCases();
		this.claimShopCases = defaultDeletionCases();
		this.rateLimitRejections = 0;
		this.agencyNumbers = {};
		this.usedExternalUniqueIds = [];
		this.thinksuranceBrokers = seedBrokers(this.thinksuranceUsers());
		this.inquiries = seedInquiries(this.thinksuranceBrokers, this.now());
		this.caseData = defaultCaseData();
		this.settlementRevisions = defaultSettlementRevisions();
	}

	// --- Self-Service -------------------------------------------------------------------------
	addCountryTenant(country: string, tenant: string): void {
		if (!this.hasCountryTenant(country, tenant)) this.countryTenants.push({ country, tenant });
	}
	hasCountryTenant(country: string, tenant: string): boolean {
		return this.countryTenants.some((t) => t.country === country && t.tenant === tenant);
	}
	setSelfServiceCase(token: string, value: SelfServiceCase): void {
		this.selfServiceCases[token] = { ...value };
	}

	// --- ECB ----------------------------------------------------------------------------------
	addEcbTenant(tenant: string): void {
		if (!this.ecbTenants.includes(tenant)) this.ecbTenants.push(tenant);
	}
	setEcbSecurityToken(token: string): void {
		this.ecbSecurityToken = token;
	}
	addInsuranceCompanyAlias(alias: string): void {
		if (!this.insuranceCompanyAliases.includes(alias)) this.insuranceCompanyAliases.push(alias);
	}
	addActiveUserEmail(email: string): void {
		const lower = email.toLowerCase();
		if (!this.activeUserEmails.includes(lower)) this.activeUserEmails.push(lower);
	}
	setEcbCase(id: string, status: 'open' | 'closed'): void {
		this.ecbCases[id.toLowerCase()] = { status };
	}
	setDamageNotification(id: string, status: 'open' | 'merged', claimId?: string): void {
		this.damageNotifications[id.toLowerCase()] =
			status === 'merged' ? { status, claimId: claimId ?? randomUUID() } : { status };
	}

	// --- Events -------------------------------------------------------------------------------
	/** A Scalepoint -> client event, delivered by `receive`; ids `_<n>` increase. */
	addOutgoingEvent(eventType: string, attributes: Record<string, unknown> = {}): OutgoingEvent {
		const event: OutgoingEvent = {
			id: `_${this.nextOutgoingId++}`,
			type: 'event',
			timestamp: this.now().toISOString(),
			attributes: {
				payloadVersion: '1.0.0',
				correlationId: randomUUID(),
				...attributes,
				eventType,
			},
		};
		this.outgoingEvents.push(event);
		for (const listener of [...this.outgoingListeners]) listener();
		return event;
	}
	/** Used by long polls to wake up; returns the unsubscribe function. */
	onOutgoingEvent(listener: () => void): () => void {
		this.outgoingListeners.add(listener);
		return () => this.outgoingListeners.delete(listener);
	}
	recordPublishedEvent(event: Omit<PublishedEvent, 'id'>): PublishedEvent {
		const stored = { id: this.nextPublishedId++, ...event };
		this.publishedEvents.push(stored);
		return stored;
	}

	// --- Case deletion ------------------------------------------------------------------------
	setHubCase(value: Omit<DeletionCase, 'caseToken'> & { caseToken?: string }): DeletionCase {
		const stored = { caseToken: randomUUID(), ...value };
		this.hubCases[value.caseNumber] = stored;
		return stored;
	}
	setClaimShopCase(value: Omit<DeletionCase, 'caseToken'> & { caseToken?: string }): DeletionCase {
		const stored = { caseToken: randomUUID(), ...value };
		this.claimShopCases[value.caseNumber] = stored;
		return stored;
	}

	// --- Thinksurance -------------------------------------------------------------------------
	agencyNumbersOf(ownerKey: string): AgencyNumberSet[] {
		return Object.values(this.agencyNumbers[ownerKey] ?? {});
	}

	/** JSON view for the control API (Maps and private fields left out). */
	snapshot(): Record<string, unknown> {
		return {
			countryTenants: this.countryTenants,
			selfServiceCases: this.selfServiceCases,
			ecbTenants: this.ecbTenants,
			ecbSecurityToken: this.ecbSecurityToken,
			insuranceCompanyAliases: this.insuranceCompanyAliases,
			activeUserEmails: this.activeUserEmails,
			ecbCases: this.ecbCases,
			damageNotifications: this.damageNotifications,
			files: this.files,
			publishedEvents: this.publishedEvents,
			outgoingEvents: this.outgoingEvents,
			hubCases: this.hubCases,
			claimShopCases: this.claimShopCases,
			rateLimitRejections: this.rateLimitRejections,
			agencyNumbers: this.agencyNumbers,
			usedExternalUniqueIds: this.usedExternalUniqueIds,
			thinksuranceBrokers: this.thinksuranceBrokers,
			inquiries: this.inquiries,
			caseData: this.caseData,
			settlementRevisions: this.settlementRevisions,
		};
	}

	/**
	 * Seeds from JSON (control API): record collections are merged key by key, arrays and
	 * scalars are replaced. Unknown keys are an error so typos do not pass silently.
	 */
	applyPatch(patch: Record<string, unknown>): void {
		const records = [
			'selfServiceCases',
			'ecbCases',
			'damageNotifications',
			'hubCases',
			'claimShopCases',
			'agencyNumbers',
			'thinksuranceBrokers',
			'inquiries',
			'caseData',
			'settlementRevisions',
		] as const;
		const replaceable = [
			'countryTenants',
			'ecbTenants',
			'ecbSecurityToken',
			'insuranceCompanyAliases',
			'activeUserEmails',
			'files',
			'usedExternalUniqueIds',
		] as const;
		for (const [key, value] of Object.entries(patch)) {
			if ((records as readonly string[]).includes(key)) {
				if (!isRecord(value)) throw new Error(`state.${key} must be an object`);
				Object.assign(this[key as (typeof records)[number]], structuredClone(value));
			} else if ((replaceable as readonly string[]).includes(key)) {
				(this as unknown as Record<string, unknown>)[key] = structuredClone(value);
			} else {
				throw new Error(`Unknown state collection: ${key}`);
			}
		}
		this.activeUserEmails = this.activeUserEmails.map((email) => email.toLowerCase());
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
