import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * How the node answers Thinksurance. The page documents only `204 No Content` for success and a
 * `400` with `{"errors": [...]}` as its error example, so every refusal uses that body shape.
 *
 * The node writes the answer itself (and tells n8n `noWebhookResponse`): n8n's own "on received"
 * answer is `200 {"message": "Workflow was started"}`, and Thinksurance expects exactly 204.
 */
export function acceptAndEmit(
	context: IWebhookFunctions,
	workflowData?: IWebhookResponseData['workflowData'],
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(204);
	response.end();
	return workflowData ? { noWebhookResponse: true, workflowData } : { noWebhookResponse: true };
}

/** A refusal: nothing is emitted. `headers`, e.g. WWW-Authenticate for a 401 to Basic auth. */
export function refuse(
	context: IWebhookFunctions,
	status: number,
	errors: string[],
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify({ errors }));
	return { noWebhookResponse: true };
}
