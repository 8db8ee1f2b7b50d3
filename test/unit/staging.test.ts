import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, builtinKnowledge } from '../../server/src/engine/analyze';
import { loadKnowledge } from '../../server/src/knowledgeLoader';
import { StagingBase } from '../../server/src/engine/staging/tables';
import { KnowledgeError } from '../../server/src/engine/knowledge/validate';

/**
 * Derived staging through the real engine and the built-in staging tables:
 * every category edge of every protocol, the stated stage compared with it,
 * and the rule of silence (no finding, no verdict).
 */
const KIDNEY = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: clear cell renal cell carcinoma, WHO/ISUP grade 2.\n';
const CONFINED = 'Tumor is limited to the kidney; no perinephric or renal sinus fat invasion.\nRenal vein: not involved.\n';
const BREAST = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft breast, lumpectomy: invasive ductal carcinoma, Nottingham grade 2.\n';
const COLON = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nSigmoid colon, sigmoidectomy: adenocarcinoma, low grade.\n';
const PROSTATE = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nProstate, radical prostatectomy: acinar adenocarcinoma, Gleason score 3+4=7, Grade Group 2.\n';
const LUNG = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLung, right upper lobe, lobectomy: invasive squamous cell carcinoma.\n';

function staged(head: string, body: string) {
  const a = analyze(`${head}${body}\n`, { reportType: 'pathology' });
  assert.ok(a.checklist, 'a checklist applies');
  assert.ok(a.stage, `${a.checklist.checklist.id} has a staging table`);
  const mismatches = a.diagnostics.filter((d) => d.code === 'stage-mismatch');
  return { t: a.stage.t, n: a.stage.n, mismatches, text: a.model.text };
}

/** The derivation as one word: "T2a" (exact), ">=T1b" (at least), "<=N0" (at most), "-" (nothing). */
function derived(axis: { derived?: { category?: string; atLeast?: string; atMost?: string } }): string {
  const d = axis.derived;
  return !d ? '-' : d.category ? d.category : d.atLeast ? `>=${d.atLeast}` : `<=${d.atMost}`;
}

describe('staging: kidney (AJCC 8th), size edges in cm and mm', () => {
  const cases: [string, string][] = [
    ['Tumor size: 4.0 cm.', 'T1a'],
    ['Tumor size: 4.1 cm.', 'T1b'],
    ['Tumor size: 40 mm.', 'T1a'],
    ['Tumor size: 41 mm.', 'T1b'],
    ['Tumor size: 7.0 cm.', 'T1b'],
    ['Tumor size: 7.1 cm.', 'T2a'],
    ['Tumor size: 10.0 cm.', 'T2a'],
    ['Tumor size: 10.2 cm.', 'T2b'],
    ['Tumor size: 8.5 x 6.0 x 5.0 cm.', 'T2a'],
  ];
  for (const [line, cat] of cases) {
    it(`${line} limited to the kidney, renal vein free: pT${cat}`, () => {
      assert.equal(derived(staged(KIDNEY, `${line}\n${CONFINED}`).t), cat);
    });
  }
  it('without the extension stated, a size proves only "at least"', () => {
    assert.equal(derived(staged(KIDNEY, 'Tumor size: 5.0 cm.').t), '>=T1b');
  });
  it('renal vein, perinephric fat and sinus fat give at least pT3a; the vena cava pT3b; beyond Gerota\'s fascia pT4', () => {
    assert.equal(derived(staged(KIDNEY, 'Tumor size: 5.0 cm.\nTumor extends into the renal vein.').t), '>=T3a');
    assert.equal(derived(staged(KIDNEY, 'Tumor size: 3.0 cm.\nTumor invades perinephric fat.').t), '>=T3a');
    assert.equal(derived(staged(KIDNEY, 'Tumor size: 3.0 cm.\nRenal sinus fat invasion: present.').t), '>=T3a');
    assert.equal(derived(staged(KIDNEY, 'Tumor size: 9.0 cm.\nTumor thrombus extends into the inferior vena cava.').t), '>=T3b');
    assert.equal(derived(staged(KIDNEY, 'Tumor size: 12 cm.\nTumor extends beyond Gerota\'s fascia.').t), 'T4');
  });
  it('several tumours: the largest', () => {
    assert.equal(derived(staged(KIDNEY, `Tumors measure 3.5 cm and 7.5 cm.\n${CONFINED}`).t), 'T2a');
  });
  it('a size in the diagnosis wins over the gross; gross sizes that disagree (the kidney and its tumour) decide nothing', () => {
    const GROSS = 'SURGICAL PATHOLOGY REPORT\n\nGROSS DESCRIPTION:\nRadical nephrectomy, kidney 12.0 x 6.0 x 5.0 cm, with a 3.5 cm golden-yellow tumour in the upper pole.\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: clear cell renal cell carcinoma, WHO/ISUP grade 2.\n';
    assert.equal(staged(GROSS, `${CONFINED}pT1a pNX`).mismatches.length, 0);
    assert.equal(derived(staged(GROSS, `Tumor size: 3.5 cm.\n${CONFINED}pT1a pNX`).t), 'T1a');
  });
  it('nodes: 0 involved is pN0, 1 or more pN1', () => {
    assert.equal(derived(staged(KIDNEY, 'Lymph nodes: 0/3.').n), 'N0');
    assert.equal(derived(staged(KIDNEY, 'Lymph nodes: 1/3 involved.').n), 'N1');
  });
});

