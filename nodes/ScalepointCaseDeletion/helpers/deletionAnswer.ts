import type { IDataObject, INode } from 'n8n-workflow';

import { TOKEN_REFUSED_MESSAGE, type ScalepointResponse } from '../../Scalepoint/transport';
import { apiError, asObject } from '../../shared/httpErrors';
import { withItemData } from '../../shared/itemRunner';
import { isGuid } from '../../shared/validation';
import type { DeletionTarget } from './deletionTarget';

/** The fields every output and error item carries, so items can be matched and resumed. */
export function baseFields(target: DeletionTarget, requestId = target.requestId): IDataObject {
	return {
		system: target.system,
		[target.identifierField]: target.identifier,
		dryRun: target.dryRun,
		requestId,
	};
}

/** The answer's `errors` (and, failing that, OAuth-style `error_description`) as one line. */
export function describeErrors(body: unknown) {
	const object = asObject(body);
	if (!object) return typeof body === 'string' && body.trim() !== '' ? body.slice(0, 300) : '';
	const errors = strings(object.errors);
	if (errors.length > 0) return errors.join('; ').slice(0, 500);
	const other = [object.error_description, object.message, object.error].find(
		(value) => typeof value === 'string',
	);
	return typeof other === 'string' ? other.slice(0, 500) : '';
}

/**
 * Turns Scalepoint's answer into the output item, or throws the error item's error. The
 * `requestId` is the one Scalepoint returned (Hub), so a later run can resume with it.
 */
export function interpretAnswer(
	node: INode,
	target: DeletionTarget,
	response: ScalepointResponse,
	attempts: { rateLimited: number; serverErrors: number },
	itemIndex: number,
): IDataObject {
	const body = asObject(response.body) ?? {};
	const requestId =
		target.system === 'hubProperty' && isGuid(body.requestId) ? body.requestId : target.requestId;
	const errors = strings(body.errors);
	const messages = strings(body.messages);
	const found = typeof body.found === 'boolean' ? body.found : undefined;
	const deleted = body.deleted === true;
	const fields = { ...baseFields(target, requestId), errors, messages };
	const status = response.status;
	const what = caseLabel(target);
	const said = describeErrors(body);
	const fail = (message: string, description: string, data: IDataObject = {}) =>
		withItemData(apiError(node, status, message, description, itemIndex), {
			...fields,
			found: found ?? null,
			deleted: false,
			...data,
		});

	if (status >= 200 && status < 300) {
		if (target.dryRun) {
			// Dry run: "found" and no errors means the case exists and its state allows deletion.
			const isFound = found ?? false;
			return {
				...fields,
				found: isFound,
				deletable: isFound && errors.length === 0,
				deleted: false,
			};
		}
		if (!deleted) {
			throw fail(
				`Scalepoint answered ${status} but did not confirm that ${what} was deleted`,
				`${said ? `Scalepoint said: ${said}. ` : ''}${resumeHint(target, requestId)}`,
			);
		}
		return { ...fields, found: true, deletable: true, deleted: true };
	}

	if (status === 404 && !target.dryRun && attempts.serverErrors > 0) {
		// An earlier attempt with the same requestId got no answer or a 500. Either it deleted the
		// case, or the case never existed: the answer cannot tell, so neither is claimed.
		throw fail(
			`${capitalize(what)} was not found when the deletion was repeated after an unclear answer (404): the first attempt may have deleted it, or it never existed`,
			`${said ? `Scalepoint said: ${said}. ` : ''}The first attempt (request ID ${requestId}) got no answer or a 500. If the case number or token is right, that attempt deleted the case; check it in Scalepoint before relying on this.`,
			{ found: false, deleted: null },
		);
	}

	if (target.dryRun && (status === 404 || status === 403) && isDeletionAnswer(body)) {
		// A dry run asks whether the case exists and may be deleted: "no" is its answer, not a failure.
		// Only a deletion answer counts: a gateway's 403 or 404 (wrong tenant, no access) stays an error.
		return {
			...fields,
			found: found ?? status === 403,
			deletable: false,
			deleted: false,
		};
	}

	const saidText = said ? `Scalepoint said: ${said}. ` : '';
	switch (status) {
		case 400:
			throw fail(
				`Scalepoint refused the deletion request for ${what} as invalid (400)${said ? `: ${said}` : ''}`,
				'Nothing was deleted. Check the case number or token, the tenant and the Request ID.',
			);
		case 401:
			throw fail(
				TOKEN_REFUSED_MESSAGE,
				'Nothing was deleted. Check that the credential environment matches the host.',
			);
		case 403:
			if (body.error === 'insufficient_scope') {
				throw fail(
					'Scalepoint refused access (403): the token lacks the scope case:delete',
					'Add case:delete to the credential and ask Scalepoint to grant it to your client.',
				);
			}
			throw fail(
				`Deleting ${what} is forbidden by the case's state, for example pending payments or unsettled depreciation (403)`,
				`${saidText}Nothing more was deleted. Settle the case in Scalepoint, then run again${target.system === 'hubProperty' ? ` with Request ID ${requestId} if a deletion had already started` : ''}.`,
			);
		case 404:
			throw fail(
				`${capitalize(what)} was not found (404)`,
				`${saidText}Nothing was deleted. Check the case number or token, the tenant and the host.`,
				{ found: false },
			);
		case 409:
			throw fail(
				`Another deletion of ${what} is in progress (409): retry later with the same request ID ${requestId}`,
				`${saidText}Run this item again later in Delete mode with Request ID set to ${requestId}.`,
			);
		case 429:
			throw fail(
				`Scalepoint's rate limit was still exceeded after ${attempts.rateLimited} retries (429)`,
				'Nothing was deleted for this case. Other clients share the limit: run again later, or check the limits in Options.',
			);
		case 500:
			throw fail(
				`Scalepoint failed while ${target.dryRun ? 'checking' : 'deleting'} ${what} (500)${target.system === 'hubProperty' && !target.dryRun ? `: resume with request ID ${requestId}` : ''}`,
				`${saidText}${target.dryRun ? 'A dry run changes nothing: run it again later.' : resumeHint(target, requestId)}`,
			);
		case 503:
			throw fail(
				'Scalepoint case deletion is unavailable (503)',
				`${saidText}Nothing was deleted. Run again between 16:00 and 08:00 UTC.`,
			);
		default:
			throw fail(
				`Scalepoint answered ${status} for ${what}`,
				`${saidText}${target.dryRun ? 'A dry run changes nothing.' : resumeHint(target, requestId)}`,
			);
	}
}

/** An answer of the Delete Case API itself (found, deleted or errors), not of a gateway. */
function isDeletionAnswer(body: Record<string, unknown>) {
	return (
		body.error !== 'insufficient_scope' &&
		(typeof body.found === 'boolean' ||
			typeof body.deleted === 'boolean' ||
			Array.isArray(body.errors))
	);
}

function resumeHint(target: DeletionTarget, requestId: string | null) {
	if (target.system === 'hubProperty') {
		return `The case may be partly deleted. Run this item again in Delete mode with Request ID set to ${requestId} to continue the deletion from where it stopped.`;
	}
	return 'The case may be partly deleted, and ClaimShop has no request ID to resume with. Run a Dry run for this case: if it is still found, run Delete again.';
}

function caseLabel(target: DeletionTarget) {
	return target.identifierField === 'caseNumber'
		? `case ${target.identifier}`
		: `the case with token ${target.identifier}`;
}

function capitalize(text: string) {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function strings(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((entry): entry is string => typeof entry === 'string')
		: [];
}
