import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import termsData from '../../server/src/data/terms.json';
import termsSchema from '../../server/src/data/schemas/terms.schema.json';
import { KnowledgeError } from '../../server/src/engine/knowledge/validate';
import { findTerm, loadTerms, renderTermMarkdown, termAt, TermCategory } from '../../server/src/engine/terms';
import { normalize } from '../../server/src/engine/text';

const CATEGORIES: TermCategory[] = ['marker', 'entity', 'grading', 'margin', 'staging', 'vascular', 'radiology', 'procedure', 'finding'];

/** termAt on the first occurrence of `word` in `text`, probing its first, middle and last character. */
function hitAll(text: string, word: string) {
  const start = text.indexOf(word);
  assert.ok(start >= 0, `"${word}" is not in "${text}"`);
  return [start, start + Math.floor(word.length / 2), start + word.length - 1].map((o) => termAt(text, o));
}

describe('terms: the built-in file', () => {
  it('matches its JSON Schema (checked with a fresh Ajv, independent of the loader)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(termsSchema);
    const ok = validate(termsData);
    assert.ok(ok, JSON.stringify(validate.errors, null, 1));
  });

  it('loads through validateKnowledge and holds at least 65 terms', () => {
    const base = loadTerms();
    assert.ok(base.terms.length >= 65, `only ${base.terms.length} terms`);
    assert.equal(loadTerms(), base, 'the built-in base is built once');
  });

  it('covers every category, with the markers, grades and margins the brief names', () => {
    const base = loadTerms();
    for (const c of CATEGORIES) assert.ok(base.terms.some((t) => t.category === c), `no term of category ${c}`);
    const needed = ['sma', 'desmin', 'h-caldesmon', 'ae1-ae3', 'cam52', 'keratin', 'ema', 's100', 'sox10', 'hmb45', 'melan-a', 'cathepsin-k', 'tfe3', 'pax8', 'pax2', 'cd10', 'ca9', 'cd117', 'dog1', 'cd34', 'mdm2', 'ki67', 'ini1', 'vimentin', 'myogenin', 'myod1', 'calponin', 'er', 'pr', 'rcc-marker',
      'leiomyosarcoma', 'renal-lms', 'retroperitoneal-lms', 'sarcomatoid-carcinoma', 'angiomyolipoma', 'epithelioid-aml', 'pecoma', 'leiomyoma', 'clear-cell-rcc', 'papillary-rcc', 'chromophobe-rcc', 'urothelial-carcinoma', 'spindle-cell-neoplasm', 'synovial-sarcoma',
      'fnclcc-grade', 'differentiation-score', 'mitotic-score', 'necrosis-score', 'who-isup-grade', 'tumour-necrosis', 'mitotic-count', 'hpf',
      'r0', 'r1', 'r2', 'margin', 'closest-margin', 'inked-margin', 'ptnm', 'ajcc-8th', 'pt', 'pn', 'pm', 'yptnm',
      'renal-vein', 'ivc', 'tumour-thrombus', 'thrombus-level', 'renal-sinus', 'perinephric-fat', 'gerota-fascia',
      'bosniak', 'enhancement', 'macroscopic-fat', 'solid-renal-mass', 'cystic-renal-mass', 'corticomedullary-phase', 'nephrographic-phase', 'hounsfield-unit', 'image-guided-biopsy',
      'radical-nephrectomy', 'partial-nephrectomy', 'core-needle-biopsy', 'en-bloc-resection'];
    for (const id of needed) assert.ok(base.get(id), `missing term ${id}`);
  });

  it('gives every term a source, a definition of two to four sentences, and a differential for every marker', () => {
    for (const t of loadTerms().terms) {
      assert.ok(t.source.trim().length >= 3, `${t.id}: no source`);
      // Sentences end with . ! or ? followed by a space and a capital (decimals and "pT3a." inside do not split).
      const sentences = t.definition.split(/(?<=[.!?])\s+(?=[A-Z])/).filter((s) => s.trim());
      assert.ok(sentences.length >= 1 && sentences.length <= 4, `${t.id}: definition has ${sentences.length} sentences`);
      if (t.category === 'marker') assert.ok(t.differential, `${t.id}: a marker needs a differential`);
    }
  });

  it('carries the seed facts: LMS prognosis, the renal vein series, and the FNCLCC derivation', () => {
    const lms = findTerm('renal leiomyosarcoma')!;
    const prognosis = (lms.prognosis ?? []).join(' ');
    for (const fact of ['25 months', '67', '50%', '30%', '4.5%', '15%', 'inferior vena cava']) assert.ok(prognosis.includes(fact), `renal LMS prognosis lacks "${fact}"`);
    assert.match(lms.source, /seed/);
    const fnclcc = findTerm('FNCLCC')!;
    const derivation = (fnclcc.derivation ?? []).join(' ');
    for (const fact of ['0-9', '10-19', '20 or more', 'less than 50%', '50% or more', '2-3', '4-5', '6-8']) assert.ok(derivation.includes(fact), `FNCLCC derivation lacks "${fact}"`);
    const isup = findTerm('WHO/ISUP grade')!;
    assert.match((isup.derivation ?? []).join(' '), /sarcomatoid/);
    assert.deepEqual(findTerm('R classification')!.values!.map((v) => v.value), ['R0', 'R1', 'R2', 'RX']);
    assert.equal(findTerm('Mayo level')!.values!.length, 5);
  });

  it('names every related id and lists exact-case spellings among the synonyms', () => {
    const base = loadTerms();
    for (const t of base.terms) {
      for (const r of t.related ?? []) assert.ok(base.get(r), `${t.id}: related "${r}" is not a term`);
      for (const e of t.exactCase ?? []) assert.ok(t.synonyms.includes(e), `${t.id}: exactCase "${e}" not in synonyms`);
    }
  });

  it('lets no spelling name two terms', () => {
    const owner = new Map<string, string>();
    for (const t of loadTerms().terms) {
      for (const s of t.synonyms) {
        const key = normalize(s).replace(/\s+/g, ' ').trim();
        const other = owner.get(key);
        assert.ok(other === undefined || other === t.id, `"${s}" names both ${other} and ${t.id}`);
        owner.set(key, t.id);
      }
    }
  });

  it('resolves every synonym to its own term, by lookup and in text', () => {
    for (const t of loadTerms().terms) {
      for (const s of t.synonyms) {
        assert.equal(findTerm(s)?.id, t.id, `findTerm("${s}")`);
        const text = `Result: ${s}; next`;
        const at = text.indexOf(s);
        const hit = termAt(text, at + Math.floor(s.length / 2));
        assert.equal(hit?.term.id, t.id, `termAt in "${text}"`);
        assert.deepEqual(hit?.span, { start: at, end: at + s.length }, `span of "${s}"`);
      }
      assert.equal(findTerm(t.id)?.id, t.id);
    }
  });
});

