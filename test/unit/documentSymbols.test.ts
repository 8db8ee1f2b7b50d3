import assert from 'node:assert/strict';
import { documentSymbols } from '../../server/src/features/documentSymbols';
import { foldingRanges } from '../../server/src/features/folding';
import { doc, LMS } from './featureHelpers';

describe('feature: outline and folding', () => {
  it('sections with their fields; one fold per section', () => {
    const { d, a } = doc(LMS);
    const symbols = documentSymbols(d, a.model);
    assert.deepEqual(symbols.map((s) => s.name), ['IMMUNOHISTOCHEMISTRY', 'DIAGNOSIS', 'COMMENT']);
    assert.deepEqual(symbols[0].children!.map((c) => c.name), ['SMA', 'Desmin']);
    assert.deepEqual(foldingRanges(a.model).map((f) => [f.startLine, f.endLine]), [[2, 4], [6, 8], [10, 11]]);
  });
});
