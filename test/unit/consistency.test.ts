import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { loadKnowledge } from '../../server/src/knowledgeLoader';

const run = (text: string) => analyze(text, { reportType: 'pathology' }).diagnostics.filter((d) => !d.code.startsWith('missing-') && !d.code.startsWith('incomplete-') && !d.code.startsWith('hint-'));
const codes = (text: string) => run(text).map((d) => d.code);

describe('consistency and value checks', () => {
  it('invalid-grade: FNCLCC 4, WHO/ISUP 5', () => {
    assert.deepEqual(codes('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 4.\n'), ['invalid-grade']);
    assert.deepEqual(codes('DIAGNOSIS:\nClear cell renal cell carcinoma, WHO/ISUP grade 5.\n'), ['invalid-grade']);
    assert.deepEqual(codes('DIAGNOSIS:\nClear cell renal cell carcinoma, WHO/ISUP grade 4.\n'), []);
  });

  it('grade-system-mismatch: WHO/ISUP on a sarcoma, FNCLCC on RCC', () => {
    const d = run('DIAGNOSIS:\nLeiomyosarcoma, WHO/ISUP grade 3.\n');
    assert.deepEqual(d.map((x) => x.code), ['grade-system-mismatch']);
    assert.ok(d[0].related?.length, 'points at the diagnosis');
    assert.match(d[0].message, /"WHO\/ISUP grade 3" \(line 2\)/);
    assert.deepEqual(codes('DIAGNOSIS:\nPapillary renal cell carcinoma, FNCLCC grade 2.\n'), ['grade-system-mismatch']);
    assert.deepEqual(codes('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 3.\n'), []);
  });

  it('fnclcc-score-mismatch: the grade disagrees with its components', () => {
    const t = 'DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 1.\nDifferentiation score: 3\nMitotic count: 25 per 10 HPF\nTumor necrosis: present, 60%\n';
    const d = run(t);
    assert.deepEqual(d.map((x) => x.code), ['fnclcc-score-mismatch']);
    assert.match(d[0].message, /gives FNCLCC grade 3/);
    assert.deepEqual(codes(t.replace('grade 1', 'grade 3')), []);
  });

  it('fnclcc-score-mismatch: components written inline, as a sum, or as a total', () => {
    const inline = 'DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 3 (differentiation 2, mitoses 2, necrosis 1 = total 5).\n';
    const d = run(inline);
    assert.deepEqual(d.map((x) => x.code), ['fnclcc-score-mismatch']);
    assert.match(d[0].message, /= 5, which gives FNCLCC grade 2/);
    assert.deepEqual(codes(inline.replace('grade 3', 'grade 2')), []);
    assert.deepEqual(codes('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 2 (2 + 3 + 1 = 6).\n'), ['fnclcc-score-mismatch']);
    assert.deepEqual(codes('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 3 (2 + 3 + 1 = 6).\n'), []);
    assert.deepEqual(codes('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 1, total score 6.\n'), ['fnclcc-score-mismatch']);
  });

  it('fnclcc-score-mismatch near misses: counts and extents are not scores', () => {
    // 15 mitoses per 10 HPF is mitotic score 2 and 30% necrosis is score 1: with differentiation 3, total 6 = G3.
    assert.deepEqual(codes('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 3. Differentiation score 3; mitoses 15 per 10 HPF; necrosis 30%.\n'), []);
    // "Mitoses 3/10 HPF" is a count (score 1), not a mitotic score of 3.
    assert.deepEqual(codes('DIAGNOSIS:\nLeiomyosarcoma, FNCLCC grade 1. Differentiation score 1, mitoses 3/10 HPF, no necrosis.\n'), []);
  });

  it('margin-conflict: negative beside tumour at ink; near miss: one named margin positive, the others negative', () => {
    const d = run('DIAGNOSIS:\nMargins are negative.\nCOMMENT:\nTumor is present at the inked perinephric margin.\n');
    assert.deepEqual(d.map((x) => x.code), ['margin-conflict']);
    assert.equal(d[0].related?.length, 1);
    assert.deepEqual(codes('DIAGNOSIS:\nThe renal vein margin is positive; all other margins are negative.\n'), []);
    assert.deepEqual(codes('DIAGNOSIS:\nMargins: R0. Tumor is 2 mm from the inked margin.\n'), []);
  });

  it('margin-conflict: a named margin negative is not the conflict; the whole-margin statement is', () => {
    const text = 'MICROSCOPIC:\nThe renal vein margin (A1) is negative. In block A7 tumour is present at the inked posterior soft tissue margin.\nDIAGNOSIS:\nMargins: negative (R0).\n';
    const d = run(text);
    assert.deepEqual(d.map((x) => x.code), ['margin-conflict']);
    assert.match(d[0].message, /"Margins: negative \(R0\)\." \(line 4\) says R0/);
    assert.match(d[0].message, /tumour is present at the inked posterior/);
    // Two named margins, one free and one involved, with R1: consistent.
    assert.deepEqual(codes(text.replace('Margins: negative (R0).', 'Margins: positive (R1), posterior soft tissue margin.')), []);
  });

  it('margin-conflict: named margins in the plural ("peripheral margins") are those margins, not all of them', () => {
    assert.deepEqual(codes('DIAGNOSIS:\n- Peripheral margins: clear by 6 mm.\n- Deep margin: involved by invasive melanoma.\n'), []);
    assert.deepEqual(codes('DIAGNOSIS:\nProximal and distal margins: negative. Radial margin: involved by carcinoma.\n'), []);
    // Near misses that still conflict: the margins as a whole, or the same named margins both ways.
    assert.deepEqual(codes('DIAGNOSIS:\n- Margins: negative.\n- Deep margin: involved by invasive melanoma.\n'), ['margin-conflict']);
    assert.deepEqual(codes('DIAGNOSIS:\n- Surgical margins: negative.\n- Deep margin: involved by invasive melanoma.\n'), ['margin-conflict']);
    assert.deepEqual(codes('DIAGNOSIS:\n- Peripheral margins: clear.\nCOMMENT:\nTumour is present at the inked peripheral margin.\n'), ['margin-conflict']);
  });

  it('margin-conflict: tumour at the margin with words between ("carcinoma, focal, present at", "extending to its inked distal margin"; blind multi-part probe 2, D1)', () => {
    assert.deepEqual(codes('DIAGNOSIS:\nInvasive carcinoma, focal, present at the inked lateral margin.\nMargins: negative.\n'), ['margin-conflict']);
    assert.deepEqual(codes('DIAGNOSIS:\nAdenocarcinoma involving the full thickness of the donut and extending to its inked distal margin.\nMargins: negative.\n'), ['margin-conflict']);
    // Near misses: a distance after the appositive, a margin the tumour does not reach.
    assert.deepEqual(codes('DIAGNOSIS:\nInvasive carcinoma, 2 mm from the inked lateral margin.\nMargins: negative.\n'), []);
    assert.deepEqual(codes('DIAGNOSIS:\nThe carcinoma extends to within 2 mm of the inked margin.\nMargins: negative.\n'), []);
  });

  it('margin-conflict: a second field on the line of a named margin is its own statement (blind workspace probe 3, d5)', () => {
    assert.deepEqual(codes('DIAGNOSIS:\nDistal margin: involved by carcinoma.\nProximal margin: negative. Mesenteric surface: negative.\n'), []);
    // Near miss: the margins as a whole, second on the line, still conflict.
    assert.deepEqual(codes('DIAGNOSIS:\nDistal margin: involved by carcinoma.\nProximal margin: negative. Margins: negative.\n'), ['margin-conflict']);
  });

  it('laterality-conflict: left and right for the same specimen', () => {
    assert.deepEqual(codes('SPECIMEN:\nLeft kidney, radical nephrectomy.\nDIAGNOSIS:\nRight kidney, radical nephrectomy: leiomyosarcoma.\n'), ['laterality-conflict']);
    assert.deepEqual(codes('DIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma. The contralateral right kidney is unremarkable on imaging.\n'), []);
    // Another organ's side is not the specimen's ("adrenal" is not "renal").
    assert.deepEqual(codes('DIAGNOSIS:\nRight kidney, radical nephrectomy: leiomyosarcoma. A left adrenal adenoma was seen on imaging.\n'), []);
  });

  it('a renal vein margin after the vein is the margin\'s: "tumour thrombus in renal vein, renal vein margin grossly clear" is an involved vein, no conflict (shorthand probe s27)', () => {
    const a = analyze('DIAGNOSIS:\nLeft kidney, radical nephrectomy: clear cell renal cell carcinoma, 7 cm.\nTUMOUR THROMBUS IN RENAL VEIN, RENAL VEIN MARGIN GROSSLY CLEAR.\n', { reportType: 'pathology' });
    assert.ok(!a.diagnostics.some((d) => d.code === 'ivc-conflict'));
    assert.deepEqual(a.findings.venous.map((v) => v.status), ['involved', 'involved']);
    assert.deepEqual(a.checklist!.read('venous-extension').map((v) => v.answer), ['involved', 'involved']);
    assert.equal(a.stage?.t.derived?.atLeast ?? a.stage?.t.derived?.category, 'T3a');
  });
  it('margin-conflict: a distance from a margin is its clearance, not tumour at it (shorthand probe s08)', () => {
    const margin = (t: string) => codes(`DIAGNOSIS:\nRectum, low anterior resection: adenocarcinoma.\n${t}`).filter((c) => c === 'margin-conflict');
    assert.deepEqual(margin('Residual tumour 2.8 cm, 6 cm from distal margin.\nMargins: clear. R0.\n'), []);
    assert.deepEqual(margin('Tumour is present at the distal margin.\nMargins: clear. R0.\n'), ['margin-conflict']);
  });
  it('margin-conflict: not for a re-excised margin cleared after an involved one, nor a final status once a re-excision is reported (the multi-part probe)', () => {
    const margin = (t: string) => codes(`DIAGNOSIS:\nB. Left breast, lumpectomy: invasive ductal carcinoma, 14 mm. Carcinoma is present at the inked anterior margin.\n${t}`).filter((c) => c === 'margin-conflict');
    assert.deepEqual(margin('C. Left breast, new anterior margin, excision: no residual carcinoma; new anterior margin negative.\n'), []);
    assert.deepEqual(margin('C. Additional anterior margin: negative for carcinoma.\nFinal margin status: negative.\n'), []);
    assert.deepEqual(margin('Final margin status: negative (anterior margin re-excised).\n'), []);
    // With no re-excision anywhere, a negative final status beside an involved margin still conflicts.
    assert.deepEqual(margin('Final margin status: negative.\n'), ['margin-conflict']);
    assert.deepEqual(margin('Margins: negative.\n'), ['margin-conflict']);
  });
  it('laterality-conflict: not for a second, benign or risk-reducing specimen of the other side, nor for a side an amendment says was wrong (the multi-part probe)', () => {
    const lat = (t: string) => codes(t).filter((c) => c === 'laterality-conflict');
    const BILATERAL = 'SPECIMEN:\nA. Right breast, simple mastectomy\nB. Left breast, risk-reducing (prophylactic) simple mastectomy\n\nGROSS DESCRIPTION:\nA. Right mastectomy, 720 g, with a 2.2 cm tumour.\nB. Left mastectomy, 690 g, 23 x 17 x 5 cm.\n\nDIAGNOSIS:\nA. Right breast, mastectomy: invasive carcinoma of no special type, 22 mm.\nB. Left breast, mastectomy: benign breast tissue. No malignancy.\n';
    assert.deepEqual(lat(BILATERAL), []);
    // The same left part with a carcinoma is a second side to check.
    assert.deepEqual(lat(BILATERAL.replace('Left breast, risk-reducing (prophylactic) simple mastectomy', 'Left breast, simple mastectomy').replace('benign breast tissue. No malignancy.', 'invasive carcinoma, 9 mm.')), ['laterality-conflict']);
    const LUNG = 'DIAGNOSIS:\nRight upper lobe, lobectomy: invasive adenocarcinoma, 2.1 cm.\n\nAMENDMENT:\n';
    assert.deepEqual(lat(`${LUNG}The original report gave the specimen as a left upper lobectomy in error.\n`), []);
    assert.deepEqual(lat(`${LUNG}Left upper lobe wedge resection received separately.\n`), ['laterality-conflict']);
  });
  it('laterality-conflict: a "Lat:" field is a laterality field (shorthand probe s22)', () => {
    const lat = (t: string) => codes(t).filter((c) => c === 'laterality-conflict');
    const LUNG = 'SPECIMEN: Left lower lobe, lobectomy.\n\nDIAGNOSIS:\nLeft lower lobe, lobectomy: invasive adenocarcinoma, acinar predominant, 2.2 cm.\n';
    assert.deepEqual(lat(`${LUNG}Lat: R\n`), ['laterality-conflict']);
    assert.deepEqual(lat(`${LUNG}Lat: L\n`), []);
  });
  it('laterality-conflict on imaging: the other kidney measured in its own line is not the mass (blind radiology probe r16)', () => {
    const rad = (t: string) => analyze(t, { reportType: 'radiology' }).diagnostics.map((d) => d.code).filter((c) => c === 'laterality-conflict');
    const MASS = 'FINDINGS:\nLEFT KIDNEY: 3.9 cm solid enhancing mass in the lower pole.\n';
    assert.deepEqual(rad(`${MASS}RIGHT KIDNEY: 11.4 cm in length.\nIMPRESSION:\n3.9 cm left renal mass.\n`), []);
    assert.deepEqual(rad(`${MASS}IMPRESSION:\n3.9 cm right renal mass.\n`), ['laterality-conflict']);
  });
  it('laterality-conflict on imaging: the mass, not the other kidney, its cysts or its stones', () => {
    const rad = (t: string) => analyze(t, { reportType: 'radiology' }).diagnostics.map((d) => d.code).filter((c) => c === 'laterality-conflict');
    assert.deepEqual(rad('FINDINGS:\nLeft lower pole solid enhancing mass, 4.5 cm. Right kidney: two Bosniak I cysts. Right 3 mm calculus.\n'), []);
    assert.deepEqual(rad('FINDINGS:\nA 4 mm calculus at the right vesicoureteric junction. Left kidney: 3 mm calculus.\n'), [], 'no renal mass, no checklist: nothing to conflict');
    assert.deepEqual(rad('FINDINGS:\nA 6 cm solid enhancing left renal mass.\nIMPRESSION:\n6 cm solid right renal mass.\n'), ['laterality-conflict']);
  });

  it('ivc-conflict: involved and not involved', () => {
    assert.deepEqual(codes('GROSS DESCRIPTION:\nTumor thrombus extends into the IVC.\nDIAGNOSIS:\nIVC: not involved.\n'), ['ivc-conflict']);
    assert.deepEqual(codes('DIAGNOSIS:\nRenal vein involved; IVC not involved.\n'), []);
    // "clear cell" is a subtype, not a clear vein.
    assert.deepEqual(codes('SYNOPTIC:\nRenal Vein: Tumor thrombus in main renal vein\nDIAGNOSIS:\nClear cell renal cell carcinoma, WHO/ISUP grade 3, with renal vein thrombus.\n'), []);
  });

  it('size-conflict: gross and diagnosis differ materially; near miss within tolerance', () => {
    assert.deepEqual(codes('GROSS DESCRIPTION:\nA 12 cm tumor.\nDIAGNOSIS:\nLeiomyosarcoma, 8 cm.\n'), ['size-conflict']);
    assert.deepEqual(codes('GROSS DESCRIPTION:\nA 12 cm tumor.\nDIAGNOSIS:\nLeiomyosarcoma, 12.3 cm.\n'), []);
  });
  it('size-conflict: a weighed and measured organ is the specimen, not the tumour (the custom-protocol probe\'s uterus)', () => {
    const gross = (uterus: string, tumour: string) => `GROSS DESCRIPTION:\nThe uterus weighs 110 g and measures ${uterus}. A polypoid tan tumour measuring ${tumour} occupies the posterior fundus.\n\nFINAL DIAGNOSIS:\nUterus, total hysterectomy: endometrioid carcinoma, FIGO grade 3, 4.5 cm.\n`;
    assert.ok(!codes(gross('8.5 x 5.0 x 4.0 cm', '4.5 x 3.0 x 1.5 cm')).includes('size-conflict'));
    assert.ok(codes(gross('8.5 x 5.0 x 4.0 cm', '7.5 x 3.0 x 1.5 cm')).includes('size-conflict'), 'the tumour\'s own size still counts');
    // A resection given with its weight: the measurement after the weight is the specimen's (custom-protocol probe 2, D8).
    const thyroid = 'GROSS DESCRIPTION:\nRight hemithyroidectomy, 38 g, 6.0 x 3.5 x 3.0 cm, with a 0.6 cm white tumour.\n\nDIAGNOSIS:\nRight hemithyroidectomy: papillary microcarcinoma, 6 mm.\n';
    assert.ok(!codes(thyroid).includes('size-conflict'));
    assert.ok(codes(thyroid.replace('a 0.6 cm white tumour', 'a 2.6 cm white tumour')).includes('size-conflict'), 'the tumour\'s own size still counts');
  });
});

