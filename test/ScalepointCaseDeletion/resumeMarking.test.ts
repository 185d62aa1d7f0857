/**
 * Running a deletion again after an earlier run was interrupted (queue mode: a worker killed
 * mid-run, its output never saved): nothing is deleted twice, and every item says what is known
 * about a deletion done before this request — `alreadyDeleted` false (this request deleted the
 * case) or null (Scalepoint's answer cannot tell), never true, because no answer says so.
 */
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { IN_WINDOW, errorJson, runDeletion } from './helpers';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture({ startTime: IN_WINDOW });
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => {
	fx.sandbox.reset();
	fx.sandbox.state.applyPatch({
		hubCases: Object.fromEntries(
			['RM1', 'RM2', 'RM3'].map((caseNumber, i) => [
				caseNumber,
				{ caseNumber, caseToken: `c0000000-0000-4000-8000-00000000000${i}`, state: 'deletable' },
			]),
		),
	});
});

const deletedAnswers = () =>
	fx.sandbox
		.requests('hub.deleteCase')
		.filter((entry) => entry.status === 200)
		.map((entry) => (entry.json as { caseNumber: string }).caseNumber);

describe('Case Deletion — running again after an interrupted run', () => {
	it('cases the earlier run deleted are marked alreadyDeleted: null (404 cannot tell), the rest alreadyDeleted: false', async () => {
		// The interrupted run got as far as RM1.
		const interrupted = await runDeletion(fx, { mode: 'delete', items: [{ caseNumber: 'RM1' }] });
		expect(interrupted.error).toBeUndefined();

		const again = await runDeletion(fx, {
			mode: 'delete',
			onError: 'continueErrorOutput',
			items: ['RM1', 'RM2', 'RM3'].map((caseNumber) => ({ caseNumber })),
		});
		expect(again.output.map((item) => item.json)).toEqual([
			expect.objectContaining({ caseNumber: 'RM2', deleted: true, alreadyDeleted: false }),
			expect.objectContaining({ caseNumber: 'RM3', deleted: true, alreadyDeleted: false }),
		]);
		expect(again.errorOutput).toHaveLength(1);
		const gone = errorJson(again.errorOutput[0]);
		expect(gone).toMatchObject({
			error: 'Case RM1 was not found (404)',
			caseNumber: 'RM1',
			found: false,
			deleted: false,
			alreadyDeleted: null,
		});
		expect(String(gone.description)).toContain(
			'Either the case was deleted already (for example by an earlier run that was interrupted) or it never existed',
		);
		// Each case was deleted by exactly one request.
		expect(deletedAnswers().sort()).toEqual(['RM1', 'RM2', 'RM3']);
	});

	it("resuming with the earlier run's request ID: confirmed, but alreadyDeleted is null (Hub answers a repeated ID the same)", async () => {
		const first = await runDeletion(fx, { mode: 'delete', items: [{ caseNumber: 'RM1' }] });
		expect(first.output[0].json).toMatchObject({ deleted: true, alreadyDeleted: false });
		const requestId = first.output[0].json.requestId;

		const resumed = await runDeletion(fx, {
			mode: 'delete',
			parameters: { requestId: '={{ $json.requestId }}' },
			items: [{ caseNumber: 'RM1', requestId }],
		});
		expect(resumed.error).toBeUndefined();
		expect(resumed.output[0].json).toMatchObject({
			caseNumber: 'RM1',
			requestId,
			deleted: true,
			alreadyDeleted: null,
		});
		expect(fx.sandbox.state.hubCases.RM1.state).toBe('deleted');
	});
});