describe('terms: termAt', () => {
  const cases: { text: string; word: string; id: string; span?: string }[] = [
    { text: 'The tumour cells are HMB45 negative.', word: 'HMB45', id: 'hmb45' },
    { text: 'HMB–45 (−), Melan-A negative', word: 'HMB–45', id: 'hmb45' },
    { text: 'Negative for S-100 protein and SOX10.', word: 'S-100 protein', id: 's100' },
    { text: 'S100: negative', word: 'S100', id: 's100' },
    { text: 'Positive for smooth muscle actin and desmin.', word: 'smooth muscle actin', id: 'sma' },
    { text: 'Keratin AE1/AE3 is negative.', word: 'AE1/AE3', id: 'ae1-ae3', span: 'Keratin AE1/AE3' },
    { text: 'AE1/AE3 and CAM5.2 negative', word: 'AE1/AE3', id: 'ae1-ae3' },
    { text: 'AE1/AE3 and CAM5.2 negative', word: 'CAM5.2', id: 'cam52' },
    { text: 'Margins: R0 (all margins negative)', word: 'R0', id: 'r0' },
    { text: 'Histologic grade (FNCLCC): G3', word: 'FNCLCC', id: 'fnclcc-grade' },
    { text: 'Tumour thrombus extends into the IVC.', word: 'IVC', id: 'ivc' },
    { text: 'Tumour thrombus extends into the IVC.', word: 'Tumour thrombus', id: 'tumour-thrombus' },
    { text: 'Bosniak IIF cystic lesion', word: 'Bosniak', id: 'bosniak', span: 'Bosniak IIF' },
    { text: 'WHO/ISUP grade 4 with sarcomatoid features', word: 'WHO/ISUP grade', id: 'who-isup-grade' },
    { text: 'WHO/ISUP grade 4 with sarcomatoid features', word: 'sarcomatoid features', id: 'sarcomatoid-features' },
    { text: 'Diagnosis: sarcomatoid renal cell carcinoma', word: 'renal cell carcinoma', id: 'sarcomatoid-carcinoma', span: 'sarcomatoid renal cell carcinoma' },
    { text: 'Stage: pT3aN0M0', word: 'N0', id: 'pn' },
    { text: 'Stage: pT3aN0M0', word: 'pT3a', id: 'pt' },
    { text: 'ER positive, PR negative', word: 'PR', id: 'pr' },
    { text: 'Perinephric fat invasion: present', word: 'Perinephric fat invasion', id: 'perinephric-fat' },
    { text: "Tumour invades Gerota's fascia", word: "Gerota's fascia", id: 'gerota-fascia' },
    { text: 'Tumour invades Gerota’s fascia', word: 'Gerota’s fascia', id: 'gerota-fascia' },
    { text: 'Mitotic count: 24 mitoses per 10 HPF', word: 'mitoses per 10 HPF', id: 'mitotic-count' },
    { text: 'Procedure: radical nephrectomy', word: 'radical nephrectomy', id: 'radical-nephrectomy' },
    { text: 'Procedure: partial nephrectomy', word: 'nephrectomy', id: 'partial-nephrectomy', span: 'partial nephrectomy' },
    { text: 'smooth\tmuscle  actin positive', word: 'smooth\tmuscle  actin', id: 'sma' },
  ];
  for (const c of cases) {
    it(`finds ${c.id} at "${c.word}" in "${c.text.replace(/\t/g, '\\t')}"`, () => {
      for (const hit of hitAll(c.text, c.word)) {
        assert.equal(hit?.term.id, c.id);
        const expected = c.span ?? c.word;
        const start = c.text.indexOf(expected);
        assert.deepEqual(hit!.span, { start, end: start + expected.length });
      }
    });
  }

  it('returns undefined between words, on punctuation and on words that are not terms', () => {
    const text = 'SMA positive, desmin positive.';
    assert.equal(termAt(text, text.indexOf(' positive')), undefined, 'on a space');
    assert.equal(termAt(text, text.indexOf(',')), undefined, 'on a comma');
    assert.equal(termAt(text, text.indexOf('positive') + 2), undefined, 'inside a non-term word');
    assert.equal(termAt(text, text.length), undefined, 'at the end of the text');
    assert.equal(termAt(text, -1), undefined, 'before the text');
    assert.equal(termAt('', 0), undefined, 'empty text');
  });

  it('respects word boundaries and case-sensitive abbreviations', () => {
    assert.equal(termAt('Smallest', 1), undefined, '"sma" inside "Smallest"');
    assert.equal(termAt('nonspecific', 3), undefined);
    assert.equal(termAt('Pt is a 65-year-old man', 0), undefined, '"Pt" (patient) is not pT');
    assert.equal(termAt('seen at 3 pm', 10), undefined, '"pm" is not pM');
    assert.equal(termAt('pMMR tumour', 1), undefined, '"pM" inside "pMMR"');
    assert.equal(termAt('ORDER', 3), undefined, '"ER" inside "ORDER"');
    assert.equal(termAt('CD1170', 2), undefined, '"CD117" followed by a digit');
    assert.equal(termAt('HMB-45+', 0)?.term.id, 'hmb45', 'a result sign is not part of the word');
  });

  it('looks only at the line around the offset and stays fast on a huge line', () => {
    const text = 'smooth muscle\nactin';
    assert.equal(termAt(text, text.indexOf('actin'))?.term.id, 'sma', '"actin" alone');
    assert.deepEqual(termAt(text, text.indexOf('actin'))?.span, { start: 14, end: 19 });
    const big = 'SMA and desmin are positive; '.repeat(40000);
    const started = Date.now();
    for (let i = 0; i < 2000; i++) termAt(big, (i * 7919) % big.length);
    assert.ok(Date.now() - started < 1000, 'termAt must not scan the whole line');
  });
});

