import fc from 'fast-check';

import { writeBase64Into } from '../../nodes/ScalepointFiles/helpers/base64Into';

describe('writeBase64Into', () => {
	it('writes exactly what Buffer.toString("base64") produces, at the offset', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 8 }), (bytes, offset) => {
				const expected = Buffer.from(bytes).toString('base64');
				const target = Buffer.alloc(offset + expected.length + 3, '.');
				const end = writeBase64Into(bytes, target, offset);
				expect(end).toBe(offset + expected.length);
				expect(target.toString('latin1', offset, end)).toBe(expected);
				expect(target.toString('latin1', 0, offset)).toBe('.'.repeat(offset));
				expect(target.toString('latin1', end)).toBe('...');
			}),
			{ numRuns: 2000 },
		);
	});
});
