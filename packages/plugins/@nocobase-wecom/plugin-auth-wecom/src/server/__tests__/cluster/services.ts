import { reachable } from '../../../../../../../../scripts/lib/reachable.mjs';

export const POSTGRES = { host: '127.0.0.1', port: 5432, database: 'test', username: 'postgres', password: '' };
export const REDIS_URL = 'redis://127.0.0.1:6379/1';

/**
 * Whether PostgreSQL and Redis are here. When they are not, the suite says so loudly and does not run,
 * unless REQUIRE_SERVICES=1 (as under CI), where their absence is an error.
 */
export async function clusterServicesAvailable(suite: string): Promise<boolean> {
  const [postgres, redis] = await Promise.all([reachable(POSTGRES.port), reachable(6379)]);
  if (postgres && redis) return true;
  const missing = [!postgres && 'PostgreSQL (127.0.0.1:5432)', !redis && 'Redis (127.0.0.1:6379)'].filter(Boolean).join(' and ');
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${suite} needs ${missing}, which is not reachable.`);
  process.stderr.write(`\n!!! ${suite} NOT RUN: ${missing} not reachable. Start them to run it (REQUIRE_SERVICES=1 makes this an error).\n\n`);
  return false;
}
