import { randomBytes } from 'node:crypto';

import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { ScalepointFiles } from '../../nodes/ScalepointFiles/ScalepointFiles.node';
import { startScalepointFixture, type ScalepointFixture } from '../fixtures/scalepoint';
import {
	CLOSED_CASE,
	MERGED_NOTIFICATION,
	OPEN_CASE,
	OPEN_NOTIFICATION,
	SECURITY_TOKEN,
	UNKNOWN_ID,
	USER,
	caseParams,
	jsonOf,
	notificationParams,
	run,
	sentFiles,
	textItem,
} from './helpers';
import { TestInputNode } from '../harness/testInputNode';

let fx: ScalepointFixture;

beforeAll(async () => {
	fx = await startScalepointFixture();
});
afterAll(async () => await fx.sandbox.close());
beforeEach(() => fx.sandbox.reset());

const ecb = () => fx.sandbox.requests('ecb.submitForCase');

describe('Submit to Case — success (memory binary mode)', () => {
	it('sends one JSON request with the base64 content and outputs the stored file id', async () => {
		const result = await run(
			fx,
			caseParams(fx, {
				options: { description: 'Skadesfoto', isRestricted: true, timestamp: '2026-01-31' },
			}),
			[textItem('note.txt', 'hello ECB æøå')],
		);
		expect(result.error).toBeUndefined();
		const stored = fx.sandbox.state.files;
		expect(stored).toHaveLength(1);
		expect(jsonOf(result.output)).toEqual([
			{
				success: true,
				caseId: OPEN_CASE,
				files: [{ id: stored[0].id, fileName: 'note.txt', binaryProperty: 'data' }],
			},
		]);
		expect(result.output[0].pairedItem).toEqual({ item: 0 });

		expect(ecb()).toHaveLength(1);
		const [request] = ecb();
		expect(request.method).toBe('POST');
		expect(request.rawPath).toBe('/ecx/host/api/integration/v1/file/submitForCase');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		expect(request.json).toEqual({
			securityToken: SECURITY_TOKEN,
			timestamp: '2026-01-31',
			payload: {
				id: OPEN_CASE,
				insuranceCompanyAlias: 'company',
				userEmail: USER,
				files: [
					{
						fileName: 'note.txt',
						contentType: 'text/plain',
						content: Buffer.from('hello ECB æøå').toString('base64'),
						description: 'Skadesfoto',
						isRestricted: true,
					},
				],
			},
		});
		expect(stored[0]).toMatchObject({
			target: 'case',
			targetId: OPEN_CASE,
			fileName: 'note.txt',
			size: Buffer.byteLength('hello ECB æøå'),
			isRestricted: true,
		});
	});

	it('sends all files of a multi-file item in one request and maps each id back to its binary field', async () => {
		const photo = randomBytes(5000);
		const pdf = randomBytes(4097);
		const result = await run(
			fx,
			caseParams(fx, {
				binaryPropertyNames: 'photo, invoice',
				fileSettings: {
					file: [
						{
							binaryProperty: 'invoice',
							fileName: 'Faktura 2026.PDF',
							contentType: 'application/pdf',
							description: 'Invoice',
							isRestricted: true,
						},
					],
				},
				options: { description: 'default text' },
			}),
			[
				{
					json: {},
					binary: {
						photo: { data: photo, fileName: 'damage.jpg', mimeType: 'image/jpeg' },
						invoice: { data: pdf, fileName: 'x.bin', mimeType: 'application/octet-stream' },
						ignored: { data: Buffer.from('not sent'), fileName: 'other.txt' },
					},
				},
			],
		);
		expect(result.error).toBeUndefined();
		expect(ecb()).toHaveLength(1);
		const files = sentFiles(ecb()[0]);
		expect(files.map((f) => [f.fileName, f.contentType, f.description, f.isRestricted])).toEqual([
			['damage.jpg', 'image/jpeg', 'default text', false],
			['Faktura 2026.PDF', 'application/pdf', 'Invoice', true],
		]);
		expect(files[0].content.equals(photo)).toBe(true);
		expect(files[1].content.equals(pdf)).toBe(true);
		const [first, second] = fx.sandbox.state.files;
		expect(result.output[0].json.files).toEqual([
			{ id: first.id, fileName: 'damage.jpg', binaryProperty: 'photo' },
			{ id: second.id, fileName: 'Faktura 2026.PDF', binaryProperty: 'invoice' },
		]);
	});

	it('"Send All Binary Properties" sends every binary field in item order', async () => {
		const result = await run(fx, caseParams(fx, { allBinaryProperties: true }), [
			{
				json: {},
				binary: {
					a: { data: 'A', fileName: 'a.txt' },
					b: { data: 'BB', fileName: 'b.csv', mimeType: 'text/csv' },
				},
			},
		]);
		expect(result.error).toBeUndefined();
		expect(sentFiles(ecb()[0]).map((f) => [f.fileName, f.content.toString()])).toEqual([
			['a.txt', 'A'],
			['b.csv', 'BB'],
		]);
		expect(
			(result.output[0].json.files as Array<{ binaryProperty: string }>).map(
				(f) => f.binaryProperty,
			),
		).toEqual(['a', 'b']);
	});

	it('a single-file override renames the file and sets its content type', async () => {
		const result = await run(
			fx,
			caseParams(fx, { options: { fileName: 'renamed.pdf', contentType: 'application/pdf' } }),
			[textItem('orig.bin', 'x')],
		);
		expect(result.error).toBeUndefined();
		expect(sentFiles(ecb()[0]).map((f) => [f.fileName, f.contentType])).toEqual([
			['renamed.pdf', 'application/pdf'],
		]);
	});

	it('one request per item, items one after another, each output paired with its item', async () => {
		const result = await run(fx, caseParams(fx), [
			textItem('1.txt', 'one'),
			textItem('2.txt', 'two'),
			textItem('3.txt', 'three'),
		]);
		expect(result.error).toBeUndefined();
		expect(ecb()).toHaveLength(3);
		expect(ecb().map((entry) => sentFiles(entry)[0].content.toString())).toEqual([
			'one',
			'two',
			'three',
		]);
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(fx.tokenRequests()).toBe(1);
	});
});

