#!/usr/bin/env node
import { runCli } from './cli/run';

/** `npm run emulator -- --port 13001 --seed demo/wecom-seed.json` (or, installed, `wecom-emulator …`). Exits 0 on SIGINT/SIGTERM, 1 when it cannot start. */
async function main(): Promise<void> {
  const result = await runCli(process.argv.slice(2), { log: (line) => console.log(line), error: (line) => console.error(line) });
  if (typeof result === 'number') process.exit(result);
  const stop = (signal: string): void => {
    console.log(`${signal}: shutting down`);
    result.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