describe('staging: stage-mismatch', () => {
  it('a stated pT lower than what the size proves: the message says what, why and the AJCC row', () => {
    const s = staged(KIDNEY, `Tumor size: 8.5 cm.\n${CONFINED}pT1b pN0 (AJCC 8th).`);
    assert.equal(s.mismatches.length, 1);
    const d = s.mismatches[0];
    assert.match(d.message, /^pT1b stated, but an 8\.5 cm tumour \(.*limited to the kidney.*\) is pT2a \(AJCC 8th kidney: > 7–10 cm, limited to the kidney\)\.$/);
    assert.equal(s.text.slice(d.span.start, d.span.end), 'T1b');
    assert.deepEqual(d.data?.replacements, ['T2a']);
    assert.ok(d.related?.some((r) => s.text.slice(r.span.start, r.span.end) === '8.5 cm'));
    assert.ok(d.related?.some((r) => /perinephric|limited to the kidney/i.test(s.text.slice(r.span.start, r.span.end))));
  });
  it('a stated pT higher than allowed only when every finding that could raise it is stated absent', () => {
    assert.equal(staged(KIDNEY, `Tumor size: 5.0 cm.\n${CONFINED}pT2a`).mismatches.length, 1);
    // The renal vein not stated: pT3a is still possible, so pT2a is not called too high.
    assert.equal(staged(KIDNEY, 'Tumor size: 5.0 cm.\nTumor is limited to the kidney.\npT2a').mismatches.length, 0);
  });
  it('the right stage, a coarser one (pT1 for pT1b) and an unassessable one (pTX) are silent', () => {
    assert.equal(staged(KIDNEY, `Tumor size: 5.0 cm.\n${CONFINED}pT1b pN0`).mismatches.length, 0);
    assert.equal(staged(KIDNEY, `Tumor size: 5.0 cm.\n${CONFINED}pT1 pN0`).mismatches.length, 0);
    assert.equal(staged(KIDNEY, `Tumor size: 5.0 cm.\n${CONFINED}pTX`).mismatches.length, 0);
  });
  it('no size, no verdict on the size categories', () => {
    assert.equal(staged(KIDNEY, `${CONFINED}pT1a`).mismatches.length, 0);
  });
  it('keeps the y prefix in the message and replaces the category alone', () => {
    const s = staged(KIDNEY, `Tumor size: 8.5 cm.\n${CONFINED}ypT1b ypN0`);
    assert.match(s.mismatches[0].message, /^ypT1b stated, .* is ypT2a /);
    assert.equal(s.text.slice(s.mismatches[0].span.start, s.mismatches[0].span.end), 'T1b');
  });
  it('pN: lower than the involved nodes prove, and higher than none involved allows', () => {
    const low = staged(PROSTATE, 'Extraprostatic extension: present.\nSeminal vesicle invasion: not identified.\nLymph nodes: 2/11 positive.\npT3a pN0');
    assert.equal(low.mismatches.length, 1);
    assert.match(low.mismatches[0].message, /^pN0 stated, but 2 involved nodes is pN1 \(AJCC 8th prostate: metastasis in regional node\(s\)\)\.$/);
    const high = staged(PROSTATE, 'Extraprostatic extension: present.\nSeminal vesicle invasion: not identified.\nLymph nodes: 0/11.\npT3a pN1');
    assert.equal(high.mismatches.length, 1);
    assert.match(high.mismatches[0].message, /^pN1 stated, but 0 involved nodes is pN0 /);
  });
  it('suffixes stay: pN0(i+)(sn) with isolated tumour cells only is silent; with two involved nodes only the category is replaced', () => {
    assert.equal(staged(BREAST, 'Tumor size: 15 mm.\nSentinel lymph nodes: 0/2; isolated tumor cells in one node.\npT1c pN0(i+)(sn)').mismatches.length, 0);
    const s = staged(BREAST, 'Tumor size: 15 mm.\nSentinel lymph nodes: 2/3 positive.\npT1c pN0(sn)');
    assert.equal(s.mismatches.length, 1);
    assert.equal(s.text.slice(s.mismatches[0].span.start, s.mismatches[0].span.end), 'N0');
  });
});