describe('Submit to Damage Notification', () => {
	it('sends isDamageImage (not isRestricted) to submitForDamageNotification', async () => {
		const result = await run(fx, notificationParams(fx, { options: { isDamageImage: true } }), [
			textItem('photo.PNG', 'png-bytes', 'image/png'),
		]);
		expect(result.error).toBeUndefined();
		const [request] = fx.sandbox.requests('ecb.submitForDamageNotification');
		expect(request.rawPath).toBe('/ecx/host/api/integration/v1/file/submitForDamageNotification');
		const [file] = sentFiles(request);
		expect(file).toMatchObject({ fileName: 'photo.PNG', isDamageImage: true });
		expect(file).not.toHaveProperty('isRestricted');
		expect(result.output[0].json).toEqual({
			success: true,
			damageNotificationId: OPEN_NOTIFICATION,
			files: [{ id: fx.sandbox.state.files[0].id, fileName: 'photo.PNG', binaryProperty: 'data' }],
		});
	});
});

describe('The vendor error table', () => {
	const genericError = (status: number, errorDescription: string) => ({
		route: 'ecb.submitForCase' as const,
		status,
		body: JSON.stringify({ success: false, errorType: 'GenericError', errorDescription }),
		headers: { 'content-type': 'application/json' },
	});

	it('400 ClaimIsClosed', async () => {
		const result = await run(fx, caseParams(fx, { caseId: CLOSED_CASE }), [textItem('a.txt', 'a')]);
		expect(result.error?.message).toBe(
			`Case ${CLOSED_CASE} is closed, so no files can be added to it (400 ClaimIsClosed)`,
		);
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toContain('No file was stored');
		expect(fx.sandbox.state.files).toHaveLength(0);
	});

	it('400 DamageNotificationMergedToClaim names the case it was merged into', async () => {
		const result = await run(
			fx,
			notificationParams(fx, { damageNotificationId: MERGED_NOTIFICATION }),
			[textItem('a.txt', 'a')],
		);
		expect(result.error?.message).toBe(
			`Damage notification ${MERGED_NOTIFICATION} is already merged into a case (400 DamageNotificationMergedToClaim)`,
		);
		expect(result.error?.description).toContain('Submit to Case');
		expect(result.error?.description).toContain('22222222-2222-2222-2222-222222222222');
	});

	it('401 after a fresh token (wrong security token): error, one resend only, secret not echoed', async () => {
		const wrong = 'abcdefab-cdef-abcd-efab-cdefabcdefab';
		const result = await run(fx, caseParams(fx, { securityToken: wrong }), [
			textItem('a.txt', 'a'),
		]);
		expect(result.error?.message).toBe(
			'Scalepoint did not accept the authorization, even with a new access token (401 Unauthorized)',
		);
		expect(result.error?.description).toContain('Security Token');
		expect(
			JSON.stringify({ m: result.error?.message, d: result.error?.description }),
		).not.toContain(wrong);
		expect(ecb()).toHaveLength(2);
		expect(fx.tokenRequests()).toBe(2);
	});

	it.each([
		[
			'UserNotFound',
			{ userEmail: 'nobody@example.com' },
			'User nobody@example.com was not found as an active service-partner employee',
			'User E-mail',
		],
		['ClaimNotFound', { caseId: UNKNOWN_ID }, `Case ${UNKNOWN_ID} was not found`, 'Case ID'],
	])('404 %s says which and what to check', async (errorType, overrides, message, check) => {
		const result = await run(fx, caseParams(fx, overrides), [textItem('a.txt', 'a')]);
		expect(result.error?.message).toBe(`${message} (404 ${errorType})`);
		expect(result.error?.description).toContain(check);
		expect(result.error?.httpCode).toBe('404');
	});

	it('404 DamageNotificationNotFound', async () => {
		const result = await run(fx, notificationParams(fx, { damageNotificationId: UNKNOWN_ID }), [
			textItem('a.txt', 'a'),
		]);
		expect(result.error?.message).toBe(
			`Damage notification ${UNKNOWN_ID} was not found (404 DamageNotificationNotFound)`,
		);
		expect(result.error?.description).toContain('Damage Notification ID');
	});

	it('404 for an unknown tenant points at host and tenant', async () => {
		const result = await run(fx, caseParams(fx, { tenant: 'nosuchtenant' }), [
			textItem('a.txt', 'a'),
		]);
		expect(result.error?.message).toBe(
			'Scalepoint found no ECB file endpoint for this case (404 GenericError)',
		);
		expect(result.error?.description).toContain('host and tenant');
	});

	it('413 GenericError names the files', async () => {
		fx.sandbox.faults.add(genericError(413, 'File too large'));
		const result = await run(fx, caseParams(fx), [textItem('big.mp4', 'x')]);
		expect(result.error?.message).toBe(
			'A file is larger than Scalepoint accepts (100 MB per file): "big.mp4" (data) (413 GenericError)',
		);
		expect(ecb()).toHaveLength(1);
	});

	it('a file type Scalepoint does not accept is refused before sending, with the allowed types listed', async () => {
		const result = await run(fx, caseParams(fx), [textItem('setup.exe', 'x')]);
		expect(result.error?.message).toMatch(
			/^File "setup.exe" \(binary property "data"\) has the extension ".exe", which Scalepoint does not accept\. .*\(the allowed types are listed in the details\)\.$/,
		);
		expect(result.error?.description).toMatch(/^Allowed: 3gp, aac, .*\bpdf, .*\bxlsx, .*\.$/);
		expect(result.error?.description).not.toContain('exe,');
		expect(ecb()).toHaveLength(0);
	});

	it('415 GenericError names the files', async () => {
		fx.sandbox.faults.add(genericError(415, 'Unsupported extension'));
		const result = await run(fx, caseParams(fx), [textItem('odd.txt', 'x')]);
		expect(result.error?.message).toBe(
			'Scalepoint does not accept the type of a file: "odd.txt" (data) (415 GenericError)',
		);
		expect(result.error?.description).toContain('Unsupported extension');
	});

	it('500 GenericError shows errorDescription, is not resent, and warns the files may be stored', async () => {
		fx.sandbox.faults.add(genericError(500, 'NullReferenceException at FileService'));
		const result = await run(fx, caseParams(fx), [textItem('a.txt', 'x')]);
		expect(result.error?.message).toBe(
			'Scalepoint failed with an internal error: NullReferenceException at FileService (500 GenericError)',
		);
		expect(result.error?.description).toContain('may have been stored');
		expect(ecb()).toHaveLength(1);
	});

	it('a connection reset after the upload is not resent', async () => {
		fx.sandbox.faults.add({ route: 'ecb.submitForCase', reset: 'afterRequest' });
		const result = await run(fx, caseParams(fx), [textItem('a.txt', 'x')]);
		expect(result.error?.description).toContain('not sent again automatically');
		expect(ecb()).toHaveLength(1);
	});

	it('a 401 fault refreshes the token and resends exactly once, with the same body', async () => {
		const credentials = fx.credentials();
		await run(fx, caseParams(fx), [textItem('warm.txt', 'w')], undefined, credentials);
		fx.sandbox.reset();
		fx.sandbox.faults.add({ route: 'ecb.submitForCase', status: 401, body: '{}' });
		const result = await run(
			fx,
			caseParams(fx),
			[textItem('a.txt', 'resent')],
			undefined,
			credentials,
		);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ success: true });
		expect(fx.tokenRequests()).toBe(1);
		const [first, second] = ecb();
		expect(ecb()).toHaveLength(2);
		expect([first.status, second.status]).toEqual([401, 200]);
		expect(second.headers.authorization).not.toBe(first.headers.authorization);
		expect(second.bodyText).toBe(first.bodyText);
		expect(sentFiles(second)[0].content.toString()).toBe('resent');
		expect(fx.sandbox.state.files).toHaveLength(1);
	});
});

