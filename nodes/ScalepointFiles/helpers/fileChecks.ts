import { ALLOWED_EXTENSIONS, extensionOf, isAllowedExtension } from './allowedExtensions';

/** The vendor page's limits: "max length - 500 characters" and "100 MB" per file. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_FILE_NAME_LENGTH = 500;

export interface FileFacts {
	binaryProperty: string;
	fileName: string;
	byteLength: number;
}

/** Every extension the ECB file API accepts: the details of the error that refuses another. */
export const ALLOWED_TYPES_TEXT = `Allowed: ${ALLOWED_EXTENSIONS.join(', ')}.`;

/**
 * Why Scalepoint would refuse this file, or undefined when it passes. Checked for every file of
 * an item before anything is read or sent, so a refused file costs no upload.
 */
export function fileProblem({
	binaryProperty,
	fileName,
	byteLength,
}: FileFacts): string | undefined {
	const which = `binary property "${binaryProperty}"`;
	if (fileName.trim() === '') {
		return `The file in ${which} has no file name. Set one under File Settings or in the node that created it.`;
	}
	const named = `File "${shorten(fileName)}" (${which})`;
	if (fileName.length > MAX_FILE_NAME_LENGTH) {
		return `${named} has a name of ${fileName.length} characters; Scalepoint accepts at most ${MAX_FILE_NAME_LENGTH}. Set a shorter name under File Settings.`;
	}
	if (!isAllowedExtension(fileName)) {
		const extension = extensionOf(fileName);
		const what = extension === '' ? 'has no file extension' : `has the extension ".${extension}"`;
		return `${named} ${what}, which Scalepoint does not accept. Use an allowed type, or set a file name with the right extension under File Settings (the allowed types are listed in the details).`;
	}
	// "Content ... Required": an empty file has no content to send [guess: the page is silent on 0 bytes].
	if (byteLength === 0) {
		return `${named} is empty (0 bytes); Scalepoint requires file content.`;
	}
	if (byteLength > MAX_FILE_BYTES) {
		return `${named} is ${byteLength} bytes; Scalepoint accepts at most 100 MB (${MAX_FILE_BYTES} bytes) per file.`;
	}
	return undefined;
}

function shorten(text: string, max = 80) {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
