/** What differs between "Submit to Case" and "Submit to Damage Notification". */
export interface SubmitTarget {
	operation: 'submitToCase' | 'submitToDamageNotification';
	/** Last path segment of the vendor endpoint. */
	endpoint: 'submitForCase' | 'submitForDamageNotification';
	idParameter: 'caseId' | 'damageNotificationId';
	idLabel: string;
	/** How messages name the target, e.g. `case 1111…`. */
	noun: 'case' | 'damage notification';
	/** The per-file flag that applies: restricted files exist on cases only, damage images on notifications. */
	flag: 'isRestricted' | 'isDamageImage';
}

export const CASE_TARGET: SubmitTarget = {
	operation: 'submitToCase',
	endpoint: 'submitForCase',
	idParameter: 'caseId',
	idLabel: 'Case ID',
	noun: 'case',
	flag: 'isRestricted',
};

export const DAMAGE_NOTIFICATION_TARGET: SubmitTarget = {
	operation: 'submitToDamageNotification',
	endpoint: 'submitForDamageNotification',
	idParameter: 'damageNotificationId',
	idLabel: 'Damage Notification ID',
	noun: 'damage notification',
	flag: 'isDamageImage',
};