describe('Checked before sending (no request)', () => {
	it.each([
		[{ caseId: 'not-a-guid' }, 'Case ID must be a GUID'],
		[{ userEmail: 'no-at-sign' }, 'User E-Mail must be an e-mail address'],
		[{ securityToken: 'secret-not-guid' }, 'Security Token must be a GUID'],
		[{ insuranceCompanyAlias: '  ' }, 'Insurance Company Alias is required'],
		[{ tenant: 'a/b' }, 'Tenant must not contain "/"'],
		[{ options: { timestamp: '31.01.2026' } }, 'Timestamp must be a date as yyyy-MM-dd'],
		[{ options: { timestamp: '2026-02-30' } }, 'Timestamp must be a date as yyyy-MM-dd'],
		[{ binaryPropertyNames: 'nope' }, 'The item has no binary field "nope"'],
		[{ binaryPropertyNames: ' , ' }, 'Input Binary Fields is empty'],
	])('%j → %s', async (overrides, message) => {
		const result = await run(fx, caseParams(fx, overrides), [textItem('a.txt', 'a')]);
		expect(result.error?.message).toContain(message);
		expect(ecb()).toHaveLength(0);
	});

	it('the security token is never quoted back', async () => {
		const result = await run(fx, caseParams(fx, { securityToken: 'my-secret-value' }), [
			textItem('a.txt', 'a'),
		]);
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain(
			'my-secret-value',
		);
	});

	it.each([
		['report.pdf.exe', 'has the extension ".exe"'],
		['README', 'has no file extension'],
		[`${'n'.repeat(497)}.txt`, 'has a name of 501 characters'],
	])('refuses %s naming the file', async (fileName, problem) => {
		const result = await run(fx, caseParams(fx), [textItem(fileName, 'a')]);
		expect(result.error?.message).toContain('(binary property "data")');
		expect(result.error?.message).toContain(problem);
		expect(ecb()).toHaveLength(0);
	});

	it('an item without binary data needs at least one file', async () => {
		const result = await run(fx, caseParams(fx, { allBinaryProperties: true }), [{ json: {} }]);
		expect(result.error?.message).toBe('The item has no binary data, so there is no file to send');
	});

	it('a single-file override with two files is refused', async () => {
		const result = await run(
			fx,
			caseParams(fx, { allBinaryProperties: true, options: { fileName: 'x.pdf' } }),
			[
				{
					json: {},
					binary: { a: { data: 'A', fileName: 'a.txt' }, b: { data: 'B', fileName: 'b.txt' } },
				},
			],
		);
		expect(result.error?.message).toContain('apply to one file, but this item sends 2');
	});

	it('one refused file stops the whole item: nothing of it is sent', async () => {
		const result = await run(fx, caseParams(fx, { allBinaryProperties: true }), [
			{
				json: {},
				binary: { a: { data: 'A', fileName: 'ok.txt' }, b: { data: 'B', fileName: 'bad.exe' } },
			},
		]);
		expect(result.error?.message).toContain('File "bad.exe" (binary property "b")');
		expect(ecb()).toHaveLength(0);
	});
});

