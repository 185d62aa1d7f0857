import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { countryField, hostField, tenantField } from '../../../Scalepoint/commonFields';
import { SCOPES } from '../../../Scalepoint/scopes';
import { ScalepointClient, ScalepointCredentialError } from '../../../Scalepoint/transport';
import { runItems } from '../../../shared/itemRunner';
import { readError } from '../readErrors';
import { readOptionsField, readOptionsOf } from '../readOptions';
import { revisionUrl } from '../readUrls';
import {
	DOCUMENTED_SETTLEMENT,
	settlementAnswerProblem,
	settlementOutput,
	type AnswerCheck,
} from './settlementAnswer';
import { acceptFor, apiVersionField, customVersionField } from './settlementVersion';

const show = { show: { resource: ['settlement'], operation: ['getRevision'] } };

const ANY_OBJECT_ADVICE =
	'If your Scalepoint version answers in another format, set Options > Answer Check to "Any JSON Object".';

export const description: INodeProperties[] = [
	{ ...hostField('api'), displayOptions: show },
	{ ...countryField, displayOptions: show },
	{ ...tenantField, displayOptions: show },
	{
		displayName: 'Revision Token',
		name: 'revisionToken',
		type: 'string',
		// Masked like the case token (n8n's rule for token fields); it still flows by expression.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'd1a72df4-f7d5-402c-a495-cc31b8b39a59',
		description:
			'The token of the settlement revision to read, as in the settlement.revisionToken field of a case_settled event',
		displayOptions: show,
	},
	{ ...apiVersionField, displayOptions: show },
	{
		...customVersionField,
		displayOptions: { show: { ...show.show, apiVersion: ['custom'] } },
	},
	readOptionsField(show, 'settlement revisions', [
		{
			displayName: 'Answer Check',
			name: 'answerCheck',
			type: 'options',
			options: [
				{
					name: 'Documented Fields',
					value: 'documented',
					description:
						'The answer must have case and settlementDetails with the revision token asked for (the format Scalepoint documents in its tests)',
				},
				{
					name: 'Any JSON Object',
					value: 'anyObject',
					description:
						'Any non-empty JSON object is passed on, for a version whose format is not published; key fields are empty where it differs',
				},
			],
			default: 'documented',
			description: 'What an answer must contain to count as the settlement revision',
		},
	]),
];

/**
 * GET {host}/webapp/ScalePoint/{country}/case/{tenant}/revision/{revisionToken} with the chosen
 * version's Accept header, once per item. Reading is idempotent, so the transport retries
 * network failures, timeouts and 5xx answers.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ScalepointClient.open(this, SCOPES.caseRead);
	const { options, timeoutMs, concurrency } = readOptionsOf(this);
	const check: AnswerCheck = options.answerCheck === 'anyObject' ? 'anyObject' : 'documented';
	let withoutKeyFields = 0;

	const results = await runItems(
		this,
		async (itemIndex) => {
			const { url, country, tenant, revisionToken } = revisionUrl(
				node,
				{
					host: client.host('api', this.getNodeParameter('host', itemIndex, ''), itemIndex),
					country: this.getNodeParameter('country', itemIndex),
					tenant: this.getNodeParameter('tenant', itemIndex),
					revisionToken: this.getNodeParameter('revisionToken', itemIndex),
				},
				itemIndex,
			);
			const version = this.getNodeParameter('apiVersion', itemIndex, 'v3');
			const { accept, label } = acceptFor(
				node,
				version,
				version === 'custom' ? this.getNodeParameter('customVersion', itemIndex, '') : '',
				itemIndex,
			);
			const response = await client.request({
				method: 'GET',
				url,
				headers: { Accept: accept },
				idempotent: true,
				timeoutMs,
				itemIndex,
			});
			const problem =
				response.status >= 200 && response.status < 300
					? settlementAnswerProblem(response.status, response.body, revisionToken, check)
					: 'status';
			if (problem === undefined) {
				const { json, found } = settlementOutput(response.body, revisionToken, label);
				if (!found) withoutKeyFields++;
				return json;
			}
			throw readError(
				node,
				response,
				{
					noun: 'settlement revision',
					key: 'revisionToken',
					token: revisionToken,
					country,
					tenant,
					expected: DOCUMENTED_SETTLEMENT,
					next:
						problem === 'otherRevision'
							? `The answer is about another revision than ${revisionToken}. Check the host, then run again.`
							: `Check the host, country and tenant, then run again. ${ANY_OBJECT_ADVICE}`,
					own: (status) => settlementStatus(status, { revisionToken, tenant, accept, label }),
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

	if (withoutKeyFields > 0) {
		this.addExecutionHints({
			message: `${withoutKeyFields} answer(s) had none of the documented fields (case, settlementDetails), so the key fields are empty. The whole answer is in "settlement".`,
			location: 'outputPane',
		});
	}
	return [results];
}

/** The Settlement API's own statuses: 400 (Scalepoint's tests) and 406 (version by Accept). */
function settlementStatus(
	status: number,
	{
		revisionToken,
		tenant,
		accept,
		label,
	}: { revisionToken: string; tenant: string; accept: string; label: string },
) {
	if (status === 400) {
		return {
			message: `Scalepoint has no settlement revision ${revisionToken} for tenant "${tenant}" (400)`,
			next: 'Scalepoint answers 400 for an unknown revision token and for one of another tenant. Check the revision token (settlement.revisionToken of the case_settled event) and the tenant.',
		};
	}
	if (status === 406) {
		return {
			message: `Scalepoint does not offer the settlement format ${label} (406: it cannot answer with ${accept})`,
			next: 'Choose another API Version; v3 is the one the Settlement API page shows.',
		};
	}
	return undefined;
}
