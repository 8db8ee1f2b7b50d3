import assert from 'node:assert/strict';
import { builtinKnowledge } from '../../server/src/engine/analyze';
import { completions } from '../../server/src/features/completion';
import { doc } from './featureHelpers';

describe('feature: completion', () => {
  const at = (text: string, line: number, character: number, lang?: string) => {
    const { d, a } = doc(text, lang);
    return completions(d, a, builtinKnowledge(), { line, character }).map((i) => i.label);
  };
  it('field values after the key', () => {
    assert.deepEqual(at('DIAGNOSIS:\nHistologic grade (FNCLCC): ', 1, 27), ['1', '2', '3', 'Cannot be assessed']);
    assert.ok(at('DIAGNOSIS:\nMargins: ', 1, 9).includes('R1'));
  });
  it('marker results after a marker', () => {
    assert.deepEqual(at('IHC:\nHMB45: ', 1, 7), ['positive', 'negative', 'focally positive', 'patchy', 'diffuse', 'equivocal', 'pending']);
  });
  it('marker names in an IHC section, headers at a line start', () => {
    const items = at('IMMUNOHISTOCHEMISTRY:\n', 1, 0);
    assert.ok(items.includes('HMB-45') && items.includes('Desmin'));
    assert.ok(items.includes('DIAGNOSIS:'));
    assert.ok(!at('DIAGNOSIS:\n', 1, 0).includes('HMB-45'), 'markers only in the IHC section');
    assert.ok(at('FINDINGS:\n', 1, 0, 'radiology-report').includes('IMPRESSION:'));
  });
  it('nothing in the middle of prose', () => {
    assert.deepEqual(at('DIAGNOSIS:\nThe tumor is 5 cm and ', 1, 22), []);
  });
});
