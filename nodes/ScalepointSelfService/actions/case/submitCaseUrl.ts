import type { INode } from 'n8n-workflow';

import { pathSegment } from '../../../shared/pathSegment';
import { requireBaseUrl, requireText } from '../../../shared/validation';

export interface SubmitCaseTarget {
	host: unknown;
	country: unknown;
	tenant: unknown;
	caseToken: unknown;
}

/**
 * `{host}/self-service/{country}/api/{tenant}/case/{caseToken}/submitted`: each value is checked
 * and encoded as exactly one path segment, so no input can change the path.
 */
export function submitCaseUrl(node: INode, target: SubmitCaseTarget, itemIndex?: number) {
	const host = requireBaseUrl(node, 'Host', target.host, itemIndex);
	const country = requireText(node, 'Country', target.country, itemIndex);
	const tenant = requireText(node, 'Tenant', target.tenant, itemIndex);
	const caseToken = requireText(node, 'Case Token', target.caseToken, itemIndex);
	const url = `${host}/self-service/${pathSegment(node, 'Country', country, itemIndex)}/api/${pathSegment(node, 'Tenant', tenant, itemIndex)}/case/${pathSegment(node, 'Case Token', caseToken, itemIndex)}/submitted`;
	return { url, country, tenant, caseToken };
}
