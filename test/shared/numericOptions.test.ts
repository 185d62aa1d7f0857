import type { IDataObject } from 'n8n-workflow';

import { IN_WINDOW, SECRET_CLIENT } from '../ScalepointCaseDeletion/helpers';
import { caseParams, textItem } from '../ScalepointFiles/helpers';
import { runPoll } from '../ScalepointEvents/pollHarness';
import { credentialsFor, USER } from '../Thinksurance/fixtures';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { runNode, type TestItem } from '../harness/runWorkflow';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW, thinksurance: { users: [USER] } });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const OPEN_SELF_SERVICE_CASE = 'd1a72df4-f7d5-402c-a495-cc31b8b39a59';
const scalepoint = () => ({ host: fx.sandbox.url, country: 'dk', tenant: 'abcinsurance' });

interface OptionCase {
	node: string;
	/** The field's label, as the error must name it. */
	label: string;
	type: string;
	/** The node's parameters with `value` in the option under test. */
	parameters: (value: string | number) => IDataObject;
	items?: () => TestItem[];
	thinksurance?: boolean;
	/** Smallest valid value (0 for retry counts). */
	min?: number;
}

const selfService = (options: IDataObject) => ({
	resource: 'case',
	operation: 'submit',
	...scalepoint(),
	caseToken: OPEN_SELF_SERVICE_CASE,
	options,
});
const publish = (options: IDataObject) => ({
	resource: 'event',
	operation: 'publish',
	...scalepoint(),
	eventType: 'payment_status_updated',
	bodySource: 'fields',
	paymentUuid: '967ce1a4-a55a-4765-bd5b-bafcb4178fd3',
	paymentStatus: 'canceled',
	statusReason: 'rejected',
	options,
});
const deletion = (system: 'hubProperty' | 'claimShop', options: IDataObject) => ({
	resource: 'case',
	operation: 'deleteCase',
	system,
	mode: 'delete',
	hubHost: fx.sandbox.url,
	claimShopHost: fx.sandbox.url,
	country: 'dk',
	tenant: 'abcinsurance',
	identifyBy: 'caseNumber',
	caseNumber: 'CN10000',
	options,
});
const listNumbers = (parameters: IDataObject) => ({
	resource: 'agencyNumber',
	operation: 'getAll',
	returnAll: false,
	limit: 5,
	...parameters,
});

