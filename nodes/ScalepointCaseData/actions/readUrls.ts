import type { INode } from 'n8n-workflow';

import { pathSegment } from '../../shared/pathSegment';
import { requireBaseUrl, requireText } from '../../shared/validation';

export interface ReadTarget {
	host: unknown;
	country: unknown;
	tenant: unknown;
}

/** Host, country and tenant, checked; the country and tenant encoded as one path segment each. */
function base(node: INode, target: ReadTarget, itemIndex: number) {
	const host = requireBaseUrl(node, 'Host', target.host, itemIndex);
	const country = requireText(node, 'Country', target.country, itemIndex);
	const tenant = requireText(node, 'Tenant', target.tenant, itemIndex);
	return {
		host,
		country,
		tenant,
		countrySegment: pathSegment(node, 'Country', country, itemIndex),
		tenantSegment: pathSegment(node, 'Tenant', tenant, itemIndex),
	};
}

/**
 * Case Data API, get case by unified case token:
 * `{host}/api/integration/data/v1/{country}/{tenant}/case/{caseToken}` (https://dev.scalepoint.com/case-data-api).
 * Every value is one path segment, so no input can change the path.
 */
export function caseUrl(
	node: INode,
	target: ReadTarget & { caseToken: unknown },
	itemIndex: number,
) {
	const { host, country, tenant, countrySegment, tenantSegment } = base(node, target, itemIndex);
	const caseToken = requireText(node, 'Case Token', target.caseToken, itemIndex);
	const token = pathSegment(node, 'Case Token', caseToken, itemIndex);
	const url = `${host}/api/integration/data/v1/${countrySegment}/${tenantSegment}/case/${token}`;
	return { url, country, tenant, caseToken };
}

/**
 * Settlement API: `{host}/webapp/ScalePoint/{country}/case/{tenant}/revision/{revisionToken}`
 * (https://dev.scalepoint.com/settlement-api; the page writes the path with this capitalisation).
 */
export function revisionUrl(
	node: INode,
	target: ReadTarget & { revisionToken: unknown },
	itemIndex: number,
) {
	const { host, country, tenant, countrySegment, tenantSegment } = base(node, target, itemIndex);
	const revisionToken = requireText(node, 'Revision Token', target.revisionToken, itemIndex);
	const token = pathSegment(node, 'Revision Token', revisionToken, itemIndex);
	const url = `${host}/webapp/ScalePoint/${countrySegment}/case/${tenantSegment}/revision/${token}`;
	return { url, country, tenant, revisionToken };
}
