import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	countryField,
	hostField,
	tenantField,
	concurrencyField,
	concurrencyOf,
} from '../../../Scalepoint/commonFields';
import { SCOPES } from '../../../Scalepoint/scopes';
import {
	ScalepointClient,
	ScalepointCredentialError,
	describeBody,
	stillBusyMessage,
	type ScalepointResponse,
} from '../../../Scalepoint/transport';
import { apiError, asObject } from '../../../shared/httpErrors';
import { unconfirmedWrite } from '../../../shared/unconfirmedAnswer';
import { runItems } from '../../../shared/itemRunner';
import { timeoutMsOf, timeoutOption } from '../../../shared/timeoutOption';
import { submitCaseUrl } from './submitCaseUrl';
import { SUBMIT_CODES, submitConfirmation } from './submitResult';

const show = { show: { resource: ['case'], operation: ['submit'] } };

export const description: INodeProperties[] = [
	{
		...hostField('api'),
		displayOptions: show,
	},
	{ ...countryField, displayOptions: show },
	{ ...tenantField, displayOptions: show },
	{
		displayName: 'Case Token',
		name: 'caseToken',
		type: 'string',
		// The unified case token opens the claimant's case, so it is masked like a secret.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'd1a72df4-f7d5-402c-a495-cc31b8b39a59',
		description: 'The token of the Self-Service case to submit to ClaimShop',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			concurrencyField(5, 'How many cases are submitted at the same time'),
			timeoutOption(
				60,
				'How long to wait for Scalepoint to answer. After a timeout the case is not submitted again, because it may have been.',
			),
		],
	},
];

/**
 * POST {host}/self-service/{country}/api/{tenant}/case/{caseToken}/submitted — no body; the
 * answer's `code` says what happened. Submitting is not idempotent: never resent after it may
 * have reached Scalepoint.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const client = await ScalepointClient.open(this, SCOPES.selfServiceSubmit);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const timeoutMs = timeoutMsOf(node, options.timeoutSeconds, 60);
	const concurrency = concurrencyOf(node, options.concurrency, 5);
	let noLines = 0;

	const results = await runItems(
		this,
		async (itemIndex) => {
			const { url, country, tenant, caseToken } = submitCaseUrl(
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
				method: 'POST',
				url,
				idempotent: false,
				timeoutMs,
				itemIndex,
			});
			const body = asObject(response.body);
			const code = typeof body?.code === 'string' ? body.code : undefined;
			const info = code && Object.hasOwn(SUBMIT_CODES, code) ? SUBMIT_CODES[code] : undefined;
			const context = { caseToken, tenant, country };

			const confirmed = submitConfirmation(response.status, response.body);
			if (confirmed) {
				if (!confirmed.info.submitted) noLines++;
				return {
					success: true,
					submitted: confirmed.info.submitted,
					code: confirmed.code,
					caseToken,
					message: confirmed.info.message(context),
				};
			}
			if (info && !info.success) {
				throw apiError(
					node,
					response.status,
					`${info.message(context)} (${code})`,
					describeBody(body),
					itemIndex,
				);
			}
			throw unexpectedAnswer(this, response, caseToken, itemIndex);
		},
		{
			concurrency,
			primeFirst: true,
			stopsTheRun: (error) => error instanceof ScalepointCredentialError,
			// A stopped run names the cases already submitted (NO_LINES_TO_SUBMIT submitted nothing).
			tookEffect: (output) =>
				output.submitted === true ? { caseToken: output.caseToken } : undefined,
		},
	);

	if (noLines > 0) {
		this.addExecutionHints({
			message: `${noLines} case(s) had no lines, so nothing was submitted for them (code NO_LINES_TO_SUBMIT). Filter on "submitted" to find them.`,
			location: 'outputPane',
		});
	}
	return [results];
}

function unexpectedAnswer(
	ctx: IExecuteFunctions,
	{ status, body: rawBody }: ScalepointResponse,
	caseToken: string,
	itemIndex: number,
) {
	const node = ctx.getNode();
	const body = asObject(rawBody);
	if (status === 403) {
		return apiError(
			node,
			status,
			'Scalepoint refused access (403): the token lacks the scope self-service:submit',
			'Add self-service:submit to the credential and ask Scalepoint to grant it to your client.',
			itemIndex,
		);
	}
	if (status === 404) {
		return apiError(
			node,
			status,
			'Scalepoint has no Submit Case endpoint at this address (404)',
			'Check the host, country and tenant parameters.',
			itemIndex,
		);
	}
	if (status === 401) {
		return apiError(
			node,
			status,
			`${SUBMIT_CODES.UNAUTHORIZED.message({ caseToken, tenant: '', country: '' })} (401)`,
			undefined,
			itemIndex,
		);
	}
	if (status === 429) {
		return apiError(
			node,
			status,
			stillBusyMessage(status),
			'Nothing was submitted for this case. Run it again later.',
			itemIndex,
		);
	}
	if (status >= 200 && status < 300) {
		return unconfirmedWrite(node, {
			vendor: 'Scalepoint',
			status,
			body: rawBody,
			expected: '200 with {"success": true, "code": "SUCCESS"}',
			what: `the submission of case ${caseToken}`,
			check: `look at case ${caseToken} in ClaimShop`,
			itemIndex,
		});
	}
	const said = describeBody(body);
	// A server error may come after the submission was processed, so it is never resent.
	const advice =
		status >= 500
			? 'The case may have been submitted: check it in ClaimShop before running this item again.'
			: 'The case may not have been submitted: check it in ClaimShop before running this item again.';
	return apiError(
		node,
		status,
		`Scalepoint answered ${status} for case ${caseToken}`,
		said ? `Scalepoint said: ${said}. ${advice}` : advice,
		itemIndex,
	);
}
