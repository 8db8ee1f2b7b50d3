import assert from 'node:assert/strict';
import { builtinKnowledge } from '../../server/src/engine/analyze';
import { expandTemplate, templateChoices } from '../../server/src/engine/templates';
import { templateFor } from '../../server/src/features/template';
import { doc, LMS } from './featureHelpers';

describe('feature: template', () => {
  it('the full template for the detected checklist, tab stops in order', () => {
    const { a } = doc(LMS);
    const t = templateFor(a, builtinKnowledge()).snippet!;
    assert.match(t, /^SYNOPTIC REPORT:\nProcedure: \$\{1\|/);
    const stops = [...t.matchAll(/\$\{(\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(stops, stops.map((_, i) => i + 1));
    assert.equal(templateFor(doc('DIAGNOSIS:\nBenign kidney.\n').a, builtinKnowledge()).snippet, null);
  });
  it('template choices expand to concrete lines', () => {
    assert.deepEqual(templateChoices('Margins: ${1|R0,R1|}'), ['R0', 'R1']);
    assert.deepEqual(expandTemplate('Size: ${1:__} cm'), ['Size: __ cm']);
    assert.deepEqual(expandTemplate('A: ${1|x,y|}\nB: ${2|p,q|}'), ['A: x\nB: [p / q]', 'A: y\nB: [p / q]']);
  });
});
