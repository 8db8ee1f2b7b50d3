import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import fc from 'fast-check';
import { analyze, analyzeWith, Analysis } from '../../server/src/engine/analyze';
import { BlockCache, splitBlocks } from '../../server/src/engine/document';
import { parseReport } from '../../server/src/engine/parser';
import { breastDraftOfSize } from '../../bench/drafts';
import { Mention } from '../../server/src/engine/findings/types';

const DRAFT = `SURGICAL PATHOLOGY

CLINICAL HISTORY:
Left renal mass.

MICROSCOPIC DESCRIPTION:
Spindle cells in fascicles. Tumor necrosis (20%). Mitoses 12 per 10 HPF.

IMMUNOHISTOCHEMISTRY:
SMA: positive
Desmin: positive

DIAGNOSIS:
Left kidney, radical nephrectomy: leiomyosarcoma, 9 cm, FNCLCC grade 2.
Margins negative.
`;

/** What a user sees from an analysis, in a form two analyses can be compared by. */
/**
 * Applies edits ([position, characters deleted, strings inserted]) to DRAFT one by one; after each, the analysis
 * of a cache kept across them, with and without the editor's hint of where the change starts, equals a fresh one.
 * Returns the last text.
 */
function replayEdits(edits: [number, number, string[]][]): string {
  const cache = new BlockCache();
  const hinted = new BlockCache();
  let text = DRAFT;
  analyzeWith(cache, text);
  analyzeWith(hinted, text);
  for (const [at, del, ins] of edits) {
    const p = at % (text.length + 1);
    text = text.slice(0, p) + ins.join('') + text.slice(Math.min(text.length, p + del));
    const fresh = visible(analyze(text));
    assert.deepEqual(visible(analyzeWith(cache, text)), fresh);
    // With the editor's hint of where the change starts, the unchanged prefix is kept as it was.
    assert.deepEqual(visible(analyzeWith(hinted, text, {}, p)), fresh);
  }
  return text;
}

function visible(a: Analysis) {
  return {
    checklist: a.checklist?.checklist.id,
    hintsAndChecklist: a.checklist?.items.map((i) => [i.item.code, i.stated, i.where?.start]),
    diagnostics: a.diagnostics.map((d) => ({ code: d.code, severity: d.severity, span: d.span, message: d.message })),
    sections: a.model.sections.map((s) => [s.kind, s.headerSpan.start, s.bodySpan.end]),
    sentences: a.model.sentences.map((s) => [s.span.start, s.span.end, s.section.kind]),
    ihc: a.findings.ihc.map((r) => [r.markerId, r.result, r.span.start, r.sentence.span.start]),
    grades: a.findings.grades.map((g) => [g.value, g.span.start, g.valueSpan.start]),
    // Every finding, with where it is and the sentence it was read in.
    findings: Object.entries(a.findings).map(([kind, list]) => [kind, (list as Mention[]).map((m) => JSON.stringify({ ...m, sentence: [m.sentence.span, m.sentence.section.kind, m.sentence.field?.key] }))]),
  };
}

