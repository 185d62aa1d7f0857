import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const MEDIA_TYPE = (version: string) =>
	`application/vnd.scalepoint.content.settlement.${version}+json`;

/**
 * The Settlement API picks its version through the Accept header; the page's example asks for
 * `application/vnd.scalepoint.content.settlement.v3+json` (https://dev.scalepoint.com/settlement-api).
 * Whether v1 and v2 media types exist is not documented, and Scalepoint's own tests call the same
 * path with a plain JSON Accept for the v1 body, so the version stays selectable (v3 by default)
 * and a custom version number can be sent as well.
 */
export const apiVersionField: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'options',
	options: [
		{
			name: 'V3 (As on the Settlement API Page)',
			value: 'v3',
			description: `Accept: ${MEDIA_TYPE('v3')}`,
		},
		{ name: 'V2', value: 'v2', description: `Accept: ${MEDIA_TYPE('v2')} (not documented)` },
		{ name: 'V1', value: 'v1', description: `Accept: ${MEDIA_TYPE('v1')} (not documented)` },
		{
			name: 'Plain JSON',
			value: 'plainJson',
			description:
				"The plain JSON media type, which Scalepoint's own tests ask for to get the first (v1) settlement format",
		},
		{
			name: 'Custom',
			value: 'custom',
			description: 'Another version number, e.g. one your Scalepoint contact names',
		},
	],
	default: 'v3',
	description:
		'Which settlement format to ask for (Scalepoint chooses it by the Accept header). The page documents v3; only the v1 body is known field by field.',
};

export const customVersionField: INodeProperties = {
	displayName: 'Custom Version',
	name: 'customVersion',
	type: 'string',
	default: '',
	required: true,
	placeholder: '4',
	description: `The version number to ask for: sent as ${MEDIA_TYPE('v<number>')}`,
};

/** The Accept header and the version's name for the output (`v3`, `v7`, `json`). */
export function acceptFor(
	node: INode,
	version: unknown,
	customVersion: unknown,
	itemIndex: number,
): { accept: string; label: string } {
	if (version === 'plainJson') return { accept: 'application/json', label: 'json' };
	if (version === 'v1' || version === 'v2' || version === 'v3') {
		return { accept: MEDIA_TYPE(version), label: version };
	}
	if (version === 'custom') {
		// Only digits: the value goes into a header, where anything else could change its meaning.
		const text = typeof customVersion === 'number' ? String(customVersion) : customVersion;
		const digits = typeof text === 'string' ? text.trim().replace(/^v/i, '') : '';
		if (!/^[1-9]\d{0,2}$/.test(digits)) {
			throw new NodeOperationError(
				node,
				'Custom Version must be a version number such as 4 (or v4)',
				{
					itemIndex,
					description: `It is sent as ${MEDIA_TYPE('v<number>')}. Ask your Scalepoint contact which versions your tenant offers.`,
				},
			);
		}
		return { accept: MEDIA_TYPE(`v${digits}`), label: `v${digits}` };
	}
	throw new NodeOperationError(
		node,
		`API Version "${String(version)}" is not one of the offered versions`,
		{
			itemIndex,
			description: 'Choose v3, v2, v1, Plain JSON or Custom.',
		},
	);
}
