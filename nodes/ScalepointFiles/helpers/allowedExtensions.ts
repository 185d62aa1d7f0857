/**
 * The ECB file API's allowed extensions, from the vendor page's table "allowed file extensions".
 * The page writes most rows with a leading dot and the Audio row without one, and lists `.mht`,
 * `.vsd` and `.docm` twice: the rows are kept as published and normalised below, so the copy can
 * be compared with the page line by line.
 */
const AS_PUBLISHED: readonly string[] = [
	// Images
	'.webm, .bmp, .gif, .ico, .jpg, .jpeg, .jpe, .pic, .pict, .png, .rf, .rgb, .dwg, .svg, .svgz, .tif, .tiff',
	// Video
	'.mkv, .3gp, .asf, .avi, .mpeg, .mpg, .mpa, .mpe, .m1v, .m2v, .m4u, .mp4, .mp4v, .mpg4, .mov, .qt, .ogv, .m4v, .rv',
	// Audio
	'mp2, mp3, mpga, m2a, m4a, m4b, m4p, m4r, flac, ra, ram, wav, ogg, oga, spx, mid, midi, wma, wax, mka, aac, adt, adts, aif, aifc, aiff, au, m3u, rmi, rpm, smd, smx, smz, snd, s3m, qcp',
	// Web
	'.xhtml, .xht, .htmls, .shtml, .html, .htm, .mht',
	// Office
	'.xl, .xld, .xlk, .xlv, .word, .doc, .rtf, .docm, .one, .ods, .ppz, .odt, .dot, .mso, .xml, .xsl, .xll, .ttf, .tex, .texi, .texinfo, .mpc, .xls, .xla, .xlb, .xlc, .xlm, .xlt, .xlw, .xlam, .xlsb, .xlsm, .xltm, .pot, .ppt, .pwz, .ppa, .pps, .ppam, .pptm, .ppsm, .potm, .docm, .dotm, .potx, .ppsx, .pptx, .xlsx, .xltx, .docx, .dotx',
	// Common
	'.eml, .msg, .pdf, .sig, .json, .p7s, .zip, .vcf, .vcs, .txt, .text, .vsd, .csv, .xps, .oxps, .heic, .avif',
	// Calculation documents
	'.frs, .sit, .nta',
	// Other
	'.xsd, .css, .emz, .wmz, .dat, .mht, .ics, .url, .vsd, .vst, .vsw, .rtx, .rt, .vml, .rels',
];

/** Lower case, without the dot, each once, sorted. */
export const ALLOWED_EXTENSIONS: readonly string[] = [
	...new Set(
		AS_PUBLISHED.flatMap((row) => row.split(','))
			.map((extension) => extension.trim().replace(/^\./, '').toLowerCase())
			.filter((extension) => extension !== ''),
	),
].sort();

const allowed = new Set(ALLOWED_EXTENSIONS);

/**
 * The extension after the last dot, lower case, or '' when there is none. Only the last one
 * counts, as on a file system: `report.pdf.exe` is an `exe`, `archive.tar.zip` a `zip`. Like
 * .NET's Path.GetExtension (Scalepoint's platform), `.zip` alone counts as a `zip`.
 */
export function extensionOf(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export function isAllowedExtension(fileName: string): boolean {
	return allowed.has(extensionOf(fileName));
}
