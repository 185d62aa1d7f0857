/**
 * A failed item is read as one text: `error` says what happened, then `message` (on the error
 * output) or `description` goes on with why, what was and was not done, the next step and the
 * identifiers. The two are written in different places (the transport, the operation, the item
 * runner), so a sentence can end up in both; this keeps each sentence once, where it first
 * appears.
 */

/** The sentences of a text: split after `.`, `!` or `?` where the next sentence starts. */
export function sentencesOf(text: string): string[] {
	return text
		.split(/(?<=[.!?])\s+(?=["“„A-Z])/)
		.map((sentence) => sentence.trim())
		.filter((sentence) => sentence !== '');
}

/** `description` without the sentences `message` (or an earlier part of it) already says. */
export function withoutRepeats(description: string, message: string): string {
	const said = new Set(sentencesOf(message).map(comparable));
	const kept: string[] = [];
	for (const sentence of sentencesOf(description)) {
		const key = comparable(sentence);
		if (said.has(key)) continue;
		said.add(key);
		kept.push(sentence);
	}
	return kept.join(' ');
}

function comparable(sentence: string) {
	return sentence
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.replace(/[.!?]+$/, '');
}
