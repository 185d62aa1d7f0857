import type { INode } from 'n8n-workflow';

import { apiError, asObject } from '../../shared/httpErrors';
import { withItemData } from '../../shared/itemRunner';
import { unreadableRead } from '../../shared/unconfirmedAnswer';
import { SCOPES } from '../../Scalepoint/scopes';
import {
	describeBody,
	stillBusyMessage,
	TOKEN_REFUSED_MESSAGE,
	type ScalepointResponse,
} from '../../Scalepoint/transport';

/** What was read, for the words of an error. */
export interface ReadSubject {
	/** "case" or "settlement revision". */
	noun: string;
	/** The identifier's field in the error item: `caseToken` or `revisionToken`. */
	key: 'caseToken' | 'revisionToken';
	token: string;
	country: string;
	tenant: string;
	/** The documented success answer, for "not understood" errors. */
	expected: string;
	/** Where to look when a 2xx is not understood. */
	next: string;
	/** Words for a status this read documents itself (400 and 406 of the Settlement API). */
	own?: (status: number, said: string | undefined) => { message: string; next: string } | undefined;
}

/**
 * The error for an answer that is not the documented success. Reading changes nothing, so every
 * next step may say "run again"; a 2xx in another shape is "not understood", never "not found".
 */
export function readError(
	node: INode,
	response: ScalepointResponse,
	subject: ReadSubject,
	itemIndex: number,
) {
	return withItemData(describe(node, response, subject, itemIndex), {
		[subject.key]: subject.token,
	});
}

function describe(
	node: INode,
	{ status, body }: ScalepointResponse,
	subject: ReadSubject,
	itemIndex: number,
) {
	const { noun, token, country, tenant } = subject;
	const said = describeBody(body);
	const saying = said ? `Scalepoint said: ${said}. ` : '';
	const where = `country "${country}", tenant "${tenant}"`;
	if (status >= 200 && status < 300) {
		return unreadableRead(node, {
			vendor: 'Scalepoint',
			status,
			body,
			expected: subject.expected,
			what: `a ${noun}`,
			next: subject.next,
			itemIndex,
		});
	}
	const own = subject.own?.(status, said);
	if (own) return apiError(node, status, own.message, `${saying}${own.next}`, itemIndex);
	if (status === 404) {
		return apiError(
			node,
			status,
			`Scalepoint has no ${noun} with token ${token} for ${where} (404)`,
			`${saying}Check the token, the country and the tenant (and the host, if you set one).`,
			itemIndex,
		);
	}
	if (status === 401) {
		return apiError(
			node,
			status,
			TOKEN_REFUSED_MESSAGE,
			'Check that the credential environment matches the host, and that Scalepoint has enabled your client.',
			itemIndex,
		);
	}
	if (status === 403) {
		const scope = asObject(body)?.error === 'insufficient_scope';
		return apiError(
			node,
			status,
			scope
				? `Scalepoint refused access (403): the token lacks the scope ${SCOPES.caseRead}`
				: `Scalepoint refused access to the ${noun} (403)`,
			`${saying}Reading needs the scope ${SCOPES.caseRead} and access to tenant "${tenant}": add the scope to the credential and ask Scalepoint to grant it to your client.`,
			itemIndex,
		);
	}
	if (status === 429 || status === 503) {
		return apiError(
			node,
			status,
			stillBusyMessage(status),
			`${saying}Reading changes nothing: run it again later.`,
			itemIndex,
		);
	}
	if (status >= 500) {
		return apiError(
			node,
			status,
			`Scalepoint failed (${status}) to give the ${noun} ${token}, also when asked again`,
			`${saying}Reading changes nothing: run it again later.`,
			itemIndex,
		);
	}
	return apiError(
		node,
		status,
		`Scalepoint answered ${status} for the ${noun} ${token}`,
		`${saying}Check the token, the country "${country}" and the tenant "${tenant}", then run again.`,
		itemIndex,
	);
}