describe('staging: breast (AJCC 8th), size edges in mm and cm', () => {
  const cases: [string, string][] = [
    ['1 mm', 'T1mi'],
    ['1.5 mm', 'T1a'],
    ['5 mm', 'T1a'],
    ['6 mm', 'T1b'],
    ['10 mm', 'T1b'],
    ['11 mm', 'T1c'],
    ['20 mm', 'T1c'],
    ['2.0 cm', 'T1c'],
    ['21 mm', 'T2'],
    ['50 mm', 'T2'],
    ['5.1 cm', 'T3'],
  ];
  for (const [size, cat] of cases) {
    it(`invasive carcinoma of ${size}: at least p${cat} (T4 is never stated absent)`, () => {
      assert.equal(derived(staged(BREAST, `Tumor size: ${size}.`).t), `>=${cat}`);
    });
  }
  it('the invasive size: a DCIS extent or a total size beside it is not the tumour\'s', () => {
    assert.equal(staged(BREAST, 'Size of invasive carcinoma: 1.8 cm.\nTotal tumor size (including DCIS): 3.5 cm.\npT1c pN0(sn)').mismatches.length, 0);
    assert.equal(derived(staged(BREAST, 'Tumor size: 18 mm.\nDCIS: present, size 45 mm.').t), '>=T1c');
    assert.equal(derived(staged(BREAST, 'Two foci of invasive carcinoma, 1.2 cm and 0.6 cm.').t), '>=T1c');
  });
  it('nodes: counts, micro- and macrometastases, isolated tumour cells', () => {
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 0/3.').n), '>=N0');
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 2/10 positive.').n), '>=N1mi');
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 2/10 positive (macrometastasis, 6 mm).').n), '>=N1a');
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 3/10 positive (macrometastases).').n), '>=N1a');
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 4/10 positive.').n), '>=N2a');
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 9/12 positive.').n), '>=N2a');
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 10/15 positive.').n), '>=N3a');
    assert.equal(derived(staged(BREAST, 'Lymph nodes: 4/10 positive, all micrometastases.').n), '>=N1mi');
  });
  it('pN1a stated with 5 involved nodes is flagged; pN2a is not; pN1mi with 2 nodes is not', () => {
    assert.equal(staged(BREAST, 'Tumor size: 15 mm.\nLymph nodes: 5/12 positive.\npT1c pN1a').mismatches.length, 1);
    assert.equal(staged(BREAST, 'Tumor size: 15 mm.\nLymph nodes: 5/12 positive.\npT1c pN2a').mismatches.length, 0);
    assert.equal(staged(BREAST, 'Tumor size: 15 mm.\nLymph nodes: 2/12 positive.\npT1c pN1mi').mismatches.length, 0);
  });
  it('pT1b stated for a 25 mm tumour is flagged; pT3 for a 15 mm tumour is not (chest wall and skin never stated absent)', () => {
    assert.equal(staged(BREAST, 'Tumor size: 25 mm.\npT1b pN0').mismatches.length, 1);
    assert.equal(staged(BREAST, 'Tumor size: 15 mm.\npT3 pN0').mismatches.length, 0);
  });
});

