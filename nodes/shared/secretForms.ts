/**
 * Every form in which a server may plausibly write a secret back. Servers echo requests in their
 * error texts: a JSON body inside a JSON string, a form body, an HTML error page. A secret with a
 * `"`, `\`, tab or non-ASCII character then appears escaped, and a search for the raw text misses
 * it (a Thinksurance secret with a `"` came back JSON-escaped in a token error).
 *
 * Each form is what a common encoder produces, so redaction stays a plain substring search:
 * - JSON: standard, nested twice (a JSON document quoted inside a JSON string), `\/` for `/`
 *   (PHP), every non-ASCII character as `\uxxxx` (PHP, lower-case hex) or `\uXXXX` (Java), and
 *   System.Text.Json's default, which also writes `"&'+<>\`` as `\u00XX`;
 * - each of those inside HTML, with named (`&quot;`) or numeric (`&#34;`) character references;
 * - URL encoding of each JSON form (the raw one included): `encodeURIComponent`, form encoding
 *   (space as `+`), lower-case hex, and twice.
 */
export function secretForms(secret: string): string[] {
	const forms = new Set<string>();
	for (const json of JSON_FORMS) {
		const escaped = json(secret);
		forms.add(escaped);
		forms.add(htmlNamed(escaped));
		forms.add(htmlNumeric(escaped));
		// A JSON body echoed URL-encoded (in a query string, a form field, a redirect).
		for (const url of URL_FORMS) forms.add(url(escaped));
	}
	for (const encoded of binaryForms(secret)) forms.add(encoded);
	return [...forms];
}

/**
 * Forms that re-encode the secret's bytes rather than escape its characters. Matching is
 * case-insensitive (redact.ts), which already covers a GUID or hex text echoed in upper case.
 * - a GUID without its dashes (.NET's "N" format, common in logs and database echoes);
 * - hex of the UTF-8 bytes;
 * - base64 and base64url, also when the secret is only part of what was encoded (a gateway
 *   echoing the whole `Authorization: Bearer <token>` header in base64): base64 writes 3 bytes as
 *   4 characters, so a secret inside a longer text starts at one of 3 alignments; for each, the
 *   characters that also depend on the bytes before or after it are left out.
 */
function binaryForms(secret: string): string[] {
	const forms: string[] = [];
	if (GUID.test(secret)) forms.push(secret.replace(/[{}-]/g, ''));
	const bytes = Buffer.from(secret, 'utf8');
	forms.push(bytes.toString('hex'));
	for (let offset = 0; offset < 3; offset++) {
		const core = base64Core(bytes, offset);
		if (core.length < MIN_BASE64_CORE) continue;
		forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return forms;
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
// Shorter cores would be too likely to occur in unrelated base64 (and redact it needlessly).
const MIN_BASE64_CORE = 8;

/** The base64 characters that depend only on `bytes` when `offset` other bytes precede them. */
function base64Core(bytes: Buffer, offset: number) {
	const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
		.toString('base64')
		.replace(/=+$/, '');
	// Characters holding bits of the preceding bytes: 0, 2 or 3 of them.
	const start = [0, 2, 3][offset];
	// The last character is shared with the following byte unless the length fills whole groups.
	const end = (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
	return encoded.slice(start, end);
}

/** The inside of a JSON string literal, as JSON.stringify writes it. */
function jsonEscape(text: string) {
	return JSON.stringify(text).slice(1, -1);
}

const JSON_FORMS: Array<(text: string) => string> = [
	(text) => text,
	jsonEscape,
	(text) => jsonEscape(jsonEscape(text)),
	(text) => jsonEscape(text).replace(/\//g, '\\/'),
	(text) => unicodeEscape(jsonEscape(text).replace(/\//g, '\\/'), /[\u0080-\uffff]/g, 'lower'),
	(text) => unicodeEscape(jsonEscape(text), /[\u0080-\uffff]/g, 'upper'),
	// System.Text.Json (JavaScriptEncoder.Default): HTML-sensitive characters too, upper-case hex.
	(text) =>
		unicodeEscape(
			jsonEscape(text)
				.replace(/\\"/g, '"')
				.replace(/\\u00([0-9a-f]{2})/g, (_, hex: string) => {
					return `\\u00${hex.toUpperCase()}`;
				}),
			/[\u0080-\uffff]|["&'+<>`]/g,
			'upper',
		),
];

const URL_FORMS: Array<(text: string) => string> = [
	encodeURIComponent,
	(text) => new URLSearchParams({ v: text }).toString().slice(2),
	(text) => lowerHex(encodeURIComponent(text)),
	(text) => lowerHex(new URLSearchParams({ v: text }).toString().slice(2)),
	(text) => encodeURIComponent(encodeURIComponent(text)),
];

/** `\uXXXX` for every UTF-16 unit of the matched characters. */
function unicodeEscape(text: string, which: RegExp, hexCase: 'lower' | 'upper') {
	return text.replace(which, (char) => {
		let escaped = '';
		for (let i = 0; i < char.length; i++) {
			const hex = char.charCodeAt(i).toString(16).padStart(4, '0');
			escaped += `\\u${hexCase === 'upper' ? hex.toUpperCase() : hex}`;
		}
		return escaped;
	});
}

function lowerHex(text: string) {
	return text.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase());
}

const NAMED: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

function htmlNamed(text: string) {
	return text.replace(/[&<>"']/g, (char) => NAMED[char]);
}

function htmlNumeric(text: string) {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
