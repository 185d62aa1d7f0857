import { ECB_ALLOWED_EXTENSIONS } from '../sandbox/ecbExtensions';
import {
	ALLOWED_EXTENSIONS,
	extensionOf,
	isAllowedExtension,
} from '../../nodes/ScalepointFiles/helpers/allowedExtensions';
import { MAX_FILE_BYTES, fileProblem } from '../../nodes/ScalepointFiles/helpers/fileChecks';

describe('allowed extensions', () => {
	it('is the same list as the sandbox copy of the vendor page (kept separately)', () => {
		expect([...ALLOWED_EXTENSIONS]).toEqual([...ECB_ALLOWED_EXTENSIONS]);
	});

	it('normalises the page: no dots, lower case, no duplicates (mht, vsd, docm are listed twice)', () => {
		expect(ALLOWED_EXTENSIONS.every((e) => /^[a-z0-9]+$/.test(e))).toBe(true);
		expect(new Set(ALLOWED_EXTENSIONS).size).toBe(ALLOWED_EXTENSIONS.length);
		expect(ALLOWED_EXTENSIONS.filter((e) => ['mht', 'vsd', 'docm'].includes(e))).toEqual([
			'docm',
			'mht',
			'vsd',
		]);
	});

	it.each([
		['photo.jpg', true],
		['scan.PDF', true],
		['Song.Mp3', true], // Audio row is written without dots on the page
		['report.pdf.exe', false],
		['archive.tar.zip', true],
		['virus.exe', false],
		['README', false],
		['trailing.', false],
		['.zip', true],
		['calc.frs', true],
		['rels.RELS', true],
		['movie.mkv', true],
		['script.js', false],
	])('%s → %s', (name, allowed) => {
		expect(isAllowedExtension(name)).toBe(allowed);
	});

	it('takes only the last extension', () => {
		expect(extensionOf('report.pdf.exe')).toBe('exe');
		expect(extensionOf('noext')).toBe('');
	});
});

describe('fileProblem', () => {
	const file = (fileName: string, byteLength = 10) => ({
		binaryProperty: 'data',
		fileName,
		byteLength,
	});

	it('accepts exactly 100 MB and refuses one byte more', () => {
		expect(MAX_FILE_BYTES).toBe(104857600);
		expect(fileProblem(file('big.mp4', 104857600))).toBeUndefined();
		expect(fileProblem(file('big.mp4', 104857601))).toBe(
			'File "big.mp4" (binary property "data") is 104857601 bytes; Scalepoint accepts at most 100 MB (104857600 bytes) per file.',
		);
	});

	it('accepts a 500-character name and refuses 501', () => {
		expect(fileProblem(file(`${'a'.repeat(496)}.pdf`))).toBeUndefined();
		expect(fileProblem(file(`${'a'.repeat(497)}.pdf`))).toMatch(
			/has a name of 501 characters; Scalepoint accepts at most 500/,
		);
	});

	it('names the file and its extension when the type is refused', () => {
		expect(fileProblem(file('report.pdf.exe'))).toMatch(
			/^File "report.pdf.exe" \(binary property "data"\) has the extension ".exe", which Scalepoint does not accept/,
		);
		expect(fileProblem(file('README'))).toMatch(
			/^File "README" \(binary property "data"\) has no file extension/,
		);
	});

	it('refuses an empty file', () => {
		expect(fileProblem(file('a.txt', 0))).toMatch(/is empty \(0 bytes\)/);
		expect(fileProblem(file('a.txt', 1))).toBeUndefined();
	});

	it('asks for a name when there is none', () => {
		expect(fileProblem(file(''))).toMatch(/binary property "data" has no file name/);
	});
});
