import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, builtinKnowledge } from '../../server/src/engine/analyze';
import { codeActions } from '../../server/src/features/codeActions';
import { completions } from '../../server/src/features/completion';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { documentSymbols } from '../../server/src/features/documentSymbols';
import { foldingRanges } from '../../server/src/features/folding';
import { hover } from '../../server/src/features/hover';
import { templateFor } from '../../server/src/features/template';
import { expandTemplate, templateChoices } from '../../server/src/engine/templates';

function doc(text: string, lang = 'pathology-report') {
  const d = TextDocument.create('file:///t.path', lang, 1, text);
  return { d, a: analyze(text, { reportType: lang === 'radiology-report' ? 'radiology' : 'pathology' }) };
}

function apply(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'x', 1, text), edits);
}

const LMS = 'SURGICAL PATHOLOGY\n\nIMMUNOHISTOCHEMISTRY:\nSMA: positive\nDesmin: positive\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma, 9 cm. No necrosis. Mitoses 3 per 10 HPF.\nLymph nodes: none. pT2b NX.\n\nCOMMENT:\nReviewed.\n';

describe('feature: quick fixes', () => {
  it('inserts each allowed value of a missing field at the end of its section, and the warning goes', () => {
    const { d, a } = doc(LMS);
    const diags = computeDiagnostics(d, a);
    const grade = diags.find((x) => x.code === 'missing-grade')!;
    const actions = codeActions(d, a, { textDocument: { uri: d.uri }, range: grade.range, context: { diagnostics: [grade] } });
    assert.deepEqual(actions.map((x) => x.title).slice(0, 4), ['Insert "Histologic grade (FNCLCC): 1"', 'Insert "Histologic grade (FNCLCC): 2"', 'Insert "Histologic grade (FNCLCC): 3"', 'Insert "Histologic grade (FNCLCC): Cannot be assessed"']);
    const fixed = apply(LMS, actions[1].edit!.changes![d.uri]);
    assert.match(fixed, /pT2b NX\.\nHistologic grade \(FNCLCC\): 2\n\nCOMMENT:/);
    assert.ok(!analyze(fixed, { reportType: 'pathology' }).diagnostics.some((x) => x.code === 'missing-grade'));
  });

  it('adds the missing markers to the IHC section, as pending', () => {
    const { d, a } = doc(LMS);
    const diag = computeDiagnostics(d, a).find((x) => x.code === 'incomplete-ihc-panel')!;
    const [fix] = codeActions(d, a, { textDocument: { uri: d.uri }, range: diag.range, context: { diagnostics: [diag] } });
    assert.match(fix.title, /^Add Cytokeratin AE1\/AE3, S-100, HMB-45 to the IHC panel/);
    const fixed = apply(LMS, fix.edit!.changes![d.uri]);
    assert.match(fixed, /Desmin: positive\nCytokeratin AE1\/AE3: pending\nS-100: pending\nHMB-45: pending\n\nDIAGNOSIS:/);
    assert.ok(!analyze(fixed, { reportType: 'pathology' }).diagnostics.some((x) => x.code === 'incomplete-ihc-panel'));
  });

  it('offers the valid forms of a wrong grade, keeping a field key', () => {
    const text = 'DIAGNOSIS:\nLeiomyosarcoma.\nHistologic grade (FNCLCC): 4\n';
    const { d, a } = doc(text);
    const diag = computeDiagnostics(d, a).find((x) => x.code === 'invalid-grade')!;
    const titles = codeActions(d, a, { textDocument: { uri: d.uri }, range: diag.range, context: { diagnostics: [diag] } }).map((x) => x.title);
    assert.deepEqual(titles.slice(0, 4), ['Change to "1"', 'Change to "2"', 'Change to "3"', 'Change to "Cannot be assessed"']);
    const mismatch = doc('DIAGNOSIS:\nLeiomyosarcoma, WHO/ISUP grade 3.\n');
    const md = computeDiagnostics(mismatch.d, mismatch.a).find((x) => x.code === 'grade-system-mismatch')!;
    const fix = codeActions(mismatch.d, mismatch.a, { textDocument: { uri: mismatch.d.uri }, range: md.range, context: { diagnostics: [md] } }).find((x) => x.title === 'Change to "FNCLCC grade 3"')!;
    assert.equal(apply(mismatch.d.getText(), fix.edit!.changes![mismatch.d.uri]), 'DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 3.\n');
  });

  it('every diagnostic can be turned off for the workspace', () => {
    const { d, a } = doc(LMS);
    for (const diag of computeDiagnostics(d, a)) {
      const titles = codeActions(d, a, { textDocument: { uri: d.uri }, range: diag.range, context: { diagnostics: [diag] } }).map((x) => x.command?.command);
      assert.ok(titles.includes('synoptic.disableRule'), String(diag.code));
    }
  });

  it('keeps CRLF line endings in what it inserts', () => {
    const crlf = LMS.replace(/\n/g, '\r\n');
    const { d, a } = doc(crlf);
    const grade = computeDiagnostics(d, a).find((x) => x.code === 'missing-grade')!;
    const [fix] = codeActions(d, a, { textDocument: { uri: d.uri }, range: grade.range, context: { diagnostics: [grade] } });
    assert.match(apply(crlf, fix.edit!.changes![d.uri]), /NX\.\r\nHistologic grade \(FNCLCC\): 1\r\n\r\nCOMMENT:/);
  });
});

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

describe('feature: outline, folding, template', () => {
  it('sections with their fields; one fold per section', () => {
    const { d, a } = doc(LMS);
    const symbols = documentSymbols(d, a.model);
    assert.deepEqual(symbols.map((s) => s.name), ['IMMUNOHISTOCHEMISTRY', 'DIAGNOSIS', 'COMMENT']);
    assert.deepEqual(symbols[0].children!.map((c) => c.name), ['SMA', 'Desmin']);
    assert.deepEqual(foldingRanges(a.model).map((f) => [f.startLine, f.endLine]), [[2, 4], [6, 8], [10, 11]]);
  });
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
