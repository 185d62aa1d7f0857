import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { countryField, hostField, tenantField } from '../../../Scalepoint/commonFields';
import { SCOPES } from '../../../Scalepoint/scopes';
import { ScalepointClient, ScalepointCredentialError } from '../../../Scalepoint/transport';
import { asObject } from '../../../shared/httpErrors';
import { runItems } from '../../../shared/itemRunner';
import { truncate } from '../../../shared/validation';
import { readError } from '../readErrors';
import { readOptionsField, readOptionsOf } from '../readOptions';
import { caseUrl } from '../readUrls';
import { caseAnswerProblem, caseOutput, DOCUMENTED_CASE } from './caseAnswer';

const show = { show: { resource: ['case'], operation: ['get'] } };

export const description: INodeProperties[] = [
	{ ...hostField('api'), displayOptions: show },
	{ ...countryField, displayOptions: show },
	{ ...tenantField, displayOptions: show },
	{
		displayName: 'Case Token',
		name: 'caseToken',
		type: 'string',
		// Masked like the Self-Service case token: it identifies a claimant's case across products.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'c.2d2f0fd5-b766-48d6-92c0-586341c78f25',
		description:
			'The unified case token of the case to read, with its prefix (e.g. "c." or "b."), as in the case.token field of a Scalepoint event',
		displayOptions: show,
	},
	readOptionsField(show, 'cases'),
];

/**
 * GET {host}/api/integration/data/v1/{country}/{tenant}/case/{caseToken}, once per item. Reading
 * is idempotent: network failures, timeouts and 5xx answers are retried by the transport.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ScalepointClient.open(this, SCOPES.caseRead);
	const { timeoutMs, concurrency } = readOptionsOf(this);

	const results = await runItems(
		this,
		async (itemIndex) => {
			const { url, country, tenant, caseToken } = caseUrl(
				node,
				{
					host: client.host('api', this.getNodeParameter('host', itemIndex, ''), itemIndex),
					country: this.getNodeParameter('country', itemIndex),
					tenant: this.getNodeParameter('tenant', itemIndex),
					caseToken: this.getNodeParameter('caseToken', itemIndex),
				},
				itemIndex,
			);
			const response = await client.request({
				method: 'GET',
				url,
				idempotent: true,
				timeoutMs,
				itemIndex,
			});
			const problem =
				response.status >= 200 && response.status < 300
					? caseAnswerProblem(response.status, response.body, caseToken)
					: 'status';
			if (problem === undefined) return caseOutput(response.body);
			throw readError(
				node,
				response,
				{
					noun: 'case',
					key: 'caseToken',
					token: caseToken,
					country,
					tenant,
					expected: DOCUMENTED_CASE,
					next:
						problem === 'otherCase'
							? otherCaseAdvice(response.body, caseToken)
							: 'Check the host, country and tenant, then run again.',
				},
				itemIndex,
			);
		},
		{
			concurrency,
			primeFirst: true,
			stopsTheRun: (error) => error instanceof ScalepointCredentialError,
		},
	);
	return [results];
}

/** Both tokens, shortened: the answer's token comes from the server and may be of any length. */
function otherCaseAdvice(body: unknown, caseToken: string) {
	const answered = String(asObject(body)?.token ?? '').trim();
	return `The answer is about case ${truncate(answered)}, not the case ${truncate(caseToken)} asked for. Check the host, then run again.`;
}
