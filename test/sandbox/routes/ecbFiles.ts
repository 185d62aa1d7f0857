import { randomUUID } from 'node:crypto';
import { requireScope } from '../auth';
import type { SandboxDeps } from '../context';
import { isAllowedEcbFileName } from '../ecbExtensions';
import { isRecord, json, mediaType, parseJson, type Reply, type RequestContext } from '../http';
import type { StoredFile } from '../state';

export const ECB_SCOPE = 'platform-service-provider:write';
/** Whole request body limit: room for a 100 MB file in base64 plus the envelope. */
export const ECB_MAX_BODY_BYTES = 150 * 1024 * 1024;
/** Per file, decoded (the page's "100 MB"). */
export const ECB_MAX_FILE_BYTES = 100 * 1024 * 1024;
export const ECB_MAX_FILE_NAME_LENGTH = 500;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Target = 'case' | 'damageNotification';

function failure(status: number, errorType: string, errorDescription: string): Reply {
	return json(status, { success: false, errorType, errorDescription });
}

/** Decoded size of strict (padded, no whitespace) base64, or undefined when it is not that. */
export function strictBase64Size(content: string): number | undefined {
	if (content.length % 4 !== 0 || !STRICT_BASE64.test(content)) return undefined;
	return base64Size(content);
}

function base64Size(content: string): number {
	const padding = content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0;
	return Math.floor(content.length / 4) * 3 - padding;
}

/** POST /ecx/{tenant}/api/integration/v1/file/submitForCase | submitForDamageNotification */
export function ecbSubmit(target: Target) {
	return async (ctx: RequestContext, deps: SandboxDeps): Promise<Reply> => {
		// [x] 401 body: the page documents no body for 401; this mirrors its error shape.
		const refused = requireScope(ctx, deps, ECB_SCOPE, {
			success: false,
			errorType: 'Unauthorized',
			errorDescription: 'No authorization header or wrong authorization header provided',
		});
		if (refused) return refused;
		const { tenant } = ctx.params;
		// [x] unknown tenant: 404 GenericError (not documented).
		if (!deps.state.ecbTenants.includes(tenant)) {
			return failure(404, 'GenericError', `Tenant '${tenant}' not found`);
		}
		if (mediaType(ctx.headers) !== 'application/json') {
			return failure(415, 'GenericError', 'Content-Type must be application/json');
		}
		if (ctx.bodyTooLarge) {
			return failure(413, 'GenericError', 'Request body exceeds 150 MB');
		}
		const parsed = parseJson(ctx.body);
		// [x] unparseable body: 400 GenericError.
		if (!parsed.ok || !isRecord(parsed.value)) {
			return failure(400, 'GenericError', 'Request body must be a JSON object');
		}
		return submit(target, parsed.value, ctx, deps);
	};
}

