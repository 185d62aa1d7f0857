import { requireScope } from '../auth';
import type { SandboxDeps } from '../context';
import { json, type Reply, type RequestContext } from '../http';

export const SELF_SERVICE_SCOPE = 'self-service:submit';

function answer(status: number, success: boolean, code: string, message: string): Reply {
	return json(status, { success, code, message });
}

/** POST /self-service/{country}/api/{tenant}/case/{caseToken}/submitted (no request body). */
export async function selfServiceSubmit(ctx: RequestContext, deps: SandboxDeps): Promise<Reply> {
	const refused = requireScope(ctx, deps, SELF_SERVICE_SCOPE, {
		success: false,
		code: 'UNAUTHORIZED',
		message: 'access token is not valid',
	});
	if (refused) return refused;

	const { country, tenant, caseToken } = ctx.params;
	if (!deps.state.hasCountryTenant(country, tenant)) {
		return answer(400, false, 'INVALID_TENANT', 'Invalid tenant');
	}
	const found = deps.state.selfServiceCases[caseToken];
	if (!found) return answer(400, false, 'CASE_NOT_FOUND', 'Case with such token was not found');
	if (found.status === 'submitted') {
		return answer(400, false, 'CASE_ALREADY_SUBMITTED', 'There was attempt to submit case again');
	}
	if (found.status !== 'open') {
		return answer(400, false, 'CASE_IS_NOT_OPEN', 'There was attempt to submit not open case');
	}
	if (!found.agreementAccepted) {
		return answer(400, false, 'AGREEMENT_NOT_ACCEPTED', 'Customer did not agree on condition');
	}
	if (found.lines === 0) {
		// success:true but nothing happened: the case stays open (see API-NOTES).
		return answer(
			200,
			true,
			'NO_LINES_TO_SUBMIT',
			'There was attempt to submit case with no lines',
		);
	}
	found.status = 'submitted';
	return answer(200, true, 'SUCCESS', 'Case was successfully submitted');
}
