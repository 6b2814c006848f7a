/**
 * Asks WeCom which member a candidate is: by mobile first, by email when the mobile finds no one. Not found
 * (46004, 60111), not visible to the app (60011) and a refused value (40058) are failed lookups that count
 * against the day's budget; 45009 means the budget is spent. Anything else stops the run.
 */
import { WeComApiError, type WeComClient } from '../wecom';
import type { Candidate } from './candidates';

const FAILED_LOOKUP = new Set([46004, 60111, 60011, 40058]);
const BUDGET_SPENT = 45009;

export type LookupResult = { userid: string; via: 'mobile' | 'email' } | { userid: undefined };

export class BudgetSpentError extends Error {
  constructor() {
    super('WeCom lookup budget spent for today');
  }
}

/** The lookups a candidate may need, in order: `m:` mobile, `e:` email. */
export function lookupKeys(candidate: Candidate): string[] {
  const keys: string[] = [];
  if (candidate.mobile) keys.push(`m:${candidate.mobile}`);
  if (candidate.email) keys.push(`e:${candidate.email}`);
  return keys;
}

/** One lookup: the userid, or `null` for a failed lookup. */
export async function lookUp(client: WeComClient, key: string): Promise<string | null> {
  const value = key.slice(2);
  try {
    // Email type 2: the member's `email` field, the address admins fill in (type 1 is the WeCom mailbox).
    return key.startsWith('m:') ? await client.getUserIdByMobile(value) : await client.getUserIdByEmail(value, 2);
  } catch (error) {
    if (error instanceof WeComApiError && FAILED_LOOKUP.has(error.errcode)) return null;
    if (error instanceof WeComApiError && error.errcode === BUDGET_SPENT) throw new BudgetSpentError();
    throw error;
  }
}
