import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, builtinKnowledge } from '../../server/src/engine/analyze';
import { extractRecord, ExtractedElement, valueText } from '../../server/src/engine/extract/record';

/** The structured record of a draft, from the pure engine (the CLI and the editor's view read the same record). */
const BREAST = fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'breast-synoptic-complete-crlf.path'), 'utf8');

function record(text: string, includeText = false) {
  return extractRecord(analyze(text, { reportType: 'pathology' }), { includeText });
}

function element(text: string, id: string): ExtractedElement {
  const e = record(text).elements.find((x) => x.element === id);
  assert.ok(e, id);
  return e;
}

describe('extract: the structured record of a draft', () => {
  it('gives no elements and a null checklist when no checklist applies', () => {
    const r = record('SURGICAL PATHOLOGY REPORT\r\n\r\nDIAGNOSIS:\r\nBenign skin.\r\n');
    assert.equal(r.checklist, null);
    assert.deepEqual(r.elements, []);
  });

  it('a pending or earlier-specimen result states its element, with that shared answer as its value', () => {
    const pending = BREAST.replace(/Estrogen receptor \(ER\) status: [^\r\n]*/, 'Estrogen receptor (ER) status: Pending');
    const er = element(pending, 'er-status');
    assert.equal(er.status, 'stated');
    assert.equal(er.value && 'answer' in er.value ? er.value.answer : undefined, 'pending');
  });

  it('an element the checklist\'s condition leaves out is not-applicable with no value or evidence; after neoadjuvant therapy it is asked for', () => {
    const te = element(BREAST, 'treatment-effect');
    assert.deepEqual([te.status, te.value, te.evidence], ['not-applicable', null, []]);
    const treated = BREAST.replace('CLINICAL HISTORY:\r\n', 'CLINICAL HISTORY:\r\nNeoadjuvant chemotherapy. ');
    assert.equal(element(treated, 'treatment-effect').status, 'missing');
    const said = element(treated.replace('Pathologic stage', 'Treatment effect: Not applicable\r\nPathologic stage'), 'treatment-effect');
    assert.equal(said.status, 'not-applicable', 'the draft says it does not apply');
    assert.equal(said.evidence.length, 1);
  });

  it('a missing element has no value, assertion or evidence', () => {
    const without = BREAST.replace(/Lymphovascular invasion: Not identified\r\n/, '');
    const lvi = element(without, 'lymphovascular-invasion');
    assert.deepEqual([lvi.status, lvi.value, lvi.assertion, lvi.evidence], ['missing', null, null, []]);
    assert.equal(lvi.code, 'missing-lymphovascular-invasion');
  });

  it('completes a value from the element\'s other statements: two lines give one count', () => {
    const nodes = element(BREAST, 'regional-lymph-nodes');
    assert.deepEqual(nodes.value, { kind: 'count', counts: { involved: 0, examined: 2 } });
    assert.equal(nodes.evidence.length, 2, 'both lines are its evidence');
    assert.deepEqual(
      nodes.evidence.map((e) => BREAST.slice(e.start, e.end)),
      ['Number of lymph nodes involved: 0', 'Number of lymph nodes examined: 2'],
    );
  });

  it('evidence text only when asked for; ranges count lines from 0 through CRLF', () => {
    const plain = record(BREAST).elements.find((e) => e.element === 'her2-status')!;
    assert.equal(plain.evidence[0].text, undefined);
    const withText = record(BREAST, true).elements.find((e) => e.element === 'her2-status')!;
    assert.equal(withText.evidence[0].text, 'HER2 (by immunohistochemistry): Negative (score 1+');
    const line = BREAST.split('\r\n').findIndex((l) => l.startsWith('HER2'));
    assert.deepEqual(withText.evidence[0].range.start, { line, character: 0 });
  });

  it('gives no value, rather than a wrong one, for an element whose value the data does not read yet (extract-values.json)', () => {
    // The mitotic count per 10 high-power fields is not read: the element is stated, its value null.
    const lms = fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'lms-resection-complete-prose.path'), 'utf8');
    const mitoses = element(lms, 'mitotic-count');
    assert.deepEqual([mitoses.status, mitoses.value], ['stated', null]);
    assert.equal(mitoses.evidence.length, 1);
  });

  it('reads "confined to the kidney" and "No macroscopic fat" as not identified', () => {
    const rcc = fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'rcc-resection-complete.path'), 'utf8');
    const ext = element(rcc, 'extrarenal-extension');
    assert.equal(ext.status, 'stated');
    assert.equal(ext.value && 'answer' in ext.value ? ext.value.answer : undefined, 'not-identified');
    const rad = extractRecord(analyze(fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'rad-renal-mass-complete.rad'), 'utf8'), { reportType: 'radiology' }));
    const fat = rad.elements.find((e) => e.element === 'macroscopic-fat')!;
    assert.deepEqual([fat.status, fat.value && 'answer' in fat.value ? fat.value.answer : undefined], ['stated', 'not-identified']);
    assert.equal(rad.elements.find((e) => e.element === 'lymph-nodes')!.value?.kind, 'enumeration');
  });

  it('a count reported per lettered part is their sum, as staging reads it; a total line is not added to its parts', () => {
    const parts = [
      'SURGICAL PATHOLOGY REPORT',
      '',
      'DIAGNOSIS:',
      'A. Prostate and seminal vesicles, radical prostatectomy: acinar adenocarcinoma, Gleason score 3+4=7 (Grade Group 2). Margins negative.',
      'B. Lymph nodes, left pelvic, dissection: four lymph nodes, negative for carcinoma (0/4).',
      'C. Lymph nodes, right pelvic, dissection: metastatic carcinoma in one of six lymph nodes (1/6).',
      '',
    ].join('\n');
    const nodes = element(parts, 'regional-lymph-nodes');
    assert.deepEqual(nodes.value, { kind: 'count', counts: { involved: 1, examined: 10 } });
    assert.deepEqual(nodes.evidence.map((e) => parts.slice(e.start, e.end)), ['0/4', 'one of six']);
    // The same parts with a total line: 1/10 once, not 2/20.
    const total = element(`${parts}SYNOPTIC REPORT:\nRegional lymph nodes: 1/10\n`, 'regional-lymph-nodes');
    assert.deepEqual(total.value, { kind: 'count', counts: { involved: 1, examined: 10 } });
    // One part restated in another section is one part: 0/4 and 1/6 again in the microscopic description add nothing.
    const restated = element(parts.replace('DIAGNOSIS:', 'MICROSCOPIC DESCRIPTION:\nB. Four lymph nodes (0/4).\nC. One of six lymph nodes involved (1/6).\n\nDIAGNOSIS:'), 'regional-lymph-nodes');
    assert.deepEqual(restated.value, { kind: 'count', counts: { involved: 1, examined: 10 } });
    // A part's count on the indented line under its label is that part's (the extract probe's m10); an unindented
    // total line after the parts is no part's, so it is not added to the last one.
    const indented = ['SURGICAL PATHOLOGY REPORT', '', 'DIAGNOSIS:', 'A. Lymph nodes, right pelvic, excision:', '   Four lymph nodes, no metastatic carcinoma (0/4).', 'B. Lymph nodes, left pelvic, excision:', '   Metastatic carcinoma in one of five lymph nodes (1/5).', 'C. Prostate, radical prostatectomy: acinar adenocarcinoma, Gleason score 4+4=8, Grade Group 4.', ''].join('\n');
    assert.deepEqual(element(indented, 'regional-lymph-nodes').value, { kind: 'count', counts: { involved: 1, examined: 9 } });
    assert.deepEqual(element(`${indented}Regional lymph nodes: 1/9\n`, 'regional-lymph-nodes').value, { kind: 'count', counts: { involved: 1, examined: 9 } });
    // Groups of one statement after semicolons add up (custom-protocol probe 2, D11); a breakdown in brackets does not.
    const breast = (nodes: string) => element(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma, 1.5 cm.\n${nodes}\npT1c pN1a\n`, 'regional-lymph-nodes').value;
    assert.deepEqual(breast('Lymph nodes: sentinel 1/2; axillary dissection 3/11.'), { kind: 'count', counts: { involved: 4, examined: 13 } });
    assert.deepEqual(breast('Lymph nodes: 4/13 (sentinel 1/2; axillary dissection 3/11).'), { kind: 'count', counts: { involved: 4, examined: 13 } });
  });

  it('"at least 3 cm" is a lower bound, in the record and for size-conflict (the extract probe\'s m18)', () => {
    const draft = (size: string) => `SURGICAL PATHOLOGY REPORT\n\nGROSS DESCRIPTION:\nA fragmented firm tumour, 4.5 cm in aggregate.\n\nDIAGNOSIS:\nLeft breast, wide local excision: invasive ductal carcinoma, Nottingham grade 2.\n${size}\n`;
    for (const line of ['The tumour measures at least 3 cm (fragmented).', 'Tumour size: at least 3 cm']) {
      assert.deepEqual(element(draft(line), 'tumor-size').value, { kind: 'measurement', value: 3, unit: 'cm', atLeast: true }, line);
      assert.ok(!analyze(draft(line), { reportType: 'pathology' }).diagnostics.some((d) => d.code === 'size-conflict'), `${line}: at least 3 cm agrees with 4.5 cm`);
    }
    // Near miss: an exact 3 cm beside the gross 4.5 cm still conflicts.
    assert.ok(analyze(draft('The tumour measures 3 cm.'), { reportType: 'pathology' }).diagnostics.some((d) => d.code === 'size-conflict'));
  });

  it('a count\'s answer is an id of its data: "none submitted" is none-submitted, and no answer from elsewhere contradicts its figures (the extract probe\'s m20)', () => {
    const lung = (nodes: string) => `SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nRight lung, middle lobe, wedge resection: invasive adenocarcinoma, 1.9 cm.\n${nodes}\npT1a pNX.\n`;
    const none = element(lung('Lymph nodes: none submitted.'), 'regional-lymph-nodes');
    assert.deepEqual(none.value, { kind: 'count', answer: 'none-submitted', counts: {} });
    const def = builtinKnowledge().checklists.elements.get('regional-lymph-nodes')!;
    assert.ok(def.answers?.some((a) => a.id === 'none-submitted'), 'the id is in the element\'s data');
    // "Without lymph node architecture" is a deposit's description, not "no nodes": the figures stand alone.
    const deposits = element(lung('Two tumour deposits without lymph node architecture. Sixteen lymph nodes, all negative for carcinoma.'), 'regional-lymph-nodes');
    assert.deepEqual(deposits.value, { kind: 'count', counts: { examined: 16, involved: 0 } });
  });

  it('grades the extract probe found: the template\'s own component line, a sum after "score", a grade that does not apply', () => {
    const breast = (lines: string) => `SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma, 1.8 cm.\n${lines}\n`;
    // The breast template writes "Glandular (acinar)/tubular differentiation" (m13).
    const template = element(breast('Histologic grade (Nottingham): Grade 2\nGlandular (acinar)/tubular differentiation: 3\nNuclear pleomorphism: 2\nMitotic rate: 1'), 'grade-nottingham');
    assert.deepEqual(template.value, { kind: 'grade', answer: '2', system: 'Nottingham', components: { tubules: 3, nuclei: 2, mitoses: 1 } });
    // "Nottingham grade 3 (score 3+3+3=9)" (m15): the sum's components and total.
    const sum = element(breast('Nottingham grade 3 (score 3+3+3=9).'), 'grade-nottingham');
    assert.deepEqual(sum.value, { kind: 'grade', answer: '3', system: 'Nottingham', components: { tubules: 3, nuclei: 3, mitoses: 3 }, total: 9 });
    // WHO/ISUP grading does not apply to a chromophobe carcinoma (m17): not applicable, not "cannot be assessed".
    const chromophobe = element('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft kidney, partial nephrectomy: chromophobe renal cell carcinoma, 4.6 cm.\nWHO/ISUP grade: not applicable (chromophobe).\n', 'grade-who-isup');
    assert.equal(chromophobe.status, 'not-applicable');
  });

  it('an addendum revises the record, and one lost MMR protein makes the status deficient (the extract probe\'s m06 and m02)', () => {
    const her2 = element('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma, 2.1 cm, Nottingham grade 2.\nHER2: pending, to be reported in an addendum. pT2 pN0.\n\nADDENDUM:\nHER2 immunohistochemistry: score 3+, positive.\n', 'her2-status');
    assert.deepEqual(her2.value, { kind: 'marker', answer: 'positive', score: '3+' });
    const colon = (mmr: string) => element(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nSigmoid colon, sigmoidectomy: adenocarcinoma, low grade, 4.0 cm.\n${mmr}\nLymph nodes: 0/12. pT3 pN0.\n`, 'mmr-status').value;
    assert.deepEqual(colon('MMR status: MLH1 retained, PMS2 retained, MSH2 retained, MSH6 lost.'), { kind: 'enumeration', answer: 'deficient', label: 'Loss (deficient)' });
    assert.deepEqual(colon('MMR status: MLH1, PMS2, MSH2 and MSH6 retained.'), { kind: 'enumeration', answer: 'intact', label: 'Intact (proficient)' });
  });

  it('the colorectal extension is the deepest layer its clause reaches, not the first it names (the extract probe\'s m01)', () => {
    const colon = (line: string) => (element(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nSigmoid colon, sigmoidectomy: adenocarcinoma, low grade, 4.0 cm.\n${line}\nLymph nodes: 0/12. pT3 pN0.\n`, 'colorectal-tumor-extension').value as { answer?: string }).answer;
    assert.equal(colon('Tumour invades through the muscularis propria into pericolic fat.'), 'pericolorectal');
    assert.equal(colon('Tumour invades through the muscularis propria and penetrates the serosa (visceral peritoneum).'), 'visceral-peritoneum');
    // Near miss: past a comma, "within 9 mm of the peritoneal surface, which is not breached" reaches no peritoneum.
    assert.equal(colon('Tumour extends through the muscularis propria into the pericolic fat, reaching to within 9 mm of the peritoneal surface, which is not breached.'), 'pericolorectal');
    // Through the muscularis propria is beyond it, into pericolorectal tissue (AJCC pT3), though the tissue is not named (probe 2, D4).
    assert.equal(colon('Tumor invades through the muscularis propria.'), 'pericolorectal');
    assert.equal(colon('Tumour invades into, but not through, the muscularis propria.'), 'muscularis-propria');
  });

  it('"invasive carcinoma with mixed ductal and lobular features" is the mixed type, not "invasive carcinoma" (the extract probe\'s m04)', () => {
    const type = (dx: string) => (element(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: ${dx}, 2.1 cm.\nNottingham grade 2. pT2 pN0.\n`, 'breast-histologic-type').value as { answer?: string }).answer;
    assert.equal(type('invasive carcinoma with mixed ductal and lobular features'), 'mixed');
    assert.equal(type('invasive carcinoma, no special type'), 'nst');
    assert.equal(type('invasive ductal carcinoma'), 'nst');
  });

  it('an equivocal HER2 result settled later in its statement is the settled one (the extract probe\'s m03)', () => {
    const her2 = (line: string) => element(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma, 2.1 cm, Nottingham grade 2.\n${line}\npT2 pN0.\n`, 'her2-status').value;
    assert.deepEqual(her2('HER2: 2+ (equivocal) by IHC; FISH amplified, ratio 2.6, 6.2 copies per cell. HER2 positive.'), { kind: 'marker', answer: 'positive', score: '2+', ish: { amplified: true, ratio: 2.6, copies: 6.2 } });
    // Near miss: still equivocal while the ISH is pending.
    assert.equal((her2('HER2: 2+ (equivocal) by IHC; FISH pending.') as { answer?: string }).answer, 'equivocal');
  });

  it('says each kind of value in words', () => {
    assert.equal(valueText(null), '');
    assert.equal(valueText({ kind: 'measurement', value: 3, unit: 'cm', atLeast: true }), '>= 3 cm');
    assert.equal(valueText({ kind: 'percentage', min: 1, max: 10 }), '1-10%');
    assert.equal(valueText({ kind: 'marker', answer: 'negative', ish: { amplified: false, ratio: 1.3, copies: 2.4 } }), 'negative; ISH not amplified, ratio 1.3, copies 2.4');
    assert.equal(valueText({ kind: 'grade', answer: '3', components: { tubules: 3 }, total: 8, invalid: undefined }), '3; tubules 3; total 8');
    assert.equal(valueText({ kind: 'stage', stated: { t: 'ypT2', n: 'pN1mi', m: 'cM0' }, derived: null }), 'ypT2 pN1mi cM0');
    assert.equal(valueText({ kind: 'enumeration', answer: 'not-involved', vessel: 'ivc' }), 'not-involved; ivc');
  });
});