describe('Error output and continue on fail', () => {
	it('continueErrorOutput: good items on the output, failed ones on the error output, all paired', async () => {
		const result = await run(
			fx,
			caseParams(fx, { caseId: '={{ $json.caseId }}' }),
			[
				{ ...textItem('a.txt', 'a'), json: { caseId: OPEN_CASE } },
				{ ...textItem('b.exe', 'b'), json: { caseId: OPEN_CASE } },
				{ ...textItem('c.txt', 'c'), json: { caseId: CLOSED_CASE } },
				{ ...textItem('d.txt', 'd'), json: { caseId: OPEN_CASE } },
			],
			'continueErrorOutput',
		);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(
			result.output.map((item) => (item.json.files as Array<{ fileName: string }>)[0].fileName),
		).toEqual(['a.txt', 'd.txt']);
		expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(String(result.errorOutput[0].json.error)).toContain('File "b.exe"');
		expect(String(result.errorOutput[1].json.error)).toContain('(400 ClaimIsClosed)');
		expect(ecb()).toHaveLength(3);
	});

	it('without continue on fail the first failure fails the node', async () => {
		const result = await run(fx, caseParams(fx), [textItem('a.exe', 'a'), textItem('b.txt', 'b')]);
		expect(result.error?.message).toContain('File "a.exe"');
		expect(ecb()).toHaveLength(0);
	});

	it('a credential without the scope fails before anything is sent', async () => {
		const result = await run(
			fx,
			caseParams(fx),
			[textItem('a.txt', 'a')],
			undefined,
			fx.credentials({ scopes: ['events'] }),
		);
		expect(result.error?.message).toBe(
			'This operation needs the scope platform-service-provider:write; add it to the credential',
		);
		expect(fx.sandbox.journal).toHaveLength(0);
	});
});

