import type { INode } from 'n8n-workflow';

import { describeBody, stillBusyMessage, TOKEN_REFUSED_MESSAGE } from '../../Scalepoint/transport';
import { apiError, asObject } from '../../shared/httpErrors';
import type { StartFrom } from './pollEvents';

const START_FROM_NAMES: Record<StartFrom, string> = {
	now: '"Now"',
	oldest: '"Oldest Retained Event"',
	eventId: '"After a Given Event ID"',
};

/**
 * What resets the position: n8n keeps the trigger's static data when a workflow is deactivated
 * and activated, so only a changed "Start From" setting (the trigger compares it with the one it
 * stored) makes the next poll start over.
 */
function resetAdvice(startFrom: StartFrom | undefined) {
	const others = (Object.keys(START_FROM_NAMES) as StartFrom[])
		.filter((mode) => mode !== startFrom)
		.map((mode) => START_FROM_NAMES[mode])
		.join(' or ');
	const change =
		startFrom === 'eventId'
			? `enter an event ID Scalepoint still holds in "Start After Event ID", or set "Start From" to ${others}`
			: `set "Start From" to ${others}`;
	return `To continue, ${change} and save the workflow: the next poll starts from there. Deactivating and activating the workflow alone does not reset the position.`;
}

/** Turns a `receive` answer other than 2xx into an error that says what to do. */
export function receiveError(
	node: INode,
	status: number,
	body: unknown,
	lastEventId: string | undefined,
	/** The trigger's current "Start From"; undefined for manual runs, which keep no position. */
	startFrom?: StartFrom,
) {
	const text = describeBody(body);
	if (status === 400) {
		return apiError(
			node,
			status,
			lastEventId === undefined
				? 'Scalepoint refused the request for events (400)'
				: `Scalepoint refused to continue after event ${lastEventId} (400)`,
			`${text ? `Scalepoint says: "${text}". ` : ''}${
				lastEventId === undefined
					? 'The request named no event position; the trigger asks again at the next poll.'
					: `Scalepoint may no longer hold this event. ${resetAdvice(startFrom)}`
			}`,
		);
	}
	if (status === 401) {
		return apiError(
			node,
			status,
			TOKEN_REFUSED_MESSAGE,
			'Check that the credential environment (production or sandbox) matches the host.',
		);
	}
	if (status === 403) {
		const scope = asObject(body)?.error === 'insufficient_scope';
		return apiError(
			node,
			status,
			scope
				? 'Scalepoint refused access (403 insufficient_scope): the credential needs the scope events'
				: 'Scalepoint refused access to the events (403)',
			'Add "events" to the credential scopes and ask Scalepoint to grant that scope to your client.',
		);
	}
	if (status === 404) {
		return apiError(
			node,
			status,
			'Scalepoint has no Event API at this address (404)',
			'Check the host, country and tenant parameters.',
		);
	}
	if (status === 429 || status === 503) {
		return apiError(
			node,
			status,
			stillBusyMessage(status),
			'The trigger tries again at the next poll; no event was lost.',
		);
	}
	return apiError(
		node,
		status,
		`Scalepoint answered ${status} when asked for events`,
		text ?? 'The trigger tries again at the next poll; no event was lost.',
	);
}