const CASES: OptionCase[] = [
	{
		node: 'Self-Service',
		label: 'Concurrency',
		type: 'scalepointSelfService',
		parameters: (concurrency) => selfService({ concurrency }),
	},
	{
		node: 'Self-Service',
		label: 'Timeout (Seconds)',
		type: 'scalepointSelfService',
		parameters: (timeoutSeconds) => selfService({ timeoutSeconds }),
	},
	{
		node: 'Events publish',
		label: 'Concurrency',
		type: 'scalepointEvents',
		parameters: (concurrency) => publish({ concurrency }),
	},
	{
		node: 'Events publish',
		label: 'Timeout (Seconds)',
		type: 'scalepointEvents',
		parameters: (timeoutSeconds) => publish({ timeoutSeconds }),
	},
	{
		node: 'Files',
		label: 'Concurrency',
		type: 'scalepointFiles',
		parameters: (concurrency) => caseParams(fx, { options: { concurrency } }),
		items: () => [textItem('a.txt', 'a')],
	},
	{
		node: 'Files',
		label: 'Timeout (Seconds)',
		type: 'scalepointFiles',
		parameters: (timeoutSeconds) => caseParams(fx, { options: { timeoutSeconds } }),
		items: () => [textItem('a.txt', 'a')],
	},
	...(
		[
			['ClaimShop Max Requests in Flight', 'claimShopMaxInFlight', 'claimShop', 1],
			['Hub Requests per Minute', 'hubRequestsPerMinute', 'hubProperty', 1],
			['Hub Requests per Second', 'hubRequestsPerSecond', 'hubProperty', 1],
			['Rate Limit Retries', 'rateLimitRetries', 'hubProperty', 0],
			['Server Error Retries', 'serverErrorRetries', 'hubProperty', 0],
			['Timeout (Seconds)', 'timeoutSeconds', 'hubProperty', 1],
		] as const
	).map(([label, name, system, min]): OptionCase => ({
		node: 'Case Deletion',
		label,
		type: 'scalepointCaseDeletion',
		parameters: (value) => deletion(system, { [name]: value }),
		min,
	})),
	{
		node: 'Case Deletion',
		label: 'Maximum Wait (Minutes)',
		type: 'scalepointCaseDeletion',
		parameters: (maxWaitMinutes) =>
			deletion('hubProperty', { outsideWindow: 'wait', maxWaitMinutes }),
	},
	{
		node: 'Thinksurance get many',
		label: 'Limit',
		type: 'thinksurance',
		thinksurance: true,
		parameters: (limit) => listNumbers({ limit }),
	},
	{
		node: 'Thinksurance get many',
		label: 'Concurrency',
		type: 'thinksurance',
		thinksurance: true,
		parameters: (concurrency) => listNumbers({ options: { concurrency } }),
	},
	{
		node: 'Thinksurance get many',
		label: 'Timeout (Seconds)',
		type: 'thinksurance',
		thinksurance: true,
		parameters: (timeoutSeconds) => listNumbers({ options: { timeoutSeconds } }),
	},
	{
		node: 'Thinksurance add',
		label: 'Batch Size',
		type: 'thinksurance',
		thinksurance: true,
		parameters: (batchSize) => ({
			resource: 'agencyNumber',
			operation: 'add',
			inputMode: 'perItem',
			options: { batchSize },
		}),
		items: () => [{ json: { agencyNumber: 'A1', baFinId: '5405' } }],
	},
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(CASES)('$node: $label', (option) => {
	const bad = ['abc', -1, 1.5, ...(option.min === 0 ? [] : [0])];

	it.each(bad)('%p is refused with a field error, before anything is sent', async (value) => {
		const result = await runNode({
			type: option.type,
			parameters: option.parameters(value) as never,
			items: option.items?.() ?? [{ json: {} }],
			credentials: option.thinksurance ? credentialsFor(fx.sandbox) : fx.credentials(SECRET_CLIENT),
		});
		expect(result.error?.message).toMatch(
			new RegExp(
				`^${escape(option.label)} must be a whole number .*\\(got "${escape(String(value))}"\\)$`,
			),
		);
		expect(fx.sandbox.journal).toEqual([]);
	});
});

describe('Numeric options from expressions', () => {
	it('a numeric text such as "2" is accepted as the number', async () => {
		const result = await runNode({
			type: 'scalepointSelfService',
			parameters: selfService({ concurrency: '2', timeoutSeconds: ' 30 ' }) as never,
			items: [{ json: {} }],
			credentials: fx.credentials(SECRET_CLIENT),
		});
		expect(result.error).toBeUndefined();
		expect(fx.sandbox.requests('selfService.submit')).toHaveLength(1);
	});

	it('a per-item value (Files Timeout) fails only the items that have it wrong', async () => {
		const result = await runNode({
			type: 'scalepointFiles',
			parameters: caseParams(fx, {
				options: { timeoutSeconds: '={{ $json.timeout }}' },
			}) as never,
			items: [
				{ ...textItem('a.txt', 'a'), json: { timeout: 'soon' } },
				{ ...textItem('b.txt', 'b'), json: { timeout: 30 } },
			],
			credentials: fx.credentials(SECRET_CLIENT),
			onError: 'continueRegularOutput',
		});
		expect(result.output.map((item) => item.json.error ?? 'sent')).toEqual([
			'Timeout (Seconds) must be a whole number from 1 to 3600 (got "soon")',
			'sent',
		]);
		expect(fx.sandbox.requests('ecb.submitForCase')).toHaveLength(1);
	});
});

describe('Trigger numeric options', () => {
	const triggerCases = [
		['Long Poll Timeout (Seconds)', 'longPollTimeoutSeconds'],
		['Maximum Events per Poll', 'maxEventsPerPoll'],
		['Server Page Size', 'pageSize'],
	] as const;

	it.each(
		triggerCases.flatMap(([label, name]) =>
			['abc', -1, 0, 1.5].map((value) => [label, name, value] as const),
		),
	)('%s %p fails the poll with a field error, before any request', async (label, name, value) => {
		const staticData: IDataObject = { lastEventId: '_1', started: true, startFrom: 'oldest' };
		await expect(
			runPoll({
				parameters: {
					...scalepoint(),
					startFrom: 'oldest',
					options: { [name]: value },
				},
				credentials: fx.credentials(),
				staticData,
			}),
		).rejects.toThrow(
			new RegExp(
				`^${escape(label)} must be a whole number .*\\(got "${escape(String(value))}"\\)$`,
			),
		);
		expect(fx.sandbox.journal).toEqual([]);
		expect(staticData).toEqual({ lastEventId: '_1', started: true, startFrom: 'oldest' });
	});

	it('a Start After Event ID longer than an id can be is refused (it would be stored and sent in URLs)', async () => {
		await expect(
			runPoll({
				parameters: { ...scalepoint(), startFrom: 'eventId', startEventId: 'y'.repeat(5_000) },
				credentials: fx.credentials(),
				staticData: {},
			}),
		).rejects.toThrow(/^Start After Event ID is 5000 characters long/);
		expect(fx.sandbox.journal).toEqual([]);
	});
});
