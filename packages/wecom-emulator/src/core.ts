import { CallLog } from './calls';
import { HintIds, formatErrmsg, textFor } from './errors';
import { DeliveryStore } from './events/deliveries';
import { FaultTable } from './faults';
import { Behaviour, DEFAULT_BEHAVIOUR, applyBehaviourPatch } from './options';
import { NormalizedCorp, NormalizedSeed } from './seed/types';
import { Clock } from './state/clock';
import { CodeStore } from './state/codes';
import { Directory } from './state/directory';
import { JsapiTicketStore } from './state/jsapi-tickets';
import { MessageStore } from './state/messages';
import { DailyErrorBudget, RateLimiter } from './state/rate-limiter';
import { TicketStore } from './state/tickets';
import { TokenStore } from './state/tokens';

/** All of the emulator's state: the seed, the WeCom-side sessions, and the test controls. */
export class EmulatorCore {
  directory: Directory;
  behaviour: Behaviour;
  readonly clock = new Clock();
  readonly tokens = new TokenStore();
  readonly codes = new CodeStore();
  readonly tickets = new TicketStore();
  readonly jsapiTickets = new JsapiTicketStore();
  readonly rateLimiter = new RateLimiter();
  readonly errorBudget = new DailyErrorBudget();
  readonly faults = new FaultTable();
  /** App messages: inboxes, msgids for recall, per-member and daily counters (C3). */
  readonly messages = new MessageStore();
  /** Contact-change events sent or being sent to the corps' receivers (C2.2). */
  readonly deliveries = new DeliveryStore();
  readonly calls: CallLog;
  private readonly hints = new HintIds();
  /** What `reset()` returns to. */
  private readonly initial: { readonly seed: NormalizedSeed; readonly behaviour: Behaviour };

  constructor(seed: NormalizedSeed, behaviourPatch: unknown = {}) {
    this.behaviour = applyBehaviourPatch(DEFAULT_BEHAVIOUR, behaviourPatch);
    this.directory = new Directory(seed);
    this.calls = new CallLog(this.behaviour.callLogLimit);
    this.initial = { seed, behaviour: structuredClone(this.behaviour) };
  }

  /** Back to the state right after start: the start seed and options, no sessions, faults or calls, real time. */
  reset(): void {
    this.behaviour = structuredClone(this.initial.behaviour);
    this.calls.reset(this.behaviour.callLogLimit);
    this.faults.clear();
    this.clock.reset();
    this.messages.clear();
    this.deliveries.clear();
    this.setSeed(this.initial.seed);
  }

  /** Replaces one corp of the live seed (a directory change, a new receiver), keeping every session. */
  replaceCorp(corp: NormalizedCorp): void {
    const seed = this.directory.seed;
    this.setSeed({ ...seed, corps: seed.corps.map((c) => (c.corpId === corp.corpId ? corp : c)) }, true);
  }

  /**
   * Replaces the seed. By default every token, code, ticket and rate counter goes too (faults, the call
   * log, the clock and the message inboxes stay). With `keepSessions`, they survive: tokens and codes of apps that still exist
   * keep working, which lets a test change an app under a live session (e.g. drop a trusted domain → 50001).
   */
  setSeed(seed: NormalizedSeed, keepSessions = false): void {
    this.directory = new Directory(seed);
    if (keepSessions) return;
    this.tokens.clear();
    this.codes.clear();
    this.tickets.clear();
    this.jsapiTickets.clear();
    this.rateLimiter.clear();
    this.errorBudget.clear();
    this.messages.clearCounters();
  }

  /** Validates and applies a behaviour patch; throws OptionsError. */
  configure(patch: unknown): void {
    this.behaviour = applyBehaviourPatch(this.behaviour, patch);
    this.calls.setLimit(this.behaviour.callLogLimit);
  }

  errText(errcode: number): string {
    return textFor(errcode, this.behaviour.errmsgs);
  }

  errmsg(errcode: number, ip: string, text?: string): string {
    return formatErrmsg(errcode, text ?? this.errText(errcode), this.hints.next(this.clock.now()), ip);
  }
}
