import type { INode } from 'n8n-workflow';

/**
 * n8n's node setting "Retry On Fail" runs the whole node again after it fails. For a request that
 * changes something and is not keyed (an event, a file, a submission, an agency number), that
 * repeats what may already have taken effect, with new correlation IDs, and the run then looks
 * successful. The transports refuse such requests while the setting is on, before anything is
 * sent; they already resend, themselves, what the server provably did not act on.
 */
export function engineRetryProblem(node: INode): string | undefined {
	if (node.retryOnFail !== true) return undefined;
	return "Retry On Fail is on in this node's Settings. n8n would run the whole node again after an error and send again what may already have taken effect, so nothing was sent. Turn Retry On Fail off: the node itself resends only what the server provably did not act on (401, 429, 503, a refused connection).";
}
