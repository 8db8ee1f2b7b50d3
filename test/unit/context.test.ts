import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyTarget, loadContextLexicon, runContextLines } from '../../server/src/engine/context';
import { KnowledgeError } from '../../server/src/engine/knowledge/validate';

const neg = (s: string, t: string) => classifyTarget(s, t)?.negation;
const time = (s: string, t: string) => classifyTarget(s, t)?.temporality;
const who = (s: string, t: string) => classifyTarget(s, t)?.experiencer;

describe('ConText assertion: negation', () => {
  it('negated: pre- and post-negation, pathology wording', () => {
    assert.equal(neg('No tumor necrosis.', 'tumor necrosis'), 'negated');
    assert.equal(neg('Margins free of tumor.', 'tumor'), 'negated');
    assert.equal(neg('Margins free of tumor.', 'margins'), 'negated');
    assert.equal(neg('IVC not involved.', 'IVC'), 'negated');
    assert.equal(neg('Necrosis: not identified', 'Necrosis'), 'negated');
    assert.equal(neg('There is no evidence of lymphovascular invasion.', 'lymphovascular invasion'), 'negated');
    assert.equal(neg('There is no HMB-45 positivity.', 'HMB-45'), 'negated');
    assert.equal(neg('Lymph nodes: none', 'Lymph nodes'), 'negated');
    assert.equal(neg('Without atypia or necrosis.', 'necrosis'), 'negated');
    // The forward "is not" must not swallow the backward "not identified".
    assert.equal(neg('Tumor necrosis is not identified.', 'Tumor necrosis'), 'negated');
    assert.equal(neg('Mitoses are not identified.', 'Mitoses'), 'negated');
    assert.equal(neg('HMB-45 positivity was not seen.', 'HMB-45'), 'negated');
    // NegEx's pre-negation "rather than": what follows it is ruled out, what precedes it stated.
    assert.equal(neg('The profile supports a primary lung adenocarcinoma rather than metastatic breast carcinoma.', 'metastatic breast carcinoma'), 'negated');
    assert.equal(neg('The profile supports a primary lung adenocarcinoma rather than metastatic breast carcinoma.', 'primary lung adenocarcinoma'), 'affirmed');
    // medspaCy's "inconsistent with".
    assert.equal(neg('The immunoprofile is inconsistent with metastatic breast carcinoma.', 'metastatic breast carcinoma'), 'negated');
  });
  it('affirmed near misses: pseudo-negations, terminations, affirmations, distance', () => {
    assert.equal(neg('No change in the mass.', 'mass'), 'affirmed');
    assert.equal(neg('Not only necrosis but hemorrhage.', 'necrosis'), 'affirmed');
    assert.equal(neg('Tumor necrosis is present; no lymphovascular invasion.', 'necrosis'), 'affirmed');
    assert.equal(neg('Negative for keratin and positive for SMA.', 'SMA'), 'affirmed');
    assert.equal(neg('No atypia is seen, but the tumor shows necrosis.', 'necrosis'), 'affirmed');
    assert.equal(neg('Renal vein involved, IVC not involved.', 'Renal vein'), 'affirmed');
    assert.equal(neg('Lymph nodes: not assessed.', 'Lymph nodes'), 'affirmed');
    assert.equal(neg('Margin status cannot be assessed.', 'Margin status'), 'affirmed');
    assert.equal(neg('Non-necrotic areas show leiomyosarcoma.', 'leiomyosarcoma'), 'affirmed');
    assert.equal(neg('No ink is seen on the specimen and after extensive sampling of the whole lesion the tumor shows necrosis.', 'necrosis'), 'affirmed', 'beyond the forward window');
  });
  it('possible: uncertainty before and after', () => {
    assert.equal(neg('Tumor necrosis cannot be excluded.', 'Tumor necrosis'), 'possible');
    assert.equal(neg('Suspicious for leiomyosarcoma.', 'leiomyosarcoma'), 'possible');
    assert.equal(neg('Findings favour sarcomatoid carcinoma.', 'sarcomatoid carcinoma'), 'possible');
    assert.equal(neg('Leiomyosarcoma versus sarcomatoid carcinoma.', 'Leiomyosarcoma'), 'possible');
    assert.equal(neg('Consistent with leiomyosarcoma.', 'leiomyosarcoma'), 'affirmed', 'definite in pathology usage');
    assert.equal(neg('Right renal mass, ?RCC ?sarcoma.', 'RCC'), 'possible', 'a question mark in clinical shorthand');
    assert.equal(neg('Findings suggestive of metastasis.', 'metastasis'), 'possible');
    assert.equal(neg('Without contrast, the mass is suspicious for renal cell carcinoma.', 'renal cell carcinoma'), 'possible', 'a comma ends a carried negation');
  });
  it('negated through a bridge: an uncertainty phrase inside a negation is negated too', () => {
    assert.equal(neg('No findings suggestive of metastasis.', 'metastasis'), 'negated');
    assert.equal(neg('There is no enhancing soft tissue in the renal vein or inferior vena cava to indicate tumor thrombus.', 'tumor thrombus'), 'negated', 'beyond the 8-word window, carried by "to indicate"');
    assert.equal(neg('No signal drop-out on opposed-phase imaging to suggest microscopic or macroscopic fat.', 'macroscopic fat'), 'negated');
    assert.equal(neg('No lymphadenopathy; findings concerning for metastasis in the liver.', 'metastasis'), 'possible', 'a semicolon ends the negation before the bridge');
  });
});

