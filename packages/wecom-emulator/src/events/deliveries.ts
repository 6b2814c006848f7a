import { ChangeType, EventIds } from './contact-events';

export interface DeliveryAttempt {
  /** 1 for the first attempt. The duplicate copy repeats the number of the attempt it copies. */
  attempt: number;
  /** Emulator-clock time the request was sent. */
  time: string;
  /** The receiver's HTTP status; 0 when it did not answer. */
  status: number;
  error?: string;
  durationMs: number;
  /** The identical second copy of the delivered request. */
  duplicate?: boolean;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One contact-change event on its way to a corp's receiver (`GET /__emulator/deliveries`). */
export interface Delivery {
  id: string;
  corpId: string;
  changeType: ChangeType;
  ids: EventIds;
  /** The receiver URL when the change was applied. */
  url: string;
  idsOnly: boolean;
  duplicate: boolean;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** The decrypted event XML. */
  event: string;
}

const MAX_DELIVERIES = 10_000;

/**
 * Deliveries, oldest first (the newest 10,000), and the queues that send them: one queue per corp, so a corp's
 * events go out one at a time in the order of the changes. `clear()` stops everything in flight.
 */
export class DeliveryStore {
  private entries: Delivery[] = [];
  private seq = 0;
  private queues = new Map<string, Promise<void>>();
  private controller = new AbortController();

  /** Aborted by `clear()`: in-flight requests and retry waits stop, and nothing more is recorded. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  add(delivery: Omit<Delivery, 'id' | 'state' | 'attempts'>): Delivery {
    const full: Delivery = { id: `d${++this.seq}`, ...delivery, state: 'pending', attempts: [] };
    this.entries.push(full);
    if (this.entries.length > MAX_DELIVERIES) this.entries.shift();
    return full;
  }

  /** Runs `task` after the corp's earlier deliveries. */
  enqueue(corpId: string, task: () => Promise<void>): void {
    const tail = (this.queues.get(corpId) ?? Promise.resolve()).then(task, task);
    this.queues.set(corpId, tail);
  }

  list(corpId?: string): Delivery[] {
    return this.entries.filter((d) => corpId === undefined || d.corpId === corpId).map((d) => structuredClone(d));
  }

  /** Resolves once every queued delivery has finished (delivered, failed or stopped). */
  async settled(): Promise<void> {
    let pending = [...this.queues.values()];
    while (pending.length > 0) {
      await Promise.all(pending);
      const now = [...this.queues.values()];
      pending = now.filter((p) => !pending.includes(p));
    }
  }

  /** Forgets every delivery and stops those in flight; ids count from 1 again. */
  clear(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.entries = [];
    this.queues.clear();
    this.seq = 0;
  }
}
