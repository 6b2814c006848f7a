import { readFileSync } from 'node:fs';
import { WeComEmulator, startWeComEmulator } from '../emulator';
import { OptionsError } from '../options';
import { SeedValidationError } from '../seed/reader';
import type { Seed } from '../seed/types';

export const USAGE = `Usage: wecom-emulator [--port 13001] [--host 127.0.0.1] [--seed path/to/seed.json] [--no-rate-limits]

Serves WeCom's server APIs (/cgi-bin/...) and login pages on one origin. See packages/wecom-emulator/README.md.`;

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

interface CliArgs {
  port: number;
  host: string;
  seedPath?: string;
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
  const args: CliArgs = { port: 13001, host: '127.0.0.1', noRateLimits: false };
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
    else if (flag === '--no-rate-limits') args.noRateLimits = true;
    else throw new CliError(`unknown argument ${flag}\n\n${USAGE}`);
  }
  return args;
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
    const seed = args.seedPath === undefined ? undefined : loadSeed(args.seedPath);
    const emulator = await startWeComEmulator({
      port: args.port,
      host: args.host,
      // Validated strictly inside startWeComEmulator, which names every bad field.
      ...(seed !== undefined && { seed: seed as Seed }),
      ...(args.noRateLimits && { rateLimits: NO_RATE_LIMITS }),
    });
    out.log(`WeCom emulator listening on ${emulator.url}`);
    if (args.seedPath !== undefined) out.log(`seed: ${args.seedPath}`);
    return emulator;
  } catch (err) {
    out.error(`wecom-emulator: ${describeFailure(err, port)}`);
    return 1;
  }
}
