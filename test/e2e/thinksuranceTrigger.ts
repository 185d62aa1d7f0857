/**
 * The Thinksurance Trigger example in real n8n: activated, `n8n start`, and the sandbox delivering
 * V2 notifications to its production URL the way Thinksurance does (POST JSON, 204 expected, up to
 * three attempts). An observer node after the trigger posts each emitted item to the sandbox, so
 * one observed item is one execution. Shared by the combined suite (both runtimes) and the
 * single-vendor suite (n8n-nodes-thinksurance alone).
 */
import { DEMO, type SandboxLink } from '../../scripts/runtime/sandboxLink';
import type { Workflow, WorkflowNode } from './workflows';

export const THINKSURANCE_TRIGGER_EXAMPLE = 'thinksurance-trigger-notifications.json';
const OBSERVED_PATH = '/e2e-observed/thinksurance-notification';

interface DeliveryResult {
	delivered: boolean;
	attempts: Array<{ attempt: number; status?: number; answer?: string }>;
}

function triggerOf(workflow: Workflow): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type.endsWith('.thinksuranceTrigger'));
	if (!node) throw new Error(`workflow ${workflow.name} has no Thinksurance Trigger`);
	return node;
}

/** The example with its last node replaced by an HTTP Request that reports each item to the sandbox. */
export function observedNotifications(sandboxUrl: string) {
	return (workflow: Workflow) => {
		const trigger = triggerOf(workflow);
		workflow.nodes = [
			trigger,
			{
				id: `${workflow.id}-observer`,
				name: 'Report to sandbox',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				onError: 'continueRegularOutput',
				parameters: {
					method: 'POST',
					url: `${sandboxUrl}${OBSERVED_PATH}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			},
		];
		workflow.connections = {
			[trigger.name]: { main: [[{ node: 'Report to sandbox', type: 'main', index: 0 }]] },
		};
	};
}

/** The production URL n8n serves the trigger on: /webhook/<webhookId>/<path>. */
export function productionUrl(n8nUrl: string, workflow: Workflow): string {
	return `${n8nUrl}/webhook/${String(triggerOf(workflow).webhookId)}/notifications`;
}

export interface TriggerRun {
	/** The delivery outcomes, in order: right secret, the same again, another, wrong secret, malformed. */
	results: DeliveryResult[];
	/** Every item the workflow emitted (one per execution), as the observer node received it. */
	observed: Array<Record<string, unknown>>;
	sent: string[];
}

/**
 * n8n answers /healthz/readiness before it has registered the webhooks of active workflows (1.x
 * took over 10 s on a busy machine): until then the URL is 404. A call without the header is
 * answered 401 by the trigger once it listens, and emits nothing.
 */
async function untilRegistered(url: string): Promise<void> {
	const deadline = Date.now() + 90_000;
	for (;;) {
		const response = await fetch(url, { method: 'POST', body: '{}' });
		await response.arrayBuffer();
		if (response.status !== 404) return;
		if (Date.now() > deadline) throw new Error(`${url} was still 404 after 90 s`);
		await new Promise((done) => setTimeout(done, 250));
	}
}

/**
 * With n8n running: five deliveries, then the items the workflow emitted. Waits for the two
 * expected items, then a little longer so a duplicate would show.
 */
export async function deliverToTrigger(sandbox: SandboxLink, url: string): Promise<TriggerRun> {
	await untilRegistered(url);
	await sandbox.clearJournal();
	const header = DEMO.thinksuranceWebhook.headerName;
	const right = { [header]: DEMO.thinksuranceWebhook.headerSecret };
	const deliver = async (body: Record<string, unknown>) =>
		(await sandbox.control('POST', 'thinksurance/notifications', {
			url,
			retryDelayMs: 200,
			...body,
		})) as DeliveryResult;
	const first = exampleId('first');
	const other = exampleId('other');
	const results = [
		await deliver({ headers: right, notification: notification(first) }),
		// Thinksurance repeats a delivery whose 204 it did not see: same notification again.
		await deliver({ headers: right, notification: notification(first) }),
		await deliver({ headers: right, notification: notification(other) }),
		await deliver({ headers: { [header]: 'not-the-secret' }, notification: notification('x') }),
		await deliver({ headers: right, rawBody: '{"eventType":"InquiryOrdered"}', maxAttempts: 1 }),
	];
	const observed = async () =>
		(await sandbox.requests('unknown'))
			.filter((entry) => entry.rawPath === OBSERVED_PATH)
			.map((entry) => entry.json as Record<string, unknown>);
	const deadline = Date.now() + 60_000;
	while ((await observed()).length < 2 && Date.now() < deadline)
		await new Promise((done) => setTimeout(done, 250));
	await new Promise((done) => setTimeout(done, 2000));
	return { results, observed: await observed(), sent: [first, other] };
}

function exampleId(label: string): string {
	return `e2e-${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The page's InquiryOrdered example with this notificationId. */
function notification(notificationId: string): Record<string, unknown> {
	return {
		eventType: 'InquiryOrdered',
		eventTime: '2024-04-26T16:48:31.118Z',
		eventId: '',
		notificationId,
		accountReference: 'thinksurance',
		brokerReference: '420',
		affected: [
			{ referenceType: 'inquiry', referenceId: '2144385' },
			{ referenceType: 'customer', referenceId: '695056' },
		],
	};
}

/** What both suites assert about a TriggerRun. */
export function expectTriggerRun(run: TriggerRun): void {
	const statuses = run.results.map((result) => result.attempts.map((attempt) => attempt.status));
	expect(statuses).toEqual([[204], [204], [204], [403, 403, 403], [400]]);
	expect(run.results[0].attempts[0].answer).toBe('');
	expect(JSON.parse(run.results[4].attempts[0].answer ?? '{}')).toEqual({
		errors: expect.arrayContaining([expect.stringContaining("'notificationId'")]),
	});
	// One execution per notification: the repeat and the refused deliveries started none.
	expect(run.observed.map((item) => item.notificationId)).toEqual(run.sent);
	// The vendor JSON as sent, with the documented references lifted.
	expect(run.observed[0]).toEqual(
		expect.objectContaining({
			eventType: 'InquiryOrdered',
			inquiryId: '2144385',
			customerId: '695056',
		}),
	);
}
