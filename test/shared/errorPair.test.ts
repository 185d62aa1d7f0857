import { sentencesOf, withoutRepeats } from '../../nodes/shared/errorPair';
import { pairProblems } from '../faults/matrix';
import { errorFacts } from '../harness/errorItems';
import { runNode } from '../harness/runWorkflow';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import { freePort } from '../../scripts/runtime/ports';

/**
 * An error item reads as one text: `error` (what happened), then `message` (why, what was and was
 * not done, one next step, identifiers). Found by an analyst: a token failure told them to
 * "Check the credential's environment…" and then "Fix the credential and run again".
 */
describe('sentencesOf / withoutRepeats', () => {
	it('splits at sentence ends only, not inside hosts, numbers or quoted values', () => {
		expect(
			sentencesOf('Scalepoint at 127.0.0.1:80 did not answer within 1.5 s. Check it. Run again'),
		).toEqual([
			'Scalepoint at 127.0.0.1:80 did not answer within 1.5 s.',
			'Check it.',
			'Run again',
		]);
	});

	it('drops the description sentences the message already says, and repeats within it', () => {
		expect(
			withoutRepeats(
				'Nothing was sent. Check the host. Nothing was sent',
				'Timeout. Check the host.',
			),
		).toBe('Nothing was sent.');
		expect(withoutRepeats('', 'x')).toBe('');
	});
});

describe('pairProblems (the fault matrix rule)', () => {
	it('finds a repeated sentence and competing next steps; accepts one of each kind', () => {
		expect(pairProblems('A failed. Check X.', 'Check X. Fix Y.')).toHaveLength(2);
		expect(pairProblems('A failed. Check X.', 'Nothing was sent.')).toEqual([]);
	});
});

describe('error items from the real transports', () => {
	let fx: ScalepointFixture;
	beforeAll(async () => {
		fx = await startScalepointFixture();
	});
	afterAll(async () => await fx.sandbox.close());

	it('an unreachable token endpoint gives one next step and nothing twice, on both outputs', async () => {
		// A port nothing listens on: the token request is refused.
		const tokenUrl = `http://127.0.0.1:${await freePort()}/connect/token`;
		for (const onError of ['continueErrorOutput', 'continueRegularOutput'] as const) {
			const result = await runNode({
				type: 'scalepointSelfService',
				parameters: {
					resource: 'case',
					operation: 'submit',
					host: fx.sandbox.url,
					country: 'dk',
					tenant: 'abcinsurance',
					caseToken: '00000000-0000-4000-8000-000000000001',
				},
				items: [{ json: {} }],
				credentials: fx.credentials({ customTokenUrl: tokenUrl }),
				onError,
			});
			const item = errorFacts(
				(onError === 'continueErrorOutput' ? result.errorOutput : result.output)[0] as never,
			);
			const rest = String(item.message ?? item.description ?? '');
			expect(String(item.error)).toContain('token endpoint');
			expect(rest).toContain('Nothing was sent');
			expect(pairProblems(String(item.error), rest.replace(/ Identifiers: .*$/, ''))).toEqual([]);
		}
		expect(fx.sandbox.journal).toEqual([]);
	});
});
