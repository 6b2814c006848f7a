import { readFileSync } from 'node:fs';
import { WeComEmulator, startWeComEmulator } from '../emulator';
import { OptionsError } from '../options';
import { SeedValidationError } from '../seed/reader';
import type { Seed } from '../seed/types';
import { demoSeedPath } from './demo-seed';
import { pasteValues } from './paste-values';

export const USAGE = `Usage: wecom-emulator [--port 13001] [--host 127.0.0.1] [--demo | --seed path/to/seed.json] [--trust host:port]... [--no-rate-limits]

Serves WeCom's server APIs (/cgi-bin/...) and login pages on one origin. See the package's README.md.

  --demo              the demo corp (four members, one app), bundled with the emulator
  --seed file         your own corps, apps and members (see the README's Seed section)
  --trust host:port   also trust this NocoBase host (e.g. nocobase.example.com:13000, or its URL) as every app's
                      trusted domain and web-login domain, without editing the seed; repeatable; needs --demo or --seed

It prints what to enter in a NocoBase WeCom authenticator to use it.`;

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

interface CliArgs {
  port: number;
  host: string;
  seedPath?: string;
  demo: boolean;
  trust: string[];
  noRateLimits: boolean;
}

class CliError extends Error {}

const NO_RATE_LIMITS = {
  perCorpPerApiPerMinute: null,
  perCorpPerApiPerHour: null,
  perIpPerApiPerMinute: null,
  perIpPerApiPerHour: null,
  messagesPerMemberPerMinute: null,
  messagesPerMemberPerHour: null,
  messageRecipientsPerSeatPerDay: null,
};

export function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  const args: CliArgs = { port: 13001, host: '127.0.0.1', demo: false, trust: [], noRateLimits: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CliError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--port') {
      const text = value();
      if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new CliError(`--port must be 0–65535, got ${text}`);
      args.port = Number(text);
    } else if (flag === '--host') args.host = value();
    else if (flag === '--seed') args.seedPath = value();
    else if (flag === '--demo') args.demo = true;
    else if (flag === '--trust') args.trust.push(trustedDomain(value()));
    else if (flag === '--no-rate-limits') args.noRateLimits = true;
    else throw new CliError(`unknown argument ${flag}\n\n${USAGE}`);
  }
  if (args.demo && args.seedPath !== undefined) throw new CliError('--demo and --seed: choose one');
  if (args.demo) args.seedPath = demoSeedPath();
  if (args.trust.length > 0 && args.seedPath === undefined) throw new CliError('--trust needs --demo or --seed: it adds the domain to the apps of the seed');
  return args;
}

/** `host`, `host:port` or an origin such as `https://nocobase.example.com:8443/` → WeCom's `host[:port]` form. */
export function trustedDomain(text: string): string {
  let domain = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) {
    try {
      domain = new URL(domain).host;
    } catch {
      throw new CliError(`--trust: ${text} is not a URL or host:port`);
    }
  }
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(domain)) {
    throw new CliError(`--trust must be host or host:port (e.g. nocobase.example.com:13000), got ${text}`);
  }
  return domain.toLowerCase();
}

/** Adds each domain to every app's trustedDomains and webLoginDomains (once). Leaves anything malformed to the seed validator. */
export function trustDomains(seed: unknown, domains: readonly string[]): unknown {
  if (domains.length === 0 || typeof seed !== 'object' || seed === null) return seed;
  const corps = (seed as { corps?: unknown }).corps;
  if (!Array.isArray(corps)) return seed;
  const add = (list: unknown): unknown => (list === undefined ? [...domains] : Array.isArray(list) ? [...new Set([...list, ...domains])] : list);
  return {
    ...seed,
    corps: corps.map((corp: unknown) => {
      const apps = typeof corp === 'object' && corp !== null ? (corp as { apps?: unknown }).apps : undefined;
      if (!Array.isArray(apps)) return corp;
      return {
        ...(corp as object),
        apps: apps.map((app: unknown) =>
          typeof app === 'object' && app !== null
            ? { ...app, trustedDomains: add((app as { trustedDomains?: unknown }).trustedDomains), webLoginDomains: add((app as { webLoginDomains?: unknown }).webLoginDomains) }
            : app,
        ),
      };
    }),
  };
}

function loadSeed(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read seed file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`seed file ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function describeFailure(err: unknown, port: number): string {
  if (err instanceof SeedValidationError || err instanceof OptionsError || err instanceof CliError) return err.message;
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') return `port ${port}: the port is already in use; pick another with --port`;
  return err instanceof Error ? err.message : String(err);
}

/** Starts the emulator from command-line arguments. Returns the emulator, or an exit code after printing why not. */
export async function runCli(argv: readonly string[], out: CliOutput): Promise<WeComEmulator | number> {
  let port = 13001;
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      out.log(USAGE);
      return 0;
    }
    port = args.port;
    const seed = args.seedPath === undefined ? undefined : trustDomains(loadSeed(args.seedPath), args.trust);
    const emulator = await startWeComEmulator({
      port: args.port,
      host: args.host,
      // Validated strictly inside startWeComEmulator, which names every bad field.
      ...(seed !== undefined && { seed: seed as Seed }),
      ...(args.noRateLimits && { rateLimits: NO_RATE_LIMITS }),
    });
    out.log(`WeCom emulator listening on ${emulator.url}`);
    if (args.seedPath !== undefined) out.log(`seed: ${args.seedPath}`);
    if (args.trust.length > 0) out.log(`trusted domain and web-login domain of every app, also: ${args.trust.join(', ')}`);
    if (seed !== undefined) {
      const origins = args.trust.map((domain) => `http://${domain} (https:// behind TLS)`);
      for (const line of pasteValues(seed, emulator.url, { seedLabel: args.seedPath ?? '', showSecrets: args.demo, origins })) out.log(line);
    }
    return emulator;
  } catch (err) {
    out.error(`wecom-emulator: ${describeFailure(err, port)}`);
    return 1;
  }
}
