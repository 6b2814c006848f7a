/** One call may move the clock at most 100 years, so that it always stays a valid date. */
export const MAX_ADVANCE_SECONDS = 100 * 365 * 86_400;
const MAX_TOTAL_OFFSET_MS = 1000 * 365 * 86_400_000;

/** The emulator's clock: real time plus an offset that only moves forward (`advance`) until `reset`. */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw new RangeError(`advanceSeconds must be a number from 0 to ${MAX_ADVANCE_SECONDS} (100 years)`);
    }
    const offsetMs = this.offsetMs + Math.round(seconds * 1000);
    if (offsetMs > MAX_TOTAL_OFFSET_MS) throw new RangeError('the emulator clock cannot be moved more than 1000 years ahead');
    this.offsetMs = offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