describe('ConText assertion: a negating prefix joined to the finding', () => {
  it('"non-ulcerated", "non-invasive": the word it is joined to is negated, in a sentence with no trigger', () => {
    assert.equal(neg('Non-ulcerated nodular melanoma, Breslow thickness 1.2 mm.', 'ulcerated'), 'negated');
    assert.equal(neg('The tumour is non-ulcerated.', 'ulcerated'), 'negated');
    assert.equal(neg('Non-invasive papillary urothelial carcinoma.', 'invasive'), 'negated');
  });
  it('near misses: a longer finding after the prefix, another word ending in non, the finding elsewhere in the sentence', () => {
    assert.equal(neg('Non-sentinel lymph nodes: 0/6.', 'sentinel lymph nodes'), 'affirmed');
    assert.equal(neg('Canon-ulcerated is no word, but the rule must not read it as non-.', 'ulcerated'), 'affirmed');
    assert.equal(neg('Ulceration is present; the non-ulcerated edge is clear.', 'ulceration'), 'affirmed');
  });
});

describe('ConText assertion: temporality and experiencer', () => {
  it('historical and hypothetical', () => {
    assert.equal(time('History of angiomyolipoma of the other kidney.', 'angiomyolipoma'), 'historical');
    assert.equal(time('Status post partial nephrectomy for RCC.', 'partial nephrectomy'), 'historical');
    assert.equal(time('Rule out leiomyosarcoma.', 'leiomyosarcoma'), 'hypothetical');
    assert.equal(time('If the margins are positive, re-excision is advised.', 'margins'), 'hypothetical');
    assert.equal(time('Leiomyosarcoma, FNCLCC grade 3.', 'Leiomyosarcoma'), 'recent');
    assert.equal(time('A 65-year-old woman with a renal mass.', 'renal mass'), 'recent');
  });
  it('other experiencer', () => {
    assert.equal(who('Mother had renal cell carcinoma.', 'renal cell carcinoma'), 'other');
    assert.equal(who('Family history of leiomyosarcoma.', 'leiomyosarcoma'), 'other');
    assert.equal(who('The patient has leiomyosarcoma.', 'leiomyosarcoma'), 'patient');
  });
});

describe('synoptic context: JSON lines', () => {
  it('one output line per input line, CRLF accepted, errors without the text', () => {
    const input = '{"sentence": "No tumor necrosis.", "target": "tumor necrosis"}\r\n\r\n{"sentence": "Secret Patient Name", "target": "absent"}\r\nnot json\r\n{"sentence": 5}\r\n';
    const lines = runContextLines(input).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines[0], { negation: 'negated', temporality: 'recent', experiencer: 'patient' });
    assert.match(lines[1].error, /does not occur/);
    assert.ok(!JSON.stringify(lines).includes('Secret'));
    assert.match(lines[2].error, /line 3: not valid JSON/);
    assert.match(lines[3].error, /must both be strings/);
    assert.equal(runContextLines(''), '');
  });
  it('a broken user lexicon is refused with its file name', () => {
    assert.throws(() => loadContextLexicon({ data: { triggers: [{ category: 'maybe' }] }, file: 'my-lexicon.json' }), (e: unknown) => e instanceof KnowledgeError && /my-lexicon\.json/.test(e.message));
  });
});

describe('ConText trigger pattern', () => {
  it('finds the same triggers as one alternative per phrase, longest first', () => {
    // The compiled pattern groups phrases under a shared word-boundary look-behind for speed;
    // the plain form below is the definition it must agree with.
    const lex = loadContextLexicon();
    const plain = new RegExp(
      [...lex.roles.keys()]
        .sort((a, b) => b.length - a.length)
        .map((p) => `${/^[a-z0-9]/.test(p) ? '(?<![a-z0-9])' : ''}${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}${/[a-z0-9]$/.test(p) ? '(?![a-z0-9])' : ''}`)
        .join('|'),
      'g',
    );
    const all = (re: RegExp, s: string) => [...s.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
    const dir = path.join(__dirname, '..', 'fixtures');
    const texts = fs.readdirSync(dir).filter((f) => /\.(path|rad)$/.test(f)).map((f) => fs.readFileSync(path.join(dir, f), 'utf8').toLowerCase());
    texts.push(...[...lex.roles.keys()].map((p) => `x${p}y ${p}; (${p})?${p}`));
    let found = 0;
    for (const t of texts) {
      assert.deepEqual(all(lex.regex, t), all(plain, t));
      found += all(plain, t).length;
    }
    assert.ok(found > 500);
  });
});
