import { quoteValue } from '../../nodes/shared/validation';

describe('quoteValue', () => {
	it('quotes text and numbers, shortened', () => {
		expect(quoteValue('abc')).toBe('"abc"');
		expect(quoteValue(12)).toBe('"12"');
		expect(quoteValue('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
	});

	it('only names values that may not convert to text (found by the property tests)', () => {
		// An item field such as {"toString": ""} makes String(value) throw a TypeError.
		expect(quoteValue({ toString: '' })).toBe('an object');
		expect(quoteValue([1, 2])).toBe('a list');
		expect(quoteValue(null)).toBe('null');
		expect(quoteValue(undefined)).toBe('nothing');
	});
});
