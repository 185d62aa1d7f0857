import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { IN_WINDOW, errorJson, runDeletion, type DeleteRun } from './helpers';

/**
 * Answers in the Delete Case API's shape that still prove nothing: they contradict the request
 * (a dry run that "deleted"), themselves (`found: false` + `deleted: true`), or name another
 * request ID. None may come out as a success or as "nothing was deleted".
 */
let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

// Resuming with a known request ID lets a fixed answer echo the ID the node sends.
const SENT = '5f0c7a4e-1111-4222-8333-444455556666';
const OTHER = '9e9e9e9e-aaaa-4bbb-8ccc-dddddddddddd';

async function answeredWith(
	system: 'hubProperty' | 'claimShop',
	mode: 'dryRun' | 'delete',
	answer: unknown,
) {
	fx.sandbox.faults.add({
		route: system === 'hubProperty' ? 'hub.deleteCase' : 'claimShop.deleteCase',
		status: 200,
		body: JSON.stringify(answer),
	});
	const run: DeleteRun = {
		system,
		mode,
		onError: 'continueErrorOutput',
		options: { serverErrorRetries: 0 },
		items: [{ caseNumber: 'CN10000' }],
		parameters: system === 'hubProperty' ? { requestId: SENT } : {},
	};
	return await runDeletion(fx, run);
}

describe('Case Deletion — a dry run answered with deleted: true', () => {
	it.each(['hubProperty', 'claimShop'] as const)(
		'%s: an error saying the answer contradicts a dry run and the case may be deleted, never deleted: false',
		async (system) => {
			const answer =
				system === 'hubProperty'
					? { requestId: SENT, found: true, deleted: true }
					: { found: true, deleted: true, errors: [] };
			const result = await answeredWith(system, 'dryRun', answer);
			expect(result.output).toEqual([]);
			const item = errorJson(result.errorOutput[0]);
			expect(item.error).toBe(
				'Scalepoint answered a dry run of case CN10000 with deleted: true, which contradicts a dry run',
			);
			expect(item.description).toContain('The case may have been deleted: check case CN10000');
			expect(item).toMatchObject({ dryRun: true, deleted: null });
		},
	);
});

describe('Case Deletion — a live delete answered with a contradiction', () => {
	it.each([
		['hubProperty', { requestId: SENT, found: false, deleted: true }],
		['claimShop', { found: false, deleted: true, errors: [] }],
	] as const)('%s: found: false with deleted: true is no confirmation', async (system, answer) => {
		const result = await answeredWith(system, 'delete', answer);
		expect(result.output).toEqual([]);
		const item = errorJson(result.errorOutput[0]);
		expect(item.description).toMatch(/^The deletion of case CN10000 may have taken effect/);
		// The server's `found` is kept, not overwritten with true.
		expect(item).toMatchObject({ found: false, deleted: null });
	});

	it.each([
		['hubProperty', { requestId: SENT, found: true, deleted: true, errors: ['partly failed'] }],
		['claimShop', { found: true, deleted: true, errors: ['partly failed'] }],
	] as const)(
		'%s: deleted: true with errors is an error item that carries the errors and how to finish',
		async (system, answer) => {
			const result = await answeredWith(system, 'delete', answer);
			expect(result.output).toEqual([]);
			const item = errorJson(result.errorOutput[0]);
			expect(item.error).toBe(
				'Scalepoint answered deleted: true for case CN10000 but also reported errors: partly failed',
			);
			expect(item.description).toContain('The case may be partly deleted');
			if (system === 'hubProperty') {
				expect(item.description).toContain(`with Request ID set to ${SENT}`);
			}
			expect(item).toMatchObject({ deleted: null });
		},
	);
});

describe('Case Deletion — a Hub answer for another request ID', () => {
	it('Delete: not a success; the item keeps the request ID sent, to resume with', async () => {
		const result = await answeredWith('hubProperty', 'delete', {
			requestId: OTHER,
			found: true,
			deleted: true,
		});
		expect(result.output).toEqual([]);
		const item = errorJson(result.errorOutput[0]);
		expect(item.error).toBe(
			`Scalepoint answered 200 for request ID ${OTHER}, not for the request ID sent (${SENT})`,
		);
		expect(item.description).toContain('may have taken effect');
		expect(item).toMatchObject({ requestId: SENT, deleted: null });
	});

	it('Dry run: neither found nor missing', async () => {
		const result = await answeredWith('hubProperty', 'dryRun', {
			requestId: OTHER,
			found: false,
			deleted: false,
		});
		expect(result.output).toEqual([]);
		expect(errorJson(result.errorOutput[0])).toMatchObject({ requestId: SENT, found: null });
	});

	it('the same request ID in capitals is this request: a success', async () => {
		const result = await answeredWith('hubProperty', 'delete', {
			requestId: SENT.toUpperCase(),
			found: true,
			deleted: true,
		});
		expect(result.errorOutput).toEqual([]);
		expect(result.output[0].json).toMatchObject({ requestId: SENT, deleted: true });
	});
});