describe('staging: colon and rectum (AJCC 8th)', () => {
  const depth: [string, string][] = [
    ['Tumor extension: invades submucosa.', 'T1'],
    ['Tumor extension: invades muscularis propria.', 'T2'],
    ['Tumor extension: invades through the muscularis propria into pericolorectal tissue.', 'T3'],
    ['Tumor extension: penetrates the visceral peritoneum.', 'T4a'],
    ['Tumor extension: directly invades the urinary bladder.', 'T4b'],
  ];
  for (const [line, cat] of depth) {
    it(`${line} pT${cat}`, () => {
      assert.equal(derived(staged(COLON, line).t), cat);
    });
  }
  const nodes: [string, string][] = [
    ['Lymph nodes: 0/14. Tumor deposits: not identified.', 'N0'],
    ['Lymph nodes: 1/14. Tumor deposits: not identified.', 'N1a'],
    ['Lymph nodes: 2/14. Tumor deposits: not identified.', 'N1b'],
    ['Lymph nodes: 3/14. Tumor deposits: not identified.', 'N1b'],
    ['Lymph nodes: 0/14. Tumor deposits: present.', 'N1c'],
    ['Lymph nodes: 4/14. Tumor deposits: not identified.', 'N2a'],
    ['Lymph nodes: 6/14. Tumor deposits: not identified.', 'N2a'],
    ['Lymph nodes: 7/14. Tumor deposits: not identified.', 'N2b'],
    ['Lymph nodes: 2/14. Tumor deposits: present.', 'N1b'],
  ];
  for (const [line, cat] of nodes) {
    it(`${line} pN${cat}`, () => {
      assert.equal(derived(staged(COLON, line).n), cat);
    });
  }
  it('no involved node and tumour deposits unstated: pN0 at least, pN1c still possible', () => {
    assert.equal(derived(staged(COLON, 'Lymph nodes: 0/14.').n), '>=N0');
  });
  it('nodes reported per lettered part add up; a total without a letter, or a part restated, is not added again (the multi-part probe)', () => {
    const HEAD = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nA. Sigmoid colon, sigmoidectomy: adenocarcinoma, low grade, invading through the muscularis propria into pericolic fat; tumour deposits not identified.\n';
    const parts = 'A. Metastatic adenocarcinoma in three of eighteen lymph nodes (3/18).\nB. Lymph node, apical, excision: metastatic adenocarcinoma in one lymph node (1/1).\n';
    assert.equal(derived(staged(HEAD, parts).n), 'N2a');
    assert.equal(staged(HEAD, `${parts}pT3 pN2a`).mismatches.length, 0);
    const low = staged(HEAD, `${parts}pT3 pN1b`).mismatches;
    assert.equal(low.length, 1);
    assert.match(low[0].message, /4 involved nodes \(parts A and B\)/);
    // A total line beside the parts, and part A restated in the microscopic text: still four.
    assert.equal(derived(staged(HEAD, `${parts}Lymph nodes: 4/19.\nMICROSCOPIC DESCRIPTION:\nA. Three of eighteen lymph nodes (3/18) contain metastatic carcinoma.\n`).n), 'N2a');
  });
  it('four involved nodes written as pN1b is flagged', () => {
    const s = staged(COLON, 'Tumor extension: invades through the muscularis propria into pericolorectal tissue.\nLymph nodes: 4/16 positive.\nTumor deposits: not identified.\npT3 pN1b');
    assert.equal(s.mismatches.length, 1);
    assert.match(s.mismatches[0].message, /^pN1b stated, but 4 involved nodes is pN2a \(AJCC 8th colon and rectum: 4–6 regional nodes\)\.$/);
  });
});

describe('staging: prostate (AJCC 8th)', () => {
  it('organ confined, extraprostatic extension, seminal vesicle invasion', () => {
    assert.equal(derived(staged(PROSTATE, 'Extraprostatic extension: not identified.\nSeminal vesicle invasion: not identified.').t), '>=T2');
    assert.equal(derived(staged(PROSTATE, 'Extraprostatic extension: present, focal.\nSeminal vesicle invasion: not identified.').t), '>=T3a');
    assert.equal(derived(staged(PROSTATE, 'Extraprostatic extension: present.\nSeminal vesicle invasion: present.').t), '>=T3b');
    // "invading" as well as "invades" (blind multi-part probe 2, D2).
    assert.equal(derived(staged(PROSTATE, 'Extraprostatic extension: present.\nProstatic adenocarcinoma invading the muscular wall of the left seminal vesicle.').t), '>=T3b');
    // Invasion of the muscular wall is what seminal vesicle invasion is (blind probe, stated elements).
    assert.equal(derived(staged(PROSTATE, 'Extraprostatic extension: present.\nThe carcinoma invades the muscular wall of the left seminal vesicle.').t), '>=T3b');
    assert.equal(derived(staged(PROSTATE, 'Extraprostatic extension: present.\nThe carcinoma abuts the wall of the left seminal vesicle without invading it.').t), '>=T3a');
  });
  it('pT2 stated with extraprostatic extension is flagged; pT3a with none is not (pT4 is never stated absent)', () => {
    assert.equal(staged(PROSTATE, 'Extraprostatic extension: present, focal.\nSeminal vesicle invasion: not identified.\npT2 pNX').mismatches.length, 1);
    assert.equal(staged(PROSTATE, 'Extraprostatic extension: not identified.\nSeminal vesicle invasion: not identified.\npT3a pNX').mismatches.length, 0);
  });
  it('nodes: 0/11 is pN0, 1/11 pN1', () => {
    assert.equal(derived(staged(PROSTATE, 'Lymph nodes: 0/11.').n), 'N0');
    assert.equal(derived(staged(PROSTATE, 'Lymph nodes: 1/11 positive.').n), 'N1');
  });
});

