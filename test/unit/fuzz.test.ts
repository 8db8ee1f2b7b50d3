import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from '../../server/src/engine/analyze';
import { computeDiagnostics } from '../../server/src/features/diagnostics';

/** Pieces a draft is made of, typographic oddities and hostile bytes included. */
const piece = fc.oneof(
  fc.constantFrom(
    'SURGICAL PATHOLOGY\n', 'DIAGNOSIS:\n', 'GROSS DESCRIPTION:\n', 'IMMUNOHISTOCHEMISTRY:\n', 'CLINICAL HISTORY:\n', 'FINDINGS:\n', 'IMPRESSION:\n',
    'Left kidney, radical nephrectomy: leiomyosarcoma, 9 cm.', 'Margins: ', 'Histologic grade (FNCLCC): 4\n', 'SMA+/desmin\u2212/AE1/AE3\u2013', ' positive for ', ' negative for ',
    'HMB-45', 'no ', 'not ', 'IVC', ' renal vein ', 'free of tumor', 'cannot be excluded', 'history of ', 'rule out ', ';', ',', '.', ' ', '\n', '\r\n', '\n\n', '\t',
    '12 \u00d7 8 cm', '\u00a0', '\u2265 50%', 'score 3', 'R1', 'mitoses 25/10 HPF', 'spindle cell', 'FNCLCC grade 2', 'WHO/ISUP grade 3', ':', '(', ')', '___',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\uFFFD', '\uD800', '\u202E', 'e\u0301', '\uD83D\uDE00'), maxLength: 6 }),
);
const draft = fc.array(piece, { maxLength: 60 }).map((xs) => xs.join(''));

function checkRanges(text: string, a: Analysis) {
  for (const d of a.diagnostics) {
    for (const span of [d.span, ...(d.related ?? []).map((r) => r.span)]) {
      assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${d.code} span ${span.start}-${span.end} outside 0-${text.length}`);
    }
  }
  const doc = TextDocument.create('file:///f.path', 'pathology-report', 1, text);
  const last = doc.positionAt(text.length);
  for (const d of computeDiagnostics(doc, a)) {
    for (const p of [d.range.start, d.range.end]) assert.ok(p.line < doc.lineCount && (p.line < last.line || p.character <= last.character), 'range inside the document');
  }
}

describe('fuzzing: random and mutated drafts', function () {
  this.timeout(60000);
  it('never throw, and every range lies inside the document (pathology and radiology)', () => {
    fc.assert(
      fc.property(draft, fc.constantFrom('pathology', 'radiology', 'auto') as fc.Arbitrary<'pathology' | 'radiology' | 'auto'>, (text, type) => {
        checkRanges(text, analyze(text, { reportType: type }));
      }),
      { numRuns: 400 },
    );
  });

  it('very long lines and a 1 MB draft', () => {
    const long = 'DIAGNOSIS:\n' + 'Leiomyosarcoma, no necrosis, SMA positive, margin 2 mm from ink, IVC not involved; '.repeat(13000);
    assert.ok(long.length > 1_000_000);
    checkRanges(long, analyze(long, { reportType: 'pathology' }));
    const binaryish = Buffer.from(Array.from({ length: 100000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const a = analyze(binaryish, { reportType: 'pathology' });
    assert.deepEqual(a.diagnostics, []);
    assert.match(a.notice ?? '', /binary/);
  });
});

describe('complexity: time per KB stays flat as drafts grow (a quadratic pattern would not)', function () {
  this.timeout(60000);
  // Hostile shapes: one run-on sentence, many triggers, many markers, many numbers.
  const shapes: Record<string, string> = {
    'run-on sentence': 'no necrosis and positive for SMA and negative for keratin with grade 2 and margin 3 mm from ink and score 2 ',
    'marker list': 'SMA, desmin, HMB-45, S-100, AE1/AE3, CAM5.2, PAX8, ',
    'trigger words': 'not no without history of rule out cannot be excluded possible free of ',
    measurements: '12 x 8 x 6 cm tumor 3 mm from margin 4.5 cm mass ',
    'colons and fields': 'Margins: R0\nGrade: 2\nNecrosis: absent\n',
  };
  for (const [name, unit] of Object.entries(shapes)) {
    it(name, () => {
      const timeFor = (bytes: number) => {
        const text = 'DIAGNOSIS:\n' + unit.repeat(Math.ceil(bytes / unit.length));
        analyze(text.slice(0, 2000), { reportType: 'pathology' });
        // The fastest of three runs: another process on a 2-core machine only ever adds time.
        let best = Infinity;
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          analyze(text, { reportType: 'pathology' });
          best = Math.min(best, performance.now() - t0);
        }
        return best;
      };
      const small = Math.max(timeFor(50_000), 1);
      const large = timeFor(400_000);
      // Eight times the text: linear work takes about eight times as long; quadratic, sixty-four.
      assert.ok(large / small < 24, `400 KB took ${large.toFixed(0)} ms, 50 KB ${small.toFixed(0)} ms`);
      assert.ok(large / 400 < 20, `${(large / 400).toFixed(1)} ms per KB`);
    });
  }
});