describe('File Settings: Restricted / Damage Image per file', () => {
	const twoFiles = {
		json: {},
		binary: {
			a: { data: 'A', fileName: 'a.txt' },
			b: { data: 'B', fileName: 'b.txt' },
		},
	};
	const restrictedFlags = async (
		options: Record<string, unknown>,
		entries: Array<Record<string, unknown>>,
	) => {
		const result = await run(
			fx,
			caseParams(fx, { binaryPropertyNames: 'a, b', options, fileSettings: { file: entries } }),
			[twoFiles],
		);
		expect(result.error).toBeUndefined();
		return sentFiles(ecb()[ecb().length - 1]).map((f) => [f.fileName, f.isRestricted]);
	};

	it('an entry that only sets a description keeps Restricted from Options (the file stays restricted)', async () => {
		expect(
			await restrictedFlags({ isRestricted: true }, [
				{ binaryProperty: 'a', description: 'Only a description' },
				{ binaryProperty: 'b', description: 'Chosen default', isRestricted: 'node' },
			]),
		).toEqual([
			['a.txt', true],
			['b.txt', true],
		]);
	});

	it('"Yes" and "No" replace the Options default for that file only', async () => {
		expect(
			await restrictedFlags({ isRestricted: true }, [{ binaryProperty: 'a', isRestricted: 'no' }]),
		).toEqual([
			['a.txt', false],
			['b.txt', true],
		]);
		expect(
			await restrictedFlags({ isRestricted: false }, [
				{ binaryProperty: 'b', isRestricted: 'yes' },
			]),
		).toEqual([
			['a.txt', false],
			['b.txt', true],
		]);
	});

	it('saved workflows with the old boolean: true stays restricted, false follows Options', async () => {
		expect(
			await restrictedFlags({ isRestricted: true }, [{ binaryProperty: 'a', isRestricted: false }]),
		).toEqual([
			['a.txt', true],
			['b.txt', true],
		]);
		expect(
			await restrictedFlags({ isRestricted: false }, [{ binaryProperty: 'a', isRestricted: true }]),
		).toEqual([
			['a.txt', true],
			['b.txt', false],
		]);
	});

	it('Damage Image: an entry without a choice keeps the Options default, "No" replaces it', async () => {
		const result = await run(
			fx,
			notificationParams(fx, {
				binaryPropertyNames: 'a, b',
				options: { isDamageImage: true },
				fileSettings: {
					file: [
						{ binaryProperty: 'a', description: 'Photo of the damage' },
						{ binaryProperty: 'b', isDamageImage: 'no' },
					],
				},
			}),
			[twoFiles],
		);
		expect(result.error).toBeUndefined();
		const [request] = fx.sandbox.requests('ecb.submitForDamageNotification');
		expect(sentFiles(request).map((f) => [f.fileName, f.isDamageImage])).toEqual([
			['a.txt', true],
			['b.txt', false],
		]);
	});

	it('a value from an expression that is none of the choices is refused before sending', async () => {
		const result = await run(
			fx,
			caseParams(fx, {
				fileSettings: { file: [{ binaryProperty: 'data', isRestricted: '={{ "maybe" }}' }] },
			}),
			[textItem('a.txt', 'a')],
		);
		expect(result.error?.message).toBe(
			'File Settings → Restricted must be "node", "yes" or "no" (got "maybe")',
		);
		expect(ecb()).toHaveLength(0);
	});

	it('each operation shows only the flag it sends, in File Settings as in Options', () => {
		const properties = new ScalepointFiles().description.properties;
		const fileSettings = properties.find((p) => p.name === 'fileSettings')!;
		const entry = (fileSettings.options as Array<{ values: INodeProperties[] }>)[0].values;
		const options = properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		const shown = (fields: INodeProperties[], operation: string) =>
			fields
				.filter((field) => ['isRestricted', 'isDamageImage'].includes(field.name))
				.filter((field) =>
					NodeHelpers.displayParameter({}, field, null, null, { resource: 'file', operation }),
				)
				.map((field) => field.name);
		for (const fields of [entry, options]) {
			expect(shown(fields, 'submitToCase')).toEqual(['isRestricted']);
			expect(shown(fields, 'submitToDamageNotification')).toEqual(['isDamageImage']);
		}
	});
});