describe('staging: lung (AJCC 8th), size edges in cm', () => {
  const cases: [string, string][] = [
    ['1.0 cm', 'T1a'],
    ['1.1 cm', 'T1b'],
    ['2.0 cm', 'T1b'],
    ['2.1 cm', 'T1c'],
    ['3.0 cm', 'T1c'],
    ['31 mm', 'T2a'],
    ['4.0 cm', 'T2a'],
    ['4.1 cm', 'T2b'],
    ['5.0 cm', 'T2b'],
    ['5.1 cm', 'T3'],
    ['7.0 cm', 'T3'],
    ['7.1 cm', 'T4'],
  ];
  for (const [size, cat] of cases) {
    it(`${size}: ${cat === 'T4' ? '' : 'at least '}p${cat}`, () => {
      // pT4 is the highest category: at least pT4 is pT4.
      assert.equal(derived(staged(LUNG, `Tumor size: ${size}.\nVisceral pleural invasion: not identified (PL0).`).t), cat === 'T4' ? 'T4' : `>=${cat}`);
    });
  }
  it('visceral pleural invasion makes a 2.5 cm tumour pT2a', () => {
    assert.equal(derived(staged(LUNG, 'Tumor size: 2.5 cm.\nVisceral pleural invasion: present (PL1).').t), '>=T2a');
  });
  it('a lepidic component: the invasive size stages, the total size decides nothing', () => {
    const ADENO = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLung, left upper lobe, lobectomy: invasive non-mucinous adenocarcinoma, lepidic predominant.\n';
    assert.equal(derived(staged(ADENO, 'Total tumor size: 2.6 cm.\nInvasive size: 0.8 cm.\nVisceral pleural invasion: not identified.').t), '>=T1a');
    assert.equal(derived(staged(ADENO, 'Total tumor size: 2.6 cm.\nVisceral pleural invasion: not identified.').t), '-');
    // A size in brackets after the invasive size explains it; alone it is the value.
    assert.equal(derived(staged(ADENO, 'Invasive size: 0.8 cm (total size 2.6 cm).\nVisceral pleural invasion: not identified.').t), '>=T1a');
    assert.equal(derived(staged(ADENO, 'Invasive size: (measured on slide A3) 1.6 cm.\nVisceral pleural invasion: not identified.').t), '>=T1b');
    assert.equal(staged(ADENO, 'Total tumor size: 2.6 cm.\nInvasive size: 0.8 cm.\nVisceral pleural invasion: not identified.\npT1a pN0').mismatches.length, 0);
    assert.equal(staged(ADENO, 'Total tumor size: 2.6 cm.\nVisceral pleural invasion: not identified.\npT1a pN0').mismatches.length, 0);
  });
  it('after neoadjuvant therapy the viable tumour size stages, not the tumour bed (IASLC 2020)', () => {
    const bed = 'Tumour bed size: 3.0 cm.\nEstimated viable tumour size: 0.3 cm (10% x 3.0 cm, IASLC method).\nVisceral pleural invasion: not identified.';
    assert.equal(derived(staged(LUNG, bed).t), '>=T1a');
    assert.equal(staged(LUNG, `${bed}\nypT1a ypN0`).mismatches.length, 0);
    // The viable size is read: a larger one proves more.
    const larger = staged(LUNG, 'Tumour bed size: 5.0 cm.\nEstimated viable tumour size: 2.5 cm (50% x 5.0 cm).\nVisceral pleural invasion: not identified.\nypT1a ypN0');
    assert.equal(larger.mismatches.length, 1);
    assert.match(larger.mismatches[0].message, /viable tumour size of 2\.5 cm/);
    // A tumour bed alone gives no size to stage by.
    assert.equal(derived(staged(LUNG, 'Tumour bed size: 3.0 cm.\nVisceral pleural invasion: not identified.').t), '-');
  });
  it('minimally invasive adenocarcinoma is pT1mi, and pT1mi stated for it is silent', () => {
    const MIA = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLung, right upper lobe, wedge resection: minimally invasive adenocarcinoma, 1.2 cm.\n';
    assert.equal(staged(MIA, 'Visceral pleural invasion: not identified.\npT1mi pN0').mismatches.length, 0);
  });
  it('nodes: pN0 with involved nodes is flagged; pN1 or pN2 with involved nodes is not; pN2 with none involved is', () => {
    assert.equal(staged(LUNG, 'Tumor size: 2.5 cm.\nLymph nodes: 2/10 positive.\npT1c pN0').mismatches.length, 1);
    assert.equal(staged(LUNG, 'Tumor size: 2.5 cm.\nLymph nodes: 2/10 positive.\npT1c pN1').mismatches.length, 0);
    assert.equal(staged(LUNG, 'Tumor size: 2.5 cm.\nLymph nodes: 2/10 positive.\npT1c pN2').mismatches.length, 0);
    assert.equal(staged(LUNG, 'Tumor size: 2.5 cm.\nLymph nodes: 0/10.\npT1c pN2').mismatches.length, 1);
  });
});

