/**
 * A sign-in refused for a reason of our own (state, membership, matching).
 * `message` is the English sentence that is also the i18n key; WeCom API
 * errors stay the core's typed errors and are described by `describeError`.
 */
export class SignInError extends Error {
  readonly code: string;
  readonly params: Record<string, string>;
  /** For the admin: what to fix, logged and shown in the settings; the person signing in reads `message`. */
  readonly adminMessage?: string;

  constructor(code: string, message: string, params: Record<string, string> = {}, adminMessage?: string) {
    super(message);
    this.name = 'SignInError';
    this.code = code;
    this.params = params;
    this.adminMessage = adminMessage;
  }
}

export const MESSAGES = {
  stateMissing: 'The sign-in request has no state. Please start the sign-in again.',
  stateUnknown: 'This sign-in request is unknown. Please start the sign-in again.',
  stateExpired: 'This sign-in request has expired. Please start the sign-in again.',
  stateReplayed: 'This sign-in request was already used. Please start the sign-in again.',
  stateOtherBrowser: 'This sign-in was started in another browser. Please start the sign-in again in this browser.',
  codeMissing: 'WeCom did not return an authorization code. Please start the sign-in again.',
  authenticatorUnavailable: 'The WeCom sign-in method "{{authenticator}}" is not available.',
  notConfigured: 'The WeCom sign-in method is not fully configured. Please contact your administrator.',
  notMember: 'This WeChat account is not a member of the company. Please sign in with your WeCom account.',
  memberDisabled: 'Your WeCom account is disabled. Please contact your administrator.',
  memberLeft: 'Your WeCom account is no longer a member of the company. Please contact your administrator.',
  pairingUnknown: 'This confirmation link is not valid. Please start the sign-in on your computer again.',
  pairingExpired: 'This confirmation link has expired. Please start the sign-in on your computer again.',
  pairingUsed: 'This confirmation link was already used. Please start the sign-in on your computer again.',
  pairingOtherMember:
    'The WeCom account on the phone is not the one that signed in on the computer. Please start the sign-in on your computer again.',
  noAccount: 'No account matches your WeCom account, and automatic sign-up is disabled. Please contact your administrator.',
  linkedToOtherMember:
    'The account with your phone number is already linked to another WeCom member. Please contact your administrator.',
  phoneAmbiguous: 'Your WeCom account cannot be matched to a single account. Please contact your administrator.',
  phoneAmbiguousAdmin:
    'WeCom member "{{userid}}" was not signed in: more than one user has their phone number. Make the users\' phone numbers unique, or link the member by hand.',
  rootNotLinkable:
    'The account with your phone number is an administrator account, which is never linked to WeCom automatically. Please sign in with your password.',
  handOffUnknown: 'This sign-in link is not valid. Please sign in again.',
  handOffReplayed: 'This sign-in link was already used. Please sign in again.',
  handOffExpired: 'This sign-in link has expired. Please sign in again.',
  handOffOtherBrowser: 'This sign-in was completed in another browser. Please sign in again in this browser.',
  userGone: 'The account you signed in with no longer exists. Please contact your administrator.',
} as const;

export const signInError = {
  stateMissing: () => new SignInError('WECOM_STATE_MISSING', MESSAGES.stateMissing),
  stateUnknown: () => new SignInError('WECOM_STATE_UNKNOWN', MESSAGES.stateUnknown),
  stateExpired: () => new SignInError('WECOM_STATE_EXPIRED', MESSAGES.stateExpired),
  stateReplayed: () => new SignInError('WECOM_STATE_REPLAYED', MESSAGES.stateReplayed),
  stateOtherBrowser: () => new SignInError('WECOM_STATE_OTHER_BROWSER', MESSAGES.stateOtherBrowser),
  codeMissing: () => new SignInError('WECOM_CODE_MISSING', MESSAGES.codeMissing),
  authenticatorUnavailable: (authenticator: string) =>
    new SignInError('WECOM_AUTHENTICATOR_UNAVAILABLE', MESSAGES.authenticatorUnavailable, { authenticator }),
  notConfigured: () => new SignInError('WECOM_NOT_CONFIGURED', MESSAGES.notConfigured),
  notMember: () => new SignInError('WECOM_NOT_A_MEMBER', MESSAGES.notMember),
  memberDisabled: () => new SignInError('WECOM_MEMBER_DISABLED', MESSAGES.memberDisabled),
  memberLeft: () => new SignInError('WECOM_MEMBER_LEFT', MESSAGES.memberLeft),
  pairingUnknown: () => new SignInError('WECOM_PAIRING_UNKNOWN', MESSAGES.pairingUnknown),
  pairingExpired: () => new SignInError('WECOM_PAIRING_EXPIRED', MESSAGES.pairingExpired),
  pairingUsed: () => new SignInError('WECOM_PAIRING_USED', MESSAGES.pairingUsed),
  pairingOtherMember: () => new SignInError('WECOM_PAIRING_OTHER_MEMBER', MESSAGES.pairingOtherMember),
  noAccount: () => new SignInError('WECOM_NO_ACCOUNT', MESSAGES.noAccount),
  linkedToOtherMember: () => new SignInError('WECOM_LINKED_TO_OTHER_MEMBER', MESSAGES.linkedToOtherMember),
  phoneAmbiguous: (userid: string) =>
    new SignInError('WECOM_PHONE_AMBIGUOUS', MESSAGES.phoneAmbiguous, { userid }, MESSAGES.phoneAmbiguousAdmin),
  rootNotLinkable: () => new SignInError('WECOM_ROOT_NOT_LINKABLE', MESSAGES.rootNotLinkable),
  handOffUnknown: () => new SignInError('WECOM_HAND_OFF_UNKNOWN', MESSAGES.handOffUnknown),
  handOffReplayed: () => new SignInError('WECOM_HAND_OFF_REPLAYED', MESSAGES.handOffReplayed),
  handOffExpired: () => new SignInError('WECOM_HAND_OFF_EXPIRED', MESSAGES.handOffExpired),
  handOffOtherBrowser: () => new SignInError('WECOM_HAND_OFF_OTHER_BROWSER', MESSAGES.handOffOtherBrowser),
  userGone: () => new SignInError('WECOM_USER_GONE', MESSAGES.userGone),
};
