import { createHmac, randomBytes } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * What every execution in this n8n process knows about the tokens of a credential: the newest
 * token one of them obtained, whether one of them is fetching a token right now, and which
 * tokens a server refused. n8n hands each execution its own copy of the credential, read from the
 * database before any of them had stored a token, so without this 10 executions started together
 * fetched 10 tokens.
 *
 * Holds nothing but tokens the sessions hold anyway (never credential data), and drops a
 * credential's entry once its token has expired and nobody is fetching.
 */

/** A token and when it must no longer be used (epoch ms, finite). */
export interface HeldToken {
	token: string;
	expiresAt: number;
}

interface Entry {
	/** With the publication number it got (see `mark`). */
	current?: HeldToken & { publication: number };
	/** Settles when the fetch in flight ends: with the token error, or undefined. */
	fetching?: Promise<Error | undefined>;
	/** Tokens a server refused, newest last (a few: sessions still holding one drop it). */
	refused: string[];
}

const REFUSED_KEPT = 8;

const entries = new Map<string, Entry>();

/** How many tokens were published in this process: orders a publication against a send. */
let publications = 0;

// The fingerprint is keyed with a secret of this process only, so it reveals nothing about the
// credential even where it could be read; it never leaves the process.
const FINGERPRINT_KEY = randomBytes(32);

/**
 * Which credential, in which version: the type, n8n's id and a fingerprint of every field except
 * the token fields. An edited credential (another secret, environment or scope) never reuses the
 * old one's token, and two different credentials that share an id (tests) never collide.
 */
export function credentialKey(
	type: string,
	id: string | null | undefined,
	data: ICredentialDataDecryptedObject,
	tokenFields: string[],
) {
	const fields = Object.keys(data)
		.filter((name) => !tokenFields.includes(name))
		.sort()
		.map((name) => [name, data[name] ?? null]);
	const fingerprint = createHmac('sha256', FINGERPRINT_KEY)
		.update(JSON.stringify(fields))
		.digest('hex');
	return `${type}:${id ?? ''}:${fingerprint}`;
}

/** The shared view of one credential's tokens. */
export class SharedTokens {
	constructor(
		private readonly key: string,
		private readonly now: () => number,
	) {}

	/** The newest token obtained by any session, while it is still valid. */
	fresh(): HeldToken | undefined {
		const current = entries.get(this.key)?.current;
		return current && current.expiresAt > this.now()
			? { token: current.token, expiresAt: current.expiresAt }
			: undefined;
	}

	/** Whether a server refused `token` (then no session should send it again). */
	isRefused(token: string) {
		return entries.get(this.key)?.refused.includes(token) ?? false;
	}

	/** The fetch another session has in flight, if any. */
	inFlight(): Promise<Error | undefined> | undefined {
		return entries.get(this.key)?.fetching;
	}

	/**
	 * Claims the one fetch for this credential. Until `finish`, other sessions wait for it;
	 * `publish` lets them go on as soon as the token is there.
	 */
	beginFetch() {
		this.prune();
		const entry = this.entry();
		let settle!: (failure: Error | undefined) => void;
		const fetching = new Promise<Error | undefined>((resolve) => (settle = resolve));
		entry.fetching = fetching;
		let settled = false;
		const finish = (failure?: Error) => {
			if (settled) return;
			settled = true;
			if (entry.fetching === fetching) entry.fetching = undefined;
			settle(failure);
		};
		return {
			publish: (held: HeldToken) => {
				if (settled) return;
				this.publish(held);
				finish();
			},
			finish,
		};
	}

	/** A point in this process's sequence of tokens, taken before a send (for `refuse`). */
	mark() {
		return publications;
	}

	/**
	 * Marks a refused token dead for every session, and drops the current token unless it was
	 * published after `sentAt` (the `mark` taken when a session first sent the refused token):
	 * a late refusal of an older token must not discard the fresh one that replaced it, but a
	 * token this process already held when the refused one was sent is no answer to the refusal.
	 * In queue mode the refused token may be the newer one (another worker stored it in the
	 * credential), and a revocation refused both: handing out the held one made the resend
	 * fail with "refused even after a new one was fetched" although none was fetched.
	 */
	refuse(token: string, sentAt = 0) {
		const entry = this.entry();
		if (!entry.refused.includes(token)) {
			entry.refused.push(token);
			if (entry.refused.length > REFUSED_KEPT) entry.refused.shift();
		}
		const current = entry.current;
		if (current && (current.token === token || current.publication <= sentAt)) {
			entry.current = undefined;
		}
	}

	/**
	 * A session found `token` expired by its own record (or its expiry untrustworthy): the earliest
	 * known expiry wins, so no session adopts it again.
	 */
	expired(token: string) {
		const entry = entries.get(this.key);
		if (entry?.current?.token === token) entry.current = undefined;
	}

	private publish(held: HeldToken) {
		if (!Number.isFinite(held.expiresAt) || held.expiresAt <= this.now()) return;
		const entry = this.entry();
		if (entry.current && entry.current.expiresAt > held.expiresAt) return;
		entry.current = { token: held.token, expiresAt: held.expiresAt, publication: ++publications };
	}

	private entry() {
		let entry = entries.get(this.key);
		if (!entry) {
			entry = { refused: [] };
			entries.set(this.key, entry);
		}
		return entry;
	}

	/** Drops every credential whose token has expired and that nobody is fetching for. */
	private prune() {
		const now = this.now();
		for (const [key, entry] of entries) {
			if (entry.fetching) continue;
			if (!entry.current || entry.current.expiresAt <= now) entries.delete(key);
		}
	}
}

/** How many credentials the registry holds (for tests of its bound). */
export function sharedCredentialCount() {
	return entries.size;
}
