import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallFilter, CallRecord } from './calls';
import { ChangesResult, postDirectoryChanges } from './control/directory-changes';
import { CodeSpec, mintCodes } from './control/mint-codes';
import { EmulatorCore } from './core';
import { Delivery } from './events/deliveries';
import { FaultSpec, parseFault } from './faults';
import { Behaviour, BehaviourPatch } from './options';
import { parseSeed, EMPTY_SEED } from './seed/validate';
import { Seed } from './seed/types';
import { createRequestListener } from './server';
import { InboxMessage, toInboxMessage } from './state/messages';
import { RevokeFilter } from './state/tokens';

export interface EmulatorOptions extends BehaviourPatch {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Validated strictly; omit for an empty emulator. */
  seed?: Seed;
  /** Behaviour options, as an alternative to passing them at the top level (both are merged; these win). */
  behaviour?: BehaviourPatch;
}

/** A running emulator. Every helper mirrors a control endpoint (README "Control API"). */
export interface WeComEmulator {
  /** `http://<host>:<port>`, the base of every WeCom host's paths. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
  /** The call log, oldest first; a string filters by path. */
  calls(filter?: string | CallFilter): CallRecord[];
  clearCalls(): void;
  /** Arms a fault (see FaultSpec); `{ reset: true }` alone clears them all. Throws on a bad spec. */
  fault(spec: FaultSpec): void;
  clearFaults(): void;
  advanceClock(seconds: number): void;
  /** The emulator clock. */
  now(): Date;
  /** Revokes the valid access tokens (of one corp / app if given); returns how many. */
  revokeTokens(filter?: RevokeFilter): number;
  /** Replaces the seed; sessions (tokens, codes, tickets, rate counters) go too unless `keepSessions`. */
  setSeed(seed: Seed, options?: { keepSessions?: boolean }): void;
  /** A code as a login page would have issued it. */
  issueCode(spec: Omit<CodeSpec, 'count'>): string;
  issueCodes(spec: CodeSpec): string[];
  configure(patch: BehaviourPatch): void;
  readonly behaviour: Readonly<Behaviour>;
  /**
   * A member's app messages (`message/send`), oldest first, as `GET /__emulator/messages?userid=` returns
   * them. The userid matches case-insensitively; every corp unless `corpId` is given.
   */
  messages(userid: string, corpId?: string): InboxMessage[];
  /**
   * Applies directory changes as `POST /__emulator/directory/changes` does (throws BadRequest, nothing applied,
   * when one is invalid) and queues the events for the corp's receiver.
   */
  changeDirectory(corpId: string, changes: unknown[]): ChangesResult;
  /** Contact-change deliveries, oldest first (of one corp if given), as `GET /__emulator/deliveries` returns them. */
  deliveries(corpId?: string): Delivery[];
  /** Resolves once every queued delivery is delivered or failed. */
  deliveriesSettled(): Promise<void>;
  /**
   * Back to the state right after start: the start seed (its event receiver included) and behaviour options;
   * no faults, call log, tokens, codes, tickets, rate counters, messages or deliveries; the clock at real time.
   */
  reset(): void;
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function mergeBehaviour(topLevel: BehaviourPatch, nested: BehaviourPatch | undefined): BehaviourPatch {
  if (nested === undefined) return topLevel;
  return {
    ...topLevel,
    ...nested,
    rateLimits: { ...topLevel.rateLimits, ...nested.rateLimits },
    errmsgs: { ...topLevel.errmsgs, ...nested.errmsgs },
  };
}

export async function startWeComEmulator(options: EmulatorOptions = {}): Promise<WeComEmulator> {
  const { port = 0, host = '127.0.0.1', seed, behaviour: nested, ...topLevel } = options;
  const core = new EmulatorCore(seed === undefined ? EMPTY_SEED : parseSeed(seed), mergeBehaviour(topLevel, nested));
  const server = createServer(createRequestListener(core));
  server.keepAliveTimeout = 30_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nX-WeCom-Emulator: 1\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await listen(server, port, host);
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    host: address.address,
    close: () =>
      new Promise<void>((resolve, reject) => {
        core.deliveries.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    calls: (filter) => core.calls.list(typeof filter === 'string' ? { path: filter } : filter),
    clearCalls: () => core.calls.clear(),
    fault: (spec) => {
      const fault = parseFault(spec);
      if (fault === 'clear-all') core.faults.clear();
      else core.faults.add(fault);
    },
    clearFaults: () => core.faults.clear(),
    advanceClock: (seconds) => core.clock.advance(seconds),
    now: () => new Date(core.clock.now()),
    revokeTokens: (filter) => core.tokens.revoke(core.clock.now(), filter),
    setSeed: (next, opts) => core.setSeed(parseSeed(next), opts?.keepSessions ?? false),
    issueCode: (spec) => mintCodes(core, { ...spec, count: 1 })[0] ?? '',
    issueCodes: (spec) => mintCodes(core, spec),
    configure: (patch) => core.configure(patch),
    messages: (userid, corpId) => core.messages.inbox(userid, corpId).map(toInboxMessage),
    changeDirectory: (corpId, changes) => postDirectoryChanges(core, { corpId, changes }),
    deliveries: (corpId) => core.deliveries.list(corpId),
    deliveriesSettled: () => core.deliveries.settled(),
    reset: () => core.reset(),
    get behaviour() {
      return core.behaviour;
    },
  };
}
