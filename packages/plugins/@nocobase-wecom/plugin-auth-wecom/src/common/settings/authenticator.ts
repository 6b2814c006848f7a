/** The settings of an authenticator of type WeCom, in the order of the official manual's table. */
import { checkHttpUrl, checkInAppPath, checkOrigin, checkVerifyFileContent, checkVerifyFileName } from './checks';
import { type SettingsField, type SettingsValues } from './model';

export const AUTHENTICATOR_FIELDS = [
  {
    name: 'autoSignup',
    path: ['public', 'autoSignup'],
    kind: 'flag',
    default: true,
    public: true,
    label: 'When a phone number does not match an existing user, should a new user be created automatically',
  },
  {
    name: 'matchByPhone',
    path: ['matchByPhone'],
    kind: 'flag',
    default: true,
    label: 'Match existing users by phone number',
    help: "A member's first sign-in links them to the user whose phone number is their WeCom mobile. Users can edit their own phone number, so turn this off if you do not trust it; users with the root role are never matched.",
  },
  {
    name: 'refreshProfile',
    path: ['refreshProfile'],
    kind: 'flag',
    default: true,
    label: 'Update name and avatar from WeCom at sign-in',
    help: "At most once a day per member. The user's nickname changes only while they have not edited it in NocoBase; phone, email and username are never changed.",
  },
  { name: 'corpId', path: ['wecom', 'corpId'], kind: 'text', required: true, label: 'Company ID' },
  { name: 'agentId', path: ['wecom', 'agentId'], kind: 'text', required: true, label: 'AgentId' },
  { name: 'secret', path: ['wecom', 'secret'], kind: 'secret', required: true, label: 'Secret' },
  {
    name: 'origin',
    path: ['wecom', 'origin'],
    kind: 'text',
    required: true,
    label: 'Origin',
    help: 'The domain name of the current application, for example: https://example.app.com',
    check: checkOrigin,
  },
  {
    name: 'redirectPath',
    path: ['public', 'redirectPath'],
    kind: 'text',
    public: true,
    label: 'Workbench application redirect link',
    help: 'In-app path, for example: /m',
    check: checkInAppPath,
  },
  {
    name: 'autoLogin',
    path: ['public', 'autoLogin'],
    kind: 'flag',
    default: false,
    public: true,
    label: 'Automatic login',
    help: 'After enabling this option, open the application links in the WeCom chat dialog will automatically log in, and the application links can also be configured on the home page of the workbench application, and only one WeCom authenticator can enable this option.',
  },
  {
    name: 'signInMode',
    path: ['public', 'signInMode'],
    kind: 'choice',
    default: 'button',
    public: true,
    choices: [
      { value: 'button', label: 'A button (redirect to WeCom)' },
      { value: 'panel', label: 'The WeCom login panel' },
    ],
    label: 'Sign-in page shows',
    help: "The panel shows WeCom's QR code on the sign-in page itself, and offers one-click login when the WeCom desktop client is running. It needs WeCom's own login service and this app's trusted domain; elsewhere, and on narrow screens, the page shows the button and says why.",
  },
  {
    name: 'verifyFileName',
    path: ['wecom', 'verifyFileName'],
    kind: 'text',
    label: 'Domain verification file name',
    help: 'When WeCom asks you to verify the trusted domain, paste the file name it gives (WW_verify_….txt) and its content: NocoBase then serves the file at the root of this domain.',
    check: checkVerifyFileName,
  },
  { name: 'verifyFileContent', path: ['wecom', 'verifyFileContent'], kind: 'text', label: 'Domain verification file content', check: checkVerifyFileContent },
  {
    name: 'apiBaseUrl',
    path: ['wecom', 'apiBaseUrl'],
    kind: 'text',
    advanced: true,
    label: 'API base URL',
    help: 'Leave empty for https://qyapi.weixin.qq.com. Set it for a WeCom private deployment or a test emulator.',
    check: checkHttpUrl,
  },
  {
    name: 'oauthBaseUrl',
    path: ['wecom', 'oauthBaseUrl'],
    kind: 'text',
    advanced: true,
    label: 'OAuth base URL',
    help: 'Leave empty for https://open.weixin.qq.com.',
    check: checkHttpUrl,
  },
  {
    name: 'webLoginBaseUrl',
    path: ['wecom', 'webLoginBaseUrl'],
    kind: 'text',
    advanced: true,
    label: 'Web login base URL',
    help: 'Leave empty for https://login.work.weixin.qq.com.',
    check: checkHttpUrl,
  },
  {
    name: 'buttonText',
    path: ['public', 'buttonText'],
    kind: 'text',
    public: true,
    advanced: true,
    label: 'Button text',
    help: 'Shown on the sign-in page. Leave empty for "Sign in with WeCom".',
  },
  {
    name: 'tooltip',
    path: ['public', 'tooltip'],
    kind: 'text',
    public: true,
    advanced: true,
    label: 'Tooltip',
    help: 'Shown when the pointer rests on the sign-in button.',
  },
] as const satisfies readonly SettingsField[];

/** What a WeCom authenticator's options read to, on the server and (the public part) in the browser. */
export type AuthenticatorSettings = SettingsValues<typeof AUTHENTICATOR_FIELDS>;

/** The public part, as the sign-in page sees it. */
export type PublicAuthenticatorSettings = Pick<AuthenticatorSettings, 'autoSignup' | 'redirectPath' | 'autoLogin' | 'signInMode' | 'buttonText' | 'tooltip'>;

/** The WeCom app's credentials and hosts: what a WeCom client is built from. */
export type WeComConnection = Pick<AuthenticatorSettings, 'corpId' | 'agentId' | 'secret' | 'apiBaseUrl'>;

/** Whether the fields sign-ins cannot work without are filled in. */
export function isConfigured(settings: Pick<AuthenticatorSettings, 'corpId' | 'agentId' | 'secret' | 'origin'>): boolean {
  return Boolean(settings.corpId && settings.agentId && settings.secret && settings.origin);
}

/** The form's labels that are not fields (setup values, sections). */
export const FORM_LABELS = {
  homepageUrl: 'Workbench application homepage link',
  homepageUrlHelp: 'Paste it as the application homepage of the WeCom app (Workbench → application homepage).',
  trustedDomain: 'Trusted domain',
  trustedDomainHelp: 'In the WeCom admin console: the app → Web authorization and JS-SDK → trusted domain.',
  webLoginDomain: 'Web login callback domain',
  webLoginDomainHelp: 'In the WeCom admin console: the app → WeCom authorized login → authorized callback domain.',
  linksPending: 'Enter a valid origin to see this value.',
  advanced: 'Advanced',
} as const;
