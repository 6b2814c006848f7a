/**
 * A sign-in refused for a reason of our own (state, membership, matching).
 * `message` is the English sentence that is also the i18n key; WeCom API
 * errors stay the core's typed errors and are described by `describeError`.
 */
export class SignInError extends Error {
  readonly code: string;
  readonly params: Record<string, string>;

  constructor(code: string, message: string, params: Record<string, string> = {}) {
    super(message);
    this.name = 'SignInError';
    this.code = code;
    this.params = params;
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
  firstSignInInApp:
    'The first sign-in with WeCom has to happen inside the WeCom app: open this application from the WeCom workbench. After that you can also sign in here.',
  noAccount: 'No account matches your WeCom account, and automatic sign-up is disabled. Please contact your administrator.',
  linkedToOtherMember:
    'The account with your phone number is already linked to another WeCom member. Please contact your administrator.',
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
  firstSignInInApp: () => new SignInError('WECOM_FIRST_SIGN_IN_IN_APP', MESSAGES.firstSignInInApp),
  noAccount: () => new SignInError('WECOM_NO_ACCOUNT', MESSAGES.noAccount),
  linkedToOtherMember: () => new SignInError('WECOM_LINKED_TO_OTHER_MEMBER', MESSAGES.linkedToOtherMember),
};
