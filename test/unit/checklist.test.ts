import assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';

const LMS = (extra: string) => `SURGICAL PATHOLOGY

DIAGNOSIS:
Left kidney, radical nephrectomy: leiomyosarcoma, 9 cm, FNCLCC grade 2.
Margins negative (R0). Renal vein and IVC not involved. Tumor necrosis present (20%). Mitoses 8 per 10 HPF.
Lymph nodes: none submitted. pT2b NX.
SMA positive, desmin positive, AE1/AE3 negative, S-100 negative, HMB-45 negative.
${extra}`;

const codes = (text: string, type: 'pathology' | 'radiology' = 'pathology') => analyze(text, { reportType: type }).diagnostics.map((d) => d.code).sort();

describe('checklists: selection', () => {
  it('a radiology report whose findings sit under "Report:", "Description:" or "Observations:" is read as findings (blind radiology probe r04)', () => {
    const missing = (header: string) =>
      analyze(`CT ABDOMEN\n\nCOMPARISON: None.\n\n${header}\nA 4.2 cm solid enhancing mass in the lower pole of the left kidney. No macroscopic fat. The left renal vein and IVC are patent. No lymphadenopathy. No metastases.\n\nIMPRESSION:\n4.2 cm enhancing left renal mass.\n`, { reportType: 'radiology' })
        .diagnostics.filter((d) => d.code.startsWith('missing-')).map((d) => d.code);
    assert.deepEqual(missing('FINDINGS:'), []);
    assert.deepEqual(missing('REPORT:'), []);
    assert.deepEqual(missing('Observations:'), []);
  });
  it('a resection named only in a comment, a recommendation or an addendum is not this specimen\'s (blind probe n01, n05)', () => {
    const id = (body: string) => analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${body}\n`, { reportType: 'pathology' }).checklist?.checklist.id;
    const CORE = "Left breast, 2 o'clock, core needle biopsy: invasive ductal carcinoma, Nottingham grade 2.";
    assert.equal(id(`${CORE}\n\nCOMMENT:\nTumour size, margins and nodal status will be assessed on the excision specimen.`), undefined);
    assert.equal(id(`${CORE}\n\nRECOMMENDATION:\nLumpectomy is recommended.`), undefined);
    assert.equal(id('Rectum, biopsies: invasive adenocarcinoma, moderately differentiated.\n\nCOMMENT:\nMRI pelvis staging is recommended before any anterior resection.'), undefined);
    // The resection in the diagnosis, with a comment and an addendum after it: still a resection.
    assert.equal(id('Left breast, lumpectomy: invasive ductal carcinoma, Nottingham grade 2, 23 mm.\n\nCOMMENT:\nThe lumpectomy margins are discussed above.\n\nADDENDUM:\nHER2 ISH: not amplified.'), 'breast-invasive-resection');
  });
  it('a Bosniak IV cystic mass keeps the renal mass checklist beside a named simple cyst; a simple cyst alone gets none (blind radiology probe r26)', () => {
    const id = (f: string) => analyze(`FINDINGS:\n${f}\nIMPRESSION:\nAs above.\n`, { reportType: 'radiology' }).checklist?.checklist.id;
    assert.equal(id('Right kidney: 3.6 cm Bosniak IV cystic renal mass with an enhancing mural nodule. Left kidney: 1.4 cm simple cyst.'), 'radiology-renal-mass');
    assert.equal(id('Right kidney: 3.6 cm cystic renal mass with thick septa. Left kidney: 1.4 cm simple cyst.'), 'radiology-renal-mass');
    assert.equal(id('Left kidney: 1.4 cm simple cyst (Bosniak I).'), undefined);
  });
  it('radiology: another organ\'s vein does not state the renal vein or IVC (blind radiology probe r05)', () => {
    const ivc = (line: string) => analyze(`FINDINGS:\nA 4.2 cm solid enhancing mass in the left kidney. No macroscopic fat. No lymphadenopathy. No metastases.\n${line}\nIMPRESSION:\n4.2 cm left renal mass.\n`, { reportType: 'radiology' }).diagnostics.some((d) => d.code === 'missing-ivc-extension');
    assert.equal(ivc('The portal vein is patent.'), true);
    assert.equal(ivc('No portal vein thrombosis. The splenic and superior mesenteric veins are patent.'), true);
    assert.equal(ivc('The left renal vein and IVC are patent.'), false);
    assert.equal(ivc('No venous invasion.'), false);
  });
  it('radiology, the second renal imaging probe: a distance to the IVC, another organ\'s side, fat stranding, an enhancing mass beside a hyperdense cyst', () => {
    const FIND = 'A 5.6 cm solid enhancing mass in the left kidney. No macroscopic fat. No lymphadenopathy. No metastases.';
    const codes = (f: string) => analyze(`FINDINGS:\n${f}\nIMPRESSION:\nRenal mass. Recommend biopsy.\n`, { reportType: 'radiology' }).diagnostics.map((d) => d.code);
    // "to within 1.5 cm of the IVC" measures a distance to the IVC; it does not involve it (m1).
    assert.ok(!codes(`${FIND}\nTumor thrombus expands the left renal vein to within 1.5 cm of the IVC. The IVC is free of thrombus.`).includes('ivc-conflict'));
    assert.ok(codes(`${FIND}\nTumor thrombus extends into the IVC. The IVC is free of thrombus.`).includes('ivc-conflict'), 'near miss: a thrombus in the IVC still conflicts');
    // A side next to the adrenal is the adrenal's, not the mass's (m4).
    assert.ok(codes('A 3.8 cm solid enhancing mass in the upper pole of the kidney. No macroscopic fat.\n1.4 cm left adrenal nodule, consistent with an adenoma.\nThe renal veins and IVC are patent.').includes('missing-laterality'));
    // "No fat stranding" says nothing of the mass's fat (m5); "no macroscopic fat" does.
    assert.ok(codes('A 4.5 cm solid enhancing mass in the right kidney. No fat stranding.\nThe right renal vein and IVC are patent.').includes('missing-macroscopic-fat'));
    assert.ok(!codes('A 4.5 cm solid enhancing mass in the right kidney. No macroscopic fat.\nThe right renal vein and IVC are patent.').includes('missing-macroscopic-fat'));
    // An avidly enhancing renal mass keeps its checklist beside a hyperdense cyst in the other kidney (m7).
    const id = (f: string) => analyze(`FINDINGS:\n${f}\nIMPRESSION:\nAs above.\n`, { reportType: 'radiology' }).checklist?.checklist.id;
    assert.equal(id('A 4.4 cm avidly enhancing right renal mass. No macroscopic fat.\n1.2 cm hyperdense cyst in the left kidney.'), 'radiology-renal-mass');
    assert.equal(id('1.2 cm hyperdense cyst in the left kidney.'), undefined);
  });
  it('an intraoperative consultation report alone gets no resection checklist; a report with its final diagnosis does (blind probe n20)', () => {
    const FS = 'Frozen section (FS1):\nRight lower lobe, wedge resection: MALIGNANT. Non-small cell carcinoma, favour adenocarcinoma.\n';
    const id = (t: string) => analyze(t, { reportType: 'pathology' }).checklist?.checklist.id;
    assert.equal(id(`INTRAOPERATIVE CONSULTATION (FROZEN SECTION) REPORT\n\n${FS}\nPermanent sections and the final diagnosis will follow.\n`), undefined);
    assert.equal(id(`INTRAOPERATIVE CONSULTATION (FROZEN SECTION) REPORT\n\n${FS}\nFINAL DIAGNOSIS:\nRight lower lobe, wedge resection: invasive adenocarcinoma, acinar predominant, 1.6 cm.\n`), 'lung-resection');
    assert.equal(id(`SURGICAL PATHOLOGY REPORT\n\n${FS}\nDIAGNOSIS:\nRight lower lobe, wedge resection: invasive adenocarcinoma, acinar predominant, 1.6 cm.\n`), 'lung-resection');
    // An addendum-only report restating the original diagnosis (n21).
    const ADD = 'HER2 ISH: not amplified (ratio 1.4).\n\nThe original diagnosis (left breast, lumpectomy: invasive ductal carcinoma, Nottingham grade 2, 23 mm) is unchanged.\n';
    assert.equal(id(`SURGICAL PATHOLOGY - ADDENDUM REPORT\n\n${ADD}`), undefined);
    assert.equal(id(`SURGICAL PATHOLOGY REPORT\n\n${ADD}`), 'breast-invasive-resection');
  });
  it('a metastatic renal cell carcinoma in another organ gets no kidney checklist; a kidney specimen still does (blind probe of reports that should stay silent, n15)', () => {
    const id = (dx: string) => analyze(`SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\n${dx}\n`, { reportType: 'pathology' }).checklist?.checklist.id;
    assert.equal(id('Lung, left upper lobe, lobectomy: metastatic clear cell renal cell carcinoma, 2.9 cm.'), undefined);
    assert.equal(id('Bone, right femur, curettage: metastatic clear cell renal cell carcinoma.'), undefined);
    assert.equal(id('Lung, left upper lobe, CT-guided core needle biopsy: metastatic clear cell renal cell carcinoma.'), undefined);
    assert.equal(id('Left kidney, radical nephrectomy: clear cell renal cell carcinoma, 6.5 cm.'), 'kidney-rcc-resection');
    assert.equal(id('Renal mass, left, core needle biopsy: clear cell renal cell carcinoma.'), 'kidney-biopsy');
  });
  it('a renal leiomyosarcoma resection uses the soft tissue elements', () => {
    assert.equal(analyze(LMS(''), { reportType: 'pathology' }).checklist?.checklist.id, 'renal-sarcoma-resection');
  });
  it('a renal cell carcinoma resection uses the kidney protocol', () => {
    assert.equal(analyze('DIAGNOSIS:\nRight kidney, partial nephrectomy: clear cell renal cell carcinoma.\n', { reportType: 'pathology' }).checklist?.checklist.id, 'kidney-rcc-resection');
  });
  it('a biopsy is not a resection', () => {
    assert.equal(analyze('DIAGNOSIS:\nLeft kidney, core needle biopsy: leiomyosarcoma.\n', { reportType: 'pathology' }).checklist?.checklist.id, 'kidney-biopsy');
  });
  it('a draft with no tumour diagnosis gets no missing-element warnings', () => {
    assert.deepEqual(codes('SURGICAL PATHOLOGY\n\nGROSS DESCRIPTION:\nReceived in formalin is a kidney.\n'), []);
    assert.deepEqual(codes('DIAGNOSIS:\nKidney, nephrectomy: negative for malignancy. No leiomyosarcoma.\n'), []);
  });
  it('a diagnosis only in the clinical history does not choose a checklist', () => {
    assert.deepEqual(codes('CLINICAL HISTORY:\nHistory of leiomyosarcoma.\n\nDIAGNOSIS:\nPending.\n'), []);
  });
  it('radiology: a Bosniak II cyst is not a renal mass, nor is the exam title; a solid component brings the checklist back', () => {
    assert.equal(analyze('CT RENAL MASS PROTOCOL\n\nFINDINGS:\nLeft kidney: 2.8 cm lesion, a hyperdense cyst (Bosniak II).\n', { reportType: 'radiology' }).checklist, undefined);
    assert.equal(analyze('FINDINGS:\nLeft renal lesion: Bosniak II cyst. Separate 3 cm solid right renal mass.\n', { reportType: 'radiology' }).checklist?.checklist.id, 'radiology-renal-mass');
  });
  it('a bare "Clinical:" line is clinical history too (shorthand probe s28)', () => {
    const a = analyze('SURGICAL PATHOLOGY\nSpec: L kidney, radical nephrectomy\nClinical: L renal hilar mass, core bx spindle cell neoplasm.\n\nGROSS: Nephrectomy with a whorled tumour 95 x 80 x 70 mm.\n\nDx: L kidney, radical nephrectomy: leiomyosarcoma, 9.5 cm.\n', { reportType: 'pathology' });
    assert.equal(a.checklist?.checklist.id, 'renal-sarcoma-resection');
  });
  it('a diagnosis in "Clinical details:" is clinical history', () => {
    assert.equal(analyze('Clinical details: Right renal mass, ?RCC.\n\nGROSS DESCRIPTION:\nKidney.\n', { reportType: 'pathology' }).checklist, undefined);
  });
  it('radiology: a renal mass chooses the renal mass checklist; "no renal mass" does not', () => {
    assert.equal(analyze('FINDINGS:\nA 4 cm solid left renal mass.\n', { reportType: 'radiology' }).checklist?.checklist.id, 'radiology-renal-mass');
    assert.equal(analyze('FINDINGS:\nNo renal mass. Kidneys are normal.\n', { reportType: 'radiology' }).checklist, undefined);
  });
});

describe('checklists: missing elements, negation-aware', () => {
  it('a complete draft, stated partly by negations, has no diagnostics', () => {
    assert.deepEqual(codes(LMS('')), []);
  });

  it('flags grade, margins and IVC when they are absent', () => {
    const text = LMS('').replace(', FNCLCC grade 2', '').replace('Margins negative (R0). Renal vein and IVC not involved. ', '');
    assert.deepEqual(codes(text), ['missing-grade', 'missing-ivc-extension', 'missing-margin-status']);
  });

  it('negated statements document their element', () => {
    const text = LMS('').replace('Tumor necrosis present (20%).', 'No tumor necrosis.').replace('Margins negative (R0).', 'Margins free of tumor.').replace('Renal vein and IVC not involved.', 'IVC not involved.');
    assert.deepEqual(codes(text), []);
  });

  it('radiology: organ lines state distant metastasis ("Liver: No focal lesion."); a report silent on them does not', () => {
    const rad = (extra: string) => `FINDINGS:\nKidneys: 4.5 cm enhancing solid right renal mass without macroscopic fat. Renal vein and IVC patent. No lymphadenopathy.\n${extra}\nIMPRESSION:\nSolid right renal mass. Recommend percutaneous biopsy.\n`;
    assert.deepEqual(codes(rad('Liver: No focal lesion.\nBones: No suspicious osseous lesion.\n'), 'radiology'), []);
    assert.deepEqual(codes(rad('No suspicious lytic or sclerotic lesions.\n'), 'radiology'), []);
    assert.deepEqual(codes(rad('Spleen: Normal.\n'), 'radiology'), ['missing-metastasis']);
  });

  it('renal vein involved without the IVC status is still missing the IVC', () => {
    const text = LMS('').replace('Renal vein and IVC not involved.', 'Tumor invades the renal vein.');
    const a = analyze(text, { reportType: 'pathology' });
    const d = a.diagnostics.find((x) => x.code === 'missing-ivc-extension');
    assert.ok(d);
    assert.match(d.message, /inferior vena cava/);
  });

  it('an empty synoptic field does not state its element', () => {
    const text = LMS('').replace(', FNCLCC grade 2', '') + 'Histologic grade (FNCLCC): ___\n';
    assert.deepEqual(codes(text), ['missing-grade']);
  });

  it('"cannot be assessed" counts as stated', () => {
    const text = LMS('').replace(', FNCLCC grade 2', '') + 'Histologic grade: cannot be assessed\n';
    assert.deepEqual(codes(text), []);
  });

  it('IHC: no results at all, then a partial panel naming what is missing', () => {
    const none = LMS('').replace('SMA positive, desmin positive, AE1/AE3 negative, S-100 negative, HMB-45 negative.', '');
    assert.deepEqual(codes(none), ['missing-ihc-panel']);
    const partial = LMS('').replace(', S-100 negative, HMB-45 negative', '');
    const a = analyze(partial, { reportType: 'pathology' });
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['incomplete-ihc-panel']);
    assert.match(a.diagnostics[0].message, /S-100 and HMB-45/);
  });

  it('required elements warn, recommended ones inform', () => {
    // "NX" states the nodes (not assessable), so it goes too.
    const text = LMS('').replace('Mitoses 8 per 10 HPF.', '').replace('Lymph nodes: none submitted. pT2b NX.', 'pT2b.');
    const a = analyze(text, { reportType: 'pathology' });
    assert.deepEqual(a.diagnostics.map((d) => `${d.code}:${d.severity}`).sort(), ['missing-lymph-nodes:information', 'missing-mitotic-count:information']);
  });

  it('a missing element points at the diagnosis header, inside the document', () => {
    const text = LMS('').replace(', FNCLCC grade 2', '');
    const d = analyze(text, { reportType: 'pathology' }).diagnostics[0];
    assert.equal(text.slice(d.span.start, d.span.end), 'DIAGNOSIS:');
  });

  it('severity overrides and "off"', () => {
    const text = LMS('').replace(', FNCLCC grade 2', '').replace('Mitoses 8 per 10 HPF.', '');
    const a = analyze(text, { reportType: 'pathology', severities: { 'missing-grade': 'error', 'missing-mitotic-count': 'off' } });
    assert.deepEqual(a.diagnostics.map((d) => `${d.code}:${d.severity}`), ['missing-grade:error']);
  });

  it('treatment effect is asked for only after neoadjuvant therapy', () => {
    assert.ok(!codes(LMS('')).includes('missing-treatment-effect'));
    const text = `CLINICAL HISTORY:\nStatus post neoadjuvant radiotherapy.\n\n${LMS('')}`;
    assert.deepEqual(codes(text), ['missing-treatment-effect']);
  });
});
