import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';

/**
 * What VS Code reads from package.json: settings are validated in settings.json
 * with their JSON Schema, and a marketplace page is built from the rest.
 */

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  keywords?: string[];
  icon?: string;
  repository?: unknown;
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
};

/** Every built-in checklist id: checklists.json, and each file of data/protocols/ when there is one. */
function builtinChecklistIds(): string[] {
  const ids: string[] = [];
  const collect = (data: unknown) => {
    if (!data || typeof data !== 'object') return;
    const d = data as { id?: unknown; checklists?: unknown; items?: unknown };
    if (Array.isArray(d.checklists)) for (const c of d.checklists) collect(c);
    else if (typeof d.id === 'string' && Array.isArray(d.items)) ids.push(d.id);
  };
  const dataDir = path.join(root, 'server', 'src', 'data');
  collect(JSON.parse(fs.readFileSync(path.join(dataDir, 'checklists.json'), 'utf8')));
  const protocols = path.join(dataDir, 'protocols');
  if (fs.existsSync(protocols)) {
    for (const f of fs.readdirSync(protocols).filter((x) => x.endsWith('.json'))) collect(JSON.parse(fs.readFileSync(path.join(protocols, f), 'utf8')));
  }
  return ids;
}

describe('package.json: synoptic.checklists.disabled', () => {
  const setting = manifest.contributes.configuration.properties['synoptic.checklists.disabled'];
  // VS Code's own schema keywords are annotations here.
  const ajv = new Ajv({ allErrors: true });
  ajv.addVocabulary(['markdownDescription', 'patternErrorMessage', 'enumDescriptions', 'markdownEnumDescriptions', 'deprecationMessage', 'scope', 'order']);
  const validate = ajv.compile(setting);

  it('accepts the id of a checklist from a workspace rules file, and the built-in ids', () => {
    for (const value of [[], ['my-institution-thyroid'], ['renal-sarcoma-resection', 'st-elsewhere-gist-2026'], builtinChecklistIds()]) {
      assert.ok(validate(value), `${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  it('rejects exactly what cannot be a checklist id, as the checklist schema reads an id', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/schemas/checklists.schema.json'), 'utf8')) as {
      properties: { checklists: { items: { properties: { id: object } } } };
    };
    const isId = new Ajv().compile(schema.properties.checklists.items.properties.id);
    for (const id of ['my-thyroid-2026', 'Kidney RCC', '', 'a', '-x', 'x_y', 'kidney-biopsy', 'KIDNEY-BIOPSY']) assert.equal(validate([id]), isId(id), JSON.stringify(id));
    for (const value of [[42], 'kidney-biopsy', ['kidney-biopsy', 'kidney-biopsy']]) assert.ok(!validate(value), JSON.stringify(value));
  });

  it('offers every built-in checklist id for completion in settings.json, the new protocols included', () => {
    const items = setting.items as { anyOf?: { enum?: string[] }[] };
    const offered = (items.anyOf ?? []).flatMap((x) => x.enum ?? []);
    const expected = new Set([...builtinChecklistIds(), 'breast-invasive-resection', 'colorectal-resection', 'prostate-radical-prostatectomy', 'lung-resection']);
    for (const id of expected) assert.ok(offered.includes(id), `${id} is not offered`);
    assert.ok(offered.length >= 8);
  });
});

describe('package.json and the files beside it: what the Marketplace and Open VSX show', () => {
  it('has an icon: a PNG of 128x128 or 256x256 pixels', () => {
    assert.ok(manifest.icon, 'no icon field');
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width === height && (width === 128 || width === 256), `${width}x${height}`);
  });

  it('has the keywords a pathologist or radiologist would search for', () => {
    for (const k of ['pathology', 'radiology', 'synoptic', 'CAP', 'cancer checklist', 'report']) assert.ok(manifest.keywords?.includes(k), k);
    assert.ok(manifest.keywords!.length <= 30, 'vsce allows at most 30 keywords');
  });

  it('has no placeholder repository URL (there is no public one; the README says where the source lives)', () => {
    assert.ok(!JSON.stringify(manifest.repository ?? '').includes('.invalid'));
    if (!manifest.repository) assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /^## Source\b/m);
  });

  it('has a changelog that starts with what is unreleased and has a section for the current version', () => {
    const log = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    const versions = [...log.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
    assert.equal(versions[0], 'Unreleased');
    assert.ok(versions.includes((manifest as unknown as { version: string }).version), versions.join(', '));
  });
});

/**
 * The .vsix, as `vsce ls` lists it (the same files `npm run package` packs): what a
 * user needs, and nothing else.
 */
describe('the packaged extension (vsce ls)', function () {
  this.timeout(60000);
  let files: string[] = [];
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/i.test(l));

  before(function () {
    for (const f of ['extension.js', 'server.js', 'cli.js', 'server-main.js', 'cli-main.js']) {
      if (!fs.existsSync(path.join(root, 'dist', f))) throw new Error(`dist/${f} is missing: run \`npm run build\` first (npm test does)`);
    }
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const out = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    files = out.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  });

  it('holds the bundles, the manifest and everything the manifest points at', () => {
    const contributes = (manifest as unknown as { contributes: { grammars: { path: string }[]; languages: { configuration?: string }[]; walkthroughs: { steps: { media: { markdown?: string; image?: string } }[] }[] } }).contributes;
    const needed = [
      'dist/extension.js',
      'dist/server.js',
      'dist/cli.js',
      'dist/server-main.js',
      'dist/cli-main.js',
      'dist/validators.js',
      'dist/re2js.js',
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      manifest.icon!,
      ...contributes.grammars.map((g) => g.path),
      ...contributes.languages.map((l) => l.configuration).filter((c): c is string => !!c),
      ...contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown ?? s.media.image)).filter((m): m is string => !!m),
    ].map((p) => path.posix.normalize(p.replace(/^\.\//, '')));
    for (const f of needed) assert.ok(files.includes(f), `${f} is not in the package`);
    // The public contract of `synoptic extract --format json`, and where its FHIR codes come from.
    for (const f of ['server/src/data/schemas/extract.schema.json', 'server/src/data/fhir-codes.json']) assert.ok(files.includes(f), `${f} is not in the package`);
  });

  it('holds the page of every diagnostic code (each diagnostic links to one)', () => {
    const pages = fs.readdirSync(path.join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
    assert.ok(pages.length > 30);
    for (const p of pages) assert.ok(files.includes(`docs/rules/${p}`), p);
  });

  it('holds every file the README links to, except the developer material in test/ and bench/', () => {
    const wanted = links.map((l) => path.posix.normalize(decodeURI(l))).filter((l) => !/^(test|bench)\//.test(l));
    assert.ok(wanted.length >= 5);
    for (const l of wanted) assert.ok(files.includes(l), `README links to ${l}, which the package lacks`);
  });

  it('serves the snippets from the server bundle: every prefix in snippets/*.json is in dist/server-main.js', () => {
    const bundle = fs.readFileSync(path.join(root, 'dist', 'server-main.js'), 'utf8');
    for (const file of ['snippets/pathology.json', 'snippets/radiology.json']) {
      for (const s of Object.values(JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, { prefix: string | string[] }>)) {
        for (const prefix of [s.prefix].flat()) assert.ok(bundle.includes(JSON.stringify(prefix)), `${prefix} (${file}) is not in the bundle: rebuild`);
      }
    }
  });

  it('holds nothing else: no tests, fixtures, benchmark data, TypeScript sources, source maps or stray images', () => {
    const forbidden = /^(test|bench|examples|scripts|client|node_modules|shared|\.ci|\.github|\.vscode)\/|\.(ts|map|vsix|svg|log)$|(^|\/)(fixtures|holdout[^/]*)\//;
    for (const f of files) assert.ok(!forbidden.test(f), `${f} should not be in the package`);
    const allowed = [
      /^dist\/(extension|server|cli|server-main|cli-main|validators|re2js)\.js$/,
      /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|language-configuration\.json)$/,
      /^images\/icon\.png$/,
      /^syntaxes\/[^/]+\.tmLanguage\.json$/,
      /^docs\/(rules|walkthrough)\/[^/]+\.md$/,
      /^docs\/(context-evaluation|protocols)\.md$/,
      /^docs\/images\/[^/]+\.png$/,
      // The shapes of a workspace rules file, linked from the README's "Your own rules".
      /^server\/src\/data\/(checklists|rules|terms)\.json$/,
      /^server\/src\/data\/schemas\/[^/]+\.schema\.json$/,
      // The standard codes of `synoptic extract --format fhir`, linked from "Command line".
      /^server\/src\/data\/fhir-codes\.json$/,
      // The built-in protocols and the answers they share, linked from "Your own protocol".
      /^server\/src\/data\/protocols\/[^/]+\.json$/,
      /^server\/src\/data\/shared\/answers\.json$/,
      // The built-in staging tables, linked from "Your own rules".
      /^server\/src\/data\/staging\/[^/]+\.json$/,
    ];
    for (const f of files) assert.ok(allowed.some((r) => r.test(f)), `${f} is in the package, but nothing says a user needs it`);
    // Every screenshot shipped is one the README shows, and every reference file one it links.
    for (const f of files.filter((x) => x.startsWith('docs/images/') || x.startsWith('server/src/data/'))) assert.ok(links.includes(f), `${f} is shipped but the README does not link it`);
  });
});
