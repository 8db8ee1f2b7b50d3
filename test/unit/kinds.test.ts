import * as assert from 'node:assert/strict';
import { analyze, builtinKnowledge } from '../../server/src/engine/analyze';
import { ChecklistBase } from '../../server/src/engine/knowledge/checklists';
import { ElementValue } from '../../server/src/engine/kinds/types';

/**
 * The generic readers, one per element kind, through the real engine and the
 * built-in protocol data: each case is a draft line as pathologists write it.
 */
const BREAST = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma.\n';
const COLON = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nSigmoid colon, sigmoidectomy: adenocarcinoma.\n';
const PROSTATE = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nProstate, radical prostatectomy: acinar adenocarcinoma.\n';
const LUNG = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLung, right upper lobe, lobectomy: invasive adenocarcinoma.\n';

function read(head: string, body: string, element: string) {
  const a = analyze(`${head}${body}\n`, { reportType: 'pathology' });
  assert.ok(a.checklist, 'a checklist applies');
  const item = a.checklist.items.find((i) => i.item.element === element);
  const values: ElementValue[] = item?.values ?? a.checklist.read(element);
  return { stated: item?.stated, values, codes: a.diagnostics.map((d) => d.code), analysis: a };
}

describe('kinds: enumeration', () => {
  it('a present/absent element is answered by a field, by a negated anchor and by prose', () => {
    assert.equal(read(BREAST, 'Lymphovascular invasion: Not identified', 'lymphovascular-invasion').values[0].answer, 'not-identified');
    assert.equal(read(BREAST, 'No lymphovascular invasion is seen.', 'lymphovascular-invasion').values[0].answer, 'not-identified');
    assert.equal(read(BREAST, 'Focal lymphovascular invasion is present.', 'lymphovascular-invasion').values[0].answer, 'present');
    assert.equal(read(BREAST, 'Lymphovascular invasion: cannot be determined', 'lymphovascular-invasion').values[0].answer, 'cannot-assess');
  });
  it('an anchor with nothing said of it states nothing, and a filled field states its element in any words', () => {
    assert.equal(read(COLON, 'Tumor deposits: two in the mesentery', 'tumor-deposits').stated, true);
    assert.equal(read(COLON, 'Tumor deposits: __', 'tumor-deposits').stated, false);
  });
  it('a field that only points elsewhere ("see comment") or says it is not given states nothing itself: where it points may (blind probe, stated elements)', () => {
    assert.equal(read(COLON, 'Tumor deposits: see comment.\n\nCOMMENT:\nNo tumour deposits are identified.', 'tumor-deposits').stated, true);
    for (const value of ['see comment.', 'See below', 'not stated', '.']) {
      assert.equal(read(COLON, `Tumor deposits: ${value}\n\nCOMMENT:\nDiscussed with the surgeon.`, 'tumor-deposits').stated, false, value);
    }
    // "ER: see comment. PR: positive (50%)." on one line: ER does not take PR's result; a list does ("ER and PR: positive").
    assert.equal(read(BREAST, 'ER: see comment. PR: positive (50%).', 'er-status').stated, false);
    assert.equal(read(BREAST, 'ER and PR: positive (50%).', 'er-status').values[0]?.answer, 'positive');
  });
  it('answers anywhere: the histologic type and the procedure, but not when negated', () => {
    assert.equal(read(BREAST, '', 'breast-histologic-type').values[0].answer, 'nst');
    assert.equal(read(BREAST, '', 'breast-procedure').values[0].answer, 'partial-mastectomy');
    const r = read('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, total mastectomy: invasive lobular carcinoma. Not a lumpectomy.\n', '', 'breast-procedure');
    assert.deepEqual(r.values.filter((v) => v.assertion.negation !== 'negated').map((v) => v.answer), ['total-mastectomy']);
  });
});

const KIDNEY = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nKidney, radical nephrectomy: clear cell renal cell carcinoma.\n';

describe('kinds: the kidney elements the extractors once read (laterality, size, renal vein and IVC)', () => {
  it('laterality: a side next to an organ word, or in its field; not a side in other words', () => {
    assert.equal(read(KIDNEY, 'The left kidney weighs 250 g.', 'laterality').values[0].answer, 'left');
    assert.equal(read(KIDNEY, 'Kidney, right, with a mass.', 'laterality').values[0].answer, 'right');
    assert.equal(read(KIDNEY, 'Laterality: Left', 'laterality').values[0].answer, 'left');
    assert.equal(read(KIDNEY, 'A drain was left in place.', 'laterality').stated, false);
    // A laterality field in words of its own is not a side.
    assert.equal(read(KIDNEY, 'Laterality: see requisition', 'laterality').stated, false);
  });
  it('tumour size: the subject measured, the greatest dimension; not the specimen, a distance or a piece of it', () => {
    const r = read(KIDNEY, 'The tumour measures 4.5 x 3.2 x 3.0 cm.', 'tumor-size');
    assert.equal(r.stated, true);
    assert.equal(r.analysis.checklist!.read('tumor-size').find((v) => v.number !== undefined)?.number, 4.5);
    assert.equal(read(KIDNEY, 'A 45 mm mass in the upper pole.', 'tumor-size').analysis.checklist!.read('tumor-size')[0].number, 4.5);
    assert.equal(read(KIDNEY, 'The specimen measures 25 x 15 x 10 cm.', 'tumor-size').stated, false);
    assert.equal(read(KIDNEY, 'The tumour is 2 mm from the renal vein margin.', 'tumor-size').stated, false);
    assert.equal(read(KIDNEY, 'Tumor size: cannot be assessed (fragmented).', 'tumor-size').stated, true);
  });
  it('venous extension: the IVC stated, or a free renal vein; an involved renal vein leaves the IVC to state', () => {
    assert.equal(read(KIDNEY, 'Tumour thrombus extends into the IVC.', 'venous-extension').stated, true);
    assert.equal(read(KIDNEY, 'The renal vein is patent.', 'venous-extension').stated, true);
    const involved = read(KIDNEY, 'Tumour thrombus is present in the renal vein.', 'venous-extension');
    assert.equal(involved.stated, false);
    assert.match(involved.analysis.diagnostics.find((d) => d.code === 'missing-ivc-extension')!.message, /inferior vena cava/);
    assert.equal(read(KIDNEY, 'Tumour thrombus is present in the renal vein; the IVC is free of tumour.', 'venous-extension').stated, true);
    // "renal vein margin" is a margin, not the vein.
    assert.equal(read(KIDNEY, 'Renal vein margin: negative.', 'venous-extension').stated, false);
    const v = read(KIDNEY, 'Renal vein: no tumour thrombus; IVC not involved.', 'venous-extension').values;
    assert.deepEqual(v.map((x) => [x.anchor, x.answer]), [['renal-vein', 'not-involved'], ['venous', 'not-involved'], ['ivc', 'not-involved']]);
  });
});

describe('kinds: present / not identified values the structured output gives', () => {
  const RAD = 'CT ABDOMEN\n\nFINDINGS:\nThere is a 4 cm enhancing solid mass in the right kidney.\n';
  const value = (head: string, line: string, element: string, type: 'pathology' | 'radiology') => {
    const a = analyze(`${head}${line}\n`, { reportType: type });
    return a.checklist!.read(element).map((v) => v.answer);
  };
  it('"no macroscopic fat", "without fat": not identified; "contains macroscopic fat": present', () => {
    assert.deepEqual(value(RAD, 'No macroscopic fat.', 'macroscopic-fat', 'radiology'), ['not-identified']);
    assert.deepEqual(value(RAD, 'The mass is without fat.', 'macroscopic-fat', 'radiology'), ['not-identified']);
    assert.deepEqual(value(RAD, 'Contains macroscopic fat.', 'macroscopic-fat', 'radiology'), ['present']);
  });
  it('"confined to the kidney": no extrarenal extension; "invades perinephric fat": present', () => {
    assert.deepEqual(value(KIDNEY, 'The tumour is confined to the kidney.', 'extrarenal-extension', 'pathology'), ['not-identified']);
    assert.deepEqual(value(KIDNEY, 'Tumour invades perinephric fat.', 'extrarenal-extension', 'pathology'), ['present']);
    assert.deepEqual(value(KIDNEY, 'No perinephric fat invasion.', 'extrarenal-extension', 'pathology'), ['not-identified']);
  });
});

