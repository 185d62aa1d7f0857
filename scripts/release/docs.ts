/**
 * README and CHANGELOG of each published package, generated from the repository's README.md and
 * CHANGELOG.md so there is one text to keep right: a vendor package's README takes the vendor's
 * rows of the node table, its credential section and its node pages' summaries; its CHANGELOG keeps
 * the entries that do not concern only the other vendor. Links relative to the repository point at
 * the repository, since npm shows the README away from it.
 */
import { repositoryWebUrl, type ReleasePackage, type RootManifest, VENDORS } from './packages';

export function packageReadme(readme: string, root: RootManifest, pkg: ReleasePackage): string {
	const web = repositoryWebUrl(root);
	if (pkg.name === root.name) return absoluteLinks(readme, web);
	const mentions = (text: string) => pkg.vendors.some((vendor) => text.includes(vendor));
	const [header, separator, ...rows] = firstTable(readme);
	const install = section(readme, 'Install in n8n').replaceAll(root.name, pkg.name);
	const pages = listItems(section(readme, 'The nodes')).filter((item) => mentions(item));
	const text = [
		`# ${pkg.name}`,
		'',
		pkg.description,
		'',
		`Built from the same source as \`${root.name}\`, which holds the nodes of ${VENDORS.join(' and ')} in one package. Install either that package or the single-vendor packages, not both: they define the same credential types. Workflows name a node by its package (\`${pkg.name}.<node>\`), so a workflow made with the other package needs its nodes picked again.`,
		'',
		'## Install and compatibility',
		install,
		'## Nodes',
		'',
		header,
		separator,
		...rows.filter((row) => mentions(row.split('|')[1] ?? '')),
		'',
		...pkg.vendors.flatMap((vendor) => [
			`## ${vendor} credential`,
			section(readme, `${vendor} credential`),
		]),
		'## Operations, parameters and errors',
		'',
		'Each node has its own page with parameters, outputs, errors and an example workflow:',
		'',
		...pages,
		'',
		'## Version history',
		'',
		'See [CHANGELOG.md](CHANGELOG.md) in this package.',
		'',
		'## License',
		'',
		`${root.license} (LICENSE.md in this package)`,
		'',
	].join('\n');
	return absoluteLinks(text, web).replace(/\n{3,}/g, '\n\n');
}

export function packageChangelog(changelog: string, pkg: ReleasePackage): string {
	const others = VENDORS.filter((vendor) => !pkg.vendors.includes(vendor));
	if (others.length === 0) return changelog;
	const concernsOnlyOthers = (entry: string) =>
		others.some((vendor) => entry.includes(vendor)) &&
		!pkg.vendors.some((vendor) => entry.includes(vendor));
	const kept = listBlocks(changelog).filter((block) => !concernsOnlyOthers(block));
	return dropEmptySubsections(kept.join('\n'));
}

/** Relative links and images of a repository page, made absolute against the repository. */
function absoluteLinks(markdown: string, web: string): string {
	return markdown.replace(
		/(!?)\[([^\]]*)\]\((?!https?:|#|mailto:)(?:\.\/)?([^)\s]+)\)/g,
		(_match, image: string, text: string, path: string) =>
			path === 'CHANGELOG.md' && !image
				? `[${text}](CHANGELOG.md)`
				: `${image}[${text}](${web}/${image ? 'raw' : 'blob'}/HEAD/${path})`,
	);
}

/** The body of `## title` (up to the next `## `); fails when the README lost the section. */
function section(markdown: string, title: string): string {
	const lines = markdown.split('\n');
	const start = lines.findIndex((line) => line.trim() === `## ${title}`);
	if (start < 0)
		throw new Error(
			`README.md has no "## ${title}" section; the single-vendor packages' READMEs are built from it. Restore the heading or change scripts/release/docs.ts.`,
		);
	const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
	return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The README's node table (the first Markdown table): header, separator, rows. */
function firstTable(markdown: string): string[] {
	const lines = markdown.split('\n');
	const start = lines.findIndex((line) => line.startsWith('|'));
	const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
	const table = lines.slice(start, end < 0 ? undefined : end);
	if (start < 0 || table.length < 3)
		throw new Error('README.md has no node table (| Node | Actions | Credential |) at the top.');
	return table;
}

/** Top-level `- ` items of a Markdown text, each with its indented continuation lines. */
function listItems(markdown: string): string[] {
	return listBlocks(markdown).filter((block) => block.startsWith('- '));
}

/** The text cut into top-level list items (with continuation lines) and single other lines. */
function listBlocks(markdown: string): string[] {
	const blocks: string[] = [];
	for (const line of markdown.split('\n')) {
		const continues = /^\s+\S/.test(line) && blocks.at(-1)?.startsWith('- ');
		if (continues) blocks[blocks.length - 1] += `\n${line}`;
		else blocks.push(line);
	}
	return blocks;
}

/** Removes `### Kind` headings whose entries were all filtered out. */
function dropEmptySubsections(markdown: string): string {
	const lines = markdown.split('\n');
	const kept = lines.filter((line, index) => {
		if (!line.startsWith('### ')) return true;
		const next = lines.slice(index + 1).find((candidate) => candidate.trim() !== '');
		return next !== undefined && next.startsWith('- ');
	});
	return kept.join('\n').replace(/\n{3,}/g, '\n\n');
}
