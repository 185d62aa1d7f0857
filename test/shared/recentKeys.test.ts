import { secretsEqual } from '../../nodes/shared/constantTime';
import { readKeys, recentKey, rememberKeys } from '../../nodes/shared/recentKeys';
import {
	MAX_REMEMBERED_NOTIFICATIONS,
	rememberEmitted,
	wasEmitted,
} from '../../nodes/ThinksuranceTrigger/helpers/receivedNotifications';

describe('recent keys (a trigger’s bounded memory of what it emitted)', () => {
	it('a key is short and fixed-size, whatever the id', () => {
		expect(recentKey('x'.repeat(5000))).toMatch(/^[A-Za-z0-9_-]{12}$/);
		expect(recentKey('a')).not.toBe(recentKey('b'));
	});

	it('keeps the newest keys, at most the bound, and nothing when empty', () => {
		expect(rememberKeys(['a', 'b'], ['c', 'd'], 3)).toEqual(['b', 'c', 'd']);
		expect(rememberKeys(undefined, [], 3)).toBeUndefined();
		expect(readKeys(['a', 3, null, 'b'])).toEqual(['a', 'b']);
		expect(readKeys('a')).toEqual([]);
	});

	it(`the Thinksurance Trigger remembers at most ${MAX_REMEMBERED_NOTIFICATIONS} notifications; the oldest is forgotten first`, () => {
		const staticData = {};
		for (let index = 0; index <= MAX_REMEMBERED_NOTIFICATIONS; index++)
			rememberEmitted(staticData, `notification-${index}`);
		expect(
			(staticData as { recentNotificationKeys: string[] }).recentNotificationKeys,
		).toHaveLength(MAX_REMEMBERED_NOTIFICATIONS);
		expect(wasEmitted(staticData, 'notification-0')).toBe(false);
		expect(wasEmitted(staticData, 'notification-1')).toBe(true);
		expect(wasEmitted(staticData, `notification-${MAX_REMEMBERED_NOTIFICATIONS}`)).toBe(true);
		expect(JSON.stringify(staticData).length).toBeLessThan(16_000);
	});
});

describe('secretsEqual', () => {
	it.each([
		['secret', 'secret', true],
		['secret', 'secreT', false],
		['secret', 'secret ', false],
		['', 'secret', false],
		['', '', true],
		['päss', 'päss', true],
	])('%j vs %j: %s', (presented, expected, equal) => {
		expect(secretsEqual(presented, expected)).toBe(equal);
	});
});
