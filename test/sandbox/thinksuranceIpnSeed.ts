import { createHash } from 'node:crypto';

import { berlinLocalTime } from './thinksuranceTime';
import type { ThinksuranceUser } from './types';

/**
 * Brokers and inquiries (IP notifications) of the Thinksurance sandbox. Every configured broker
 * token is a broker of its user's first account with bExternalId B-1001, B-1002, …; each such
 * broker has three inquiries, updated 2, 20 and 120 days before the sandbox clock at reset, so
 * `lastDays` and the default window (three months) both leave some out.
 */

export interface ThinksuranceBroker {
	/** The account the broker belongs to ('' when its user has none). */
	accountToken: string;
	bToken: string;
	/** The Broker Parameters it was created with (type, bExternalId, bEmail, …). */
	fields: Record<string, unknown>;
}

export interface InquiryItem {
	sHash: string;
	data: Record<string, unknown> & { bToken: string; iId: number };
	customer: Record<string, unknown>;
	docs: unknown[];
}

export interface ThinksuranceInquiry {
	/** For `lastDays`: when it was last updated (sandbox clock, epoch ms). */
	updatedAtMs: number;
	/** What the API answers for it. */
	item: InquiryItem;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SEEDED_AGES_DAYS = [2, 20, 120];
const STATUSES = [4, 2, 6];

export function seedBrokers(users: ThinksuranceUser[]): Record<string, ThinksuranceBroker> {
	const brokers: Record<string, ThinksuranceBroker> = {};
	for (const user of users) {
		for (const [index, bToken] of (user.brokerTokens ?? []).entries()) {
			brokers[bToken] = {
				accountToken: user.accountTokens?.[0] ?? '',
				bToken,
				fields: {
					type: 1,
					bExternalId: `B-${1001 + index}`,
					bEmail: `broker${1001 + index}@example.com`,
					bCompany: `Sandbox Makler ${1001 + index} GmbH`,
				},
			};
		}
	}
	return brokers;
}

export function seedInquiries(
	brokers: Record<string, ThinksuranceBroker>,
	now: Date,
): Record<string, ThinksuranceInquiry> {
	const inquiries: Record<string, ThinksuranceInquiry> = {};
	Object.values(brokers).forEach((broker, brokerIndex) => {
		SEEDED_AGES_DAYS.forEach((ageDays, index) => {
			const iId = 187888 + brokerIndex * 10 + index;
			const updated = new Date(now.getTime() - ageDays * DAY_MS);
			inquiries[String(iId)] = inquiry(broker, iId, updated, STATUSES[index]);
		});
	});
	return inquiries;
}

export function inquiry(
	broker: ThinksuranceBroker,
	iId: number,
	updated: Date,
	status: number,
): ThinksuranceInquiry {
	const created = new Date(updated.getTime() - DAY_MS);
	return {
		updatedAtMs: updated.getTime(),
		item: {
			// The page's hash algorithm is not published: any stable hex text will do here.
			sHash: createHash('sha256').update(`inquiry-${iId}`).digest('hex').slice(0, 20),
			data: {
				bToken: broker.bToken,
				bExternalId: String(broker.fields.bExternalId ?? ''),
				iId,
				iCreated: berlinLocalTime(created),
				iUpdated: berlinLocalTime(updated),
				productName: 'Betriebshaftpflicht',
				productId: 12,
				professionName: 'Tischler',
				professionId: 345,
				status,
			},
			customer: {},
			docs: [],
		},
	};
}
