import type { InFlightLimiter, SlidingWindowLimiter } from './rateLimit';
import type { SandboxState } from './state';
import type {
	SandboxClock,
	ScalepointClient,
	ThinksuranceErrorStyle,
	ThinksuranceUser,
} from './types';

/** Resolved options plus the settings that can change while running. */
export interface SandboxConfig {
	startTime: string;
	tokenLifetimeSeconds: number;
	eventHoldMs: number;
	hubRateLimit: { perSecond: number; perMinute: number };
	claimShopMaxInFlight: number;
	clients: Map<string, ScalepointClient>;
	thinksuranceUsers: ThinksuranceUser[];
	thinksuranceErrorStyle: ThinksuranceErrorStyle;
	/** The style given at start, restored by `reset()`. */
	initialThinksuranceErrorStyle: ThinksuranceErrorStyle;
	thinksuranceListKey: 'agencyNumberSets' | 'agencyNumbers';
}

/** What every route handler may use. `url`/`tokenUrl` are filled in once the port is known. */
export interface SandboxDeps {
	url: string;
	tokenUrl: string;
	clock: SandboxClock;
	state: SandboxState;
	config: SandboxConfig;
	hubLimiter: SlidingWindowLimiter;
	claimShopLimiter: InFlightLimiter;
}
