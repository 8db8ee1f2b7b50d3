import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { checklistStatus } from '../../server/src/features/checklistStatus';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { doc, LMS } from './featureHelpers';

describe('feature: diagnostics', () => {
  it('maps each engine result to an LSP diagnostic with its code, severity, source and rule page', () => {
    const { d, a } = doc(LMS);
    const diags = computeDiagnostics(d, a);
    assert.deepEqual(diags.map((x) => x.code).sort(), ['incomplete-ihc-panel', 'missing-grade', 'missing-ivc-extension', 'missing-margin-status']);
    for (const x of diags) {
      assert.equal(x.source, 'synoptic');
      assert.equal(x.severity, DiagnosticSeverity.Warning, String(x.code));
      // The link resolves beside the bundle (dist/../docs/rules), where the page ships in the .vsix.
      assert.ok(x.codeDescription!.href.endsWith(`/docs/rules/${x.code}.md`), x.codeDescription!.href);
      assert.ok(fs.existsSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${x.code}.md`)), `the page for ${x.code} exists`);
      // A missing element points at the diagnosis header, where it belongs.
      assert.deepEqual(x.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 10 } });
    }
  });

  it('a conflict points at both places: its range and its related information', () => {
    const text = 'GROSS DESCRIPTION:\nTumor thrombus extends into the IVC.\nDIAGNOSIS:\nIVC: not involved.\n';
    const { d, a } = doc(text);
    const conflict = computeDiagnostics(d, a).find((x) => x.code === 'ivc-conflict')!;
    assert.equal(d.getText(conflict.range), 'IVC');
    assert.equal(conflict.range.start.line, 3);
    assert.equal(conflict.relatedInformation![0].location.range.start.line, 1);
  });

  it('the checklist at a glance counts stated elements and links each to where it is stated', () => {
    const { d, a } = doc(LMS);
    const s = checklistStatus(d, a);
    assert.equal(s.checklist?.id, 'renal-sarcoma-resection');
    assert.equal(s.stated, s.items!.filter((i) => i.stated).length);
    assert.equal(s.total, s.items!.length);
    const size = s.items!.find((i) => i.code === 'missing-tumor-size')!;
    assert.equal(size.stated, true);
    assert.equal(d.getText(size.range!), '9 cm');
    assert.equal(s.items!.find((i) => i.code === 'missing-grade')!.stated, false);
  });
});