describe('kinds: measurement and percentage', () => {
  it('reads a percentage with its qualifier', () => {
    const q = read(PROSTATE, 'Tumor quantity: approximately 15% of the prostate', 'tumor-quantity').values[0];
    assert.deepEqual([q.percentMin, q.percentMax], [15, 15]);
    const lt = read(PROSTATE, 'Tumor quantity: < 5% of prostate', 'tumor-quantity').values[0];
    assert.ok(lt.percentMax! < 5 && lt.percentMin === 0);
  });
});

describe('kinds: count', () => {
  const counts = (body: string) => read(BREAST, body, 'regional-lymph-nodes').values.map((v) => v.counts ?? v.answer);
  it('reads fractions, number words, keys and none submitted', () => {
    assert.deepEqual(counts('Metastatic carcinoma in 2 of 18 lymph nodes.'), [{ involved: 2, examined: 18 }]);
    assert.deepEqual(counts('Two of eighteen lymph nodes are involved.'), [{ involved: 2, examined: 18 }]);
    assert.deepEqual(counts('Lymph nodes: 0/12'), [{ involved: 0, examined: 12 }]);
    assert.deepEqual(counts('Twelve lymph nodes, all negative for carcinoma.'), [{ examined: 12, involved: 0 }]);
    assert.deepEqual(Object.assign({}, ...counts('Number of lymph nodes examined: 18.\nNumber of lymph nodes involved: 3.').map((c) => c as object)), { examined: 18, involved: 3 });
    assert.deepEqual(counts('No lymph nodes were submitted.'), ['none-submitted']);
  });
  it('a statement that goes on past a semicolon, and groups before their total (blind workspace probe 3, d1 and d2)', () => {
    assert.deepEqual(counts('Twenty-two lymph nodes are examined; one contains metastatic carcinoma (1/22).'), [{ examined: 22, involved: 1 }]);
    // Near miss: a fraction out of another number past the semicolon is not this statement's.
    assert.deepEqual(counts('Twenty-two lymph nodes are examined; tumour deposits 1/3.'), [{ examined: 22 }]);
    assert.deepEqual(counts('Lymph nodes (right 1/9, left 2/8): metastatic carcinoma (3/17).'), [{ involved: 3, examined: 17 }]);
    assert.deepEqual(counts('Lymph nodes: no metastatic carcinoma (0/17; right 0/9, left 0/8).'), [{ involved: 0, examined: 17 }]);
    // Groups with no total still add up after semicolons, and a breakdown after a total is not added to it.
    assert.deepEqual(counts('Lymph nodes: sentinel 1/2; axillary dissection 3/11.'), [{ involved: 4, examined: 13 }]);
    assert.deepEqual(counts('Lymph nodes: 1/12 (sentinel 1/2).'), [{ involved: 1, examined: 12 }]);
  });
  it('node-count-conflict: more involved than examined, in one place or two; silent when they agree', () => {
    assert.ok(read(BREAST, 'Lymph nodes: 3/2', 'regional-lymph-nodes').codes.includes('node-count-conflict'));
    assert.ok(read(BREAST, 'Number of lymph nodes examined: 6\nNumber of lymph nodes involved: 8', 'regional-lymph-nodes').codes.includes('node-count-conflict'));
    assert.ok(!read(BREAST, 'Number of lymph nodes examined: 12\nNumber of lymph nodes involved: 0', 'regional-lymph-nodes').codes.includes('node-count-conflict'));
  });
});

describe('kinds: marker', () => {
  it('reads result, percent, intensity and score; lists share the result they end with', () => {
    const er = read(BREAST, 'ER: positive (95%, strong)', 'er-status').values[0];
    assert.deepEqual([er.answer, er.percentMax, er.intensity], ['positive', 95, 'strong']);
    assert.equal(read(BREAST, 'ER/PR: negative', 'pr-status').values[0].answer, 'negative');
    assert.equal(read(BREAST, 'HER2: equivocal (2+)', 'her2-status').values[0].score, '2+');
    assert.equal(read(COLON, 'MLH1, PMS2, MSH2 and MSH6: intact', 'msh2').values[0].answer, 'intact');
    assert.equal(read(COLON, 'Loss of nuclear staining for MLH1 and PMS2; MSH2 and MSH6 retained.', 'pms2').values[0].answer, 'loss');
    assert.equal(read(COLON, 'Loss of nuclear staining for MLH1 and PMS2; MSH2 and MSH6 retained.', 'msh6').values[0].answer, 'intact');
  });
  it('pending and earlier-specimen results state the marker', () => {
    assert.equal(read(BREAST, 'ER: pending', 'er-status').values[0].answer, 'pending');
    assert.equal(read(BREAST, 'ER, PR and HER2 were reported on the prior core biopsy (S26-1234).', 'her2-status').stated, true);
  });
  it('receptor-percent-mismatch: negative with 1 % or more, positive below 1 %; low positive 5 % is fine', () => {
    assert.ok(read(BREAST, 'PR: negative (20%)', 'pr-status').codes.includes('receptor-percent-mismatch'));
    assert.ok(read(BREAST, 'ER: positive (<1%)', 'er-status').codes.includes('receptor-percent-mismatch'));
    assert.ok(!read(BREAST, 'ER: low positive (5%)', 'er-status').codes.includes('receptor-percent-mismatch'));
    assert.ok(!read(BREAST, 'ER: negative (0%)', 'er-status').codes.includes('receptor-percent-mismatch'));
    // A field written with a dash ("ER - Positive") is no negative sign (blind layout probe, min-01); "ER -" alone still is.
    for (const line of ['ER - Positive (95%, strong)', 'ER \u2013 Positive (95%)']) {
      const r = read(BREAST, line, 'er-status');
      assert.ok(!r.codes.includes('receptor-percent-mismatch'), line);
      assert.equal(r.values[0].answer, 'positive', line);
    }
    assert.equal(read(BREAST, 'ER -, PR -', 'er-status').values[0].answer, 'negative');
  });
  it('her2-result-mismatch: a score or ISH figures that disagree; silent when they agree', () => {
    assert.ok(read(BREAST, 'HER2 (IHC): negative, score 3+', 'her2-status').codes.includes('her2-result-mismatch'));
    assert.ok(read(BREAST, 'HER2 FISH: not amplified (HER2/CEP17 ratio 2.6; average HER2 copy number 6.1 signals per cell)', 'her2-status').codes.includes('her2-result-mismatch'));
    assert.ok(!read(BREAST, 'HER2 FISH: amplified (HER2/CEP17 ratio 2.6; average HER2 copy number 6.1 signals per cell)', 'her2-status').codes.includes('her2-result-mismatch'));
    assert.ok(!read(BREAST, 'HER2: negative (score 1+)', 'her2-status').codes.includes('her2-result-mismatch'));
    // A 2+ result line is decided by the ISH written apart (an addendum's), a 0 or 1+ by its own score (the multi-part probe's d05).
    const her2 = (body: string) => analyze(`${BREAST}${body}\n`, { reportType: 'pathology' }).diagnostics.filter((d) => d.code === 'her2-result-mismatch').length;
    assert.equal(her2('HER2: negative (IHC 2+; FISH pending).\n\nADDENDUM:\nHER2 FISH: amplified (HER2/CEP17 ratio 2.8; 6.1 copies per cell).'), 1);
    assert.equal(her2('HER2: positive (IHC 2+).\nHER2 FISH: not amplified (HER2/CEP17 ratio 1.3; 2.4 copies per cell).'), 1);
    assert.equal(her2('HER2: positive (IHC 2+).\nHER2 FISH: amplified (HER2/CEP17 ratio 2.8; 6.1 copies per cell).'), 0);
    assert.equal(her2('HER2: negative (IHC 1+).\nHER2 FISH: amplified (HER2/CEP17 ratio 2.8; 6.1 copies per cell).'), 0);
  });
});

