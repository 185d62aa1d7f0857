import { errorFacts } from '../harness/errorItems';
import { runNode } from '../harness/runWorkflow';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { IN_WINDOW, SECRET_CLIENT, runDeletion } from '../ScalepointCaseDeletion/helpers';
import { MAX_EVENT_TYPE_LENGTH } from '../../nodes/ScalepointEvents/helpers/envelope';
import { boundedText } from '../../nodes/shared/messageLength';

// What a user may paste or map by mistake: a whole document where one word belongs.
const HUGE = 'x'.repeat(100 * 1024);

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

/** Every text of an error item, as the user sees it. */
function errorText(item: Record<string, unknown>) {
	return JSON.stringify(item);
}

/** The texts the node writes into an error item: `error` and `message` (details, identifiers). */
function nodeTexts(item: Record<string, unknown>) {
	return `${String(item.error ?? '')} ${String(item.message ?? '')}`;
}

describe('Messages are bounded, whatever the input', () => {
	it('a 100 kB Event Type is a field error naming the field and the cap; nothing is sent', async () => {
		const result = await runNode({
			type: 'scalepointEvents',
			parameters: {
				resource: 'event',
				operation: 'publish',
				host: fx.sandbox.url,
				country: 'dk',
				tenant: 'abcinsurance',
				eventType: 'custom',
				customEventType: '={{ $json.eventType }}',
				bodySource: 'json',
				eventBody: '{}',
			},
			items: [{ json: { eventType: HUGE } }],
			credentials: fx.credentials(),
			onError: 'continueErrorOutput',
		});
		expect(result.errorOutput).toHaveLength(1);
		const item = errorFacts(result.errorOutput[0] as never);
		expect(item.error).toMatch(
			new RegExp(`^Event Type is 102400 characters long; at most ${MAX_EVENT_TYPE_LENGTH} `),
		);
		expect(String(item.error)).toContain('Event-Type header');
		expect(errorText(item).length).toBeLessThan(2_000);
		// Refused before a token was fetched or anything was sent.
		expect(fx.sandbox.journal).toEqual([]);
	});

	it('a 100 kB case number is a field error naming the field; nothing is sent', async () => {
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: HUGE }],
			credentials: fx.credentials(SECRET_CLIENT),
		});
		expect(result.errorOutput).toHaveLength(1);
		const item = errorFacts(result.errorOutput[0] as never);
		expect(String(item.error)).toMatch(
			/^Case Number is 102400 characters long; at most 1000 are accepted/,
		);
		// The node's own texts (the input item's fields are passed through as they came).
		expect(nodeTexts(result.errorOutput[0].json)).not.toContain('x'.repeat(1_001));
		expect(nodeTexts(result.errorOutput[0].json).length).toBeLessThan(5_000);
		expect(fx.sandbox.journal).toEqual([]);
	});

	it('a long case number within the limit comes back shortened, identifiers included', async () => {
		const long = `CN${'9'.repeat(990)}`;
		const result = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: [{ caseNumber: long }],
			credentials: fx.credentials(SECRET_CLIENT),
		});
		expect(result.errorOutput).toHaveLength(1);
		const item = errorFacts(result.errorOutput[0] as never);
		expect(String(item.error)).toContain('was not found (404)');
		// The identifiers group is added after the message is bounded (found by an outside
		// review: it carried the whole value, 100 kB, into `message`).
		expect(nodeTexts(result.errorOutput[0].json)).not.toContain(long);
		expect(nodeTexts(result.errorOutput[0].json).length).toBeLessThan(3_000);
	});
});

describe('boundedText', () => {
	it('keeps short texts and shortens long ones in the middle, keeping the next step at the end', () => {
		expect(boundedText('short', 100)).toBe('short');
		const long = `start ${'y'.repeat(5_000)} Run again later.`;
		const bounded = boundedText(long, 1_000);
		expect(bounded.length).toBeLessThanOrEqual(1_000 + 60);
		expect(bounded.startsWith('start ')).toBe(true);
		expect(bounded.endsWith('Run again later.')).toBe(true);
		expect(bounded).toContain('characters left out');
	});
});
