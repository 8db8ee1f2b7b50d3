// Bundles the three entry points. Each bundle is self-contained (data files are
// inlined as JSON) so the packaged extension and the CLI need no node_modules.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/**
 * Modules a start does not need, required only when a workspace file brings
 * patterns or rules to check: the knowledge validators (compiled from the
 * schemas) and re2js. They are bundles of their own in dist/, which the server
 * and the CLI require at that moment, so a start does not even parse them.
 */
const LAZY = { re2js: 're2js.js', '../../generated/validators': 'validators.js' };
const lazyFiles = {
  name: 'lazy-files',
  setup(b) {
    b.onResolve({ filter: /^(re2js|\.\.\/\.\.\/generated\/validators)$/ }, (args) => (args.kind === 'require-call' ? { path: `./${LAZY[args.path]}`, external: true } : undefined));
  },
};

/**
 * dist/server.js and dist/cli.js, what editors and users run, are small
 * launchers: they run the bundles (server-main.js, cli-main.js) compiled with
 * V8's code cache, so a start neither parses the bundle nor compiles the
 * engine again (server/src/launch/codeCache.ts).
 */
const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', plugins: [lazyFiles] },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js', plugins: [lazyFiles] },
  { entryPoints: ['server/src/launch/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/launch/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { stdin: { contents: "module.exports = require('re2js');", resolveDir: __dirname }, outfile: 'dist/re2js.js' },
  { entryPoints: ['server/src/generated/validators.js'], outfile: 'dist/validators.js' },
];

async function main() {
  // The knowledge schemas' validators, compiled to code (not at each start).
  // The built-in data is checked against them here, once, rather than at each start.
  const validators = require('./scripts/gen-validators');
  const written = validators.write();
  if (written.length) console.log(`esbuild.js: regenerated ${written.join(', ')}`);
  const problems = validators.checkBuiltins();
  if (problems.length) throw new Error(`built-in data does not match its schema:\n${problems.join('\n')}`);
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
