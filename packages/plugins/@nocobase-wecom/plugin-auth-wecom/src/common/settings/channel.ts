/**
 * The WeCom notification channel: its settings (one field list, like the authenticator's) and the message
 * types and limits both the server's checks and the message forms use. Pure: no NocoBase, no React.
 */
import { type SettingsField, type SettingsValues } from './model';

/** `notificationChannels.notificationType` of our channels. */
export const CHANNEL_TYPE = 'wecom';

export const CHANNEL_FIELDS = [
  {
    name: 'authenticator',
    path: ['authenticator'],
    kind: 'authenticator',
    required: true,
    label: 'WeCom authenticator',
    help: "Select the WeCom authenticator you configured: its Company ID, AgentId, Secret and Origin are used to send, and users receive messages through their WeCom account bound to it.",
  },
] as const satisfies readonly SettingsField[];

export type ChannelSettings = SettingsValues<typeof CHANNEL_FIELDS>;

export const MESSAGE_TYPES = ['text', 'markdown', 'textcard', 'template_card'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const MESSAGE_TYPE_LABELS: Record<MessageType, string> = {
  text: 'Text',
  markdown: 'Markdown',
  textcard: 'Text card',
  template_card: 'Template card',
};

/** WeCom's limits (docs/wecom-protocol.md C3): bytes of UTF-8, except `btntxt` (characters). Over them we refuse. */
export const MESSAGE_LIMITS = {
  content: 2048,
  title: 128,
  description: 512,
  url: 2048,
  btntxt: 4,
  cardTitle: 128,
  cardDesc: 512,
} as const;

/** The message form's labels (translation keys). */
export const MESSAGE_LABELS = {
  msgtype: 'Message type',
  content: 'Content',
  title: 'Title',
  description: 'Description',
  url: 'Link',
  urlHelp: 'A page of this app such as /admin/xxx (opened signed in through WeCom) or an http(s) address.',
  btntxt: 'Button text',
  btntxtHelp: 'At most 4 characters. Default: 详情 (Details).',
  touser: 'WeCom userids',
  touserHelp: 'Optional: WeCom userids to send to as well, separated by |',
  toparty: 'WeCom department ids',
  topartyHelp: 'Optional: WeCom department ids to send to as well, separated by |',
  receivers: 'Receivers',
  card: 'Template card (JSON)',
  cardHelp: 'A text_notice template card as in the WeCom API (template_card), e.g. {"main_title":{"title":"…"},"card_action":{"type":1,"url":"/admin"}}.',
} as const;