describe('terms: user files', () => {
  const userTerm = {
    id: 'smmhc',
    label: 'SMMHC',
    category: 'marker',
    synonyms: ['SMMHC', 'smooth muscle myosin heavy chain', 'actin'],
    definition: 'Myosin heavy chain of mature smooth muscle. Used as a further muscle marker.',
    source: 'local lab handbook',
  };

  it('merges a valid user file: new terms, and a spelling it claims moves to it', () => {
    const base = loadTerms({ data: { terms: [userTerm] }, file: '/ws/.synoptic/terms.json' });
    assert.equal(base.findTerm('SMMHC')?.id, 'smmhc');
    assert.equal(base.termAt('smooth muscle myosin heavy chain positive', 3)?.term.id, 'smmhc');
    assert.equal(base.termAt('actin positive', 1)?.term.id, 'smmhc', 'the user term owns "actin" now');
    assert.equal(base.termAt('SMA positive', 1)?.term.id, 'sma', 'the built-in keeps its other spellings');
    assert.ok(!base.get('sma')!.synonyms.includes('actin'));
    assert.ok(loadTerms().get('sma')!.synonyms.includes('actin'), 'the built-ins are untouched');
  });

  it('replaces a built-in term with the same id', () => {
    const base = loadTerms({ data: { terms: [{ ...userTerm, id: 'desmin', synonyms: ['desmin', 'DES'] }] }, file: 'u.json' });
    assert.equal(base.get('desmin')?.label, 'SMMHC');
    assert.equal(base.terms.filter((t) => t.id === 'desmin').length, 1);
  });

  it('rejects a broken user file with a KnowledgeError naming the file, and the built-ins still load', () => {
    const file = '/ws/.synoptic/terms.json';
    const broken = [
      { terms: [{ ...userTerm, category: 'gene' }] },
      { terms: [{ ...userTerm, source: undefined }] },
      { terms: [{ ...userTerm, colour: 'red' }] },
      { terms: [userTerm, { ...userTerm, id: 'other' }] },
      { terms: [{ ...userTerm, exactCase: ['SMMHc'] }] },
      { terms: [{ ...userTerm, related: ['no-such-term'] }] },
      { terms: [{ ...userTerm, synonyms: ['--'] }] },
      'not an object',
    ];
    for (const data of broken) {
      assert.throws(
        () => loadTerms({ data, file }),
        (err: unknown) => err instanceof KnowledgeError && err.file === file && err.message.startsWith(file) && err.problems.length > 0,
        JSON.stringify(data),
      );
    }
    assert.ok(loadTerms().terms.length >= 65);
    assert.equal(termAt('HMB45 negative', 0)?.term.id, 'hmb45');
  });
});

