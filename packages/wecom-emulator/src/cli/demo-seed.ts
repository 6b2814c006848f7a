import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The demo corp's seed: `dist/demo-seed.json` in the published package (the build copies it there), the repo's
 * `demo/wecom-seed.json` when run from the sources.
 */
export function demoSeedPath(): string {
  const candidates = [join(__dirname, '../demo-seed.json'), join(__dirname, '../../../../demo/wecom-seed.json')];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`the demo seed is missing (looked in ${candidates.join(', ')})`);
  return found;
}
