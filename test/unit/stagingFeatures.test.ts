import assert from 'node:assert/strict';
import { analyze, builtinKnowledge } from '../../server/src/engine/analyze';
import { checklistStatus } from '../../server/src/features/checklistStatus';
import { codeActions } from '../../server/src/features/codeActions';
import { completions } from '../../server/src/features/completion';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { apply, doc } from './featureHelpers';

/** The derived stage in the editor: hover, quick fix, completion and the checklist view, on in-memory documents. */
const RCC = (stage: string, size = '8.5 x 6.0 x 5.0 cm', vein = 'Renal vein: not involved.\n') =>
  `SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: clear cell renal cell carcinoma, WHO/ISUP grade 2.\nTumor size: ${size}.\nTumor is limited to the kidney; no perinephric or renal sinus fat invasion.\n${vein}Lymph nodes: 0/3.\n${stage}\n`;

function hoverText(text: string, needle: string): string | undefined {
  const { d, a } = doc(text);
  const h = hover(d, a, d.positionAt(text.indexOf(needle) + 1));
  return h ? (h.contents as { value: string }).value : undefined;
}

describe('feature: derived stage', () => {
  it('hover on a stated pT shows the derivation with the findings and their lines', () => {
    const md = hoverText(RCC('pT1b pN0 (AJCC 8th).'), 'pT1b');
    assert.ok(md);
    assert.match(md, /^\*\*pT1b\*\* stated; the findings give \*\*pT2a\*\* \(AJCC 8th kidney: > 7–10 cm, limited to the kidney\)\. They disagree/);
    assert.match(md, /- an 8\.5 cm tumour \(line 5\)/);
    assert.match(md, /- limited to the kidney \(line 6\)/);
    assert.match(md, /Source: AJCC Cancer Staging Manual, 8th edition, kidney: pT2a/);
  });
  it('hover says what is still unstated when the findings prove only "at least"', () => {
    const md = hoverText(RCC('pT2a pN0', '8.5 cm', ''), 'pT2a');
    assert.ok(md);
    assert.match(md, /the findings give \*\*at least pT2a\*\*/);
    assert.match(md, /Still unstated \(could raise it\):\n- renal vein involvement/);
    assert.doesNotMatch(md, /disagree/);
  });
  it('hover on a stated pN, and on a category the findings cannot decide', () => {
    assert.match(hoverText(RCC('pT2a pN0'), 'pN0') ?? '', /^\*\*pN0\*\* stated; the findings give \*\*pN0\*\*/);
    const noSize = RCC('pT2a pN0', 'not measured', '').replace('Tumor size: not measured.\n', '').replace('Tumor is limited to the kidney; no perinephric or renal sinus fat invasion.\n', '');
    assert.match(hoverText(noSize, 'pT2a') ?? '', /the findings cannot decide pT yet[\s\S]*Still unstated:\n- the tumour size\n- renal vein involvement/);
    // With every extension stated absent, no size still bounds it: at most pT2b.
    const bounded = RCC('pT2a pN0', 'not measured').replace('Tumor size: not measured.\n', '');
    assert.match(hoverText(bounded, 'pT2a') ?? '', /the findings give \*\*at most pT2b\*\*[\s\S]*Still unstated:\n- the tumour size/);
  });
  it('quick fix replaces the stated category with the derived one, keeping prefix and suffix, and the warning goes', () => {
    const text = RCC('ypT1b(m) pN0 (AJCC 8th).');
    const { d, a } = doc(text);
    const diag = computeDiagnostics(d, a).find((x) => x.code === 'stage-mismatch')!;
    assert.ok(diag);
    const fix = codeActions(d, a, { textDocument: { uri: d.uri }, range: diag.range, context: { diagnostics: [diag] } })[0];
    assert.equal(fix.title, 'Change to "T2a"');
    const fixed = apply(text, fix.edit!.changes![d.uri]);
    assert.match(fixed, /\nypT2a\(m\) pN0 \(AJCC 8th\)\.\n/);
    assert.ok(!analyze(fixed, { reportType: 'pathology' }).diagnostics.some((x) => x.code === 'stage-mismatch'));
  });
  it('completion after "pT" offers the derived category first, then the table in order', () => {
    const text = RCC('Pathologic stage: pT');
    const { d, a } = doc(text);
    const pos = d.positionAt(text.indexOf('pT\n') + 2);
    const items = completions(d, a, builtinKnowledge(), pos);
    const sorted = [...items].sort((x, y) => (x.sortText ?? '').localeCompare(y.sortText ?? ''));
    assert.deepEqual(sorted.map((i) => i.label), ['T2a', 'T1a', 'T1b', 'T2b', 'T3a', 'T3b', 'T3c', 'T4']);
    assert.equal(sorted[0].detail, 'from the findings: pT2a');
    assert.equal(apply(text, [sorted[0].textEdit as { range: never; newText: string }]).includes('Pathologic stage: pT2a\n'), true);
  });
  it('completion after "pN1" replaces what is typed of the category', () => {
    const text = RCC('pT2a pN');
    const { d, a } = doc(text);
    const items = completions(d, a, builtinKnowledge(), d.positionAt(text.indexOf('pN\n') + 2));
    const first = [...items].sort((x, y) => (x.sortText ?? '').localeCompare(y.sortText ?? ''))[0];
    assert.equal(first.label, 'N0');
  });
  it('the checklist view carries the stated and derived stage', () => {
    const { d, a } = doc(RCC('pT1b pN0'));
    const s = checklistStatus(d, a);
    assert.equal(s.stage?.t.stated, 'pT1b');
    assert.equal(s.stage?.t.derived, 'pT2a');
    assert.equal(s.stage?.n.derived, 'pN0');
    assert.equal(s.stage?.mismatch, true);
    assert.equal(s.stage?.t.range?.start.line, 8);
  });
});
