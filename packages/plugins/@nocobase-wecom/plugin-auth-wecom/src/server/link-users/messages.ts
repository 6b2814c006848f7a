/** The admin-facing texts of a link run (all in the locale files) and their rendering for a run's state. */
import { reportOf, REPORT_MESSAGE } from './report';
import type { RunState } from './state';

export const LINK_MESSAGES = {
  title: 'Link existing WeCom users',
  running: 'Linking users: {{handled}} of {{total}} handled.',
  stopped: 'Stopped after {{handled}} of {{total}} users. Resume to go on.',
  paused: "Paused to stay within WeCom's daily lookup budget. Resume after {{time}} (China time).",
  done: 'Done.',
  failed: 'The run stopped on an error.',
  report: REPORT_MESSAGE,
  notFound: 'WeCom authenticator not found.',
  notConfigured: 'Fill in the corp ID, agent ID, secret and origin first.',
  badSeats: 'Enter the number of seats of your WeCom organisation (1 to 1,000,000).',
  busy: 'Linking is already running for this authenticator.',
  noTaskManager: 'Enable the "Async task manager" plugin to link users.',
  nothingToResume: 'There is no stopped or paused run to resume.',
} as const;

export type Translate = (message: string, params?: Record<string, string>) => string;

/** `2026-12-04 00:00`: when a paused run may go on, in China time. */
export function chinaTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** One line about where the run is, then the report. */
export function describeRun(state: RunState, t: Translate): { status: string; report: string } {
  const counts = reportOf(state);
  const params = Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, String(value)]));
  const line =
    state.status === 'paused'
      ? t(LINK_MESSAGES.paused, { time: chinaTime(state.resumeAt ?? 0) })
      : state.status === 'failed' && state.error
        ? `${t(LINK_MESSAGES.failed)} ${t(state.error.message, state.error.params)}`
        : t(LINK_MESSAGES[state.status], params);
  return { status: line, report: t(LINK_MESSAGES.report, params) };
}
