/** The emulator's clock: real time plus an offset that only moves forward (`advance`). */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('advanceSeconds must be a finite number ≥ 0');
    this.offsetMs += Math.round(seconds * 1000);
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
