import { FAULTS, prepareFaults, type FaultCase } from './faults';
import { checkRun, classify, expectedOutcomes, recordCell } from './matrix';
import { observe } from './observe';
import { SUBJECTS, type Env } from './subjects';

/**
 * One row of the fault matrix: the node against every fault, with continue-on-fail on and off.
 * The two modes run at the same time against two sandboxes (same items), to keep the suite fast.
 */
export function defineMatrixRow(subjectId: string) {
	const subject = SUBJECTS.find((candidate) => candidate.id === subjectId)!;
	let envs: [Env, Env];

	beforeAll(async () => {
		await prepareFaults();
		envs = [await subject.start(), await subject.start()];
	});
	afterAll(async () => {
		await Promise.all(envs.map((env) => env.close()));
	});

	const applicable = FAULTS.filter((fault) => !fault.appliesTo || fault.appliesTo(subject));
	const notApplicable = FAULTS.filter((fault) => fault.appliesTo && !fault.appliesTo(subject));

	it.each(applicable.map((fault): [string, FaultCase] => [fault.label, fault]))(
		`${subject.label} × %s`,
		async (_label, fault) => {
			const [onFail, stopFail] = await Promise.all([
				observe(envs[0], subject, fault, 'continueOnFail'),
				observe(envs[1], subject, fault, 'stopOnFail'),
			]);
			const outcome = classify(subject, fault, onFail);
			const expected = expectedOutcomes(subject, fault);
			const problems = [
				...checkRun(subject, fault, onFail).map((p) => `continue on fail: ${p}`),
				...checkRun(subject, fault, stopFail).map((p) => `stop on fail: ${p}`),
			];
			// Off: never more requests than with continue-on-fail (it stops at the first failure).
			if (stopFail.sends > onFail.sends)
				problems.push(`stop on fail sent ${stopFail.sends} requests, more than ${onFail.sends}`);
			if (!expected.includes(outcome))
				problems.push(`outcome "${outcome}", expected ${expected.join(' or ')}`);
			recordCell({ subject: subject.label, fault: fault.label, outcome, expected, problems });
			expect(problems).toEqual([]);
		},
	);

	if (notApplicable.length > 0) {
		it('records the faults this node cannot meet as n/a', () => {
			for (const fault of notApplicable)
				recordCell({
					subject: subject.label,
					fault: fault.label,
					outcome: 'n/a',
					expected: ['n/a'],
					problems: [],
				});
			expect(notApplicable.length).toBeGreaterThan(0);
		});
	}
}
