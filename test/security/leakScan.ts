import type { INodeExecutionData } from 'n8n-workflow';

import type { RunResult } from '../faults/subjects';
import type { Sandbox } from '../sandbox/types';

/** Every text of a run a user (or a log reader) can see, with where it came from. */
export function visibleTexts(result: RunResult): Array<[where: string, text: string]> {
	const texts: Array<[string, string]> = [];
	const items = (name: string, list: INodeExecutionData[] = []) =>
		list.forEach((item, index) => texts.push([`${name}[${index}]`, JSON.stringify(item.json)]));
	items('output', result.output);
	items('errorOutput', result.errorOutput);
	items('followUp', result.followUp);
	const error = result.error as
		| (Error & { description?: unknown; context?: unknown; messages?: unknown; cause?: unknown })
		| undefined;
	if (error) {
		texts.push(['error.message', error.message]);
		texts.push(['error.description', String(error.description ?? '')]);
		texts.push(['error.context', JSON.stringify(error.context ?? {})]);
		texts.push(['error.messages', JSON.stringify(error.messages ?? [])]);
		texts.push(['error.httpCode', String((error as { httpCode?: unknown }).httpCode ?? '')]);
		const cause = error.cause as { message?: unknown } | undefined;
		if (cause) texts.push(['error.cause', String(cause.message ?? '')]);
	}
	return texts;
}

/** Request targets: a secret must never be put in a URL or query string. */
export function urlTexts(sandbox: Sandbox): Array<[string, string]> {
	return sandbox.journal.map((entry) => [
		`${entry.route} ${entry.method} target`,
		`${entry.rawPath}?${JSON.stringify(entry.query)}`,
	]);
}

/** Leaks as `where: secret name`; empty when clean. */
export function findLeaks(
	texts: Array<[string, string]>,
	secrets: Record<string, string>,
): string[] {
	const leaks: string[] = [];
	for (const [where, text] of texts)
		for (const [name, value] of Object.entries(secrets))
			if (value.length >= 8 && text.includes(value))
				leaks.push(`${where}: ${name}${process.env.LEAK_DEBUG ? ` in ${text.slice(0, 300)}` : ''}`);
	return leaks;
}

/** Long PEM lines are recognisable pieces of a key: any one of them in a text is a leak. */
export function pemPieces(name: string, pem: string): Record<string, string> {
	return Object.fromEntries(
		pem
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line.length >= 40 && !line.startsWith('-----'))
			.map((line, index) => [`${name} line ${index + 1}`, line]),
	);
}
