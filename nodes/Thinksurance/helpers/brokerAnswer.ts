import { asObject } from '../../shared/httpErrors';
import { isFilledText } from '../../shared/unconfirmedAnswer';

/**
 * The broker answers. Get Broker Token documents `{"status": "<text>", "bToken": "<token>"}` and
 * calls it a "JSON object" in one revision, a "JSON array of objects" in another [unclear]; Create
 * Broker's answer is not published at all [unclear], most likely the same [inferred]. So the
 * answer object is the body itself or the only element of a one-element list; a longer list
 * could name several brokers and is not guessed from.
 */
export function brokerAnswerObject(body: unknown): Record<string, unknown> | undefined {
	if (Array.isArray(body)) return body.length === 1 ? asObject(body[0]) : undefined;
	return asObject(body);
}

/** The broker token of a broker answer, when it holds a non-empty one. */
export function brokerTokenOf(body: unknown): string | undefined {
	const token = brokerAnswerObject(body)?.bToken;
	return isFilledText(token) ? token : undefined;
}

/** The `status` text of a broker answer, when it has one. */
export function brokerStatusOf(body: unknown): string | undefined {
	const status = brokerAnswerObject(body)?.status;
	return isFilledText(status) ? status : undefined;
}
