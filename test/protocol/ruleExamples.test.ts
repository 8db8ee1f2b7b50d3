import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serverForSuite } from '../support/lspClient';

/**
 * Every diagnostic code's documented example and near miss (scripts/rule-examples.json, the text of
 * each docs/rules page), opened in the real server over stdio: the example raises its code, the near
 * miss does not.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const examples = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts', 'rule-examples.json'), 'utf8')) as Record<string, { type: 'pathology' | 'radiology'; triggers: string; nearMiss: string }>;

describe('protocol: each rule\'s documented example and near miss over stdio', function () {
  this.timeout(60000);
  const server = serverForSuite();

  const codesOf = async (name: string, text: string, type: 'pathology' | 'radiology') => {
    const uri = `file:///rule-examples/${name}.${type === 'radiology' ? 'rad' : 'path'}`;
    server().open(uri, text, type === 'radiology' ? 'radiology-report' : 'pathology-report');
    const got = await server().diagnosticsFor(uri, 1);
    server().close(uri);
    return got.map((d) => String(d.code));
  };

  for (const [code, ex] of Object.entries(examples)) {
    it(code, async () => {
      const fires = await codesOf(`${code}-example`, ex.triggers, ex.type);
      assert.ok(fires.includes(code), `the example raises ${fires.join(', ') || 'nothing'}`);
      const near = await codesOf(`${code}-near-miss`, ex.nearMiss, ex.type);
      assert.ok(!near.includes(code), `the near miss raises ${near.join(', ')}`);
    });
  }
});
