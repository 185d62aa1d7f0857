import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { concurrencyOf } from '../../../Scalepoint/commonFields';
import { SCOPES } from '../../../Scalepoint/scopes';
import { ScalepointClient, ScalepointCredentialError } from '../../../Scalepoint/transport';
import { asObject } from '../../../shared/httpErrors';
import { runItems } from '../../../shared/itemRunner';
import { pathSegment } from '../../../shared/pathSegment';
import { timeoutMsOf } from '../../../shared/timeoutOption';
import { unconfirmedWrite } from '../../../shared/unconfirmedAnswer';
import {
	invalidField,
	optionalText,
	quoteValue,
	requireEmail,
	requireGuid,
	requireText,
} from '../../../shared/validation';
import { type BinaryFile, describeBinary, parsePropertyNames } from '../../helpers/binaryFiles';
import { isAllowedExtension } from '../../helpers/allowedExtensions';
import { ALLOWED_TYPES_TEXT, fileProblem } from '../../helpers/fileChecks';
import { FileContentError, buildJsonBody } from '../../helpers/jsonBodyBuilder';
import {
	type FilesConfirmation,
	isFilesConfirmation,
	submitError,
} from '../../helpers/submitErrors';
import { PER_FILE_FLAG } from './fields';
import type { SubmitTarget } from './targets';

interface FileSettings {
	binaryProperty?: string;
	fileName?: string;
	contentType?: string;
	description?: string;
	/** A PER_FILE_FLAG value, or a boolean saved by versions before it existed. */
	isRestricted?: unknown;
	isDamageImage?: unknown;
}