describe('incremental analysis equals a fresh analysis', () => {
  it('splits blocks at blank lines, CRLF and whitespace-only lines included', () => {
    assert.deepEqual(splitBlocks('a\nb\n\nc\r\n \t\r\nd'), [{ start: 0, end: 3 }, { start: 5, end: 6 }, { start: 12, end: 13 }]);
    assert.deepEqual(splitBlocks(''), []);
  });

  it('after each of a series of edits, headers added and removed included', () => {
    const cache = new BlockCache();
    const edits: [string, string][] = [
      ['Margins negative.', 'Margins negative. IVC not involved.'],
      ['DIAGNOSIS:', 'COMMENT:\nSee below.\n\nDIAGNOSIS:'],
      ['IMMUNOHISTOCHEMISTRY:\n', ''],
      ['grade 2', 'grade 4'],
      ['\n\n', '\n'],
    ];
    let text = DRAFT;
    assert.deepEqual(visible(analyzeWith(cache, text)), visible(analyze(text)));
    const hinted = new BlockCache();
    analyzeWith(hinted, text);
    for (const [from, to] of edits) {
      const at = text.indexOf(from);
      text = text.replace(from, to);
      assert.deepEqual(visible(analyzeWith(cache, text)), visible(analyze(text)), `after replacing ${JSON.stringify(from)}`);
      assert.deepEqual(visible(analyzeWith(hinted, text, {}, at)), visible(analyze(text)), `with a hint, after replacing ${JSON.stringify(from)}`);
    }
  });

  it('blocks whose section becomes a clinical history are read again, and again when it is a comment once more', () => {
    // The header is a block of its own: the blocks below only continue its section, and their
    // readings are kept per block, so a change of the section's role must make them read again.
    const draft = 'SURGICAL PATHOLOGY\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma, 9 cm.\n\nCOMMENT:\n\nFNCLCC grade 2. Margins negative.\n\nIVC not involved.\n';
    const cache = new BlockCache();
    let text = draft;
    assert.deepEqual(visible(analyzeWith(cache, text)), visible(analyze(text)));
    const stated = (a: Analysis) => a.checklist?.items.filter((i) => i.stated).map((i) => i.item.code);
    for (const [from, to] of [['COMMENT:', 'CLINICAL HISTORY:'], ['CLINICAL HISTORY:', 'COMMENT:']]) {
      const at = text.indexOf(from);
      text = text.replace(from, to);
      const fresh = analyze(text);
      const incremental = analyzeWith(cache, text, {}, at);
      assert.deepEqual(visible(incremental), visible(fresh), `after replacing ${from}`);
      // Every reading of the elements, not only what states them: a history's are none.
      const readings = (a: Analysis) => ['grade-fnclcc', 'margins', 'venous-extension'].map((el) => a.checklist?.read(el).map((v) => [v.span.start, v.answer]));
      assert.deepEqual(readings(incremental), readings(fresh), `readings after replacing ${from}`);
      // The case can fail: what a history states is no statement of the grade or the margins.
      assert.equal(stated(fresh)?.includes('missing-grade'), to === 'COMMENT:');
      assert.equal(stated(fresh)?.includes('missing-margin-status'), to === 'COMMENT:');
    }
  });

  it('lettered parts below a clinical history open the diagnosis, and stop when the header above is no history', () => {
    // The part's block is read once and placed: below a history it opens a diagnosis section of its own.
    const draft = 'SURGICAL PATHOLOGY\n\nCLINICAL HISTORY:\nLeft breast mass.\n\nA. LEFT BREAST, LUMPECTOMY:\n   - Invasive ductal carcinoma, Nottingham grade 2, 1.5 cm.\n\nB. LEFT AXILLARY SENTINEL LYMPH NODE, EXCISION:\n   - One lymph node, negative for carcinoma (0/1).\n';
    const cache = new BlockCache();
    let text = draft;
    assert.deepEqual(visible(analyzeWith(cache, text)), visible(analyze(text)));
    assert.equal(analyze(text).checklist?.checklist.id, 'breast-invasive-resection');
    // Below a comment the parts continue the comment, and inside the history's paragraph they are history: neither is a diagnosis.
    const steps: [string, string, string | undefined][] = [
      ['CLINICAL HISTORY:', 'COMMENT:', undefined],
      ['COMMENT:', 'CLINICAL HISTORY:', 'breast-invasive-resection'],
      ['\n\nA. LEFT', '\nA. LEFT', undefined],
      ['\nA. LEFT', '\n\nA. LEFT', 'breast-invasive-resection'],
    ];
    for (const [from, to, checklist] of steps) {
      const at = text.indexOf(from);
      text = text.replace(from, to);
      const fresh = analyze(text);
      assert.deepEqual(visible(analyzeWith(cache, text, {}, at)), visible(fresh), `after replacing ${JSON.stringify(from)}`);
      assert.equal(fresh.checklist?.checklist.id, checklist, `checklist after replacing ${JSON.stringify(from)}`);
      // The parse of the whole text agrees with the blocks placed one by one.
      assert.deepEqual(parseReport(text).sections.map((s) => [s.kind, s.role]), fresh.model.sections.map((s) => [s.kind, s.role]));
    }
  });

  it('a sentence that comes back unchanged is re-read when what it starts with changed', () => {
    // "alpha\nsmooth muscle actin" is one marker that starts in the field line; with "beta" the
    // second line names the marker itself. Its text and the characters around it are the same.
    const cache = new BlockCache();
    let text = 'IMMUNOHISTOCHEMISTRY:\nStain: alpha\nsmooth muscle actin positive\n';
    assert.deepEqual(visible(analyzeWith(cache, text)), visible(analyze(text)));
    text = text.replace('alpha', 'beta');
    const fresh = analyze(text);
    assert.deepEqual(fresh.findings.ihc.map((r) => [r.markerId, r.result]), [['sma', 'positive']]);
    assert.deepEqual(visible(analyzeWith(cache, text)), visible(fresh));
  });

  it('a block the edit leaves first, with nothing above it, is read as the first (its title line): a counterexample the property found', () => {
    // fast-check seed 1523640393 (CI): the edits remove everything above "CAL PATHOLOGY"; it was reused as read mid-draft, with no title.
    const text = replayEdits([[0, 1, ['a', '\n\n']], [0, 7, ['a']], [0, 1, ['a', 'a', 'DIAGNOSIS:\n', 'a']], [0, 2, ['a']], [1292611612, 7, ['\n\n']], [0, 6, []]]);
    assert.ok(analyze(text).model.sections.some((s) => s.kind === 'title'), 'the last text starts with its title');
  });

  it('for random edits (property)', function () {
    // Hundreds of analyses: no time limit is asserted here, only the equality (speed is the bench's).
    this.timeout(30000);
    const alphabet = fc.constantFrom('a', ' ', '\n', '\n\n', '\r\n', ':', '.', 'SMA', ' negative', 'DIAGNOSIS:\n', 'no ', 'grade 3', '\u2013', '\u00a0', 'IVC', 'A. LEFT KIDNEY, NEPHRECTOMY:\n', 'CLINICAL HISTORY:\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.array(alphabet, { maxLength: 4 })), { maxLength: 12 }), (edits) => {
        replayEdits(edits);
      }),
      { numRuns: 150 },
    );
  });

  it('for random edits to a breast draft: value checks, readings kept per block and sentence, the derived stage (property)', function () {
    // The breast protocol's elements with value checks are read in full, their readings kept per block
    // (moved with it) and per sentence between keystrokes; the staging table reads sizes and nodes.
    this.timeout(30000);
    const breast = breastDraftOfSize(3000);
    const alphabet = fc.constantFrom('x', ' ', '\n', '\n\n', ':', 'Nottingham grade 3', 'tubules 2', 'ER: negative (40%)', 'HER2: 2+', '3/2 lymph nodes', '2.5 cm', 'DIAGNOSIS:\n', 'no ', 'pT1c', 'pN1a');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(12), fc.array(alphabet, { maxLength: 3 })), { maxLength: 10 }), (edits) => {
        const hinted = new BlockCache();
        let text = breast;
        analyzeWith(hinted, text);
        for (const [at, del, ins] of edits) {
          const p = at % (text.length + 1);
          text = text.slice(0, p) + ins.join('') + text.slice(Math.min(text.length, p + del));
          assert.deepEqual(visible(analyzeWith(hinted, text, {}, p)), visible(analyze(text)));
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('memory while typing', () => {
  it('keeps no earlier version of the draft alive', function () {
    this.timeout(30000);
    // gc() without starting mocha with --expose-gc.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    let text = 'DIAGNOSIS:\n' + Array.from({ length: 3000 }, (_, i) => `Block ${i}: spindle cells, mitoses ${i % 30} per 10 HPF, SMA positive.`).join('\n\n') + '\n';
    const cache = new BlockCache();
    analyzeWith(cache, text, { reportType: 'pathology' });
    const at = text.indexOf('Block 1000:');
    const typeAt = (i: number) => {
      text = text.slice(0, at + i) + 'x' + text.slice(at + i);
      analyzeWith(cache, text, { reportType: 'pathology' }, at + i);
    };
    // Warm up first, so the optimising compiler's code for the per-keystroke path is not counted as growth.
    for (let i = 0; i < 40; i++) typeAt(i);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 40; i < 100; i++) typeAt(i);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Sixty versions of a draft of this size are about 12 MB, which either leak would keep alive;
    // the edited block's own results are a few KB each. Half the leak is the bound.
    assert.ok(text.length > 190_000);
    assert.ok(grown < 6_000_000, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over 60 keystrokes`);
  });
});
