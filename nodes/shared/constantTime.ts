import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret someone presented equals the expected one, in time that depends on neither
 * (a plain `===` stops at the first differing character, which lets a caller guess a secret one
 * character at a time). Both sides are hashed first, so their lengths do not show either:
 * `timingSafeEqual` itself needs inputs of equal length.
 */
export function secretsEqual(presented: string, expected: string): boolean {
	const a = createHash('sha256').update(presented, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}
