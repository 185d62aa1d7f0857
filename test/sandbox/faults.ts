import { ROUTE_NAMES, type Fault, type RouteName } from './types';

interface ArmedFault {
	fault: Fault;
	remaining: number;
	/** Matching requests still to let through untouched. */
	skip: number;
}

/** Faults armed by tests; each one is consumed by the next matching request(s), oldest first. */
export class FaultStore {
	private armed: ArmedFault[] = [];

	add(fault: Fault): void {
		if (!(ROUTE_NAMES as readonly string[]).includes(fault.route)) {
			throw new Error(`Unknown route for fault: ${String(fault.route)}`);
		}
		const times = fault.times ?? 1;
		if (!Number.isInteger(times) || times < 1)
			throw new Error('fault.times must be a positive integer');
		const after = fault.after ?? 0;
		if (!Number.isInteger(after) || after < 0)
			throw new Error('fault.after must be a non-negative integer');
		this.armed.push({ fault: { ...fault }, remaining: times, skip: after });
	}

	clear(): void {
		this.armed = [];
	}

	take(route: RouteName): Fault | undefined {
		const index = this.armed.findIndex((armed) => armed.fault.route === route);
		if (index < 0) return undefined;
		const armed = this.armed[index];
		if (armed.skip > 0) {
			armed.skip -= 1;
			return undefined;
		}
		armed.remaining -= 1;
		if (armed.remaining <= 0) this.armed.splice(index, 1);
		return armed.fault;
	}
}

/** A short label for the journal, e.g. `status:503`, `reset:afterRequest`, `delay:200+malformedJson`. */
export function describeFault(fault: Fault): string {
	const parts: string[] = [];
	if (fault.delayMs !== undefined) parts.push(`delay:${fault.delayMs}`);
	if (fault.reset) parts.push(`reset:${fault.reset}`);
	if (fault.status !== undefined) parts.push(`status:${fault.status}`);
	else if (fault.body !== undefined) parts.push('body');
	if (fault.headers) parts.push('headers');
	if (fault.malformedJson) parts.push('malformedJson');
	if (fault.emptyBody) parts.push('emptyBody');
	if (fault.dribble) parts.push(`dribble:${fault.dribble.intervalMs}`);
	return parts.join('+') || 'none';
}