describe('kinds: grade', () => {
  it('nottingham-score-mismatch from components or a written sum; silent when they agree', () => {
    assert.ok(read(BREAST, 'Nottingham grade 2 (tubules 3, nuclei 3, mitoses 2; total 8)', 'grade-nottingham').codes.includes('nottingham-score-mismatch'));
    assert.ok(read(BREAST, 'Histologic grade: 1. Nottingham score 3+3+2 = 8.', 'grade-nottingham').codes.includes('nottingham-score-mismatch'));
    assert.ok(!read(BREAST, 'Nottingham grade 2 (tubules 3, nuclei 2, mitoses 1; total 6)', 'grade-nottingham').codes.includes('nottingham-score-mismatch'));
    assert.ok(!read(BREAST, 'Nottingham grade 2. Mitoses number 12 per 10 high-power fields.', 'grade-nottingham').codes.includes('nottingham-score-mismatch'));
  });
  it('gleason-grade-group-mismatch: 4+3 is Grade Group 3, not 2; a total of 7 alone cannot decide', () => {
    assert.ok(read(PROSTATE, 'Gleason score 4+3=7, Grade Group 2.', 'grade-gleason').codes.includes('gleason-grade-group-mismatch'));
    assert.ok(!read(PROSTATE, 'Gleason score 3+4=7, Grade Group 2.', 'grade-gleason').codes.includes('gleason-grade-group-mismatch'));
    assert.ok(!read(PROSTATE, 'Gleason score 7, Grade Group 3.', 'grade-gleason').codes.includes('gleason-grade-group-mismatch'));
    assert.ok(read(PROSTATE, 'Primary pattern: 4\nSecondary pattern: 4\nGrade Group: 5', 'grade-gleason').codes.includes('gleason-grade-group-mismatch'));
  });
  it('dictated spellings: E R, HER 2, perineurial, extra prostatic, pT 2, grade group two (blind dictation probe)', () => {
    assert.equal(read(BREAST, 'E R: positive (90%).', 'er-status').stated, true);
    // "E.R." with its full stops: the stop after a lone capital ends no clause (probe 2, D1).
    assert.equal(read(BREAST, 'E.R. positive 95%', 'er-status').values[0]?.answer, 'positive');
    assert.ok(read(BREAST, 'E.R. negative, 20 percent', 'er-status').codes.includes('receptor-percent-mismatch'));
    assert.equal(read(BREAST, 'HER 2: negative (score 1+).', 'her2-status').values[0]?.answer, 'negative');
    assert.equal(read(COLON, 'Perineurial invasion: present.', 'perineural-invasion').stated, true);
    assert.equal(read(PROSTATE, 'Extra prostatic extension: present, focal.', 'extraprostatic-extension').values[0]?.answer, 'present');
    const stage = read(LUNG, 'Pathologic stage: pT 1b pN 0.', 'lung-stage').values[0]?.stage;
    assert.deepEqual([stage?.t?.category, stage?.n?.category], ['T1b', 'N0']);
    // Near miss: "the pT category is assigned by" is no pTis (blind multi-part probe 2, D6).
    assert.equal(read(LUNG, 'The lepidic component is small; the pT category is assigned by the invasive size.', 'lung-stage').stated, false);
    assert.equal(read(LUNG, 'The pT is assigned by the invasive size. pT1b pN0.', 'lung-stage').values.find((v) => v.stage?.t)?.stage?.t?.category, 'T1b');
    assert.equal(read(BREAST, 'Invasive ductal carcinoma, nottingham grade one.', 'grade-nottingham').values[0]?.answer, '1');
    assert.ok(read(PROSTATE, 'Gleason score 4+3=7, grade group two.', 'grade-gleason').codes.includes('gleason-grade-group-mismatch'));
    // Near miss: "two" that is no grade group.
    assert.ok(!read(PROSTATE, 'Gleason score 3+4=7 in two of twelve cores, grade group 2.', 'grade-gleason').codes.includes('gleason-grade-group-mismatch'));
  });
  it('a total written after the components ("mitoses 1; score 6", "mitoses 2 (score 7)") is the total; an Allred score is not', () => {
    const total = (line: string) => read(BREAST, line, 'grade-nottingham').values.find((v) => v.total)?.total?.score;
    assert.equal(total('Nottingham grade 2 (tubules 3, nuclei 2, mitoses 1; score 6).'), 6);
    assert.equal(total('Tubule formation 3, nuclear pleomorphism 2, mitoses 2 (score 7), grade 2.'), 7);
    assert.equal(total('Nottingham grade 2 (tubules 3, nuclei 2, mitoses 1).\nER: positive (Allred score 8).'), undefined);
  });
  it('a grade at the end of its line is not a sum with a "+ " bullet on the next line (blind layout probe, min-02)', () => {
    assert.equal(read(BREAST, '+ Histologic grade: Nottingham grade 2\n+ Laterality: Left', 'grade-nottingham').values[0]?.answer, '2');
    assert.equal(read(COLON, '+ Histologic grade: G2\n\n+ Tumor site: Sigmoid colon', 'grade-colorectal').values[0]?.answer, 'low');
    // Near miss: a sum on its own line is still read as the components.
    assert.ok(read(PROSTATE, 'Gleason score 4 + 3 = 7, Grade Group 2.', 'grade-gleason').codes.includes('gleason-grade-group-mismatch'));
  });
  it('from the second extract probe: a negated "does not extend beyond", the template\'s own vein line, deposits in the mesorectal fat', () => {
    const epe = read(PROSTATE, 'The tumour does not extend beyond the prostate.\npT2 pN0.', 'extraprostatic-extension');
    assert.equal(epe.values[0]?.answer, 'not-identified');
    assert.ok(!epe.codes.includes('stage-mismatch'));
    assert.equal(read(PROSTATE, 'The tumour extends beyond the prostate into periprostatic fat.', 'extraprostatic-extension').values[0]?.answer, 'present');
    // The element's own template line raised ivc-conflict and a stage-mismatch on a right pT3a.
    const vein = read(KIDNEY, 'Renal vein / IVC involvement: Renal vein involved; IVC not involved\npT3a pNX.', 'venous-extension');
    assert.deepEqual(vein.codes.filter((c) => c === 'ivc-conflict' || c === 'stage-mismatch'), []);
    assert.deepEqual(vein.values.map((v) => [v.anchor, v.answer]), [['renal-vein', 'involved'], ['ivc', 'not-involved']]);
    // Near miss: a value naming another anchor only ("No tumour thrombus") leaves the key's vessels to speak.
    assert.equal(read(KIDNEY, 'Renal veins / IVC: Patent. No tumour thrombus.', 'venous-extension').values[0]?.anchor, 'renal-vein');
    // Tumour deposits in the mesorectal fat are no depth of the primary (a false stage-mismatch on a right ypT2).
    const crc = read(COLON, 'Invading into but not through the muscularis propria.\nTwo discrete tumour deposits are present in the mesorectal fat.\nypT2 pN1c.', 'colorectal-tumor-extension');
    assert.ok(!crc.codes.includes('stage-mismatch'), crc.codes.join(', '));
    assert.ok(read(COLON, 'The tumour invades into the mesorectal fat.\npT2 pN0.', 'colorectal-tumor-extension').codes.includes('stage-mismatch'));
  });
  it('a Grade Group restated wrongly in a synoptic field after a right one is checked; two nodules are each their own (blind multi-part probe 2, D4)', () => {
    const codes = (body: string) => read(PROSTATE, body, 'grade-gleason').codes.filter((c) => c === 'gleason-grade-group-mismatch').length;
    assert.equal(codes('Gleason score 4+3=7 (Grade Group 3).\n\nSYNOPTIC REPORT:\nGleason score: 4+3=7\nGrade Group: 2'), 1);
    assert.equal(codes('Gleason score 4+3=7 (Grade Group 3).\n\nSYNOPTIC REPORT:\nGleason score: 4+3=7\nGrade Group: 3'), 0);
    // Near misses: a second nodule with its own scores, in fields or in prose.
    assert.equal(codes('SYNOPTIC REPORT:\nDominant nodule Gleason score: 4+3=7\nGrade Group: 3\nSecondary nodule Gleason score: 3+3=6\nGrade Group: 1'), 0);
    assert.equal(codes('Gleason score 3+4=7, Grade Group 2, in the dominant nodule; a second nodule, Grade Group 1.'), 0);
  });
  it('a grade written without its anchor (colorectal differentiation)', () => {
    assert.equal(read(COLON, 'The tumour is a moderately differentiated adenocarcinoma.', 'grade-colorectal').values[0].answer, 'low');
  });
});