/** A file ready to send: its binary metadata with the user's settings applied. */
interface OutgoingFile extends BinaryFile {
	description?: string;
	flag: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * POST {host}/ecx/{tenant}/api/integration/v1/file/{submitForCase|submitForDamageNotification}:
 * all files of one item in one JSON request, their content as base64. Not idempotent (a resend
 * would store the files twice), so it is never repeated after it may have reached Scalepoint;
 * the transport only resends after a 401, with the same prebuilt body.
 */
export async function submitFiles(
	this: IExecuteFunctions,
	target: SubmitTarget,
): Promise<INodeExecutionData[][]> {
	const client = await ScalepointClient.open(this, SCOPES.filesWrite);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = concurrencyOf(this.getNode(), options.concurrency, 1);
	let unmatched = 0;
	// Every binary field name in the input, for "Send All": read once, not once per item.
	const inputFields = new Set(
		this.getInputData().flatMap((item) => Object.keys(item.binary ?? {})),
	);

	const results = await runItems(
		this,
		async (itemIndex) => {
			// Read per item (it may be an expression), and checked before anything is read or sent.
			const timeoutMs = timeoutMsOf(
				this.getNode(),
				this.getNodeParameter('options.timeoutSeconds', itemIndex, 600),
				600,
				{ itemIndex },
			);
			const request = await prepare(this, client, target, itemIndex);
			const files = await collectFiles(this, target, itemIndex, inputFields);
			const body = await buildBody(this.getNode(), target, request, files, itemIndex);

			const response = await client.request({
				method: 'POST',
				url: request.url,
				headers: { 'Content-Type': 'application/json' },
				// A Buffer can be sent again as it is: the 401 resend needs no second read of the files.
				body: () => body,
				idempotent: false,
				timeoutMs,
				// The ECB security token is a secret: an echoing answer must not show it.
				secrets: [request.securityToken],
				itemIndex,
			});
			const answer = asObject(response.body);
			const context = {
				target,
				id: request.id,
				userEmail: request.userEmail,
				fileList: files.map((f) => `"${f.fileName}" (${f.binaryProperty})`).join(', '),
				itemIndex,
			};
			if (!isFilesConfirmation(response.status, answer)) {
				throw submitError(this.getNode(), response.status, response.body, context);
			}
			const stored = storedFiles(answer);
			const mapped = mapIds(files, stored);
			// A file without an ID in the answer is not proven stored (nor proven refused).
			if (mapped.files.some((file) => file.id === null)) {
				throw unconfirmedWrite(this.getNode(), {
					vendor: 'Scalepoint',
					status: response.status,
					body: response.body,
					expected: `an ID for each of the ${files.length} files sent; it listed ${stored.length}`,
					what: `the upload of ${context.fileList} to ${target.noun} ${request.id}`,
					check: `look at the files of ${target.noun} ${request.id} in Scalepoint`,
					itemIndex,
				});
			}
			if (mapped.unmatched) unmatched++;
			return { success: true, [target.idParameter]: request.id, files: mapped.files };
		},
		{
			concurrency,
			primeFirst: true,
			stopsTheRun: (error) => error instanceof ScalepointCredentialError,
			// A stopped run names the files already stored, so a re-run does not store them twice.
			tookEffect: (output) => ({
				[target.idParameter]: output[target.idParameter],
				fileIds: ((output.files as IDataObject[] | undefined) ?? []).map((file) => file.id),
			}),
		},
	);

	if (unmatched > 0) {
		this.addExecutionHints({
			message: `For ${unmatched} item(s) Scalepoint returned file names that differ from what was sent, or more files than were sent; their IDs were matched by order. Check "files" in the output.`,
			location: 'outputPane',
		});
	}
	return [results];
}

interface PreparedRequest {
	url: string;
	id: string;
	insuranceCompanyAlias: string;
	userEmail: string;
	securityToken: string;
	timestamp?: string;
}

async function prepare(
	ctx: IExecuteFunctions,
	client: ScalepointClient,
	target: SubmitTarget,
	itemIndex: number,
): Promise<PreparedRequest> {
	const node = ctx.getNode();
	const param = (name: string) => ctx.getNodeParameter(name, itemIndex);
	// ECB lives on the Hub host. Checked first: the body carries the security token.
	const host = client.host('hub', ctx.getNodeParameter('host', itemIndex, ''), itemIndex);
	const tenant = pathSegment(
		node,
		'Tenant',
		requireText(node, 'Tenant', param('tenant'), itemIndex),
		itemIndex,
	);
	const id = requireGuid(node, target.idLabel, param(target.idParameter), itemIndex);
	const insuranceCompanyAlias = requireText(
		node,
		'Insurance Company Alias',
		param('insuranceCompanyAlias'),
		itemIndex,
	);
	const userEmail = requireEmail(node, 'User E-Mail', param('userEmail'), itemIndex);
	const securityToken = requireSecurityToken(node, param('securityToken'), itemIndex);
	const timestampText = optionalText(
		node,
		'Timestamp',
		ctx.getNodeParameter('options.timestamp', itemIndex, ''),
		itemIndex,
	);
	if (timestampText !== '' && !isCalendarDate(timestampText)) {
		throw invalidField(
			node,
			'Timestamp',
			`must be a date as yyyy-MM-dd, e.g. 2026-01-31 (got "${timestampText.slice(0, 40)}")`,
			itemIndex,
		);
	}
	return {
		url: `${host}/ecx/${tenant}/api/integration/v1/file/${target.endpoint}`,
		id,
		insuranceCompanyAlias,
		userEmail,
		securityToken,
		timestamp: timestampText === '' ? undefined : timestampText,
	};
}

/** Like requireGuid, but never quotes the value back: it is a shared secret. */
function requireSecurityToken(node: INode, value: unknown, itemIndex: number) {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw invalidField(node, 'Security Token', 'is required', itemIndex);
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
		throw invalidField(
			node,
			'Security Token',
			'must be a GUID such as 11111111-2222-3333-4444-555555555555',
			itemIndex,
			'Use the security token your Scalepoint contact gave you.',
		);
	}
	return text;
}

