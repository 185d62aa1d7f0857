import {
	credentialKey,
	sharedCredentialCount,
	SharedTokens,
} from '../../nodes/shared/credentialRegistry';

const TOKEN_FIELDS = ['accessToken', 'accessTokenExpiresAt'];
const DATA = { clientId: 'client-1', clientSecret: 'secret-1', scopes: ['events'] };

describe('credentialKey', () => {
	const key = (id: string, data: Record<string, unknown>) =>
		credentialKey('scalepointApi', id, data as never, TOKEN_FIELDS);

	it('is the same for the same credential, whatever token it holds', () => {
		expect(key('1', { ...DATA, accessToken: 'a', accessTokenExpiresAt: 1 })).toBe(
			key('1', { ...DATA, accessToken: '', accessTokenExpiresAt: 0 }),
		);
	});

	it('changes when the credential is edited or another credential has the same id', () => {
		expect(key('1', DATA)).not.toBe(key('1', { ...DATA, clientSecret: 'secret-2' }));
		expect(key('1', DATA)).not.toBe(key('1', { ...DATA, scopes: ['events', 'case:delete'] }));
		expect(key('1', DATA)).not.toBe(key('2', DATA));
	});

	it('holds no credential value', () => {
		const text = key('1', DATA);
		for (const value of ['client-1', 'secret-1', 'events']) expect(text).not.toContain(value);
	});
});

describe('SharedTokens', () => {
	let now = 1_000_000;
	const clock = () => now;

	it('shares a published token until it expires', () => {
		const shared = new SharedTokens('registry-test-1', clock);
		const fetch = shared.beginFetch();
		expect(shared.inFlight()).toBeDefined();
		fetch.publish({ token: 't1', expiresAt: now + 1000 });
		expect(shared.inFlight()).toBeUndefined();
		expect(shared.fresh()).toEqual({ token: 't1', expiresAt: now + 1000 });
		now += 1000;
		expect(shared.fresh()).toBeUndefined();
	});

	it('stays bounded: credentials whose tokens expired are dropped', () => {
		for (let i = 0; i < 50; i++) {
			new SharedTokens(`registry-bound-${i}`, clock).beginFetch().publish({
				token: `t${i}`,
				expiresAt: now + 60_000,
			});
		}
		expect(sharedCredentialCount()).toBeGreaterThanOrEqual(50);
		now += 24 * 60 * 60_000;
		new SharedTokens('registry-bound-next', clock).beginFetch().finish();
		expect(sharedCredentialCount()).toBe(1);
	});

	it('never stores a token without a finite expiry', () => {
		const shared = new SharedTokens('registry-test-3', clock);
		shared.beginFetch().publish({ token: 't', expiresAt: Infinity });
		expect(shared.fresh()).toBeUndefined();
	});

	it('a refusal marks the current token dead; a late refusal of an older one changes nothing', () => {
		const shared = new SharedTokens('registry-test-4', clock);
		shared.beginFetch().publish({ token: 'old', expiresAt: now + 5000 });
		shared.refuse('old');
		expect(shared.fresh()).toBeUndefined();
		expect(shared.isRefused('old')).toBe(true);
		shared.beginFetch().publish({ token: 'new', expiresAt: now + 5000 });
		shared.refuse('old');
		expect(shared.fresh()?.token).toBe('new');
	});

	it('a refused token sent while this process held another drops the held one too (queue mode)', () => {
		const shared = new SharedTokens('registry-test-6', clock);
		shared.beginFetch().publish({ token: 'held', expiresAt: now + 5000 });
		// A session sends the token another worker stored in the credential; it is refused.
		const sentAt = shared.mark();
		shared.refuse('stored-by-other-worker', sentAt);
		expect(shared.isRefused('stored-by-other-worker')).toBe(true);
		expect(shared.fresh()).toBeUndefined();
		// A token published after that send answers the refusal: a later refusal keeps it.
		shared.beginFetch().publish({ token: 'fetched-after', expiresAt: now + 5000 });
		shared.refuse('stored-by-other-worker', sentAt);
		expect(shared.fresh()?.token).toBe('fetched-after');
	});

	it('hands the token error of a failed fetch to the sessions waiting for it', async () => {
		const shared = new SharedTokens('registry-test-5', clock);
		const fetch = shared.beginFetch();
		const waiting = shared.inFlight();
		fetch.finish(new Error('invalid_client'));
		await expect(waiting).resolves.toEqual(new Error('invalid_client'));
		expect(shared.inFlight()).toBeUndefined();
	});
});
