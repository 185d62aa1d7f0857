import type { IDataObject, INode } from 'n8n-workflow';

import { TOKEN_REFUSED_MESSAGE, type ScalepointResponse } from '../../Scalepoint/transport';
import { apiError, asObject } from '../../shared/httpErrors';
import { withItemData } from '../../shared/itemRunner';
import { describeAnswer, unconfirmedWrite, unreadableRead } from '../../shared/unconfirmedAnswer';
import { isGuid, truncate } from '../../shared/validation';
import type { DeletionSystem } from './deletionSettings';
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
	// The page calls requestId the idempotent key: an answer naming another request ID is about
	// another deletion and proves nothing about this one, so it is not read as this request's answer.
	const foreignRequestId = otherRequestId(target, body);
	const apiAnswer = isDeletionApiAnswer(target.system, response.body) && !foreignRequestId;
	// Hub echoes the request ID sent (compared case-insensitively above): the one to resume with.
	const requestId = target.requestId;
	const errors = strings(body.errors);
	const messages = strings(body.messages);
	const found = typeof body.found === 'boolean' ? body.found : undefined;
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

	if (target.dryRun && body.deleted === true) {
		// A dry run must change nothing. An answer saying it deleted the case is no dry-run answer
		// (found / not found): it may mean the case is gone, so it is never reported as deleted: false.
		throw withItemData(
			apiError(
				node,
				status,
				`Scalepoint answered a dry run of ${what} with deleted: true, which contradicts a dry run`,
				`${said ? `Scalepoint said: ${said}. ` : ''}The case may have been deleted: check ${what} in Scalepoint before relying on this dry run or running Delete.`,
				itemIndex,
			),
			{ ...fields, found: found ?? null, deleted: null },
		);
	}

	if (foreignRequestId) {
		throw withItemData(
			apiError(
				node,
				status,
				`Scalepoint answered ${status} for request ID ${foreignRequestId}, not for the request ID sent (${requestId})`,
				target.dryRun
					? 'An answer about another request says nothing about this case, so nothing is reported as found or missing. A dry run changes nothing: run it again.'
					: `An answer about another request proves nothing about this one: the deletion of ${what} may have taken effect — check before running again: ${unclearDeleteCheck(target, requestId)}. It was not sent again automatically.`,
				itemIndex,
			),
			{ ...fields, found: null, deleted: target.dryRun ? false : null },
		);
	}

	if (status >= 200 && status < 300) {
		if (target.dryRun) {
			if (!isDryRunAnswer(target.system, status, response.body)) {
				throw withItemData(
					unreadableRead(node, {
						vendor: 'Scalepoint',
						status,
						body: response.body,
						expected: `200 with ${documentedShape(target.system)} and found`,
						what: 'a Delete Case dry-run answer',
						next: 'Check the host, tenant and API version, then run the dry run again.',
						itemIndex,
					}),
					{ ...fields, found: null, deleted: false },
				);
			}
			// Dry run: "found" and no errors means the case exists and its state allows deletion.
			const isFound = found === true;
			return {
				...fields,
				found: isFound,
				deletable: isFound && errors.length === 0,
				deleted: false,
			};
		}
		if (isDeletionConfirmation(target.system, status, response.body)) {
			if (found === false) {
				// "Not found" and "deleted" cannot both be true: a contradiction confirms nothing.
				throw withItemData(
					unconfirmedWrite(node, {
						vendor: 'Scalepoint',
						status,
						body: response.body,
						expected: `200 with ${documentedShape(target.system)} and deleted: true, without found: false`,
						what: `the deletion of ${what}`,
						check: unclearDeleteCheck(target, requestId),
						itemIndex,
					}),
					{ ...fields, found: false, deleted: null },
				);
			}
			if (Array.isArray(body.errors) && body.errors.length > 0) {
				// An error item, not a success carrying `errors`: the page's "Recovery from error" says a
				// deletion that fails part way leaves the case partly deleted, so `deleted: true` next to
				// errors does not prove the deletion completed. On the success output a workflow would
				// treat the case as gone and the errors would be easy to miss; here they are the message,
				// with the way to finish the deletion.
				throw fail(
					`Scalepoint answered deleted: true for ${what} but also reported errors${said ? `: ${said}` : ''}`,
					`The deletion may not be complete. ${resumeHint(target, requestId)}`,
					{ deleted: null },
				);
			}
			return {
				...fields,
				found: true,
				deletable: true,
				deleted: true,
				alreadyDeleted: alreadyDeletedWhenConfirmed(target),
			};
		}
		if (status !== 200 || !apiAnswer) {
			throw withItemData(
				unconfirmedWrite(node, {
					vendor: 'Scalepoint',
					status,
					body: response.body,
					expected: `200 with ${documentedShape(target.system)} and deleted: true`,
					what: `the deletion of ${what}`,
					check: unclearDeleteCheck(target, requestId),
					itemIndex,
				}),
				{ ...fields, found: found ?? null, deleted: null },
			);
		}
		throw fail(
			`Scalepoint answered ${status} but did not confirm that ${what} was deleted`,
			`${said ? `Scalepoint said: ${said}. ` : ''}${resumeHint(target, requestId)}`,
		);
	}

	if (status === 404 && !target.dryRun && attempts.serverErrors > 0 && apiAnswer) {
		// An earlier attempt with the same requestId got no answer or a 500. Either it deleted the
		// case, or the case never existed: the answer cannot tell, so neither is claimed.
		throw fail(
			`${capitalize(what)} was not found when the deletion was repeated after an unclear answer (404): the first attempt may have deleted it, or it never existed`,
			`${said ? `Scalepoint said: ${said}. ` : ''}The first attempt (request ID ${requestId}) got no answer or a 500. If the case number or token is right, that attempt deleted the case; check it in Scalepoint before relying on this.`,
			{ found: false, deleted: null },
		);
	}

	if (target.dryRun && (status === 404 || status === 403) && apiAnswer) {
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
			if (!apiAnswer) {
				throw fail(
					`Scalepoint refused access (403) with ${describeAnswer(response.body)}, not a Delete Case answer`,
					`${saidText}Check that your client may delete cases of this tenant, and the host.`,
				);
			}
			throw fail(
				`Deleting ${what} is forbidden by the case's state, for example pending payments or unsettled depreciation (403)`,
				// The page's "Recovery from error": a deletion the case's state stopped leaves the case
				// partly deleted, so "nothing was deleted" is not ours to say.
				`${saidText}The case may be partly deleted. Settle the case in Scalepoint, then run again${target.system === 'hubProperty' ? ` with Request ID ${requestId} to continue the deletion` : ''}.`,
			);
		case 404:
			if (!apiAnswer) {
				// A gateway's 404 (wrong host, tenant or version) says nothing about the case.
				throw fail(
					`Scalepoint answered 404 with ${describeAnswer(response.body)}, not a Delete Case answer: the address is probably wrong`,
					`Check the host, tenant and API version.${target.dryRun ? ' A dry run changes nothing.' : ' Then run a Dry run for this case before deleting again.'}`,
					{ found: null },
				);
			}
			// A case an earlier run deleted (one interrupted before its output was saved, e.g. on a
			// worker that died) answers the same 404 as a wrong number: which it is, is not claimed.
			throw fail(
				`${capitalize(what)} was not found (404)`,
				`${saidText}This request deleted nothing. Either the case was deleted already (for example by an earlier run that was interrupted) or it never existed: Scalepoint's 404 does not say which, so alreadyDeleted is null. Check the case number or token, the tenant and the host.`,
				{ found: false, alreadyDeleted: null },
			);
		case 409:
			// A dry run's request ID belongs to no deletion: it is nothing to resume with.
			throw fail(
				`Another deletion of ${what} is in progress (409)`,
				target.dryRun
					? `${saidText}A dry run changes nothing: run it again once that deletion has finished.`
					: `${saidText}Run this item again later in Delete mode${target.system === 'hubProperty' ? ` with Request ID set to ${requestId}` : ''}.`,
			);
		case 429:
			throw fail(
				`Scalepoint's rate limit was still exceeded after ${attempts.rateLimited} retries (429)`,
				'Nothing was deleted for this case. Other clients or n8n processes share the limit: run again later, or raise Rate Limit Max Wait in Options.',
			);
		case 500:
			throw fail(
				`Scalepoint failed while ${target.dryRun ? 'checking' : 'deleting'} ${what} (500)${target.system === 'hubProperty' && !target.dryRun ? `: resume with request ID ${requestId}` : ''}`,
				`${saidText}${target.dryRun ? 'A dry run changes nothing: run it again later.' : resumeHint(target, requestId)}`,
				// The case may be partly deleted: whether it was is not known, so not `false`.
				{ deleted: target.dryRun ? false : null },
			);
		case 503:
			// The window refusal never gets here (the sender waits it out or the gate fails the run with
			// its own message). Any other 503 may come from a gateway after the deletion ran.
			if (target.dryRun) {
				throw fail(
					`Scalepoint was unavailable while checking ${what} (503)`,
					`${saidText}A dry run changes nothing: run it again later.`,
				);
			}
			throw fail(
				`Scalepoint answered 503 for ${what} without the documented sign of the closed window (${target.system === 'hubProperty' ? 'a Retry-After header' : 'an error naming the business hours'})`,
				`${saidText}The case may have been deleted — check before running again: ${unclearDeleteCheck(target, requestId)}.${target.system === 'claimShop' ? ' ClaimShop has no request ID that would make a repeat safe, so it was not sent again.' : ''}`,
				{ deleted: null },
			);
		default:
			throw fail(
				`Scalepoint answered ${status} for ${what}`,
				`${saidText}${target.dryRun ? 'A dry run changes nothing.' : resumeHint(target, requestId)}`,
				{ deleted: target.dryRun ? false : null },
			);
	}
}

