import assert from 'node:assert/strict';
import { hover } from '../../server/src/features/hover';
import { doc } from './featureHelpers';

describe('feature: hover', () => {
  it('defines the term under the cursor with its source, and this draft\'s result before the source', () => {
    const { d, a } = doc('IMMUNOHISTOCHEMISTRY:\nHMB45: negative\nDesmin: focally positive\n');
    const h = hover(d, a, { line: 1, character: 2 })!;
    const text = (h.contents as { value: string }).value;
    assert.match(text, /HMB-45/);
    assert.match(text, /\*\*In this draft:\*\* HMB-45 is reported \*\*negative\*\*/);
    assert.ok(text.trimEnd().split('\n').pop()!.startsWith('Source:'), 'the source is the last line');
    assert.deepEqual(h.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.match((hover(d, a, { line: 2, character: 1 })!.contents as { value: string }).value, /focally/);
  });
  it('shows how a grade is derived, and nothing between words', () => {
    const { d, a } = doc('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 2.\n');
    const text = (hover(d, a, { line: 1, character: 18 })!.contents as { value: string }).value;
    assert.match(text, /FNCLCC/);
    assert.match(text, /Source:/);
    assert.equal(hover(d, a, { line: 0, character: 10 }), undefined);
  });
});