function isCalendarDate(text: string) {
	if (!DATE.test(text)) return false;
	const date = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The item's files with settings applied, all checked before any content is read. */
async function collectFiles(
	ctx: IExecuteFunctions,
	target: SubmitTarget,
	itemIndex: number,
	inputFields: ReadonlySet<string>,
): Promise<OutgoingFile[]> {
	const node = ctx.getNode();
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	const all = ctx.getNodeParameter('allBinaryProperties', itemIndex, false) as boolean;
	const names = all
		? Object.keys(binary)
		: parsePropertyNames(
				optionalText(
					node,
					'Input Binary Fields',
					ctx.getNodeParameter('binaryPropertyNames', itemIndex, 'data'),
					itemIndex,
				),
			);
	if (names.length === 0) {
		throw new NodeOperationError(
			node,
			all
				? 'The item has no binary data, so there is no file to send'
				: 'Input Binary Fields is empty: name at least one binary field',
			{
				itemIndex,
				description:
					'Scalepoint needs at least one file per request. Add a node that loads the file (e.g. Read/Write Files from Disk, HTTP Request) before this one.',
			},
		);
	}
	const missing = names.filter((name) => !binary[name]);
	if (missing.length > 0) {
		const present = Object.keys(binary);
		throw new NodeOperationError(
			node,
			`The item has no binary field ${missing.map((m) => `"${m}"`).join(', ')}`,
			{
				itemIndex,
				description:
					present.length > 0
						? `Its binary fields are: ${present.join(', ')}. Correct Input Binary Fields.`
						: 'The item has no binary data. Add a node that loads the file before this one.',
			},
		);
	}

	const settings = fileSettings(ctx, itemIndex);
	// With "Send All Binary Properties" items may differ (an optional attachment): an entry for a
	// field this item lacks has nothing to apply to, but one that no input item has is a typo (it
	// would leave that file with the node's settings, perhaps public). A named list is exact.
	const unknownSettings = [...settings.keys()].filter((name) =>
		all ? !inputFields.has(name) : !names.includes(name),
	);
	if (unknownSettings.length > 0) {
		throw invalidField(
			node,
			'File Settings',
			all
				? `name binary fields that no input item has: ${unknownSettings.join(', ')}`
				: `name binary fields that are not sent: ${unknownSettings.join(', ')}`,
			itemIndex,
			`${all ? 'Fields in the input' : 'Sent fields'}: ${(all ? [...inputFields] : names).join(', ')}.`,
		);
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const singleName = text(options.fileName);
	const singleType = text(options.contentType);
	if ((singleName || singleType) && names.length !== 1) {
		throw invalidField(
			node,
			'Options',
			`"File Name" and "Content Type" apply to one file, but this item sends ${names.length}`,
			itemIndex,
			'Use File Settings to set them per binary field.',
		);
	}

	const files: OutgoingFile[] = [];
	for (const name of names) {
		const described = await describeBinary(ctx, name, binary[name]);
		const own = settings.get(name);
		const file: OutgoingFile = {
			...described,
			fileName: text(own?.fileName) ?? singleName ?? described.fileName,
			contentType: text(own?.contentType) ?? singleType ?? described.contentType,
			description: text(own?.description) ?? text(options.description),
			flag: perFileFlag(ctx.getNode(), target, own?.[target.flag], options[target.flag], itemIndex),
		};
		const problem = fileProblem(file);
		if (problem) {
			// About 160 extensions: too many for the message, so they are its details.
			const description = isAllowedExtension(file.fileName) ? undefined : ALLOWED_TYPES_TEXT;
			throw new NodeOperationError(node, problem, { itemIndex, description });
		}
		files.push(file);
	}
	return files;
}

function fileSettings(ctx: IExecuteFunctions, itemIndex: number) {
	const raw = ctx.getNodeParameter('fileSettings.file', itemIndex, []) as FileSettings[];
	const byName = new Map<string, FileSettings>();
	for (const entry of raw) {
		const name = text(entry.binaryProperty);
		if (!name)
			throw invalidField(
				ctx.getNode(),
				'File Settings',
				'has an entry without a binary field',
				itemIndex,
			);
		if (byName.has(name))
			throw invalidField(
				ctx.getNode(),
				'File Settings',
				`has two entries for "${name}"`,
				itemIndex,
			);
		byName.set(name, entry);
	}
	return byName;
}

/**
 * A file's Restricted / Damage Image: the File Settings value when the user chose one, else the
 * node's default under Options. Saved workflows from before the three-way choice hold a boolean:
 * `true` was a deliberate choice and stays Yes. `false` was also what every new entry got, so it
 * cannot be told apart from "not chosen"; it is read as "Use Node Setting", which is never less
 * restricted than the Options default (a file the user restricted there must not become public).
 */
function perFileFlag(
	node: INode,
	target: SubmitTarget,
	value: unknown,
	nodeDefault: unknown,
	itemIndex: number,
): boolean {
	if (value === true || value === PER_FILE_FLAG.yes) return true;
	if (value === PER_FILE_FLAG.no) return false;
	if (
		value === undefined ||
		value === false ||
		value === '' ||
		value === PER_FILE_FLAG.useNodeSetting
	)
		return Boolean(nodeDefault);
	const label = target.flag === 'isRestricted' ? 'Restricted' : 'Damage Image';
	throw invalidField(
		node,
		`File Settings → ${label}`,
		`must be "${PER_FILE_FLAG.useNodeSetting}", "${PER_FILE_FLAG.yes}" or "${PER_FILE_FLAG.no}" (got ${quoteValue(value)})`,
		itemIndex,
	);
}

async function buildBody(
	node: INode,
	target: SubmitTarget,
	request: PreparedRequest,
	files: OutgoingFile[],
	itemIndex: number,
) {
	try {
		// Field names and nesting as in the vendor page's request example.
		return await buildJsonBody(
			files.map((file) => ({
				source: file.source,
				byteLength: file.byteLength,
				label: `File "${file.fileName}" (binary field "${file.binaryProperty}")`,
			})),
			(slots) => ({
				securityToken: request.securityToken,
				...(request.timestamp ? { timestamp: request.timestamp } : {}),
				payload: {
					id: request.id,
					insuranceCompanyAlias: request.insuranceCompanyAlias,
					userEmail: request.userEmail,
					files: files.map((file, index) => ({
						fileName: file.fileName,
						contentType: file.contentType,
						content: slots[index],
						...(file.description ? { description: file.description } : {}),
						[target.flag]: file.flag,
					})),
				},
			}),
		);
	} catch (error) {
		if (error instanceof FileContentError)
			throw new NodeOperationError(node, error.message, { itemIndex });
		throw new NodeOperationError(node, error as Error, { itemIndex });
	}
}

function storedFiles(answer: FilesConfirmation) {
	return answer.payload.files.map((file) => ({
		id: file.id,
		fileName: typeof file.fileName === 'string' ? file.fileName : '',
	}));
}

/**
 * Gives each sent file the ID Scalepoint returned for it. The answer lists the files in request
 * order; names are checked too, and a name that moved is matched by name instead.
 */
function mapIds(sent: OutgoingFile[], stored: Array<{ id: string; fileName: string }>) {
	const used = new Set<number>();
	let unmatched = sent.length !== stored.length;
	const files = sent.map((file, index) => {
		let at = stored[index]?.fileName === file.fileName && !used.has(index) ? index : -1;
		if (at < 0)
			at = stored.findIndex((entry, i) => !used.has(i) && entry.fileName === file.fileName);
		if (at < 0) {
			unmatched = true;
			at = index < stored.length && !used.has(index) ? index : -1;
		}
		if (at >= 0) used.add(at);
		const entry = at >= 0 ? stored[at] : undefined;
		return {
			id: entry?.id ?? null,
			fileName: entry?.fileName ?? file.fileName,
			binaryProperty: file.binaryProperty,
		};
	});
	return { files, unmatched };
}

function text(value: unknown) {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
