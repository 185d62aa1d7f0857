const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
const PAD = 0x3d; // '='

/**
 * Writes the base64 of `source` straight into `target` at `offset` and returns the new offset.
 * Encoding through `toString('base64')` would first build a string as large as the encoded file
 * (1.33× its size) that lives until the garbage collector runs; writing the characters directly
 * keeps the body buffer the only copy of the encoded content.
 */
export function writeBase64Into(source: Uint8Array, target: Buffer, offset: number) {
	const whole = source.length - (source.length % 3);
	let out = offset;
	for (let i = 0; i < whole; i += 3) {
		const triple = (source[i] << 16) | (source[i + 1] << 8) | source[i + 2];
		target[out] = CODES[triple >>> 18];
		target[out + 1] = CODES[(triple >>> 12) & 63];
		target[out + 2] = CODES[(triple >>> 6) & 63];
		target[out + 3] = CODES[triple & 63];
		out += 4;
	}
	const rest = source.length - whole;
	if (rest === 1) {
		const value = source[whole] << 16;
		target[out] = CODES[value >>> 18];
		target[out + 1] = CODES[(value >>> 12) & 63];
		target[out + 2] = PAD;
		target[out + 3] = PAD;
		out += 4;
	} else if (rest === 2) {
		const value = (source[whole] << 16) | (source[whole + 1] << 8);
		target[out] = CODES[value >>> 18];
		target[out + 1] = CODES[(value >>> 12) & 63];
		target[out + 2] = CODES[(value >>> 6) & 63];
		target[out + 3] = PAD;
		out += 4;
	}
	return out;
}
