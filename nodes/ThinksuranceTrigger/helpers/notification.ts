import type { IDataObject } from 'n8n-workflow';

/**
 * A Thinksurance V2 notification as its page documents it (V2 Notification,
 * https://thinksurance.atlassian.net/wiki/x/AYAnvw): thin references to what changed, not the data.
 * Only the documented fields are typed; the body is passed on as Thinksurance sent it.
 */
export interface Notification extends IDataObject {
	eventType: string;
	eventTime: string;
	eventId: string;
	notificationId: string;
	accountReference: string;
	brokerReference: string;
	affected: AffectedReference[];
}

export interface AffectedReference extends IDataObject {
	referenceType: string;
	referenceId: string;
}

/**
 * The reference types the page lists for `affected[].referenceType`. Each one found in a
 * notification is lifted to a top-level `<type>Id` field (e.g. `inquiryId`), so the next node can
 * use `{{ $json.inquiryId }}` without searching the list.
 */
export const REFERENCE_TYPES = [
	'inquiry',
	'consultation',
	'customer',
	'booking',
	'contract',
	'file',
	'offer',
	'questionnaire',
	'tender',
] as const;

/** The fields the page marks as required strings; `eventId` may be empty (its own example). */
const REQUIRED_TEXT = ['eventType', 'notificationId'] as const;
const REQUIRED_STRING = ['eventTime', 'eventId', 'accountReference', 'brokerReference'] as const;

export type Checked = { ok: true; notification: Notification } | { ok: false; errors: string[] };

function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a received body against the documented required fields and says every problem, in the
 * shape of the page's own error example (`{"errors": ["…", "…"]}`), so that Thinksurance Support,
 * who is contacted after the last failed attempt, can read why. Reference types and event types
 * are not checked against the lists: both lists have changed between page revisions (an older
 * draft used snake_case event names), and an unknown value is no reason to lose a notification.
 */
export function checkNotification(body: unknown): Checked {
	if (!isRecord(body))
		return {
			ok: false,
			errors: ['The body must be a JSON object (Content-Type: application/json).'],
		};
	const errors: string[] = [];
	for (const field of REQUIRED_TEXT) {
		if (typeof body[field] !== 'string' || (body[field] as string).trim() === '')
			errors.push(`Attribute '${field}' is missing or not a non-empty string.`);
	}
	for (const field of REQUIRED_STRING) {
		if (typeof body[field] !== 'string')
			errors.push(`Attribute '${field}' is missing or not a string.`);
	}
	if (!Array.isArray(body.affected)) {
		errors.push("Attribute 'affected' is missing or not an array.");
	} else {
		body.affected.forEach((entry: unknown, index) => {
			if (!isRecord(entry)) {
				errors.push(`Attribute 'affected[${index}]' is not an object.`);
				return;
			}
			for (const field of ['referenceType', 'referenceId'])
				if (typeof entry[field] !== 'string' || (entry[field] as string) === '')
					errors.push(
						`Attribute 'affected[${index}].${field}' is missing or not a non-empty string.`,
					);
		});
	}
	return errors.length > 0
		? { ok: false, errors }
		: { ok: true, notification: body as Notification };
}

/**
 * The item of a notification: the body exactly as Thinksurance sent it, plus `<type>Id` for the
 * first reference of each documented type. A lifted field never replaces a field Thinksurance
 * sent under the same name. All references stay in `affected`, also when one type appears twice.
 */
export function notificationToJson(notification: Notification): IDataObject {
	const lifted: IDataObject = {};
	for (const type of REFERENCE_TYPES) {
		const reference = notification.affected.find((entry) => entry.referenceType === type);
		const field = `${type}Id`;
		if (reference && !(field in notification)) lifted[field] = reference.referenceId;
	}
	return { ...notification, ...lifted };
}
