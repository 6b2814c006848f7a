/** The counts an admin sees at the end of (or during) a link run. */
import type { Outcome, RunState } from './state';

export type Report = Record<Outcome, number> & { handled: number; total: number };

export const OUTCOMES: readonly Outcome[] = ['linked', 'notFound', 'ambiguous', 'boundElsewhere', 'skippedAdmin', 'skippedInvalid'];

export function reportOf(state: RunState): Report {
  const report = { handled: 0, total: state.total } as Report;
  for (const outcome of OUTCOMES) report[outcome] = 0;
  for (const outcome of Object.values(state.outcomes)) {
    report[outcome] += 1;
    report.handled += 1;
  }
  return report;
}

export const REPORT_MESSAGE =
  'Linked {{linked}}, not found {{notFound}}, ambiguous {{ambiguous}}, already bound elsewhere {{boundElsewhere}}, skipped (administrator) {{skippedAdmin}}, skipped (malformed phone or email) {{skippedInvalid}}.';