describe('Send All Binary Properties with File Settings', () => {
	it('an item without one of the configured fields sends what it has; a named list still refuses', async () => {
		const settings = {
			file: [
				{ binaryProperty: 'photo', description: 'Photo' },
				{ binaryProperty: 'invoice', fileName: 'invoice.pdf' },
			],
		};
		const result = await run(
			fx,
			caseParams(fx, { allBinaryProperties: true, fileSettings: settings }),
			[
				{
					json: {},
					binary: {
						photo: { data: 'P', fileName: 'p.jpg' },
						invoice: { data: 'I', fileName: 'x.bin' },
					},
				},
				{ json: {}, binary: { photo: { data: 'Q', fileName: 'q.jpg' } } },
			],
		);
		expect(result.error).toBeUndefined();
		expect(ecb().map((entry) => sentFiles(entry).map((f) => [f.fileName, f.description]))).toEqual([
			[
				['p.jpg', 'Photo'],
				['invoice.pdf', undefined],
			],
			[['q.jpg', 'Photo']],
		]);

		fx.sandbox.reset();
		const named = await run(
			fx,
			caseParams(fx, { binaryPropertyNames: 'photo', fileSettings: settings }),
			[{ json: {}, binary: { photo: { data: 'Q', fileName: 'q.jpg' } } }],
		);
		expect(named.error?.message).toBe(
			'File Settings name binary fields that are not sent: invoice',
		);
		expect(ecb()).toHaveLength(0);
	});

	it('a File Settings name that no input item has is a typo: refused before anything is sent', async () => {
		const result = await run(
			fx,
			caseParams(fx, {
				allBinaryProperties: true,
				fileSettings: { file: [{ binaryProperty: 'Photo', isRestricted: 'yes' }] },
			}),
			[{ json: {}, binary: { photo: { data: 'P', fileName: 'p.jpg' } } }],
		);
		expect(result.error?.message).toBe(
			'File Settings name binary fields that no input item has: Photo',
		);
		expect(result.error?.description).toBe('Fields in the input: photo.');
		expect(ecb()).toHaveLength(0);
	});
});

