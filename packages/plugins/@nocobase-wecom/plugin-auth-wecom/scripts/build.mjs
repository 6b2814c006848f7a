// Builds the plugin without NocoBase's own toolchain (not published on every registry):
//   server        tsc                → dist/index.js, dist/constants.js, dist/server/**
//   client lanes  esbuild + AMD wrap → dist/client/index.js, dist/client-v2/index.js
//   locales       copied             → dist/locale/*.json
//   compatibility dist/externalVersion.js, read by the Plugin Manager for uploaded tarballs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const require = createRequire(path.join(root, 'package.json'));
const dist = path.join(root, 'dist');

fs.rmSync(dist, { recursive: true, force: true });

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});

/** Bundled into the client lanes: not something the host page provides. */
const BUNDLED = new Set(['@wecom/jssdk']);

/** Every other bare import of a client lane is provided by the host page through requirejs. */
const hostProvided = {
  name: 'host-provided',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.has(args.path) ? undefined : { path: args.path, external: true }));
  },
};

async function buildClientLane(lane, moduleName) {
  const entry = path.join(root, 'src', lane, 'index.tsx');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: false,
    legalComments: 'none',
    metafile: true,
    plugins: [hostProvided],
    loader: { '.json': 'json' },
  });
  const code = result.outputFiles[0].text;
  const deps = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) deps.add(imported.path);
  }
  const depList = ['require', 'exports', 'module', ...deps];
  const wrapped =
    `define(${JSON.stringify(moduleName)}, ${JSON.stringify(depList)}, function (require, exports, module) {\n` +
    `${code}\n});\n`;
  fs.mkdirSync(path.join(dist, lane), { recursive: true });
  fs.writeFileSync(path.join(dist, lane, 'index.js'), wrapped);
  return deps;
}

const clientDeps = await buildClientLane('client', pkg.name);
const clientV2Deps = await buildClientLane('client-v2', `${pkg.name}/client-v2`);

// The server's own runtime dependencies travel inside the tarball, as NocoBase's plugin build does: an uploaded
// plugin gets no `npm install`. Node finds them from dist/server/** through dist/node_modules.
for (const name of Object.keys(pkg.dependencies ?? {})) {
  const from = path.dirname(require.resolve(`${name}/package.json`));
  fs.cpSync(from, path.join(dist, 'node_modules', name), { recursive: true, dereference: true });
}

fs.cpSync(path.join(root, 'src', 'locale'), path.join(dist, 'locale'), { recursive: true });

// The host's own auth plugin records the versions of everything the host provides; ours are the same host.
const hostVersions = require('@nocobase/plugin-auth/dist/externalVersion.js');
const serverDeps = ['@nocobase/server', '@nocobase/auth', '@nocobase/utils', '@nocobase/plugin-auth', '@nocobase/database', '@nocobase/actions'];
const externalVersion = {};
for (const name of [...serverDeps, ...clientDeps, ...clientV2Deps].sort()) {
  const base = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
  const version = hostVersions[base] ?? hostVersions[name];
  if (version) externalVersion[base] = version;
}
fs.writeFileSync(path.join(dist, 'externalVersion.js'), `module.exports = ${JSON.stringify(externalVersion, null, 2)};\n`);
