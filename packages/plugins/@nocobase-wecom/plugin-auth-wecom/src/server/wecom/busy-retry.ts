import { WeComApiError } from './errors';

/** Waits before retry 1, 2 and 3. WeCom asks for at most 3 retries on -1 (reference A1, A10). */
export const DEFAULT_BUSY_RETRY_DELAYS_MS: readonly number[] = [200, 500, 1000];

export interface BusyRetryOptions {
  /** One entry per retry; the length is the retry limit. */
  delaysMs?: readonly number[];
  sleep?: (milliseconds: number) => Promise<void>;
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Runs `operation`, retrying it while WeCom answers -1 (system busy).
 * Every other error, rate limits (45009 / 45033) included, is thrown at once.
 */
export async function retryWhenBusy<T>(operation: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const delays = options.delaysMs ?? DEFAULT_BUSY_RETRY_DELAYS_MS;
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !(error instanceof WeComApiError && error.isSystemBusy)) throw error;
      await wait(delay);
    }
  }
}
