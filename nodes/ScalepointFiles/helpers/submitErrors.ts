import type { INode } from 'n8n-workflow';

import { describeBody } from '../../Scalepoint/transport';
import { apiError, asObject } from '../../shared/httpErrors';
import { isFilledText, unconfirmedWrite } from '../../shared/unconfirmedAnswer';
import type { SubmitTarget } from '../actions/file/targets';

export interface SubmitContext {
	target: SubmitTarget;
	id: string;
	userEmail: string;
	/** e.g. `"a.pdf" (data), "b.jpg" (photo)`. */
	fileList: string;
	itemIndex: number;
}

/** The documented success answer, once checked by `isFilesConfirmation`. */
export interface FilesConfirmation {
	success: true;
	payload: { files: Array<{ id: string; fileName?: unknown }> };
}

/**
 * The page's success answer: "OK (200) … Files were uploaded successfully", `$.success` true and
 * the sample's `payload.files[*]` with the `id` of every stored file. Without those IDs (HTML,
 * `{}`, a cut-off body, `success` alone) nothing proves where the files went.
 */
export function isFilesConfirmation(status: number, answer: unknown): answer is FilesConfirmation {
	const object = asObject(answer);
	const files = asObject(object?.payload)?.files;
	return (
		status === 200 &&
		object?.success === true &&
		Array.isArray(files) &&
		files.length > 0 &&
		files.every((file) => isFilledText(asObject(file)?.id))
	);
}

/**
 * Maps the vendor page's error table ("Response with Status Code | Error type") to errors that
 * say what happened and what to check. Answers that do not prove the files were refused say that
 * the files may have been stored, because the request is never resent automatically.
 */
export function submitError(node: INode, status: number, body: unknown, context: SubmitContext) {
	const { target, id, userEmail, fileList, itemIndex } = context;
	const object = asObject(body);
	const errorType = typeof object?.errorType === 'string' ? object.errorType : undefined;
	const detail = describeBody(body);
	const typed = errorType ? ` (${status} ${errorType})` : ` (${status})`;
	const fail = (message: string, description?: string) =>
		apiError(node, status, `${message}${typed}`, description, itemIndex);
	const notStored = 'No file was stored.';

	if (status === 400 && errorType === 'ClaimIsClosed') {
		return fail(
			`Case ${id} is closed, so no files can be added to it`,
			`${notStored} Reopen the case in Scalepoint or submit the files to an open case. ${detail ?? ''}`.trim(),
		);
	}
	if (status === 400 && errorType === 'DamageNotificationMergedToClaim') {
		return fail(
			`Damage notification ${id} is already merged into a case`,
			`${notStored} Submit the files to that case with the operation "Submit to Case". ${detail ?? ''}`.trim(),
		);
	}
	if (status === 401) {
		return fail(
			'Scalepoint did not accept the authorization, even with a new access token',
			`${notStored} Check the Security Token (the GUID Scalepoint gave you for ECB files) and that the credential's environment matches the host.`,
		);
	}
	if (status === 403) {
		return fail(
			'Scalepoint refused access: the token lacks the scope platform-service-provider:write',
			`${notStored} Ask Scalepoint to grant this scope to your client.`,
		);
	}
	if (status === 404 && errorType === 'UserNotFound') {
		return fail(
			`User ${userEmail} was not found as an active service-partner employee`,
			`${notStored} Check the User E-mail: it must belong to an active service-partner employee in Scalepoint ECB.`,
		);
	}
	if (status === 404 && errorType === 'ClaimNotFound') {
		return fail(`Case ${id} was not found`, `${notStored} Check the Case ID and the tenant.`);
	}
	if (status === 404 && errorType === 'DamageNotificationNotFound') {
		return fail(
			`Damage notification ${id} was not found`,
			`${notStored} Check the Damage Notification ID and the tenant.`,
		);
	}
	if (status === 404) {
		return fail(
			`Scalepoint found no ECB file endpoint for this ${target.noun}`,
			`${notStored} Check the host and tenant parameters. ${detail ?? ''}`.trim(),
		);
	}
	if (status === 413) {
		return fail(
			`A file is larger than Scalepoint accepts (100 MB per file): ${fileList}`,
			`${notStored} ${detail ?? ''}`.trim(),
		);
	}
	if (status === 415) {
		return fail(
			`Scalepoint does not accept the type of a file: ${fileList}`,
			`${notStored} Check the file extensions against the allowed list. ${detail ?? ''}`.trim(),
		);
	}
	if (status === 429) {
		return fail(
			'Scalepoint is busy or unavailable and still was after several retries',
			`${notStored} Run this item again later.`,
		);
	}
	if (status === 400) {
		return fail(
			`Scalepoint refused the files for ${target.noun} ${id}`,
			`${notStored} ${detail ?? 'Check the parameters.'}`,
		);
	}
	if (status >= 200 && status < 300) {
		return unconfirmedWrite(node, {
			vendor: 'Scalepoint',
			status,
			body,
			expected: '200 with {"success": true, "payload": {"files": [{"id": …}]}}',
			what: `the upload of ${fileList} to ${target.noun} ${id}`,
			check: `look at the files of ${target.noun} ${id} in Scalepoint`,
			itemIndex,
		});
	}
	const unsure = `The files may have been stored: check ${target.noun} ${id} in Scalepoint before running this item again.`;
	if (status >= 500) {
		return fail(
			`Scalepoint failed with an internal error: ${detail ?? 'no details given'}`,
			unsure,
		);
	}
	return fail(
		`Scalepoint answered unexpectedly for ${target.noun} ${id}${detail ? `: ${detail}` : ''}`,
		unsure,
	);
}
