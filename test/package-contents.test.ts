import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pluginDir = path.resolve(__dirname, '../packages/plugins/@nocobase-wecom/plugin-auth-wecom');

interface PackEntry {
  files: { path: string }[];
}

describe('the tarball an admin uploads in the Plugin Manager', () => {
  // `npm pack` runs the `prepack` build first, so this checks what a release would really contain.
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: pluginDir, encoding: 'utf8' })) as PackEntry[];
  const files = pack.files.map((file) => file.path);

  it('ships the built server, both client lanes, the shims, locales, README and license', () => {
    for (const required of [
      'package.json',
      'server.js',
      'client.js',
      'client-v2.js',
      'dist/server/index.js',
      'dist/client/index.js',
      'dist/client-v2/index.js',
      'dist/externalVersion.js',
      'dist/locale/en-US.json',
      'dist/locale/zh-CN.json',
      'README.md',
      'LICENSE',
    ]) {
      expect(files).toContain(required);
    }
  });

  it('ships no sources, tests, emulator or source maps', () => {
    const unwanted = files.filter(
      (file) => file.startsWith('src/') || file.includes('__tests__') || file.includes('emulator') || file.endsWith('.map') || file.endsWith('.test.js'),
    );
    expect(unwanted).toEqual([]);
  });
});