/**
 * An answer of the Delete Case API itself, not of a gateway, per the page's Appendix B
 * ("Case Deletion Response") of each API:
 * - Hub Property: `requestId` and `deleted` required; `found`, `errors`, `messages` optional;
 * - ClaimShop: `found`, `deleted` and `errors` all required.
 */
export function isDeletionApiAnswer(system: DeletionSystem, answer: unknown) {
	const body = asObject(answer);
	if (!body || typeof body.deleted !== 'boolean') return false;
	if (body.found !== undefined && typeof body.found !== 'boolean') return false;
	if (body.errors !== undefined && !Array.isArray(body.errors)) return false;
	return system === 'hubProperty'
		? isGuid(body.requestId)
		: typeof body.found === 'boolean' && Array.isArray(body.errors);
}

/** Live delete, proven: the page's "Response HTTP/1.1 200 OK" with `deleted: true`. */
export function isDeletionConfirmation(system: DeletionSystem, status: number, answer: unknown) {
	return (
		status === 200 && isDeletionApiAnswer(system, answer) && asObject(answer)?.deleted === true
	);
}

/**
 * Dry run, proven: 200 with a deletion answer that says `found` ("verify if case exists and if its
 * state allows deletion"). Hub lists `found` as optional, but without it the answer says nothing
 * about whether the case exists, so it is not reported as found or missing.
 */