describe('kinds: stage', () => {
  it('keeps prefixes and suffixes', () => {
    const v = read(BREAST, 'Pathologic stage: ypT1c(m) pN0(i+)(sn)', 'breast-stage').values[0];
    assert.equal(v.stage?.t?.text, 'ypT1c(m)');
    assert.equal(v.stage?.n?.text, 'ypN0(i+)(sn)');
    assert.equal(read(LUNG, 'pT1mi pN0', 'lung-stage').values[0].stage?.t?.category, 'T1mi');
    // Other chapters' own categories (pTa of urothelial carcinoma, pN0a of the thyroid) are read only where the
    // chapter's stage element lists them (staging.test.ts, a workspace protocol): the breast's lists neither.
    assert.equal(read(BREAST, 'pTa pN0', 'breast-stage').values[0].stage?.t, undefined);
    assert.equal(read(BREAST, 'pT1b pN0a', 'breast-stage').values[0].stage?.n, undefined);
    // A pN read after its pT is not read again alone.
    assert.equal(read(BREAST, 'Pathologic stage: pT2 pN0', 'breast-stage').values.filter((v) => v.stage?.n).length, 1);
    // Near miss: "pNa" is no category.
    assert.equal(read(BREAST, 'pT1b pNa', 'breast-stage').values[0].stage?.n, undefined);
    const joined = read(COLON, 'Stage: pT3N1bM0', 'colorectal-stage').values[0].stage!;
    assert.deepEqual([joined.t?.category, joined.n?.category, joined.m?.category], ['T3', 'N1b', 'M0']);
    // A note in brackets is not a suffix; the number of tumours is.
    assert.equal(read(BREAST, 'Pathologic stage: pT1a pNX (AJCC 8th)', 'breast-stage').values[0].stage?.n?.text, 'pNX');
    assert.equal(read(BREAST, 'pT1b(2) pN1mi (sn)', 'breast-stage').values[0].stage?.t?.text, 'pT1b(2)');
  });
  it('a category in a hypothetical clause states no stage and raises no stage-mismatch; one inside a negative finding still does', () => {
    const body = 'The tumour invades the muscularis propria.\nCOMMENT:\nIf it reaches the serosal surface the tumour would be staged as pT4a.';
    const r = read(COLON, body, 'colorectal-stage');
    assert.equal(r.stated, false);
    assert.ok(!r.codes.includes('stage-mismatch'), r.codes.join(', '));
    assert.equal(read(COLON, 'Twelve lymph nodes, negative for carcinoma (pN0). pT2.', 'colorectal-stage').values.find((v) => v.stage?.n)?.stage?.n?.category, 'N0');
  });
  it('a pN alone does not state the stage', () => {
    assert.equal(read(BREAST, 'Nodes: pN0(sn).', 'breast-stage').stated, false);
  });
});

describe('kinds: cases the fixture writers found', () => {
  it('a grade after a comma at the end of the diagnosis ("adenocarcinoma, low grade.") is stated', () => {
    assert.equal(read(COLON.replace('adenocarcinoma.', 'adenocarcinoma, low grade.'), '', 'grade-colorectal').stated, true);
    assert.equal(read(COLON.replace('adenocarcinoma.', 'adenocarcinoma, high grade (medullary features).'), '', 'grade-colorectal').values[0].answer, 'high');
    // A dysplasia grade is not the carcinoma's grade.
    assert.equal(read(COLON, 'Background tubular adenoma with low-grade dysplasia.', 'grade-colorectal').stated, false);
  });
  it('a grade anchor takes no number past its own phrase: "low grade, 4.5 cm" is low grade, not grade 4', () => {
    const grade = (line: string) => read(COLON.replace('adenocarcinoma.', line), '', 'grade-colorectal').values[0]?.answer;
    assert.equal(grade('adenocarcinoma, low grade, 4.5 cm.'), 'low');
    assert.equal(grade('adenocarcinoma, low grade, measuring 4.4 cm.'), 'low');
    assert.equal(grade('adenocarcinoma, moderately differentiated (low grade), 4.0 cm.'), 'low');
    // The value still follows its anchor, a qualifier in brackets between them included.
    assert.equal(grade('adenocarcinoma. Histologic grade (WHO): 3.'), 'high');
    assert.equal(grade('adenocarcinoma. Grade 2.'), 'low');
  });
  it('the length of the specimen just named is not a tumour size, so it neither conflicts nor states the size', () => {
    const gross = '\nGROSS DESCRIPTION:\nSigmoid colon, 24 cm, with an annular ulcerated tumour 8 cm from the distal margin.\n';
    const a = analyze(`${COLON.replace('adenocarcinoma.', 'adenocarcinoma, low grade, 4.5 cm.')}${gross}`, { reportType: 'pathology' });
    assert.ok(!a.diagnostics.some((d) => d.code === 'size-conflict'), a.diagnostics.map((d) => d.message).join('\n'));
    const noSize = analyze(`${COLON}${gross.replace('Sigmoid colon, 24 cm', 'Right upper lobectomy, 16 x 11 x 4 cm').replace('annular ulcerated tumour 8 cm from the distal margin', 'firm subpleural tan mass')}`, { reportType: 'pathology' });
    assert.ok(noSize.diagnostics.some((d) => d.code === 'missing-tumor-size'));
  });
  it('a size after a lung subtype is compared with the gross', () => {
    const draft = `${LUNG.replace('invasive adenocarcinoma.', 'Invasive adenocarcinoma, lepidic predominant, 1.1 cm.')}\nGROSS DESCRIPTION:\nA wedge of lung with a 2.1 cm white nodule.\n`;
    assert.ok(analyze(draft, { reportType: 'pathology' }).diagnostics.some((d) => d.code === 'size-conflict'));
  });
});