describe('laterality-conflict in a workspace protocol: the protocol\'s own organ and procedure words', () => {
  // An institution's testis protocol (test data): no built-in word names its organ or its resection.
  const rules = {
    elements: {
      'testis-laterality': { label: 'Laterality', kind: 'enumeration', fieldKeys: ['laterality'], answers: [{ id: 'left', label: 'Left', patterns: ['left'] }, { id: 'right', label: 'Right', patterns: ['right'] }], answersOnly: true, near: { patterns: ['testis', 'testes', 'testicle', 'orchi\\w*'], reach: 30 }, satisfy: 'state the side' },
    },
    checklists: [
      {
        id: 'testis-orchiectomy', title: 'Testicular germ cell tumour, orchiectomy (institutional)', shortTitle: 'Testis', reportType: 'pathology',
        appliesWhen: { diagnosis: ['seminoma', 'germ cell tumou?r'], site: ['testis', 'testes', 'testicular'], procedures: ['(?:radical )?orchi(?:d)?ectomy'] },
        source: 'institutional testis checklist (test data)',
        items: [{ element: 'testis-laterality', code: 'missing-laterality', requirement: 'required', source: 'test data' }],
      },
    ],
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-lat-')), 'rules.json');
  fs.writeFileSync(file, JSON.stringify(rules));
  const { knowledge, problems } = loadKnowledge([file]);
  const codes = (diagnosis: string) => analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${diagnosis}\n`, { reportType: 'pathology', knowledge }).diagnostics.map((d) => d.code);

  it('a left and a right said of its organ or its resection conflict', () => {
    assert.deepEqual(problems, []);
    assert.ok(codes('Right radical orchiectomy: seminoma, 3.1 cm, confined to the testis.\nLeft testis: seminoma.').includes('laterality-conflict'));
  });
  it('both sides in one sentence describe both, no conflict (custom-protocol probe 2, D4: a thyroid\'s two lobes)', () => {
    const one = 'Bilateral radical orchiectomy: seminoma, 3.1 cm (right testis) and 1.2 cm (left testis).';
    assert.equal(analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${one}\n`, { reportType: 'pathology', knowledge }).checklist?.checklist.id, 'testis-orchiectomy');
    assert.ok(!codes(one).includes('laterality-conflict'));
    assert.ok(codes('Right radical orchiectomy: seminoma, 3.1 cm (right testis).\nLeft testis: seminoma, 1.2 cm.').includes('laterality-conflict'), 'in two statements they still conflict');
  });
  it('near misses: the other testis said to be normal, or a side beside no word of the organ, is no conflict', () => {
    assert.ok(!codes('Right radical orchiectomy: seminoma, 3.1 cm, confined to the testis.\nLeft testis: normal on ultrasound.').includes('laterality-conflict'));
    assert.ok(!codes('Right radical orchiectomy: seminoma, 3.1 cm, confined to the right testis.\nLeft inguinal hernia repair noted.').includes('laterality-conflict'));
  });
});
