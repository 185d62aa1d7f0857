import fc from 'fast-check';
import type { IExecuteFunctions } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { credentialHosts, hostParameterOrigin } from '../../nodes/Scalepoint/hosts';
import { readTarget } from '../../nodes/ScalepointCaseDeletion/helpers/deletionTarget';
import { FAKE_NODE, PROPERTY_RUNS } from '../fixtures/fakeNode';
import { anyValue, nasty, valueOrFieldError } from './generators';

/** Only what readTarget reads: the node and its parameters (a pure builder, no HTTP). */
function paramsContext(parameters: Record<string, unknown>) {
	return {
		getNode: () => FAKE_NODE,
		getNodeParameter: (name: string, _item: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
	} as unknown as IExecuteFunctions;
}

/** The Host check of ScalepointClient, for a production credential. */
const PRODUCTION = credentialHosts({ environment: 'production' });
const productionHosts = {
	host(kind: 'api' | 'hub', value: unknown, itemIndex?: number) {
		const resolved = hostParameterOrigin(PRODUCTION, kind, value, { label: 'Host' });
		if ('message' in resolved)
			throw new NodeOperationError(FAKE_NODE, resolved.message, { itemIndex });
		return resolved.origin;
	},
};

const LABELS = [
	'Identify Case By',
	'Case Number',
	'Case Token',
	'Tenant',
	'API Version',
	'Host',
	'Country',
	'Request ID',
];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('Case Deletion URL and body builder (generated input)', () => {
	it('the path always matches the template, the body holds exactly the chosen identifier, or a field error', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('hubProperty', 'claimShop'),
				fc.boolean(),
				fc.record({
					identifyBy: fc.oneof(fc.constantFrom('caseNumber', 'caseToken'), anyValue),
					caseNumber: fc.oneof(nasty, anyValue),
					caseToken: fc.oneof(nasty, anyValue),
					tenant: nasty,
					version: fc.oneof(fc.constant('v1'), nasty),
					country: nasty,
					requestId: fc.oneof(fc.constant(''), fc.uuid(), nasty),
					hubHost: fc.oneof(fc.constant('https://entry.scalepoint.com'), nasty),
					claimShopHost: fc.oneof(fc.constant('https://www.scalepoint.com'), nasty),
				}),
				(system, dryRun, parameters) => {
					const target = valueOrFieldError(LABELS, () =>
						readTarget(paramsContext(parameters), productionHosts, system as never, dryRun, 0),
					);
					if (!target) return;
					const url = new URL(target.url);
					expect(url.search).toBe('');
					expect(url.hash).toBe('');
					const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
					if (system === 'hubProperty') {
						expect(segments).toHaveLength(6);
						expect([segments[0], segments[2], segments[3], segments[5]]).toEqual([
							'ecx',
							'api',
							'integration',
							'case',
						]);
						expect(target.requestId).toMatch(GUID);
						expect(target.body.requestId).toBe(target.requestId);
					} else {
						expect(segments).toHaveLength(7);
						expect([segments[0], segments[1], segments[4], segments[6]]).toEqual([
							'webapp',
							'ScalePoint',
							'case',
							'delete',
						]);
						expect(target.body.requestId).toBeUndefined();
					}
					expect(target.body.execute).toBe(!dryRun);
					const other = target.identifierField === 'caseNumber' ? 'caseToken' : 'caseNumber';
					expect(target.body[other]).toBeUndefined();
					expect(target.body[target.identifierField]).toBe(target.identifier);
				},
			),
			{ numRuns: PROPERTY_RUNS },
		);
	});
});