describe('kinds: measurement', () => {
  // The built-in protocols take the tumour size from the size extractor; the measurement reader is read through a workspace element here.
  const base = new ChecklistBase();
  base.addUserFile(
    {
      elements: { 'nodule-size': { label: 'Nodule size', kind: 'measurement', unit: 'cm', patterns: ['nodule'], fieldKeys: ['nodule size'], satisfy: 'give the size' } },
      checklists: [{ id: 'nodule', title: 'Nodule', shortTitle: 'Nodule', reportType: 'pathology', appliesWhen: { diagnosis: ['nodule'] }, source: 'test data', items: [{ element: 'nodule-size', code: 'missing-nodule-size', requirement: 'required', source: 'test data' }] }],
    },
    'u.json',
  );
  const knowledge = { ...builtinKnowledge(), checklists: base };
  const read1 = (line: string) => {
    const a = analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${line}\n`, { reportType: 'pathology', knowledge });
    return a.checklist!.read('nodule-size')[0];
  };
  it('converts mm to the element unit, takes the greatest of a dimension list, and keeps "at least"', () => {
    assert.equal(read1('Nodule size: 23 mm').number, 2.3);
    assert.equal(read1('A nodule measuring 1.2 x 3.4 x 0.8 cm.').number, 3.4);
    const v = read1('Nodule size: at least 2.5 cm (fragmented)');
    assert.deepEqual([v.number, v.atLeast], [2.5, true]);
    assert.equal(read1('Nodule size: cannot be determined').answer, 'cannot-assess');
  });
});

describe('kinds: phrasings the colorectal and prostate probe found', () => {
  const P = PROSTATE;
  const C = COLON;
  const cases: [string, string, string, boolean][] = [
    // [draft head, line, element or code, stated / raised]
    [C, 'The tumour invades into pericolic adipose tissue.', 'colorectal-tumor-extension', true],
    [C, 'Tumour directly invades the urinary bladder.', 'colorectal-tumor-extension', true],
    [C, 'Tumour infiltrates into the muscle wall.', 'colorectal-tumor-extension', true],
    [C, 'Deepest invasion: mesocolic fat.', 'colorectal-tumor-extension', true],
    [C.replace('adenocarcinoma.', 'adenocarcinoma of the caecum, G2, 52 x 40 x 12 mm.'), '', 'grade-colorectal', true],
    [C, 'Differentiation: moderate.', 'grade-colorectal', true],
    [C, '17 LN: 0 positive.', 'regional-lymph-nodes', true],
    [C, 'Lymph nodes (total): 22; positive: 0.', 'regional-lymph-nodes', true],
    [C, 'CRM clear (12 mm).', 'margins', true],
    [C, 'Retained expression of all four mismatch repair proteins (MLH1, PMS2, MSH2, MSH6).', 'mmr-status', true],
    [C, 'No loss of mismatch repair protein expression.', 'mmr-status', true],
    [C, 'Microsatellite stable.', 'mmr-status', true],
    [C, 'No EMVI.', 'lymphovascular-invasion', true],
    [C, 'Nerve invasion: none.', 'perineural-invasion', true],
    [C, 'TD: negative.', 'tumor-deposits', true],
    [C, 'Tumour budding: BD1.', 'tumor-budding', true],
    [P, 'Gleason score not assigned because of treatment effect.', 'grade-gleason', true],
    [P, 'GS 3+4=7, GG2.', 'grade-gleason', true],
    [P, 'Tumour is estimated to occupy 25% of the prostate.', 'tumor-quantity', true],
    [P, 'Tumour extends beyond the prostatic capsule into periprostatic fat at the right base.', 'extraprostatic-extension', true],
    [P, 'Tumour does not extend beyond the prostate.', 'extraprostatic-extension', true],
    [P, 'Left SV invaded.', 'seminal-vesicle-invasion', true],
    [P, 'Bilateral seminal vesicles: no tumour seen.', 'seminal-vesicle-invasion', true],
    [P, 'SM+ at right apex, 3 mm.', 'margins', true],
    // The second colorectal probe (tumour extension and procedures).
    [C, 'TUMOUR INVADES INTO BUT NOT THROUGH THE MUSCULARIS PROPRIA.', 'colorectal-tumor-extension', true],
    [C, 'The tumour invades into, but not through, the muscularis propria.', 'colorectal-tumor-extension', true],
    [C, 'The tumour extends 4 mm beyond it into the mesorectum.', 'colorectal-tumor-extension', true],
    [C, 'Extramural depth of spread: 6 mm', 'colorectal-tumor-extension', true],
    [C, 'No residual tumour identified (complete pathologic response).', 'colorectal-tumor-extension', true],
    [C, 'Tumor extension: ___', 'colorectal-tumor-extension', false],
    // A layer named where nothing invades it states no depth (the same probe's d25, d30 and d34).
    [C, 'The overlying serosa is puckered.', 'colorectal-tumor-extension', false],
    [C, 'Numerous diverticula with marked thickening of the muscularis propria.', 'colorectal-tumor-extension', false],
    [C, 'Mesenteric fat dissected for lymph nodes.', 'colorectal-tumor-extension', false],
    [C, 'The carcinoma penetrates the serosa.', 'colorectal-tumor-extension', true],
    [C, 'Pericolic fat involved.', 'colorectal-tumor-extension', true],
    [C, 'Serosal surface: carcinoma present at the surface.', 'colorectal-tumor-extension', true],
    // A layer beside the tumour but not invaded by it, or whose invasion is denied (the multi-part probe's d07, d08).
    [C, 'The serosa over the tumour is smooth.', 'colorectal-tumor-extension', false],
    [C, 'The peritoneal surface over the tumour is puckered but intact.', 'colorectal-tumor-extension', false],
    [C, 'The peritoneal surface is not breached.', 'colorectal-tumor-extension', false],
    [C, 'The carcinoma is confined to the submucosa.', 'colorectal-tumor-extension', true],
    [C, 'Tumour perforates the visceral peritoneum.', 'colorectal-tumor-extension', true],
    [C, 'Differentiation by predominant area: Well/moderate', 'grade-colorectal', true],
    ['SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nIleocaecal resection: adenocarcinoma of the caecum.\n', '', 'colorectal-procedure', true],
    ["SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nRectum, Hartmann's procedure: adenocarcinoma.\n", '', 'colorectal-procedure', true],
    ['SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nColon, segmental resection: adenocarcinoma.\n', '', 'colorectal-procedure', true],
    ['SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nRectum, transanal disk excision: adenocarcinoma.\n', '', 'colorectal-procedure', true],
  ];
  for (const [head, line, element, stated] of cases) {
    it(`${line || head.split('\n')[3]} -> ${element} ${stated ? 'stated' : 'missing'}`, () => {
      assert.equal(read(head, line, element).stated, stated);
    });
  }
  const checks: [string, string, string, boolean][] = [
    [P, 'Gleason score 7 (4+3), ISUP grade group 2.', 'gleason-grade-group-mismatch', true],
    [P, 'Gleason 3+4=7 (GG3).', 'gleason-grade-group-mismatch', true],
    [P, 'Gleason score 3+4=7 (ISUP GG2).', 'gleason-grade-group-mismatch', false],
    [C, 'Two lymph nodes examined, three positive.', 'node-count-conflict', true],
    [C, 'Twelve lymph nodes examined, two positive.', 'node-count-conflict', false],
    // One statement is checked by itself, whatever another part says; so are two field lines that give one each (the multi-part probe's d24).
    [C, 'Station 7 lymph nodes: 2/4.\nStation 11R lymph nodes: 3/2.', 'node-count-conflict', true],
    [C, 'Station 7 lymph nodes: 2/4.\nNumber of lymph nodes examined: 2\nNumber of lymph nodes involved: 3', 'node-count-conflict', true],
    [C, 'Station 7 lymph nodes: 0/2.\nStation 11R lymph nodes: 1/4.\nNumber of lymph nodes examined: 6\nNumber of lymph nodes involved: 1', 'node-count-conflict', false],
    // The length of the bowel just named in the gross is not the tumour's size.
    [C, 'GROSS: Left colon 25 cm with an ulcerated tumour 4.3 cm in greatest dimension. Tumour size: 4.3 cm.', 'size-conflict', false],
  ];
  for (const [head, line, code, raised] of checks) {
    it(`${line} ${raised ? 'raises' : 'does not raise'} ${code}`, () => {
      assert.equal(read(head, line, 'margins').codes.includes(code), raised);
    });
  }
});

describe('kinds: phrasings the breast and lung probe found', () => {
  const stated: [string, string, string][] = [
    [BREAST, 'ER 8/8 Allred. PR 6/8 Allred.', 'er-status'],
    [BREAST, 'ER 8/8 Allred. PR 6/8 Allred.', 'pr-status'],
    [BREAST, 'HER2: 0 by IHC.', 'her2-status'],
    [BREAST, 'ER, PR and HER2 reported on pre-treatment core biopsy S26-100.', 'her2-status'],
    [BREAST, 'HER2: see core S26-100.', 'her2-status'],
    [BREAST, 'Tumour size: cannot be assessed (fragmented).', 'tumor-size'],
    [BREAST, 'Sentinel lymph nodes (2): negative for metastatic carcinoma.', 'regional-lymph-nodes'],
    [BREAST, 'Sentinel node: isolated tumour cells only.', 'regional-lymph-nodes'],
    [LUNG, 'Visceral pleura not involved (elastic stain).', 'visceral-pleural-invasion'],
    [LUNG, 'Pleura: not involved.', 'visceral-pleural-invasion'],
    [LUNG, 'The tumour does not breach the elastic layer of the visceral pleura (PL0).', 'visceral-pleural-invasion'],
    [LUNG, 'Station 7: 0/3; station 10R: 0/1; station 11R: 1/3.', 'regional-lymph-nodes'],
    [PROSTATE, 'Regional lymph nodes: Number examined 8; number involved 0', 'regional-lymph-nodes'],
    [LUNG, 'Spread through alveolar spaces is identified.', 'stas'],
  ];
  for (const [head, line, element] of stated) {
    it(`${line} states ${element}`, () => assert.equal(read(head, line, element).stated, true));
  }
  it('a DCIS nuclear grade is not the Nottingham grade', () => {
    assert.equal(read(BREAST, 'DCIS, high nuclear grade 3.', 'grade-nottingham').stated, false);
  });
  it('"Left upper lobectomy:" over its diagnosis names the procedure and the side, and the organ: the lung checklist, not the kidney one', () => {
    const a = analyze('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft upper lobectomy:\nSarcomatoid carcinoma (of the lung), 5.5 cm.\n', { reportType: 'pathology' });
    assert.equal(a.checklist?.checklist.id, 'lung-resection');
    assert.ok(!a.diagnostics.some((d) => d.code === 'missing-procedure' || d.code === 'missing-laterality'), a.diagnostics.map((d) => d.code).join(','));
  });
  it('a lung primary whose report rules out a metastasis from the breast keeps the lung checklist', () => {
    const a = analyze('SURGICAL PATHOLOGY REPORT\n\nCLINICAL HISTORY:\nHistory of left breast carcinoma.\n\nMICROSCOPIC DESCRIPTION:\nTTF-1 and napsin A positive, GATA3 negative. The profile supports a primary lung adenocarcinoma rather than metastatic breast carcinoma.\n\nDIAGNOSIS:\nUpper lobe, lobectomy:\n- Primary invasive adenocarcinoma of the lung, acinar predominant, IASLC grade 2.\n', { reportType: 'pathology' });
    assert.equal(a.checklist?.checklist.id, 'lung-resection');
    assert.ok(a.diagnostics.some((d) => d.code === 'missing-laterality'));
  });
  it('no IASLC grade is asked of an invasive mucinous adenocarcinoma; a non-mucinous one, or a mucinous one only in the history, is still asked for it', () => {
    const lung = (dx: string, history = 'Lung mass.') => analyze(`SURGICAL PATHOLOGY REPORT\n\nCLINICAL HISTORY:\n${history}\n\nDIAGNOSIS:\nRight lower lobe, lobectomy:\n- ${dx}, 2.1 cm.\n`, { reportType: 'pathology' });
    const grade = (a: ReturnType<typeof analyze>) => a.diagnostics.some((d) => d.code === 'missing-grade');
    assert.equal(lung('Invasive mucinous adenocarcinoma').checklist?.checklist.id, 'lung-resection');
    assert.equal(grade(lung('Invasive mucinous adenocarcinoma')), false);
    assert.equal(grade(lung('Invasive non-mucinous adenocarcinoma, acinar predominant')), true);
    assert.equal(grade(lung('Invasive adenocarcinoma, acinar predominant', 'History of invasive mucinous adenocarcinoma of the left lung.')), true);
    // Nor of a carcinoid, a small cell or a squamous cell carcinoma (blind probe n23).
    assert.equal(lung('Typical carcinoid tumour').checklist?.checklist.id, 'lung-resection');
    assert.equal(grade(lung('Typical carcinoid tumour')), false);
    assert.equal(grade(lung('Squamous cell carcinoma, keratinizing')), false);
  });
  it('a gross tumour bed is not a tumour size: no size-conflict with the viable size in the diagnosis', () => {
    const a = analyze('SURGICAL PATHOLOGY REPORT\n\nGROSS DESCRIPTION:\nLeft lower lobe, lobectomy, with a fibrotic tumour bed 3.0 x 2.6 x 2.2 cm.\n\nDIAGNOSIS:\nLeft lower lobe, lobectomy: squamous cell carcinoma with treatment effect.\nTumor size (viable): 0.3 cm.\n', { reportType: 'pathology' });
    assert.ok(!a.diagnostics.some((d) => d.code === 'size-conflict'), a.diagnostics.map((d) => d.code).join(','));
  });
  it('a result that governs the next marker, not beside its own, is the next one\'s (the multi-part probe\'s d08)', () => {
    const answers = (head: string, line: string, ids: string[]) => {
      const a = analyze(`${head}${line}\n`, { reportType: 'pathology' });
      return ids.map((id) => a.checklist!.read(id).map((v) => v.answer).join(','));
    };
    const MMR = ['mlh1', 'pms2', 'msh2', 'msh6'];
    assert.deepEqual(answers(COLON, 'Immunohistochemistry shows loss of nuclear expression of MSH2 and MSH6 in tumour cells, with retained MLH1 and PMS2.', MMR), ['intact', 'intact', 'loss', 'loss']);
    assert.deepEqual(answers(COLON, 'Loss of MSH2 and MSH6 expression in tumour cells, with retained MLH1 and PMS2.', MMR), ['intact', 'intact', 'loss', 'loss']);
    // Near misses: a result beside its marker stays its own.
    assert.deepEqual(answers(COLON, 'MLH1: loss, PMS2 loss, MSH2 intact, MSH6 intact.', MMR), ['loss', 'loss', 'intact', 'intact']);
    assert.deepEqual(answers(BREAST, 'ER: positive, PR negative, HER2 negative (1+).', ['er-status', 'pr-status', 'her2-status']), ['positive', 'negative', 'negative']);
  });
  it('a measurement before "lymph node" is not a count of nodes ("a 1.4 x 1.0 x 0.6 cm lymph node" is not six)', () => {
    const counts = (line: string) => analyze(`${BREAST}${line}\n`, { reportType: 'pathology' }).checklist!.read('regional-lymph-nodes').map((v) => v.counts);
    assert.deepEqual(counts('A. Received is a 1.4 x 1.0 x 0.6 cm lymph node.'), []);
    assert.deepEqual(counts('B. Fibroadipose tissue, 4.5 x 3.0 x 1.2 cm, with three lymph nodes.'), [{ examined: 3 }]);
    // "Number examined 8; number involved 0" inside a field's value: both parts.
    assert.deepEqual(counts('Regional lymph nodes: Number examined 8; number involved 0'), [{ examined: 8, involved: 0 }]);
  });
  it('shorthand: adenoCA, ccRCC, LAR, RALP, SLN, lobe codes, Lat: L, TB, Tumour dep, Tumour vol (blind shorthand probe)', () => {
    const a = (dx: string) => analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${dx}\n`, { reportType: 'pathology' });
    const stated = (dx: string, el: string) => a(dx).checklist!.items.find((i) => i.item.element === el)?.stated;
    assert.equal(a('Rectum, LAR: adenoCA, low grade, 3.1 cm.').checklist?.checklist.id, 'colorectal-resection');
    assert.equal(a('Prostate, RALP: acinar adenoCA, GS 3+4=7 (GG2).').checklist?.checklist.id, 'prostate-radical-prostatectomy');
    assert.equal(stated('Prostate, RALP: acinar adenoCA, GS 3+4=7 (GG2).', 'prostate-procedure'), true);
    assert.equal(a('RUL, lobectomy: invasive adenoCA, acinar predominant, 2.1 cm.').checklist?.checklist.id, 'lung-resection');
    assert.equal(stated('RUL, lobectomy: invasive adenoCA, acinar predominant, 2.1 cm.', 'laterality'), true);
    assert.equal(a('Left kidney, radical nephrectomy: ccRCC, 4.2 cm.').checklist?.checklist.id, 'kidney-rcc-resection');
    const BR = 'Breast, lumpectomy: IDC NST, Nottingham grade 2, 14 mm.';
    assert.equal(stated(`${BR}\nSLN 0/2.`, 'regional-lymph-nodes'), true);
    // A node procedure not performed states the nodes (none examined), as "none submitted" does (custom-protocol probe, M03).
    assert.equal(stated(`${BR}\nSentinel lymph node biopsy not performed.`, 'regional-lymph-nodes'), true);
    assert.equal(stated(`${BR}\nAxillary lymph node dissection was not done.`, 'regional-lymph-nodes'), true);
    assert.equal(stated(`${BR}\nLat: L`, 'laterality'), true);
    assert.equal(stated(`Spec: R breast, lumpectomy: IDC NST, Nottingham grade 2, 14 mm.`, 'laterality'), true);
    const CO = 'Sigmoid colon, sigmoidectomy: adenocarcinoma, low grade, 3 cm.';
    assert.equal(stated(`${CO}\nTB: low`, 'tumor-budding'), true);
    assert.equal(stated(`${CO}\nTumour dep: absent.`, 'tumor-deposits'), true);
    // "mod diff", "poorly diff." (shorthand probe s08); the CAP tumour regression score is the treatment effect.
    assert.equal(stated('Rectum, LAR: residual adenocarcinoma, mod diff (low grade).', 'grade-colorectal'), true);
    assert.equal(stated('Rectum, LAR: adenocarcinoma, poorly diff., 3.1 cm.', 'grade-colorectal'), true);
    assert.equal(stated('Rectum, LAR: adenocarcinoma, 3.1 cm, after neoadjuvant chemoradiotherapy.\nTumour regression: TRG 2 (CAP), moderate response.', 'treatment-effect'), true);
    assert.equal(stated('Rectum, LAR: adenocarcinoma, 3.1 cm, after neoadjuvant chemoradiotherapy.\nTumour regression score 1 (near-complete response).', 'treatment-effect'), true);
    // "SV: uninvolved" and "Seminal vesicles: not involved" inside a prose line (shorthand probe s14); "SV: involved" is present.
    const PR = 'Prostate, radical prostatectomy: acinar adenocarcinoma, Gleason 3+4=7 (GG2). EPE: none.';
    assert.equal(stated(`${PR} SV: uninvolved. Margins negative.`, 'seminal-vesicle-invasion'), true);
    assert.equal(stated(`${PR} Seminal vesicles: not involved. Margins negative.`, 'seminal-vesicle-invasion'), true);
    const sv = (dx: string) => a(dx).checklist!.read('seminal-vesicle-invasion').find((v) => v.answer !== undefined)?.answer;
    assert.equal(sv(`${PR} SV: uninvolved. Margins negative.`), 'not-identified');
    assert.equal(sv(`${PR} SV: involved by carcinoma. Margins negative.`), 'present');
    // Near miss: the gross "Seminal vesicles: right 2.5 cm, left 2.8 cm" measures them, it does not say they are invaded.
    assert.equal(sv(`${PR} Seminal vesicles: right 2.5 cm, left 2.8 cm.`), undefined);
    // The same on a line of its own is a field that only measures: it states no invasion either.
    assert.equal(stated(`${PR}\nSeminal vesicles: right 2.5 cm, left 2.8 cm.`, 'seminal-vesicle-invasion'), false);
    assert.equal(stated(`${PR}\nSeminal vesicles: uninvolved (right 2.5 cm, left 2.8 cm).`, 'seminal-vesicle-invasion'), true);
    // The grade after the type's own qualifiers (shorthand probe s09); high-grade dysplasia is no grade of the carcinoma.
    assert.equal(stated('CAECUM, RIGHT HEMICOLECTOMY: ADENOCARCINOMA, MUCINOUS (>50% EXTRACELLULAR MUCIN), HIGH GRADE.', 'grade-colorectal'), true);
    assert.equal(stated('Caecum, right hemicolectomy: adenocarcinoma, mucinous, low grade.', 'grade-colorectal'), true);
    assert.equal(stated('Sigmoid colon, sigmoidectomy: invasive adenocarcinoma, with high-grade dysplasia in the adjacent adenoma, 3 cm.', 'grade-colorectal'), false);
    assert.equal(stated('Prostate, radical prostatectomy: acinar adenocarcinoma, Gleason 3+4=7 (GG2).\nTumour vol: ~8%', 'tumor-quantity'), true);
    // A Nottingham grade written G1-G3, beside its sum or alone.
    assert.equal(stated('Breast, lumpectomy: IDC NST, 14 mm.\nNottingham 3+3+2 = 8, G3.', 'grade-nottingham'), true);
    assert.equal(stated('Breast, lumpectomy: IDC NST, 14 mm.\nNottingham G1.', 'grade-nottingham'), true);
    // In a field, the sum comes first and the grade after it (shorthand probe s01); a grade the sum contradicts is a mismatch.
    assert.equal(stated('Breast, lumpectomy: IDC NST, 14 mm.\nGrade: Nottingham 2+2+1=5, G1', 'grade-nottingham'), true);
    assert.equal(stated('Breast, lumpectomy: IDC NST, 14 mm.\nGrade: Nottingham 2+2+1=5', 'grade-nottingham'), true);
    assert.ok(!read(BREAST, 'Grade: Nottingham 2+2+1=5, G1', 'grade-nottingham').codes.includes('nottingham-score-mismatch'));
    assert.ok(read(BREAST, 'Grade: Nottingham 2+2+1=5, G2', 'grade-nottingham').codes.includes('nottingham-score-mismatch'));
    // A WHO/ISUP grade written without the word grade.
    assert.equal(stated('Left kidney, radical nephrectomy: clear cell renal cell carcinoma, 4.2 cm.\nWHO/ISUP 3.', 'grade-who-isup'), true);
    assert.equal(stated('Left kidney, radical nephrectomy: clear cell renal cell carcinoma, 4.2 cm.\nWHO/ISUP: 2', 'grade-who-isup'), true);
    // Near misses: an R class and an initial are no side.
    assert.equal(stated(`${BR}\nR0 resection.`, 'laterality'), false);
    assert.equal(stated(`${BR}\nReviewed with Dr L Smith.`, 'laterality'), false);
    assert.equal(stated(`${BR}\nDiscussed with Dr L. Smith (breast surgeon).`, 'laterality'), false);
    assert.equal(stated(`${BR}\nDiscussed with L. Smith, breast surgeon.`, 'laterality'), false);
  });
  it('a carcinoma arising in an adenoma with high-grade dysplasia is a colorectal resection; dysplasia or carcinoma in situ alone is not', () => {
    const id = (dx: string) => analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${dx}\n`, { reportType: 'pathology' }).checklist?.checklist.id;
    assert.equal(id('Sigmoid colon, sigmoidectomy: invasive adenocarcinoma, moderately differentiated, arising in a tubulovillous adenoma with high-grade dysplasia, 3 cm.'), 'colorectal-resection');
    assert.equal(id('Sigmoid colon, sigmoidectomy: invasive adenocarcinoma, 3 cm, and a tubular adenoma showing high-grade dysplasia.'), 'colorectal-resection');
    assert.equal(id('Sigmoid colon, sigmoidectomy: tubulovillous adenoma with high-grade dysplasia (carcinoma in situ); no invasive carcinoma.'), undefined);
    assert.equal(id('Sigmoid colon, sigmoidectomy: high-grade dysplasia (carcinoma in situ) in a tubulovillous adenoma.'), undefined);
  });
  it('phrasings the blind extract probe found: a margin "focally present at", a named margin with an apostrophe, a grade in brackets', () => {
    const a = (dx: string) => analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${dx}\n`, { reportType: 'pathology' });
    const item = (dx: string, el: string) => a(dx).checklist!.items.find((i) => i.item.element === el);
    const margin = (dx: string) => a(dx).checklist!.read('margins').find((v) => v.answer !== undefined)?.answer;
    const PR = 'Prostate, radical prostatectomy: acinar adenocarcinoma, Gleason score 3+3=6, Grade Group 1.';
    assert.equal(margin(`${PR}\nCarcinoma is focally present at the inked margin at the right apex.`), 'positive');
    assert.equal(margin('Right kidney, radical nephrectomy: clear cell renal cell carcinoma, WHO/ISUP grade 3, 9 cm.\nTumor is present at the inked Gerota\'s fascia margin.'), 'positive');
    assert.equal(item('Descending colon, left hemicolectomy: signet ring cell carcinoma (high grade), 7.5 cm.', 'grade-colorectal')?.stated, true);
    // Near miss: a distance from the margin is no tumour at it.
    assert.notEqual(margin(`${PR}\nCarcinoma is present 2 mm from the inked margin at the right apex.`), 'positive');
    // After neoadjuvant therapy, "residual tumour" a distance from the margin is no residual tumour at it (m09).
    const RE = 'Rectum, anterior resection: adenocarcinoma, low grade, 2.2 cm.';
    assert.notEqual(margin(`${RE}\nA 2.2 cm residual tumour lies 4 cm from the distal resection margin.`), 'positive');
    assert.equal(margin(`${RE}\nResidual tumour at the distal resection margin.`), 'positive');
  });
  it('the extract probe\'s kidney nodes: a pN category is its own answer, a specimen label states nothing; shorthand headers and a TME grade', () => {
    const a = (text: string) => analyze(text, { reportType: 'pathology' });
    const nodes = (text: string) => a(text).checklist!.read('lymph-nodes').map((v) => v.answer);
    const KIDNEY = 'Left kidney, partial nephrectomy: chromophobe renal cell carcinoma, 4.6 cm.';
    assert.deepEqual(nodes(`DIAGNOSIS:\n${KIDNEY} pT1b pN0.\n`), ['not-identified']);
    assert.deepEqual(nodes(`DIAGNOSIS:\n${KIDNEY} pT1b pNX.\n`), ['cannot-assess']);
    assert.deepEqual(nodes(`DIAGNOSIS:\n${KIDNEY} pT1b pN1.\n`), ['present']);
    // "No lymph nodes are submitted" is none submitted, not node-negative (m12); "No lymph node metastasis" is node-negative.
    assert.deepEqual(nodes(`DIAGNOSIS:\n${KIDNEY}\nNo lymph nodes are submitted.\n`), ['none-submitted']);
    assert.deepEqual(nodes(`DIAGNOSIS:\n${KIDNEY}\nNo lymph node metastasis.\n`), ['not-identified']);
    // "B. Hilar lymph node" under SPECIMENS names what was received (m11).
    assert.deepEqual(nodes(`SPECIMENS:\nA. Left kidney, partial nephrectomy\nB. Hilar lymph node\n\nDIAGNOSIS:\n${KIDNEY}\n`), []);
    // "Macro:", "Micro:" and "DX:" head their sections, as pathologists abbreviate them.
    const kinds = a('Macro: Kidney 12 cm.\nMicro: Spindle cells.\nDX: Leiomyosarcoma.\n').model.sections.map((s) => s.kind);
    for (const k of ['gross', 'microscopic', 'diagnosis']) assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
    // The mesorectal (TME) grade is no histologic grade.
    const crc = a('DIAGNOSIS:\nRectum, low anterior resection: adenocarcinoma, 3.0 cm. Mesorectum complete (TME grade 3).\n');
    assert.equal(crc.checklist!.items.find((i) => i.item.element === 'grade-colorectal')?.stated, false);
  });
  it('a benign lobectomy gets no checklist', () => {
    assert.equal(analyze('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft lung, lower lobe, lobectomy: Organizing pneumonia. No carcinoma identified.\n', { reportType: 'pathology' }).checklist, undefined);
  });
  const silent: [string, string][] = [
    ['HER2 IHC 2+; ISH amplified (ratio 2.4, average copy number 5.1); HER2 positive.', 'her2-result-mismatch'],
    ['HER2 IHC 2+; ISH amplified (ratio 2.4, average copy number 5.1); HER2 positive.', 'hint-her2-ish-needed'],
    ['Margins negative. Distance from invasive carcinoma to closest margin: 4 mm.', 'margin-conflict'],
    ['Invasive carcinoma: margins negative (closest 2 mm). DCIS: positive at the anterior margin.', 'margin-conflict'],
    ['Nottingham score 6 (3, 2, 1), grade 2.', 'nottingham-score-mismatch'],
  ];
  for (const [line, code] of silent) {
    it(`${line} raises no ${code}`, () => assert.ok(!read(BREAST, line, 'her2-status').codes.includes(code)));
  }
});

