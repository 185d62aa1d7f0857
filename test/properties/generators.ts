import fc from 'fast-check';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Strings biased towards what breaks URLs, headers and parsers. */
export const nasty = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.constantFrom(
		'/',
		'..',
		'.',
		'%2F',
		'%2f',
		'%5C',
		'%2e%2e',
		'?',
		'#',
		' ',
		'\t',
		'\n',
		'\\',
		'',
		'æøå',
		'🙂',
		'\u0000',
		'a b',
		'x\r\ny',
	),
	fc
		.array(fc.constantFrom('a', '/', '.', '%', '2', 'F', '?', '#', ' ', '\\', 'é', '%2F', '..'), {
			maxLength: 30,
		})
		.map((parts) => parts.join('')),
	fc.string({ minLength: 190, maxLength: 260 }),
);

/** Any value an expression could hand a parameter: text, numbers, booleans, objects, arrays, dates. */
export const anyValue = fc.oneof(
	nasty,
	fc.anything(),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constantFrom(undefined, null, '', 0, 1, NaN, Infinity),
	fc.date({ noInvalidDate: false }),
	// Values whose conversion to text throws: String() of each of them is a TypeError.
	fc.constantFrom<unknown>({ toString: '' }, [{ toString: '' }], Object.create(null), {
		toString: () => {
			throw new Error('no text');
		},
	}),
);

/**
 * Runs a builder: returns its value, or checks that it failed only with a node error whose message
 * starts with one of the field labels (so the user knows which field to fix).
 */
export function valueOrFieldError<T>(labels: string[], run: () => T): T | undefined {
	try {
		return run();
	} catch (error) {
		const nodeError = error instanceof NodeOperationError || error instanceof NodeApiError;
		if (!nodeError) throw new Error(`not a node error: ${String(error)}`);
		const message = (error as Error).message;
		if (!labels.some((label) => message.startsWith(`${label} `)))
			throw new Error(
				`message does not start with a field label (${labels.join(', ')}): ${message}`,
			);
		return undefined;
	}
}
