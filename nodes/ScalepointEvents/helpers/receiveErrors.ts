import type { INode } from 'n8n-workflow';

import { describeBody } from '../../Scalepoint/transport';
import { apiError, asObject } from '../../shared/httpErrors';

/** Turns a `receive` answer other than 2xx into an error that says what to do. */
export function receiveError(
	node: INode,
	status: number,
	body: unknown,
	lastEventId: string | undefined,
) {
	const text = describeBody(body);
	if (status === 400) {
		return apiError(
			node,
			status,
			lastEventId === undefined
				? 'Scalepoint refused the request for events (400)'
				: `Scalepoint refused to continue after event ${lastEventId} (400)`,
			`${text ? `Scalepoint says: "${text}". ` : ''}If the event position is no longer known to Scalepoint, set "Start From" to a valid event ID or to "Now", then deactivate and activate the workflow.`,
		);
	}
	if (status === 401) {
		return apiError(
			node,
			status,
			'Scalepoint did not accept the access token (401), even after a new one was fetched',
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
			`Scalepoint is busy or unavailable (${status}) and still was after several retries`,
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
