import assert from 'node:assert/strict';
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
