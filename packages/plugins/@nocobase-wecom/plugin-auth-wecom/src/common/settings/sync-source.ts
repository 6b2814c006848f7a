/**
 * The WeCom directory-sync source (a source of plugin-user-data-sync): its settings, one field list like the
 * authenticator's. Stored under `userDataSyncSources.options` with these names; scripts rely on them.
 * Pure: no NocoBase, no React.
 */
import { type SettingsField, type SettingsValues } from './model';

/** `userDataSyncSources.sourceType` of our sources. */
export const SYNC_SOURCE_TYPE = 'wecom';

/** The 43 characters WeCom shows as EncodingAESKey (docs/wecom-protocol.md C2.3). */
export function checkEncodingAESKey(value: string): string | undefined {
  return /^[A-Za-z0-9]{43}$/.test(value) ? undefined : 'The EncodingAESKey is the 43 letters and digits WeCom shows.';
}

/** WeCom's receiver Token: 1–32 letters and digits. */
export function checkEventToken(value: string): string | undefined {
  return /^[A-Za-z0-9]{1,32}$/.test(value) ? undefined : 'The Token is 1 to 32 letters and digits, as WeCom shows it.';
}

export const SYNC_SOURCE_FIELDS = [
  {
    name: 'authenticator',
    path: ['authenticator'],
    kind: 'authenticator',
    required: true,
    label: 'WeCom authenticator',
    help: 'Its Company ID, AgentId and Secret are used to read the directory, and synced members are bound to it, so they sign in with WeCom at once.',
  },
  {
    name: 'contactsSecret',
    path: ['contactsSecret'],
    kind: 'secret',
    label: 'Contact-sync Secret',
    help: "Optional. WeCom admin console → Security and Management → Management tools → Contact sync (通讯录同步) → Secret. With it the sync sees the whole company, not only the app's visible range.",
  },
  {
    name: 'eventToken',
    path: ['eventToken'],
    kind: 'secret',
    label: 'Event receiver Token',
    help: 'Optional, with the EncodingAESKey: from the same page, "Set the event receiving server". WeCom then tells NocoBase about every change at once.',
    check: checkEventToken,
  },
  { name: 'eventAESKey', path: ['eventAESKey'], kind: 'secret', label: 'Event receiver EncodingAESKey', check: checkEncodingAESKey },
  {
    name: 'matchBy',
    path: ['matchBy'],
    kind: 'choice',
    default: 'phone',
    choices: [
      { value: 'phone', label: 'Phone number' },
      { value: 'email', label: 'Email' },
      { value: 'none', label: 'Do not match (always create)' },
    ],
    label: 'Match existing users by',
    help: 'A member whose phone (or email) is that of exactly one existing user is linked to that user. A tie is refused and reported, never guessed; users with the root role are never matched. WeCom gives phone and email only to apps created before 2022-06-20 or through the contact-sync Secret.',
  },
  {
    name: 'onLeave',
    path: ['onLeave'],
    kind: 'choice',
    default: 'keep',
    choices: [
      { value: 'keep', label: 'Keep the user; WeCom sign-in refuses them' },
      { value: 'delete', label: 'Delete the user' },
    ],
    label: 'When a member leaves WeCom',
    help: 'Also applies to members who are disabled or no longer in the directory. Kept users keep their WeCom binding, marked as left, so the record stays; a member active again is unmarked by the next sync. Deleting removes the NocoBase user; their records stay but lose their owner.',
  },
  {
    name: 'intervalHours',
    path: ['intervalHours'],
    kind: 'number',
    default: 0,
    min: 0,
    max: 168,
    label: 'Sync every (hours)',
    help: '0 turns scheduled syncs off. Change events keep the directory current between syncs.',
  },
] as const satisfies readonly SettingsField[];

export type SyncSourceSettings = SettingsValues<typeof SYNC_SOURCE_FIELDS>;

/** The fields that are never sent back to a browser (write-only, like the authenticator's Secret). */
export const SYNC_SOURCE_SECRETS = ['contactsSecret', 'eventToken', 'eventAESKey'] as const;

/** The form's labels that are not fields. */
export const SYNC_FORM_LABELS = {
  receiverUrl: 'Event receiver URL',
  receiverUrlHelp: 'Paste it as the URL of the event receiving server in the WeCom contact-sync settings, with the Token and EncodingAESKey below. It works once this source is saved and enabled.',
  receiverUrlPending: 'Enter the source name to see this value.',
} as const;

/** Where WeCom posts change events for the source `name` (the action is `wecom:contactEvents`). */
export function receiverPath(apiBasePath: string, name: string): string {
  const base = apiBasePath.endsWith('/') ? apiBasePath : `${apiBasePath}/`;
  return `${base}wecom:contactEvents?source=${encodeURIComponent(name)}`;
}