export function isDryRunAnswer(system: DeletionSystem, status: number, answer: unknown) {
	return (
		status === 200 &&
		isDeletionApiAnswer(system, answer) &&
		typeof asObject(answer)?.found === 'boolean'
	);
}

/**
 * Whether a confirmed deletion had already been done before this request: false for a request ID
 * of this run (Hub deleted the case for it; ClaimShop answers each request alone); null when the
 * item resumed an earlier request ID, because Hub answers a repeated request ID the same whether
 * the earlier request or this one completed the deletion.
 */
function alreadyDeletedWhenConfirmed(target: DeletionTarget) {
	return target.resuming ? null : false;
}

/** Hub: the GUID request ID of an answer that is not the one sent (compared case-insensitively). */
function otherRequestId(target: DeletionTarget, body: Record<string, unknown>) {
	if (target.system !== 'hubProperty' || !isGuid(body.requestId)) return undefined;
	const answered = body.requestId as string;
	return answered.toLowerCase() === target.requestId?.toLowerCase() ? undefined : answered;
}

function documentedShape(system: DeletionSystem) {
	return system === 'hubProperty'
		? '{"requestId": <GUID>, "deleted": …}'
		: '{"found": …, "deleted": …, "errors": […]}';
}

/** What to do after a live delete whose answer proves nothing. */
function unclearDeleteCheck(target: DeletionTarget, requestId: string | null) {
	if (target.system === 'hubProperty') {
		return `run this item again in Delete mode with Request ID set to ${requestId}; with the same request ID Hub continues the same deletion instead of starting another`;
	}
	return 'run a Dry run for this case; if it reports the case as found, it was not (fully) deleted and Delete can be run again';
}

function resumeHint(target: DeletionTarget, requestId: string | null) {
	if (target.system === 'hubProperty') {
		return `The case may be partly deleted. Run this item again in Delete mode with Request ID set to ${requestId} to continue the deletion from where it stopped.`;
	}
	return 'The case may be partly deleted, and ClaimShop has no request ID to resume with. Run a Dry run for this case: if it is still found, run Delete again.';
}

function caseLabel(target: DeletionTarget) {
	const identifier = truncate(target.identifier);
	return target.identifierField === 'caseNumber'
		? `case ${identifier}`
		: `the case with token ${identifier}`;
}

function capitalize(text: string) {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function strings(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((entry): entry is string => typeof entry === 'string')
		: [];
}
