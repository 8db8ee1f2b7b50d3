import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { ChecklistBase } from '../../server/src/engine/knowledge/checklists';
import { RuleBase } from '../../server/src/engine/knowledge/rules';
import { compileUserPattern, KnowledgeError } from '../../server/src/engine/knowledge/validate';
import { loadKnowledge } from '../../server/src/knowledgeLoader';
import checklists from '../../server/src/data/checklists.json';
import rules from '../../server/src/data/rules.json';

function tmpFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-kb-'));
  const f = path.join(dir, 'rules.json');
  fs.writeFileSync(f, content);
  return f;
}

describe('knowledge files: schema-validated data with sources', () => {
  it('every checklist item and every rule cites its source', () => {
    for (const c of checklists.checklists) for (const i of c.items) assert.ok(i.source.length > 3, `${c.id}/${i.element}`);
    for (const h of rules.hints) assert.ok(h.source.length > 3, h.code);
    for (const c of rules.consistency) assert.ok(c.source.length > 3, c.code);
  });

  it('a user checklist adds an organ without new code', () => {
    const base = new ChecklistBase();
    base.addUserFile(
      {
        elements: { 'adrenal-weight': { label: 'Gland weight', patterns: ['weigh\\w*'], satisfy: 'give the gland weight in grams' } },
        checklists: [
          { id: 'adrenal-resection', title: 'Adrenal cortical carcinoma resection', shortTitle: 'Adrenal', reportType: 'pathology', appliesWhen: { typeGroups: ['adrenal'] }, source: 'institutional rule 12', items: [{ element: 'adrenal-weight', code: 'missing-adrenal-weight', requirement: 'required', source: 'institutional rule 12' }] },
        ],
      },
      'ws/.synoptic/rules.json',
    );
    assert.ok(base.checklists.some((c) => c.id === 'adrenal-resection'));
  });

  it('a user checklist sets itself aside for what unlessMentions names, unless unlessMentionsBut is affirmed too', () => {
    // An institution's thyroid ultrasound checklist: not for a simple colloid cyst, but for a hypoechoic nodule beside one.
    const f = tmpFile(JSON.stringify({
      elements: { 'tirads-score': { label: 'TI-RADS category', patterns: ['ti-?rads'], satisfy: 'give the ACR TI-RADS category' } },
      checklists: [{
        id: 'thyroid-us', title: 'Thyroid nodule ultrasound (institutional)', shortTitle: 'Thyroid US', reportType: 'radiology',
        appliesWhen: { mentions: ['thyroid'], unlessMentions: ['(?:simple|colloid) cysts?'], unlessMentionsBut: ['(?:hypo|hyper)echoic nodules?'] },
        source: 'institutional rule 3', items: [{ element: 'tirads-score', code: 'missing-tirads-score', requirement: 'required', source: 'institutional rule 3' }],
      }],
    }));
    const { knowledge, problems } = loadKnowledge([f]);
    assert.deepEqual(problems, []);
    const codes = (findings: string) => analyze(`ULTRASOUND THYROID\n\nFINDINGS:\n${findings}\n\nIMPRESSION:\nAs above.\n`, { reportType: 'radiology', knowledge }).diagnostics.map((d) => d.code);
    assert.ok(codes('A 1.2 cm hypoechoic nodule in the right thyroid lobe.').includes('missing-tirads-score'));
    assert.ok(!codes('A 1.2 cm simple cyst in the right thyroid lobe.').includes('missing-tirads-score'), 'a simple cyst alone');
    assert.ok(codes('A 1.2 cm simple cyst and a 0.9 cm hypoechoic nodule in the right thyroid lobe.').includes('missing-tirads-score'), 'a nodule beside the cyst');
  });

  it('a reference the schema cannot check, mistyped, is refused with its path: nothing is switched off without a word', () => {
    // An institution's melanoma protocol (test data), valid as written; each case below mistypes one reference in it.
    const valid = () => ({
      elements: {
        breslow: { label: 'Breslow thickness', kind: 'measurement', unit: 'mm', fieldKeys: ['breslow thickness'], satisfy: 'give the thickness in mm' },
        'mel-ulceration': { label: 'Ulceration', kind: 'enumeration', presence: true, patterns: ['ulcerat\\w*'], satisfy: 'state ulceration', decidedBy: [{ answers: ['present', 'not-identified'], states: true }] },
        'mel-percent': { label: 'Regression (%)', kind: 'percentage', patterns: ['regression'], satisfy: 'give the percentage' },
      },
      checklists: [{
        id: 'melanoma-excision', title: 'Melanoma excision (institutional)', shortTitle: 'Melanoma', reportType: 'pathology',
        appliesWhen: { diagnosis: ['melanoma'], site: ['skin'], procedures: ['excision'] }, source: 'test data',
        items: [{ element: 'breslow', code: 'missing-breslow', requirement: 'required', source: 'test data' }, { element: 'mel-ulceration', code: 'missing-ulceration', requirement: 'required', source: 'test data' }],
      }],
      hints: [{ code: 'hint-local-ulcer', reportType: 'pathology', checklists: ['melanoma-excision'], when: { element: { id: 'mel-ulceration', answers: ['present'] } }, favours: 'Ulceration raises the T category.', why: 'An ulcerated melanoma is staged b.', settle: 'State the ulceration in the synoptic.', source: 'test data' }],
      staging: [{
        checklist: 'melanoma-excision', chapter: 'melanoma of the skin', measures: { thickness: { element: 'breslow', unit: 'mm' } },
        t: { categories: [
          { category: 'T1a', rule: '< 0.8 mm, no ulceration', when: [[{ measure: 'thickness', lt: 0.8 }, { element: 'mel-ulceration', answers: ['not-identified'], label: 'no ulceration' }]], source: 'test data' },
          { category: 'T1b', rule: '< 0.8 mm with ulceration', when: [[{ measure: 'thickness', lt: 0.8 }, { element: 'mel-ulceration', answers: ['present'], label: 'ulceration' }]], source: 'test data' },
        ] },
        n: { categories: [{ category: 'N0', rule: 'no node', when: [[{ count: 'regional-lymph-nodes', part: 'involved', lte: 0 }]], source: 'test data' }] },
      }],
    });
    assert.deepEqual(loadKnowledge([tmpFile(JSON.stringify(valid()))]).problems, []);
    const refused = (mistype: (d: ReturnType<typeof valid>) => void, path: string, says: RegExp) => {
      const d = valid();
      mistype(d);
      const { problems, knowledge } = loadKnowledge([tmpFile(JSON.stringify(d))]);
      assert.equal(problems.length, 1, path);
      assert.ok(problems[0].includes(path), `${path} in ${problems[0]}`);
      assert.match(problems[0], says);
      assert.ok(!knowledge.checklists.checklists.some((c) => c.id === 'melanoma-excision'), 'nothing of the file is used');
    };
    refused((d) => (d.staging[0].t.categories[1].when[0][1].answers = ['ulcerated']), '/staging/0/t/categories/1', /"ulcerated" is not an answer of "mel-ulceration"/);
    refused((d) => (d.staging[0].checklist = 'melanoma-wle'), '/staging/0/checklist', /no checklist has the id "melanoma-wle"/);
    refused((d) => (d.staging[0].measures.thickness.element = 'mel-percent'), '/staging/0/measures/thickness', /is a percentage; a measure reads a measurement element/);
    refused((d) => (d.staging[0].n.categories[0].when[0][0] = { count: 'mel-ulceration', part: 'involved', lte: 0 }), '/staging/0/n/categories/0', /is an enumeration; a count condition reads a count element/);
    refused((d) => (d.staging[0].n.categories[0].when[0][0] = { count: 'regional-lymph-nodes', part: 'positive', lte: 0 }), '/staging/0/n/categories/0', /"positive" is not a part of the count/);
    refused((d) => (d.hints[0].checklists = ['melanoma-excison']), '/hints/0/checklists/0', /no checklist has the id "melanoma-excison"/);
    refused((d) => (d.hints[0].when.element.answers = ['yes']), '/hints/0/when/element/answers', /"yes" is not an answer of "mel-ulceration"/);
    refused((d) => d.elements['mel-ulceration'].decidedBy[0].answers.push('extensive'), '/elements/mel-ulceration/decidedBy/0/answers', /"extensive" is not an answer of this element/);
    refused((d) => d.checklists.push({ ...d.checklists[0] }), '/checklists/1/id', /is the id of \/checklists\/0 too/);
  });

  it('a workspace checklist wins over a built-in one that also applies, and a thyroid lobectomy is no lung resection', () => {
    const f = tmpFile(JSON.stringify({
      elements: { 'inst-breast-cavity': { label: 'Cavity shaves', patterns: ['cavity shav\\w*'], satisfy: 'state the cavity shave margins' } },
      checklists: [{
        id: 'inst-breast', title: 'Breast resection (institutional)', shortTitle: 'Breast (inst.)', reportType: 'pathology',
        appliesWhen: { diagnosis: ['invasive (?:ductal )?carcinoma'], site: ['breast'], procedures: ['lumpectomy'] }, source: 'institutional rule 9',
        items: [{ element: 'inst-breast-cavity', code: 'missing-cavity-shaves', requirement: 'required', source: 'institutional rule 9' }],
      }],
    }));
    const { knowledge, problems } = loadKnowledge([f]);
    assert.deepEqual(problems, []);
    const breast = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma, Nottingham grade 2, 1.5 cm.\n';
    assert.equal(analyze(breast, { reportType: 'pathology', knowledge }).checklist?.checklist.id, 'inst-breast');
    assert.equal(analyze(breast, { reportType: 'pathology' }).checklist?.checklist.id, 'breast-invasive-resection', 'the built-ins alone');
    // "Lobectomy" and "lobe" alone do not name the lung (blind custom-protocol probe 2, D3).
    assert.equal(analyze('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, left lobectomy: minimally invasive follicular carcinoma, 3.2 cm.\n', { reportType: 'pathology' }).checklist, undefined);
    assert.equal(analyze('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nRight upper lobectomy: invasive adenocarcinoma, acinar predominant, 2.1 cm.\n', { reportType: 'pathology' }).checklist?.checklist.id, 'lung-resection');
  });

  it('a user hint fires like a built-in one', () => {
    const f = tmpFile(JSON.stringify({ hints: [{ code: 'hint-local-ckit', reportType: 'pathology', when: { ihc: { groups: ['cd117'], result: 'positive' } }, favours: 'CD117 positivity favours a GIST-like lesion here.', why: 'Our institution reviews every CD117-positive spindle tumour.', settle: 'Send for DOG1 and mutation analysis.', source: 'institutional rule 7' }] }));
    const { knowledge, problems } = loadKnowledge([f]);
    assert.deepEqual(problems, []);
    const a = analyze('MICROSCOPIC:\nSpindle cells, CD117 positive.\n', { reportType: 'pathology', knowledge });
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['hint-local-ckit']);
  });

  it('a broken user file names the file, the path and the fix; the built-ins keep working', () => {
    const f = tmpFile(JSON.stringify({ checklists: [{ id: 'Bad Id', title: 'x' }] }));
    const { knowledge, problems } = loadKnowledge([f]);
    assert.equal(problems.length, 1);
    assert.ok(problems[0].includes(f), 'names the file');
    assert.match(problems[0], /\/checklists\/0/);
    assert.match(problems[0], /built-in checklists are used/);
    const a = analyze('DIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma.\n', { reportType: 'pathology', knowledge });
    assert.ok(a.diagnostics.some((d) => d.code === 'missing-grade'));
  });

  it('a workspace file adds and overrides hover terms; a broken terms part keeps the built-ins', () => {
    const term = { id: 'dog1', label: 'DOG1', category: 'marker', synonyms: ['DOG1', 'ANO1'], definition: 'Chloride channel protein; in our department a second GIST marker beside CD117.', source: 'institutional handbook 4.2' };
    const override = { id: 'sma', label: 'Smooth muscle actin (local)', category: 'marker', synonyms: ['SMA', 'smooth muscle actin'], definition: 'Our lab runs clone 1A4.', source: 'institutional handbook 4.3' };
    const { knowledge, problems } = loadKnowledge([tmpFile(JSON.stringify({ terms: [term, override] }))]);
    assert.deepEqual(problems, []);
    assert.equal(knowledge.terms.termAt('ANO1 positive', 1)?.term.id, 'dog1');
    assert.equal(knowledge.terms.termAt('SMA positive', 1)?.term.label, 'Smooth muscle actin (local)');
    assert.equal(knowledge.terms.termAt('desmin positive', 1)?.term.id, 'desmin', 'built-ins are still there');
    const broken = tmpFile(JSON.stringify({ terms: [{ id: 'x', label: 'X' }] }));
    const bad = loadKnowledge([broken]);
    assert.equal(bad.problems.length, 1);
    assert.ok(bad.problems[0].includes(broken) && /\/terms\/0/.test(bad.problems[0]), bad.problems[0]);
    assert.equal(bad.knowledge.terms.termAt('desmin positive', 1)?.term.id, 'desmin');
  });

  it('invalid JSON and unknown keys are reported, not thrown', () => {
    assert.match(loadKnowledge([tmpFile('{ "hints": [ ')]).problems[0], /not valid JSON/);
    assert.match(loadKnowledge([tmpFile('{ "hintz": [] }')]).problems[0], /unknown property "hintz"/);
    // Where: a trailing comma on line 3 is found by its line and column, not only its offset.
    assert.match(loadKnowledge([tmpFile('{\n  "hints": [],\n  "consistency": [],\n}')]).problems[0], /not valid JSON \(.*line 4 column 1\)/);
  });

  it('runs workspace patterns in RE2: nested repetition is accepted and stays linear, lookarounds and backreferences are refused', () => {
    // (a+)+ is the classic catastrophic shape for a backtracking engine; RE2 matches it in linear time.
    compileUserPattern('(a+)+$', 'f.json', '/x');
    assert.throws(() => compileUserPattern('(?<!x)tumou?r', 'f.json', '/x'), (e: unknown) => e instanceof KnowledgeError && /not valid in RE2/.test(e.message) && /lookaround/i.test(e.message));
    assert.throws(() => compileUserPattern('(a)\\1', 'f.json', '/x'), /not valid in RE2/);
    assert.throws(() => compileUserPattern('(unclosed', 'f.json', '/x'), /not valid in RE2/);
    // A space at either end could never match beside a word (blind workspace probe 3, g1): refused, not silently dead.
    assert.throws(() => compileUserPattern('depth of ', 'f.json', '/x'), /ends with a space/);
    assert.throws(() => compileUserPattern('\\s+invades', 'f.json', '/x'), /starts with a space/);
    assert.doesNotThrow(() => compileUserPattern('depth of invasion', 'f.json', '/x'));
    // Each refusal says why in its own words: RE2 calls a lookbehind an "invalid named capture", and a syntax error is no lookaround.
    assert.throws(() => compileUserPattern('(?<!non-)ulcerated', 'f.json', '/x'), (e: unknown) => e instanceof KnowledgeError && /uses a lookaround/.test(e.message) && !/named capture/.test(e.message));
    assert.throws(() => compileUserPattern('tils?(', 'f.json', '/x'), (e: unknown) => e instanceof KnowledgeError && /missing closing \)/.test(e.message) && !/lookaround/.test(e.message));
    const rb = new RuleBase();
    assert.throws(() => rb.addUserFile({ hints: [{ code: 'hint-x', reportType: 'pathology', when: { mention: ['(?=x)y'] }, favours: 'favours something', why: 'because of reasons', settle: 'settle it somehow', source: 'institutional rule 9' }] }, 'u.json'), /u\.json: \/hints\/0\/when\/mention\/0/);
    assert.equal(rb.hints.length, new RuleBase().hints.length, 'nothing merged from the rejected file');
  });

  it('a workspace element whose pattern nests repetition matches a long run of its letter in linear time', () => {
    const base = new ChecklistBase();
    const patterns = ['c(a+)+d'];
    base.addUserFile({ elements: { runaway: { label: 'Runaway', patterns, satisfy: 'state it somehow' } } }, 'u.json');
    const hostile = 'c' + 'a'.repeat(50000) + 'x';
    // A backtracking engine would not return from this scan in a lifetime; the linear one finds the real hit after it.
    const hits = base.matcher(base.elements.get('runaway')!.patterns!).scan(hostile + ' caad');
    assert.deepEqual(hits.map((h) => h.span.start), [hostile.length + 1]);
  });
});
