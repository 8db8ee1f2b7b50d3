import assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';
import { codeActions } from '../../server/src/features/codeActions';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { apply, doc, LMS } from './featureHelpers';

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

  it('inserts into lettered parts written below a clinical history, with no diagnosis header, and the warning goes', () => {
    const text = 'CLINICAL HISTORY:\nLeft breast mass.\n\nA. LEFT BREAST, LUMPECTOMY:\n   - Invasive ductal carcinoma, Nottingham grade 2, 1.5 cm.\n\nCOMMENT:\nDiscussed with the surgeon.\n';
    const { d, a } = doc(text);
    const margins = computeDiagnostics(d, a).find((x) => x.code === 'missing-margin-status')!;
    assert.equal(margins.range.start.line, 3, 'anchored at the parts');
    const fix = codeActions(d, a, { textDocument: { uri: d.uri }, range: margins.range, context: { diagnostics: [margins] } })[0];
    const fixed = apply(text, fix.edit!.changes![d.uri]);
    assert.match(fixed, /1\.5 cm\.\nMargins?[^\n]*\n\nCOMMENT:/, fixed);
    assert.ok(!analyze(fixed, { reportType: 'pathology' }).diagnostics.some((x) => x.code === 'missing-margin-status'));
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