describe('kinds: a grade the system does not have', () => {
  it('raises invalid-grade with the system and its range, in prose and in a field (the value alone is quoted)', () => {
    const prose = read(BREAST, 'Nottingham grade 4.', 'grade-nottingham').analysis.diagnostics.find((d) => d.code === 'invalid-grade');
    assert.ok(prose);
    assert.match(prose.message, /outside the Nottingham grades \(1 to 3\)/);
    const field = read(LUNG, 'Histologic grade (IASLC): 4', 'grade-iaslc').analysis;
    const d = field.diagnostics.find((x) => x.code === 'invalid-grade');
    assert.ok(d);
    assert.equal(field.model.text.slice(d.span.start, d.span.end), '4');
    assert.ok(!field.diagnostics.some((x) => x.code === 'missing-grade'));
  });
  it('is silent on a grade the system has, and on a Gleason sum', () => {
    assert.ok(!read(BREAST, 'Nottingham grade 3.', 'grade-nottingham').codes.includes('invalid-grade'));
    assert.ok(!read(PROSTATE, 'Gleason score 4+4=8, Grade Group 4.', 'grade-gleason').codes.includes('invalid-grade'));
  });
});

describe('kinds: a grade field in words of its own', () => {
  it('"Histologic grade (Nottingham): see comment" reads as no grade, and reading it does not throw', () => {
    const r = read(BREAST, 'Histologic grade (Nottingham): see comment', 'grade-nottingham');
    assert.equal(r.stated, false);
    assert.ok(r.codes.includes('missing-grade'));
  });
});

describe('kinds: grades with their scores written beside them', () => {
  const cases: [string, string, string, boolean][] = [
    [BREAST, 'Nottingham grade 1 (3+2+1=6).', 'nottingham-score-mismatch', true],
    [BREAST, 'Nottingham grade 2 (3+2+1=6).', 'nottingham-score-mismatch', false],
    [BREAST, 'SBR grade I, score 7/9.', 'nottingham-score-mismatch', true],
    [BREAST, 'Nottingham grade 2, score 7/9.', 'nottingham-score-mismatch', false],
    [PROSTATE, 'Grade Group 3 (3+4=7).', 'gleason-grade-group-mismatch', true],
    [PROSTATE, 'Grade Group 2 (3+4=7).', 'gleason-grade-group-mismatch', false],
  ];
  for (const [head, line, code, raised] of cases) {
    it(`${line} ${raised ? 'raises' : 'does not raise'} ${code}`, () => assert.equal(read(head, line, 'margins').codes.includes(code), raised));
  }
});
