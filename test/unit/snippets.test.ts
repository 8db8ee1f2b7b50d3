import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { findTerm } from '../../server/src/engine/terms';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const root = path.resolve(__dirname, '../..');
const files = ['snippets/pathology.json', 'snippets/radiology.json'];

function load(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, Snippet>;
}
function bodyLines(s: Snippet): string[] {
  return Array.isArray(s.body) ? s.body : s.body.split('\n');
}
function byPrefix(prefix: string): Snippet {
  for (const f of files) for (const s of Object.values(load(f))) if (s.prefix === prefix) return s;
  throw new Error(`no snippet with prefix ${prefix}`);
}
/** Field keys of a snippet: the text before the first colon of `Key: value` lines. */
function keys(s: Snippet): string[] {
  return bodyLines(s)
    .map((l) => /^([A-Za-z][^:$\n]{0,60}):\s*\S/.exec(l)?.[1])
    .filter((k): k is string => !!k);
}

/** Snippets meant for use inside an existing section, so they bring no header of their own. */
const INSIDE_A_SECTION = new Set(['ihc-markers']);

const CHOICE = /\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/g;

describe('snippets', () => {
  for (const file of files) {
    describe(file, () => {
      it('parses as JSON and every snippet has prefix, body and description', () => {
        const snippets = load(file);
        assert.ok(Object.keys(snippets).length > 0);
        for (const [name, s] of Object.entries(snippets)) {
          assert.ok(typeof s.prefix === 'string' && s.prefix.length > 0, `${name}: prefix`);
          assert.ok(bodyLines(s).length > 0, `${name}: body`);
          assert.ok(typeof s.description === 'string' && s.description.length > 10, `${name}: description`);
        }
      });

      it('uses well-formed tab stops and choices', () => {
        for (const [name, s] of Object.entries(load(file))) {
          const text = bodyLines(s).join('\n');
          const choices = new Map<string, string>();
          for (const m of text.matchAll(CHOICE)) {
            const options = m[2].split(/(?<!\\),/);
            assert.ok(options.length >= 2, `${name}: choice \${${m[1]}} offers one value`);
            for (const o of options) assert.ok(o.trim().length > 0 && !o.includes('$'), `${name}: choice \${${m[1]}} has an empty or nested option`);
            assert.ok(!choices.has(m[1]), `${name}: tab stop ${m[1]} is a choice twice`);
            choices.set(m[1], m[2]);
          }
          // Every "${" opens a placeholder, a choice or a mirror that closes on the same line.
          for (const line of bodyLines(s)) {
            const stripped = line.replace(CHOICE, '').replace(/\$\{\d+:[^{}$]*\}/g, '').replace(/\$\{\d+\}/g, '');
            assert.ok(!stripped.includes('${'), `${name}: malformed tab stop in "${line}"`);
          }
          assert.ok(text.includes('$0'), `${name}: no final $0`);
          // Tabbing through a choice inserts its first value: that must be the visible blank "__",
          // never a clinical statement (a laterality, a grade, a marker result) the author did not pick.
          for (const [n, options] of choices) assert.ok(options.startsWith('__,'), `${name}: choice \${${n}} does not start with the blank "__"`);
        }
      });

      it('writes section headers as upper-case lines ending with a colon', () => {
        for (const [name, s] of Object.entries(load(file))) {
          if (INSIDE_A_SECTION.has(s.prefix as string)) continue;
          const headers = bodyLines(s).filter((l) => /^[A-Z][A-Z /()]+:$/.test(l));
          assert.ok(headers.length >= 1, `${name}: no section header`);
        }
      });
    });
  }

  it('ihc-spindle lists the eight markers, each as "Marker: ${n|...|}" with positive and negative', () => {
    const s = byPrefix('ihc-spindle');
    const lines = bodyLines(s);
    const expected = ['SMA', 'Desmin', 'h-caldesmon', 'Cytokeratin AE1/AE3', 'PAX8', 'S-100', 'HMB-45', 'Melan-A'];
    for (const marker of expected) {
      const line = lines.find((l) => l.startsWith(`${marker}: `));
      assert.ok(line, `no line for ${marker}`);
      assert.match(line!, /^[^:]+: \$\{\d+\|[^|]*\bpositive\b[^|]*\|\}$/);
      assert.match(line!, /\bnegative\b/);
      assert.match(line!, /focally positive/);
      // The spelling resolves to a marker term, so hovers work on the inserted text.
      assert.equal(findTerm(marker.replace(/^Cytokeratin /, ''))?.category, 'marker', marker);
    }
    const markerLines = lines.filter((l) => /^[^:]+: \$\{\d+\|__,positive,negative,focally positive,patchy,diffuse/.test(l));
    assert.equal(markerLines.length, 8, 'every marker offers the same results in the same order (no expected answer pre-selected)');
  });

  it('ihc-markers is ihc-spindle without its header, for a draft that already has an IHC section', () => {
    const full = bodyLines(byPrefix('ihc-spindle'));
    const inner = bodyLines(byPrefix('ihc-markers'));
    assert.equal(full[0], 'IMMUNOHISTOCHEMISTRY:');
    assert.deepEqual(inner, full.slice(1));
    assert.ok(!inner.some((l) => /^[A-Z][A-Z /()]+:$/.test(l)), 'no section header');
  });

  it('synoptic-lms has the soft tissue sarcoma fields, with FNCLCC and not WHO/ISUP', () => {
    const s = byPrefix('synoptic-lms');
    const k = keys(s);
    for (const key of ['Procedure', 'Specimen laterality', 'Tumor site', 'Tumor size', 'Histologic type', 'Histologic grade (FNCLCC)', 'Differentiation score', 'Mitotic count (per 10 HPF)', 'Necrosis', 'Margins', 'Closest margin', 'Renal vein involvement', 'IVC involvement', 'Lymph nodes', 'Distant metastasis', 'pTNM (AJCC 8th)', 'Immunohistochemistry']) {
      assert.ok(k.includes(key), `synoptic-lms lacks "${key}"`);
    }
    const text = bodyLines(s).join('\n');
    assert.ok(!/WHO\/ISUP/.test(text), 'a sarcoma is not graded with WHO/ISUP');
    assert.match(text, /R0/);
    assert.match(text, /R2/);
  });

  it('synoptic-rcc has the kidney checklist fields, with WHO/ISUP 1-4', () => {
    const s = byPrefix('synoptic-rcc');
    const k = keys(s);
    for (const key of ['Procedure', 'Laterality', 'Tumor size', 'Histologic type', 'WHO/ISUP grade', 'Sarcomatoid features', 'Rhabdoid features', 'Tumor necrosis', 'Perinephric fat invasion', 'Renal sinus invasion', 'Renal vein', 'IVC', 'Margins', 'Lymph nodes', 'pTNM (AJCC 8th)']) {
      assert.ok(k.includes(key), `synoptic-rcc lacks "${key}"`);
    }
    assert.match(bodyLines(s).join('\n'), /WHO\/ISUP grade: \$\{\d+\|__,1,2,3,4/);
  });

  it('renal-biopsy states a diagnosis and IHC but no margins or pT', () => {
    const s = byPrefix('renal-biopsy');
    const text = bodyLines(s).join('\n');
    assert.match(text, /^DIAGNOSIS:$/m);
    assert.match(text, /Immunohistochemistry:/);
    assert.ok(!/^Margins:/m.test(text) && !/pT[1-4]/.test(text));
  });

  it('rad-renal-mass has the report sections and the renal mass elements', () => {
    const s = byPrefix('rad-renal-mass');
    const lines = bodyLines(s);
    for (const h of ['EXAM:', 'INDICATION:', 'TECHNIQUE:', 'COMPARISON:', 'FINDINGS:', 'IMPRESSION:', 'RECOMMENDATION:']) assert.ok(lines.includes(h), `missing ${h}`);
    const k = keys(s);
    for (const key of ['Size', 'Side', 'Location', 'Composition', 'Macroscopic fat', 'Enhancement', 'Renal vein', 'IVC', 'Perinephric fat', 'Renal sinus fat', 'Adrenal glands', 'Lymph nodes', 'Metastases', 'Contralateral kidney']) {
      assert.ok(k.includes(key), `rad-renal-mass lacks "${key}"`);
    }
  });
});

describe('snippets: each protocol template, filled in, completes its checklist', () => {
  /** The text an author gets by picking each choice's first clinical value and typing "2" in each blank. */
  function filled(s: Snippet): string {
    return bodyLines(s)
      .map((l) =>
        l
          .replace(CHOICE, (_all, _n, options: string) => options.split(/(?<!\\),/)[1].replace(/\\,/g, ','))
          .replace(/\$\{\d+:[^{}$]*\}/g, '2')
          .replace('$0', ''),
      )
      .join('\n');
  }
  const cases: [string, string, string][] = [
    ['synoptic-breast', 'breast-invasive-resection', 'DIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma.\n'],
    ['synoptic-colorectal', 'colorectal-resection', 'DIAGNOSIS:\nColon, right hemicolectomy: adenocarcinoma.\n'],
    ['synoptic-prostate', 'prostate-radical-prostatectomy', 'DIAGNOSIS:\nProstate, radical prostatectomy: acinar adenocarcinoma.\n'],
    ['synoptic-lung', 'lung-resection', 'DIAGNOSIS:\nLung, left upper lobe, lobectomy: invasive adenocarcinoma.\n'],
  ];
  for (const [prefix, checklist, diagnosis] of cases) {
    it(`${prefix} leaves nothing of ${checklist} missing and raises no check`, () => {
      const a = analyze(`SURGICAL PATHOLOGY REPORT\n\n${diagnosis}\n${filled(byPrefix(prefix))}\n`, { reportType: 'pathology' });
      assert.equal(a.checklist?.checklist.id, checklist);
      assert.deepEqual(a.checklist!.items.filter((i) => !i.stated).map((i) => i.item.code), []);
      // The stage field's first choice (pT1mi, pTis, pN0) beside "2" typed in every size and node blank
      // contradicts itself, and stage-mismatch rightly says so; nothing else is raised.
      assert.deepEqual(a.diagnostics.map((d) => d.code).filter((c) => c !== 'stage-mismatch'), []);
    });
  }

  it('breast-biomarkers states ER, PR and HER2, and ihc-mmr states the MMR status', () => {
    const breast = analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma.\n\n${filled(byPrefix('breast-biomarkers'))}\n`, { reportType: 'pathology' });
    const stated = (a: typeof breast, el: string) => a.checklist!.items.find((i) => i.item.element === el)?.stated;
    for (const el of ['er-status', 'pr-status', 'her2-status']) assert.equal(stated(breast, el), true, el);
    const crc = analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nColon, sigmoidectomy: adenocarcinoma.\n\n${filled(byPrefix('ihc-mmr'))}\n`, { reportType: 'pathology' });
    assert.equal(stated(crc, 'mmr-status'), true);
  });
});