describe('staging: renal sarcoma (AJCC 8th retroperitoneum, only when the draft names that chapter)', () => {
  const LMS = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma, FNCLCC grade 2.\nMargins negative. Renal vein and IVC not involved.\n';
  const CHAPTER = 'Pathologic stage (AJCC 8th, soft tissue sarcoma of the retroperitoneum):';
  const cases: [string, string][] = [
    ['5.0 cm', 'T1'],
    ['5.1 cm', 'T2'],
    ['10.0 cm', 'T2'],
    ['10.5 cm', 'T3'],
    ['15.0 cm', 'T3'],
    ['16 cm', 'T4'],
  ];
  for (const [size, cat] of cases) {
    it(`${size}: p${cat}`, () => {
      assert.equal(derived(staged(LMS, `Tumor size: ${size}.\n${CHAPTER} pT1 pN0`).t), cat);
    });
  }
  it('a 12 cm sarcoma written as pT2 in that chapter is flagged', () => {
    const s = staged(LMS, `Tumor size: 12.0 x 9.0 x 8.0 cm.\n${CHAPTER} pT2 pN0`);
    assert.equal(s.mismatches.length, 1);
    assert.equal(s.mismatches[0].message, 'pT2 stated, but a 12 cm tumour is pT3 (AJCC 8th retroperitoneum: > 10–15 cm).');
  });
  it('with no chapter named, a renal sarcoma is not staged at all', () => {
    const a = analyze(`${LMS}Tumor size: 12.0 cm.\npT2 pN0 (AJCC 8th).\n`, { reportType: 'pathology' });
    assert.equal(a.checklist?.checklist.id, 'renal-sarcoma-resection');
    assert.equal(a.stage, undefined);
    assert.ok(!a.diagnostics.some((d) => d.code === 'stage-mismatch'));
  });
  it('a category the 8th edition chapter does not have (pT2b, a 7th edition category) is not compared', () => {
    assert.equal(staged(LMS, `Tumor size: 14 cm.\n${CHAPTER} pT2b pNX`).mismatches.length, 0);
  });
});

describe('staging tables: validated at load', () => {
  it('a table naming a measure it does not define, or an alias over a category it lacks, is refused with the path', () => {
    const base = new StagingBase();
    const table = {
      checklist: 'x-resection',
      chapter: 'x',
      t: { aliases: { T1: ['T1z'] }, categories: [{ category: 'T1', rule: 'r', when: [[{ measure: 'size', lte: 2 }]], source: 's' }] },
      n: { categories: [{ category: 'N0', rule: 'r', when: [[{ unstated: 'x' }]], source: 's' }] },
    };
    assert.throws(() => base.add(table, 'rules.json'), (e: unknown) => e instanceof KnowledgeError && /\/t\/aliases\/T1/.test(e.message) && /measure "size"/.test(e.message));
    assert.throws(() => base.add({ checklist: 'x' }, 'rules.json'), KnowledgeError);
  });
  it('a workspace pattern must be valid RE2', () => {
    const base = new StagingBase();
    const table = {
      checklist: 'x-resection',
      chapter: 'x',
      t: { categories: [{ category: 'T1', rule: 'r', when: [[{ mention: ['(?<!no )invasion'], label: 'x' }]], source: 's' }] },
      n: { categories: [{ category: 'N0', rule: 'r', when: [[{ unstated: 'x' }]], source: 's' }] },
    };
    assert.throws(() => base.add(table, 'rules.json'), /RE2/);
  });
});

describe('staging tables: every built-in table reads elements that exist', () => {
  for (const file of fs.readdirSync(path.resolve(__dirname, '../../server/src/data/staging'))) {
    it(file, () => {
      const data = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../server/src/data/staging', file), 'utf8'));
      const base = builtinKnowledge().checklists;
      assert.ok(base.checklists.some((c) => c.id === data.checklist), `checklist ${data.checklist}`);
      new StagingBase().add(data, file, false, base.elements, '', new Set(base.checklists.map((c) => c.id)));
    });
  }
});

