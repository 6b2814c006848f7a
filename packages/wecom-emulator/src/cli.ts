import { readFileSync } from 'node:fs';
import { startWeComEmulator } from './emulator';
import { SeedValidationError } from './seed/reader';
import type { Seed } from './seed/types';

const USAGE = `Usage: wecom-emulator [--port 13001] [--host 127.0.0.1] [--seed path/to/seed.json] [--no-rate-limits]

Serves WeCom's server APIs (/cgi-bin/...) and login pages on one origin. See packages/wecom-emulator/README.md.`;

interface CliArgs {
  port: number;
  host: string;
  seedPath?: string;
  noRateLimits: boolean;
}

class CliError extends Error {}

function parseArgs(argv: readonly string[]): CliArgs | 'help' {
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

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const seed = args.seedPath === undefined ? undefined : loadSeed(args.seedPath);
  const noLimits = { perCorpPerApiPerMinute: null, perCorpPerApiPerHour: null, perIpPerApiPerMinute: null, perIpPerApiPerHour: null };
  // The seed is checked by startWeComEmulator; SeedValidationError reports each bad field.
  const emulator = await startWeComEmulator({
    port: args.port,
    host: args.host,
    ...(seed !== undefined && { seed: seed as Seed }),
    ...(args.noRateLimits && { rateLimits: noLimits }),
  });
  console.log(`WeCom emulator listening on ${emulator.url}`);
  if (args.seedPath !== undefined) console.log(`seed: ${args.seedPath}`);
  const stop = (signal: string): void => {
    console.log(`${signal}: shutting down`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof SeedValidationError || err instanceof CliError) console.error(`wecom-emulator: ${err.message}`);
  else if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    console.error(`wecom-emulator: the port is already in use (${err.message}); pick another with --port`);
  } else console.error(`wecom-emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