describe('terms: hover markdown', () => {
  it('renders label, definition, differential and a final Source line', () => {
    const md = renderTermMarkdown(findTerm('HMB45')!, { matched: 'HMB45' });
    assert.match(md, /^\*\*HMB-45\*\*/);
    assert.match(md, /written "HMB45"/);
    assert.match(md, /If positive/);
    assert.match(md, /If negative/);
    assert.match(md, /angiomyolipoma/i);
    const lines = md.trim().split('\n');
    assert.match(lines[lines.length - 1], /^Source: seed/);
  });

  it('puts the reported result first', () => {
    const md = renderTermMarkdown(findTerm('SMA')!, { result: 'negative' });
    assert.ok(md.indexOf('If negative (as reported here)') < md.indexOf('If positive'));
  });

  it('shows the derivation of a grade, the values of a classification, and prognosis', () => {
    const fnclcc = renderTermMarkdown(findTerm('FNCLCC')!);
    assert.match(fnclcc, /How it is derived/);
    assert.match(fnclcc, /6-8 = grade 3/);
    const r = renderTermMarkdown(findTerm('R classification')!);
    assert.match(r, /\*\*R2\*\*: Macroscopic residual/);
    const lms = renderTermMarkdown(findTerm('renal LMS')!);
    assert.match(lms, /Prognosis/);
    assert.match(lms, /25 months/);
    assert.match(lms.split('\n').pop()!, /^Source: seed$/);
  });

  it('escapes markdown in term text', () => {
    const md = renderTermMarkdown({ id: 'x', label: 'a*b_c', category: 'finding', synonyms: ['x'], definition: 'Under <5 mm [sic].', source: 'test' });
    assert.match(md, /a\\\*b\\_c/);
    assert.match(md, /\\<5 mm \\\[sic\\\]/);
  });
});