describe('staging tables: a workspace protocol adds its own, the same way', () => {
  // An institution's thyroid checklist and its pT table (test data, not a shipped protocol).
  const RULES = {
    elements: {
      'thyroid-size': { label: 'Tumor size', kind: 'measurement', unit: 'cm', fieldKeys: ['tumor size'], satisfy: 'give the greatest dimension' },
      'thyroid-stage': { label: 'Pathologic stage', kind: 'stage', stage: { t: ['T1a', 'T1b', 'T2', 'T3a'], n: ['N0', 'N1a', 'N1b'] }, fieldKeys: ['pathologic stage'], satisfy: 'give pT and pN' },
    },
    checklists: [
      {
        id: 'thyroid-resection',
        title: 'Thyroid carcinoma, resection (institutional)',
        shortTitle: 'Thyroid resection',
        reportType: 'pathology',
        appliesWhen: { diagnosis: ['papillary (?:thyroid )?carcinoma'], site: ['thyroid\\w*'], procedures: ['(?:total )?thyroidectomy'] },
        source: 'institutional thyroid checklist (test data)',
        items: [
          { element: 'thyroid-size', code: 'missing-tumor-size', requirement: 'required', source: 'test data' },
          { element: 'thyroid-stage', code: 'missing-pathologic-stage', requirement: 'required', source: 'test data' },
        ],
      },
    ],
    staging: [
      {
        checklist: 'thyroid-resection',
        chapter: 'thyroid',
        measures: { size: { element: 'thyroid-size', unit: 'cm' } },
        t: {
          aliases: { T1: ['T1a', 'T1b'] },
          categories: [
            { category: 'T1a', rule: '≤ 1 cm', when: [[{ measure: 'size', lte: 1 }]], source: 'test data' },
            { category: 'T1b', rule: '> 1–2 cm', when: [[{ measure: 'size', gt: 1, lte: 2 }]], source: 'test data' },
            { category: 'T2', rule: '> 2–4 cm', when: [[{ measure: 'size', gt: 2, lte: 4 }]], source: 'test data' },
            { category: 'T3a', rule: '> 4 cm', when: [[{ measure: 'size', gt: 4 }], [{ mention: ['strap muscles? (?:invasion|involvement)'], label: 'strap muscle invasion' }]], source: 'test data' },
          ],
        },
        n: { categories: [{ category: 'N0', rule: 'no node', when: [[{ count: 'regional-lymph-nodes', part: 'involved', lte: 0 }]], source: 'test data' }] },
      },
    ],
  };
  const DRAFT = 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, total thyroidectomy: papillary thyroid carcinoma.\nTumor size: 3.0 cm.\nPathologic stage: pT1b pN0\n';
  const write = (data: unknown) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-staging-')), 'rules.json');
    fs.writeFileSync(file, JSON.stringify(data));
    return file;
  };

  it('its table derives its stage and raises stage-mismatch', () => {
    const { knowledge, problems } = loadKnowledge([write(RULES)]);
    assert.deepEqual(problems, []);
    const a = analyze(DRAFT, { reportType: 'pathology', knowledge });
    assert.equal(a.checklist?.checklist.id, 'thyroid-resection');
    const d = a.diagnostics.find((x) => x.code === 'stage-mismatch');
    assert.ok(d);
    assert.equal(d.message, 'pT1b stated, but a 3 cm tumour is at least pT2 (AJCC 8th thyroid: > 2–4 cm).');
    // A table of another edition says so, and its messages and the checklist view cite it (blind workspace probe 3, d6).
    const other = JSON.parse(JSON.stringify(RULES));
    other.staging[0].edition = 'AJCC 9th / FIGO 2018';
    const { knowledge: k9 } = loadKnowledge([write(other)]);
    const a9 = analyze(DRAFT, { reportType: 'pathology', knowledge: k9 });
    assert.equal(a9.diagnostics.find((x) => x.code === 'stage-mismatch')?.message, 'pT1b stated, but a 3 cm tumour is at least pT2 (AJCC 9th / FIGO 2018 thyroid: > 2–4 cm).');
    assert.equal(a9.stage?.edition, 'AJCC 9th / FIGO 2018');
  });
  it('a measurement read against a whole ("2 mm of 12 mm", "2 mm; wall thickness 12 mm") is the first; of several, the largest', () => {
    const own = JSON.parse(JSON.stringify(RULES));
    own.elements['invasion-depth'] = { label: 'Depth of invasion', kind: 'measurement', unit: 'mm', fieldKeys: ['depth of invasion'], satisfy: 'give the depth in mm' };
    own.checklists[0].items.push({ element: 'invasion-depth', code: 'missing-invasion-depth', requirement: 'recommended', source: 'test data' });
    const { knowledge, problems } = loadKnowledge([write(own)]);
    assert.deepEqual(problems, []);
    const depth = (line: string) =>
      analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, total thyroidectomy: papillary thyroid carcinoma.\n${line}\n`, { reportType: 'pathology', knowledge }).checklist!.read('invasion-depth')[0]?.number;
    assert.equal(depth('Depth of invasion: 2 mm of 12 mm'), 2);
    assert.equal(depth('Depth of invasion: 9 mm in a 14 mm thick wall'), 9);
    assert.equal(depth('Depth of invasion: 2 mm; wall thickness: 12 mm'), 2);
    // Near miss: two depths of one statement, the largest.
    assert.equal(depth('Depth of invasion: 2 mm and 4 mm (two foci)'), 4);
  });
  it("a chapter's own categories are read from its stage element's lists: pTa alone, pT1b2, pN0b (no TypeScript grammar)", () => {
    const own = JSON.parse(JSON.stringify(RULES));
    own.elements['thyroid-stage'].stage = { t: ['Ta', 'Tis', 'T1a', 'T1b1', 'T1b2', 'T2', 'T3a'], n: ['N0', 'N0a', 'N0b', 'N1a', 'N1b'] };
    const { knowledge, problems } = loadKnowledge([write(own)]);
    assert.deepEqual(problems, []);
    const stated = (line: string) =>
      analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, total thyroidectomy: papillary thyroid carcinoma.\n${line}\n`, { reportType: 'pathology', knowledge })
        .checklist!.read('thyroid-stage')
        .flatMap((v) => [v.stage?.t?.category, v.stage?.n?.category].filter(Boolean));
    assert.deepEqual(stated('Pathologic stage: pT1b2 pN0b'), ['T1b2', 'N0b']);
    assert.deepEqual(stated('Pathologic stage: pT1b pN0'), ['T1b', 'N0'], 'the shared categories still');
    // A sentence whose only category is the chapter's own is found too.
    assert.deepEqual(stated('The tumour is staged as pTa.'), ['Ta']);
    // The same words with the built-in lists (test data without them): no category read.
    const { knowledge: shared } = loadKnowledge([write(RULES)]);
    assert.deepEqual(
      analyze('SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, total thyroidectomy: papillary thyroid carcinoma.\nThe tumour is staged as pTa; pT1b2.\n', { reportType: 'pathology', knowledge: shared })
        .checklist!.read('thyroid-stage')
        .flatMap((v) => [v.stage?.t?.category, v.stage?.n?.category].filter(Boolean)),
      [],
    );
  });
  it('a measure\'s instead readings, as a list, are tried in order; one with a pattern RE2 refuses is refused with its path', () => {
    const withInstead = JSON.parse(JSON.stringify(RULES));
    withInstead.staging[0].measures.size.instead = [
      { when: ['microscopic focus'], fieldKeys: ['focus size'], label: 'a focus of {value} {unit}', source: 'test data' },
      { when: ['multifocal'], fieldKeys: ['largest focus'], label: 'a largest focus of {value} {unit}', source: 'test data' },
    ];
    const { knowledge, problems } = loadKnowledge([write(withInstead)]);
    assert.deepEqual(problems, []);
    const stage = (body: string) => analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, total thyroidectomy: papillary thyroid carcinoma.\n${body}Pathologic stage: pT1b pN0\n`, { reportType: 'pathology', knowledge }).diagnostics.find((d) => d.code === 'stage-mismatch')?.message;
    assert.equal(stage('Tumor size: 3.0 cm.\n'), 'pT1b stated, but a 3 cm tumour is at least pT2 (AJCC 8th thyroid: > 2–4 cm).');
    assert.equal(stage('Multifocal.\nTumor size: 3.0 cm.\nLargest focus: 2.5 cm.\n'), 'pT1b stated, but a largest focus of 2.5 cm is at least pT2 (AJCC 8th thyroid: > 2–4 cm).');
    // The first list entry whose words are affirmed decides, even with the second's words there too.
    assert.equal(stage('Multifocal, with a microscopic focus.\nLargest focus: 2.5 cm.\nFocus size: 1.5 cm.\n'), undefined);
    const bad = JSON.parse(JSON.stringify(withInstead));
    bad.staging[0].measures.size.instead[1].when = ['(?<!not )multifocal'];
    assert.match(loadKnowledge([write(bad)]).problems[0], /\/staging\/0.*not valid in RE2/);
  });
  it('a table over an element nobody defined, or with a pattern RE2 refuses, is refused with its path, and the built-ins keep working', () => {
    const bad = JSON.parse(JSON.stringify(RULES));
    bad.staging[0].measures.size.element = 'thyroid-sise';
    bad.staging[0].t.categories[3].when[1][0].mention = ['(?<!no )strap muscles? invasion'];
    const { knowledge, problems } = loadKnowledge([write(bad)]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /\/staging\/0\/t\/categories\/3: pattern .* not valid in RE2/);
    assert.ok(analyze(DRAFT, { reportType: 'pathology', knowledge }).checklist === undefined);
    const unknownElement = JSON.parse(JSON.stringify(RULES));
    unknownElement.staging[0].measures.size.element = 'thyroid-sise';
    assert.match(loadKnowledge([write(unknownElement)]).problems[0], /\/staging\/0\/measures\/size: element "thyroid-sise" is not defined/);
    assert.match(loadKnowledge([write({ ...RULES, staging: {} })]).problems[0], /\/staging: must be an array/);
  });
});

