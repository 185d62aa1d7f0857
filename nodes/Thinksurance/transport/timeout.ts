import { timeoutOption } from '../../shared/timeoutOption';

/** Thinksurance's default: one minute per answer (the value used before the option existed). */
export const DEFAULT_TIMEOUT_SECONDS = 60;

export const TIMEOUT_OPTION = timeoutOption(
	DEFAULT_TIMEOUT_SECONDS,
	'How long to wait for Thinksurance to answer. Adding and deleting are not repeated after a timeout, because they may have taken effect.',
);
