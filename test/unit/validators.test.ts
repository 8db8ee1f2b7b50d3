import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { KnowledgeError, validateKnowledge } from '../../server/src/engine/knowledge/validate';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const gen = require('../../scripts/gen-validators.js') as { generate(): Record<string, string>; checkBuiltins(): string[]; BUILTIN: [string, string][] };

describe('knowledge validators compiled at build time', () => {
  it('the committed validators are the ones the schemas compile to now (a schema edited without a build fails here)', () => {
    for (const [file, text] of Object.entries(gen.generate())) {
      assert.equal(fs.readFileSync(file, 'utf8'), text, `${file} is stale: run npm run build`);
    }
  });
  it('every built-in data file matches its schema (checked here and in the build, not at each start)', () => {
    assert.ok(gen.BUILTIN.length >= 11, 'the built-in files are all listed');
    assert.deepEqual(gen.checkBuiltins(), []);
  });
  it('still reject a broken file with its path and what to fix', () => {
    assert.throws(
      () => validateKnowledge('checklists', { checklists: [{ id: 'x' }] }, 'rules.json'),
      (e: unknown) => e instanceof KnowledgeError && /rules\.json/.test(e.message) && /missing required property "title"/.test(e.message),
    );
    assert.throws(() => validateKnowledge('checklists', { elements: { a: { label: 'A', satisfy: 'say it', kind: 'enumeration', patterns: ['x'], colour: 1 } } }, 'f.json'), /unknown property "colour"/);
  });
});
