import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';
import { Credentials } from 'n8n-core';

/**
 * An in-memory stand-in for n8n's credential store with the same `preAuthentication` rules as
 * n8n's own CredentialsHelper: the credential's hook runs when its expirable field is empty, when
 * n8n says the token expired (after a 401) or during a credential test; the result is persisted
 * and later reads see it. Tests can count persisted updates.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private static created = 0;

	readonly store = new Map<string, ICredentialDataDecryptedObject>();

	/**
	 * Each helper stands for stored credentials of its own, with ids no other helper uses: the
	 * nodes share tokens and pacing per credential id within the process, as they would between
	 * executions in n8n. Runs that reuse a helper share its credentials, like one stored credential.
	 */
	private readonly instance = ++TestCredentialsHelper.created;

	/** The id of this helper's credential of `type`, for a workflow node's `credentials`. */
	credentialId(type: string) {
		return `${type}-${this.instance}`;
	}

	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(private readonly types: Record<string, ICredentialType>) {
		super();
	}

	set(type: string, data: ICredentialDataDecryptedObject) {
		this.store.set(type, { ...data });
	}

	getParentTypes() {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		if (typeof type?.authenticate === 'function')
			return await type.authenticate(credentials, requestOptions);
		if (type?.authenticate && typeof type.authenticate === 'object') {
			throw new Error('The test helper supports function authenticate only');
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	) {
		const type = this.types[typeName];
		const expirable = type?.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (!node.credentials) return undefined;
		const stored = {
			...(this.store.get(typeName) ?? {}),
			...output,
		} as ICredentialDataDecryptedObject;
		this.store.set(typeName, stored);
		this.updates.push({ type: typeName, data: { ...output } as ICredentialDataDecryptedObject });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication() {
		return undefined;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type]?.properties ?? [];
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	) {
		const data = this.store.get(type);
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string) {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store.set(type, { ...data });
	}

	async updateCredentialsOauthTokenData() {}

	isCredentialUsableByNode() {
		return true;
	}
}
