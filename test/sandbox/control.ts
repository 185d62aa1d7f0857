import { isRecord, json, parseJson, type Reply } from './http';
import type { NotificationDelivery } from './notificationSender';
import type { Fault, Sandbox, ScalepointClient } from './types';

export const CONTROL_PREFIX = '/__sandbox/';

/**
 * Drives the sandbox over HTTP, for tests in another process (e.g. a real n8n). Not journaled,
 * so the journal shows only what a vendor would have seen.
 */
export function handleControl(
	method: string,
	rawPath: string,
	body: Buffer,
	sandbox: Sandbox,
): Reply | Promise<Reply> {
	const path = rawPath.slice(CONTROL_PREFIX.length - 1);
	const parsed = parseJson(body);
	const input = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
	try {
		switch (`${method} ${path}`) {
			case 'GET /journal':
				return json(200, sandbox.journal);
			case 'DELETE /journal':
				sandbox.clearJournal();
				return json(200, { ok: true });
			case 'POST /reset':
				sandbox.reset();
				return json(200, { ok: true });
			case 'POST /faults':
				sandbox.faults.add(input as unknown as Fault);
				return json(200, { ok: true });
			case 'DELETE /faults':
				sandbox.faults.clear();
				return json(200, { ok: true });
			case 'DELETE /tokens':
				// Revokes every issued access token (they otherwise survive reset): the next
				// request with one is refused with 401, as after a revocation at Scalepoint.
				sandbox.state.scalepointTokens.clear();
				sandbox.state.thinksuranceTokens.clear();
				return json(200, { ok: true });
			case 'GET /clock':
				return json(200, { now: sandbox.clock.now().toISOString() });
			case 'POST /clock':
				if (typeof input.set === 'string') sandbox.clock.set(input.set);
				else if (typeof input.advanceMs === 'number') sandbox.clock.advance(input.advanceMs);
				else return json(400, { error: 'send {"set": "<ISO>"} or {"advanceMs": <number>}' });
				return json(200, { now: sandbox.clock.now().toISOString() });
			case 'POST /events': {
				if (typeof input.eventType !== 'string')
					return json(400, { error: 'eventType is required' });
				const attributes = isRecord(input.attributes) ? input.attributes : {};
				return json(200, sandbox.state.addOutgoingEvent(input.eventType, attributes));
			}
			case 'POST /clients':
				if (typeof input.clientId !== 'string' || !Array.isArray(input.scopes)) {
					return json(400, { error: 'clientId and scopes are required' });
				}
				sandbox.addScalepointClient(input as unknown as ScalepointClient);
				return json(200, { ok: true });
			case 'POST /thinksurance/error-style':
				if (input.style !== 'http200' && input.style !== 'http4xx') {
					return json(400, { error: 'style must be http200 or http4xx' });
				}
				sandbox.setThinksuranceErrorStyle(input.style);
				return json(200, { ok: true });
			case 'POST /thinksurance/notifications':
				// Answers once the delivery ended: after the 204, or after the last attempt.
				return sandbox
					.deliverNotification(input as unknown as NotificationDelivery)
					.then((result) => json(200, result))
					.catch((error: unknown) =>
						json(400, { error: error instanceof Error ? error.message : String(error) }),
					);
			case 'GET /state':
				return json(200, sandbox.state.snapshot());
			case 'POST /state':
				sandbox.state.applyPatch(input);
				return json(200, sandbox.state.snapshot());
			default:
				return json(404, { error: 'not_found' });
		}
	} catch (error) {
		return json(400, { error: error instanceof Error ? error.message : String(error) });
	}
}
