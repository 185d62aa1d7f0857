import fc from 'fast-check';
import { NodeOperationError } from 'n8n-workflow';

import { pathSegment, pathSegmentProblem } from '../../nodes/shared/pathSegment';
import { submitCaseUrl } from '../../nodes/ScalepointSelfService/actions/case/submitCaseUrl';
import { FAKE_NODE, PROPERTY_RUNS } from '../fixtures/fakeNode';
import { nasty } from '../properties/generators';

describe('pathSegment (generated input)', () => {
	it('either refuses the value with a NodeOperationError naming the field, or encodes it into exactly one segment', () => {
		fc.assert(
			fc.property(nasty, (value) => {
				let encoded: string;
				try {
					encoded = pathSegment(FAKE_NODE, 'Tenant', value);
				} catch (error) {
					expect(error).toBeInstanceOf(NodeOperationError);
					expect((error as Error).message.startsWith('Tenant ')).toBe(true);
					expect(pathSegmentProblem(value)).toBeDefined();
					return;
				}
				expect(pathSegmentProblem(value)).toBeUndefined();
				expect(decodeURIComponent(encoded)).toBe(value);
				const url = new URL(`https://host.example/prefix/${encoded}/suffix`);
				expect(url.pathname.split('/')).toEqual(['', 'prefix', encoded, 'suffix']);
				expect(url.search).toBe('');
				expect(url.hash).toBe('');
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});
});

describe('Self-Service submit URL (generated input)', () => {
	it('never produces a request whose path differs from the template', () => {
		const template = /^\/self-service\/([^/]+)\/api\/([^/]+)\/case\/([^/]+)\/submitted$/;
		fc.assert(
			fc.property(nasty, nasty, nasty, (country, tenant, caseToken) => {
				let target: ReturnType<typeof submitCaseUrl>;
				try {
					target = submitCaseUrl(FAKE_NODE, {
						host: 'https://www.scalepoint.com',
						country,
						tenant,
						caseToken,
					});
				} catch (error) {
					expect(error).toBeInstanceOf(NodeOperationError);
					expect((error as Error).message).toMatch(/^(Country|Tenant|Case Token) /);
					return;
				}
				const url = new URL(target.url);
				expect(url.origin).toBe('https://www.scalepoint.com');
				expect(url.search).toBe('');
				const match = template.exec(url.pathname);
				expect(match).not.toBeNull();
				expect(match!.slice(1).map(decodeURIComponent)).toEqual([
					target.country,
					target.tenant,
					target.caseToken,
				]);
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});
});
