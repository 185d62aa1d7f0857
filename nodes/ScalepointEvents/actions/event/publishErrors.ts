import type { INode } from 'n8n-workflow';

import {
	describeBody,
	stillBusyMessage,
	TOKEN_REFUSED_MESSAGE,
} from '../../../Scalepoint/transport';
import { apiError, asObject } from '../../../shared/httpErrors';
import { isFilledText, unconfirmedWrite } from '../../../shared/unconfirmedAnswer';

const MISSING = /missing \[([^\]]*)\]/i;

/**
 * The Event API page's success answer: "successful response returns HttpStatus.CREATED" with
 * `{"_id": 1}` ("id - Scalepoint returns the unique value of the newly published event"). Any
 * other answer, a 200 or an HTML page or `{}` included, does not prove the event was stored.
 */
export function isPublishConfirmation(
	status: number,
	body: unknown,
): body is { _id: string | number } {
	const id = asObject(body)?._id;
	return status === 201 && (isFilledText(id) || (typeof id === 'number' && Number.isFinite(id)));
}

/** A 2xx that is not the documented confirmation: the event may be stored, so it is not resent. */
export function unconfirmedPublish(node: INode, status: number, body: unknown, itemIndex: number) {
	return unconfirmedWrite(node, {
		vendor: 'Scalepoint',
		status,
		body,
		expected: '201 with {"_id": …}',
		what: 'the event',
		check: 'ask Scalepoint whether an event with this correlation ID arrived',
		itemIndex,
	});
}

/**
 * Turns a Scalepoint answer other than 2xx into an error that says what to do, one case per row of
 * the Event API page's status table. `transport` has already retried a 429 and refreshed the
 * token after a 401.
 */
export function publishError(
	node: INode,
	status: number,
	body: unknown,
	eventType: string,
	itemIndex: number,
) {
	const object = asObject(body);
	const text = describeBody(body);
	if (status === 400) {
		const missing = typeof object?.message === 'string' ? MISSING.exec(object.message) : null;
		if (missing) {
			const fields = missing[1].split(/\s*,\s*/).filter((field) => field !== '');
			return apiError(
				node,
				status,
				`Scalepoint rejected the event: missing ${fields.join(', ')} (400)`,
				`Scalepoint says: "${text}". Set ${fields.join(', ')} in the node parameters or the event body.`,
				itemIndex,
			);
		}
		if (typeof text === 'string' && /Event-Type/i.test(text)) {
			return apiError(
				node,
				status,
				'Scalepoint did not receive the Event-Type header (400)',
				`Scalepoint says: "${text}". Set Event Type in the node; if it is set, a proxy between n8n and Scalepoint may remove the header.`,
				itemIndex,
			);
		}
		return apiError(
			node,
			status,
			`Scalepoint rejected the ${eventType} event as a bad request (400)`,
			text
				? `Scalepoint says: "${text}". Fix the event and run again.`
				: 'Check the event body against the event type, then run again.',
			itemIndex,
		);
	}
	if (status === 401) {
		return apiError(
			node,
			status,
			TOKEN_REFUSED_MESSAGE,
			'Check that the credential environment (production or sandbox) matches the host, and that the client is enabled.',
			itemIndex,
		);
	}
	if (status === 403) {
		const scopeProblem = object?.error === 'insufficient_scope';
		return apiError(
			node,
			status,
			scopeProblem
				? 'Scalepoint refused the event (403 insufficient_scope): the credential needs the scope events'
				: 'Scalepoint refused the event (403)',
			scopeProblem
				? 'Add "events" to the credential scopes and ask Scalepoint to grant that scope to your client. Nothing was published.'
				: `${text ?? 'Access denied.'} Check that your client may publish to this tenant.`,
			itemIndex,
		);
	}
	if (status === 404) {
		return apiError(
			node,
			status,
			'Scalepoint has no Event API at this address (404)',
			'Check the host, country and tenant parameters: the tenant or country is probably wrong. Nothing was published.',
			itemIndex,
		);
	}
	if (status === 415) {
		return apiError(
			node,
			status,
			'Scalepoint did not accept the content type (415)',
			text,
			itemIndex,
		);
	}
	if (status === 429) {
		return apiError(
			node,
			status,
			stillBusyMessage(status),
			'The event was not accepted. Run this item again later.',
			itemIndex,
		);
	}
	if (status >= 500) {
		return apiError(
			node,
			status,
			`Scalepoint failed with an internal error (${status})`,
			'The event may or may not have been stored, so it was not sent again. Check with Scalepoint using the correlation ID before sending it again.',
			itemIndex,
		);
	}
	// A status the page's table does not list: no guess at its cause (a 431 for a huge header was
	// once answered with "check the host, country and tenant").
	return apiError(
		node,
		status,
		`Scalepoint answered ${status} to the ${eventType} event`,
		`${text ? `Scalepoint says: "${text}". ` : ''}The Event API page does not list this status, so it does not say whether the event was stored: check with Scalepoint, using the correlation ID, before sending it again.`,
		itemIndex,
	);
}