describe('In-memory base64 that is not canonical (set by a Code node)', () => {
	/** Input items as a Code node would return them: binary data set by hand, no `bytes`. */
	const rawItems = (binary: Record<string, { data: string; fileName: string; mimeType: string }>) =>
		jest
			.spyOn(TestInputNode.prototype, 'execute')
			.mockImplementationOnce(async () => [[{ json: {}, binary }]]);
	afterEach(() => jest.restoreAllMocks());

	it.each([
		['MIME base64 (76 characters, CRLF)', (b64: string) => b64.replace(/(.{76})/g, '$1\r\n')],
		[
			'LF-wrapped without padding',
			(b64: string) => b64.replace(/=+$/, '').replace(/(.{64})/g, '$1\n'),
		],
	])('%s is sent as the exact bytes, canonically encoded', async (_name, wrap) => {
		const bytes = randomBytes(10_000);
		rawItems({
			data: {
				data: wrap(bytes.toString('base64')),
				fileName: 'scan.pdf',
				mimeType: 'application/pdf',
			},
		});
		const result = await run(fx, caseParams(fx), [{ json: {} }]);
		expect(result.error).toBeUndefined();
		const [request] = ecb();
		const [file] = (request.json as { payload: { files: Array<{ content: string }> } }).payload
			.files;
		expect(file.content).toBe(bytes.toString('base64'));
		expect(fx.sandbox.state.files[0].size).toBe(10_000);
	});

	it('junk in the base64 is refused as not base64, before sending', async () => {
		rawItems({ data: { data: 'aGVs*bG8=', fileName: 'a.txt', mimeType: 'text/plain' } });
		const result = await run(fx, caseParams(fx), [{ json: {} }]);
		expect(result.error?.message).toBe(
			'File "a.txt" (binary field "data"): its binary data is not valid base64. Load the file again before this node.',
		);
		expect(ecb()).toHaveLength(0);
	});
});