function submit(
	target: Target,
	body: Record<string, unknown>,
	ctx: RequestContext,
	deps: SandboxDeps,
): Reply {
	const { state } = deps;
	// [x] wrong/missing securityToken: 401 (the page's "extra layer of verification").
	if (body.securityToken !== state.ecbSecurityToken) {
		return failure(401, 'Unauthorized', 'securityToken is not valid');
	}
	const payload = body.payload;
	if (!isRecord(payload)) return failure(400, 'GenericError', 'payload is required');

	const id = payload.id;
	if (typeof id !== 'string' || !GUID.test(id)) {
		return failure(
			400,
			'GenericError',
			`payload.id with value '${String(id)}' is not ok. Reason: not a GUID`,
		);
	}
	const key = id.toLowerCase();
	const ecbCase = target === 'case' ? state.ecbCases[key] : undefined;
	const notification = target === 'damageNotification' ? state.damageNotifications[key] : undefined;
	if (target === 'case' && !ecbCase) {
		return failure(404, 'ClaimNotFound', `Claim with id ${id} not found`);
	}
	if (target === 'damageNotification' && !notification) {
		return failure(
			404,
			'DamageNotificationNotFound',
			`Damage notification with id ${id} not found`,
		);
	}
	const email = payload.userEmail;
	if (typeof email !== 'string' || !state.activeUserEmails.includes(email.toLowerCase())) {
		return failure(404, 'UserNotFound', `User with e-mail '${String(email)}' not found`);
	}
	// [x] unknown alias: 400 GenericError (not documented).
	const alias = payload.insuranceCompanyAlias;
	if (typeof alias !== 'string' || !state.insuranceCompanyAliases.includes(alias)) {
		return failure(400, 'GenericError', `insuranceCompanyAlias '${String(alias)}' is not known`);
	}
	if (ecbCase?.status === 'closed') {
		return failure(
			400,
			'ClaimIsClosed',
			`payload.id with value '${id}' is not ok. Reason: Claim with id ${id} is closed`,
		);
	}
	if (notification?.status === 'merged') {
		return failure(
			400,
			'DamageNotificationMergedToClaim',
			`payload.id with value '${id}' is not ok. Reason: Damage notification with id ${id} is already merged to claim with id ${notification.claimId}`,
		);
	}

	const checked = checkFiles(payload.files);
	if ('reply' in checked) return checked.reply;
	const stored: StoredFile[] = checked.files.map((file) => ({
		id: randomUUID(),
		tenant: ctx.params.tenant,
		target,
		targetId: key,
		clientId: ctx.entry.clientId,
		...file,
	}));
	state.files.push(...stored);
	return json(200, {
		success: true,
		payload: { files: stored.map((file) => ({ id: file.id, fileName: file.fileName })) },
	});
}

type CheckedFile = Omit<StoredFile, 'id' | 'tenant' | 'target' | 'targetId' | 'clientId'>;

/** All files are checked before any is stored: a request is accepted or refused as a whole. */
function checkFiles(files: unknown): { files: CheckedFile[] } | { reply: Reply } {
	// [x] files missing or empty: 400 GenericError.
	if (!Array.isArray(files) || files.length === 0) {
		return { reply: failure(400, 'GenericError', 'payload.files must be a non-empty array') };
	}
	const checked: CheckedFile[] = [];
	for (const [index, file] of files.entries()) {
		const where = `payload.files[${index}]`;
		if (!isRecord(file))
			return { reply: failure(400, 'GenericError', `${where} must be an object`) };
		const { fileName, contentType, content, description, isRestricted, isDamageImage } = file;
		if (typeof fileName !== 'string' || fileName === '') {
			return { reply: failure(400, 'GenericError', `${where}.fileName is required`) };
		}
		// [x] a too-long name is a 400 (the page gives the limit, not the answer).
		if (fileName.length > ECB_MAX_FILE_NAME_LENGTH) {
			return {
				reply: failure(400, 'GenericError', `${where}.fileName is longer than 500 characters`),
			};
		}
		if (typeof contentType !== 'string' || contentType === '') {
			return { reply: failure(400, 'GenericError', `${where}.contentType is required`) };
		}
		if (!isAllowedEcbFileName(fileName)) {
			return {
				reply: failure(415, 'GenericError', `${where}.fileName has an unsupported file extension`),
			};
		}
		// Too large is decided from the length alone: no need to scan 140 MB of text first.
		if (typeof content === 'string' && base64Size(content) > ECB_MAX_FILE_BYTES) {
			return {
				reply: failure(413, 'GenericError', `${where} exceeds the maximum file size (100 MB)`),
			};
		}
		const size =
			typeof content === 'string' && content !== '' ? strictBase64Size(content) : undefined;
		// [x] missing or non-base64 content: 400 GenericError.
		if (size === undefined) {
			return { reply: failure(400, 'GenericError', `${where}.content must be base64`) };
		}
		for (const [name, flag] of Object.entries({ isRestricted, isDamageImage })) {
			if (flag !== undefined && typeof flag !== 'boolean') {
				return { reply: failure(400, 'GenericError', `${where}.${name} must be a boolean`) };
			}
		}
		if (description !== undefined && typeof description !== 'string') {
			return { reply: failure(400, 'GenericError', `${where}.description must be a string`) };
		}
		checked.push({
			fileName,
			contentType,
			size,
			description: description as string | undefined,
			isRestricted: isRestricted as boolean | undefined,
			isDamageImage: isDamageImage as boolean | undefined,
		});
	}
	return { files: checked };
}
