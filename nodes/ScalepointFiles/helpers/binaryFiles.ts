import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import {
	type ContentSource,
	looseBase64ByteLength,
	strictBase64ByteLength,
} from './jsonBodyBuilder';

/** One binary property of an input item, described without reading its content. */
export interface BinaryFile {
	binaryProperty: string;
	fileName: string;
	contentType: string;
	byteLength: number;
	source: ContentSource;
}

/** "data, photo ,  invoice" → ["data", "photo", "invoice"], each once. */
export function parsePropertyNames(text: string): string[] {
	return [
		...new Set(
			text
				.split(',')
				.map((name) => name.trim())
				.filter((name) => name !== ''),
		),
	];
}

/**
 * Reads the metadata of one binary property. The content is not read here: a stored file (n8n's
 * filesystem/database modes, with an `id`) is streamed later, one file at a time, and an
 * in-memory file is already base64, which is what the request carries.
 */
export async function describeBinary(
	ctx: IExecuteFunctions,
	binaryProperty: string,
	binary: IBinaryData,
): Promise<BinaryFile> {
	const fileName = binary.fileName ?? '';
	const contentType = binary.mimeType || 'application/octet-stream';
	const id = binary.id;
	if (id) {
		// `bytes` is set by n8n when the data is stored; older items only have the pretty
		// `fileSize` text ("1.2 MB"), so the exact size then comes from the store.
		const byteLength =
			typeof binary.bytes === 'number'
				? binary.bytes
				: (await ctx.helpers.getBinaryMetadata(id)).fileSize;
		return {
			binaryProperty,
			fileName,
			contentType,
			byteLength,
			source: { kind: 'stream', open: async () => await ctx.helpers.getBinaryStream(id) },
		};
	}
	const base64 = binary.data ?? '';
	// n8n stores canonical base64, whose size follows from its length. Base64 set by hand (a Code
	// node, MIME text with CRLF line breaks) is counted without its whitespace, so the 100 MB check
	// and the body's size are right; the body builder re-encodes it canonically. Anything else
	// keeps the rough estimate and is refused by the body builder as not base64.
	const byteLength =
		strictBase64ByteLength(base64) ??
		looseBase64ByteLength(base64) ??
		Buffer.byteLength(base64, 'base64');
	return { binaryProperty, fileName, contentType, byteLength, source: { kind: 'base64', base64 } };
}
