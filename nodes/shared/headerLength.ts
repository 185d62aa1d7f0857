/**
 * Text a node puts into an HTTP header on the user's behalf (an event type, an identity token) is
 * checked for length before anything is sent. Servers refuse oversized headers (Node's own HTTP
 * server allows 16 KB for all headers together) with a 431 or a closed connection that names no
 * field: a 100 kB Event-Type came back as a 100 kB error advising to check the host and tenant.
 */
export const MAX_HEADER_VALUE_LENGTH = 1024;

/** Why `text` is too long for the header `header`, or undefined when it fits under `max`. */
export function headerLengthProblem(text: string, header: string, max = MAX_HEADER_VALUE_LENGTH) {
	if (text.length <= max) return undefined;
	return `is ${text.length} characters long; at most ${max} are allowed in the ${header} header that carries it`;
}
