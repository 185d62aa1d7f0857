import { flattenListAnswer } from '../../nodes/Thinksurance/helpers/listAnswer';
import { scrubSecrets } from '../../nodes/Thinksurance/transport/identity';
import {
	failureReason,
	isInvalidTokenAnswer,
} from '../../nodes/Thinksurance/transport/vendorError';

describe('Thinksurance answers', () => {
	it.each([
		[200, { status: 'ok' }, undefined],
		[
			200,
			{ error: 'API User is not existing or deactivated.' },
			'API User is not existing or deactivated.',
		],
		[400, { error: 'bad' }, 'bad'],
		[404, undefined, 'HTTP 404 without a reason'],
		[502, 'Bad Gateway', 'Bad Gateway'],
	])('status %s with %j is reason %j', (status, body, reason) => {
		expect(failureReason(status, body)).toBe(reason);
	});

	it.each([
		[401, {}, true],
		[200, { error: 'Token is invalid or expired.' }, true],
		[400, { error: 'token expired' }, true],
		[200, { error: 'X-Broker-Token does not belong to this API user.' }, false],
		[200, { error: 'X-Account-Token is invalid.' }, false],
		[400, { error: 'agencyNumber is required.' }, false],
	])('status %s with %j is an invalid-token answer: %s', (status, body, expected) => {
		expect(isInvalidTokenAnswer(status, body)).toBe(expected);
	});

	it('flattens a bare array of holders and flat numbers', () => {
		expect(
			flattenListAnswer([
				{ baFinId: '1', agencyNumbers: [{ agencyNumber: 'A' }] },
				{ insurerId: '2', agencyNumber: 'B' },
			]),
		).toEqual([
			{ baFinId: '1', agencyNumber: 'A' },
			{ insurerId: '2', agencyNumber: 'B' },
		]);
		expect(flattenListAnswer({ status: 'x' })).toBeUndefined();
	});

	it('scrubs every credential secret from a server text', () => {
		const credentials = {
			hash: 'hash-1234',
			secret: 'secret-5678',
			brokerToken: 'broker-9',
			token: 'bearer-abcdef',
		};
		expect(
			scrubSecrets('user hash-1234 / secret-5678 / bearer-abcdef / broker-9', credentials),
		).toBe('user [redacted] / [redacted] / [redacted] / [redacted]');
	});
});
