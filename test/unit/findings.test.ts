import assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';
import { documents } from '../../server/src/engine/findings/assess';

const findings = (text: string) => analyze(`DIAGNOSIS:\n${text}\n`, { reportType: 'pathology' }).findings;

describe('findings: grade', () => {
  it('reads the forms a grade takes', () => {
    const cases: [string, string, number | undefined][] = [
      ['FNCLCC grade 2 of 3.', 'fnclcc', 2],
      ['Histologic grade (FNCLCC): 3', 'fnclcc', 3],
      ['WHO/ISUP grade 4.', 'who-isup', 4],
      ['Grade: II', 'unspecified', 2],
      ['pT2a N0 G3', 'unspecified', 3],
      ['Fuhrman nuclear grade 2.', 'fuhrman', 2],
    ];
    for (const [text, system, value] of cases) {
      const g = findings(text).grades[0];
      assert.ok(g, text);
      assert.equal(g.system, system, text);
      assert.equal(g.value, value, text);
    }
  });

  it('counts "cannot be assessed" and a tier in words as a stated grade', () => {
    assert.equal(findings('Grade cannot be assessed on this sample.').grades[0].cannotAssess, true);
    assert.equal(findings('High-grade leiomyosarcoma.').grades[0].tier, 'high');
  });

  it('near misses: an empty grade field, "upgraded", a differentiation score', () => {
    assert.equal(findings('Histologic grade: ___').grades.length, 0);
    assert.equal(findings('The lesion was upgraded after review.').grades.length, 0);
    assert.equal(findings('Differentiation score: 2').grades.length, 0);
  });
});

describe('findings: margins, veins, necrosis, size, laterality', () => {
  it('margin status in words, R classes and distances', () => {
    assert.equal(findings('Margins free of tumor.').margins[0].status, 'negative');
    assert.equal(findings('Tumor is present at the inked margin.').margins[0].status, 'positive');
    assert.equal(findings('Margins: R1').margins[0].rClass, 'R1');
    assert.equal(findings('Margins are not involved.').margins[0].status, 'negative');
    const d = findings('The tumor is 0.4 cm from the closest (perinephric) margin.').margins[0];
    assert.equal(d.distanceMm, 4);
    assert.equal(findings('Margins cannot be assessed (fragmented specimen).').margins[0].status, 'cannot-assess');
  });

  it('a "renal vein margin" is a margin, not a statement about the vein', () => {
    const f = findings('Renal vein margin: negative.');
    assert.equal(f.venous.length, 0);
    assert.equal(f.margins[0].status, 'negative');
  });

  it('renal vein and IVC status, negated and positive', () => {
    const v = (t: string) => findings(t).venous.map((x) => `${x.vessel}:${x.status}`);
    assert.deepEqual(v('IVC not involved.'), ['ivc:not-involved']);
    assert.deepEqual(v('The renal vein and IVC are patent.'), ['renal-vein:not-involved', 'ivc:not-involved']);
    assert.deepEqual(v('Tumor thrombus extends into the renal vein; the IVC is free of tumor.'), ['venous:involved', 'renal-vein:involved', 'ivc:not-involved']);
    assert.deepEqual(v('Renal vein invasion cannot be assessed.'), ['renal-vein:cannot-assess']);
    // A vessel the surgeon did not send cannot be assessed: that states it.
    assert.deepEqual(v('IVC: not received.'), ['ivc:cannot-assess']);
    assert.deepEqual(v('The vena cava was not submitted with the specimen.'), ['ivc:cannot-assess']);
    assert.deepEqual(v('Sections of the renal vein are submitted.'), [], 'a mention without a status states nothing');
  });

  it('necrosis present with extent, and absent', () => {
    const n = findings('Tumor necrosis is present (60%).').necrosis[0];
    assert.equal(n.present, true);
    assert.equal(n.extent, 'ge50');
    assert.equal(findings('No tumor necrosis.').necrosis[0].present, false);
    assert.equal(findings('Necrosis: absent').necrosis[0].present, false);
    assert.equal(findings('Non-necrotic tumor.').necrosis[0].present, false);
  });

  it('tumour size, not specimen size nor margin distance', () => {
    const s = findings('The specimen measures 25 x 15 x 10 cm and contains a 12 cm tumor, 3 mm from the margin.').sizes;
    assert.deepEqual(s.map((x) => x.greatestCm), [12]);
    assert.deepEqual(findings('Tumor size: 45 mm').sizes.map((x) => x.greatestCm), [4.5]);
    // Where the tumour arises is not a distance: "from the" before a size does not disqualify it.
    assert.deepEqual(findings('Leiomyosarcoma arising from the renal capsule, 14 cm, FNCLCC grade 3.').sizes.map((x) => x.greatestCm), [14]);
    assert.deepEqual(findings('The closest margin is 5 mm away from the tumour.').sizes, []);
  });

  it('another thing\'s size is not the tumour\'s: a list of node sizes, a tumour bed, a staple line, the wedge or lobe just named (the multi-part probe)', () => {
    const sizes = (text: string) => findings(text).sizes.map((x) => x.greatestCm);
    assert.deepEqual(sizes('Part A consists of two lymph nodes measuring 1.8 cm and 0.9 cm.'), []);
    assert.deepEqual(sizes('A 3.5 x 2.5 x 2.0 cm tumor bed surrounds the clip.'), []);
    assert.deepEqual(sizes('A 3.5 x 2.5 x 2.0 cm area of fibrosis (tumour bed) surrounds the clip.'), []);
    assert.deepEqual(sizes('Residual invasive ductal carcinoma, 0.4 cm (largest focus), within a 3.5 cm tumor bed.'), [0.4]);
    // The tumour named again after a semicolon is what is measured (blind extract probe, m19); without it, the node's.
    assert.deepEqual(sizes('Residual viable tumour: 20% of tumour bed; estimated viable tumour size 0.9 cm.'), [0.9]);
    assert.deepEqual(sizes('One lymph node with metastatic carcinoma measuring 0.6 cm.'), []);
    assert.deepEqual(sizes('One lymph node; the metastatic deposit measures 0.6 cm.'), []);
    // Units spelled out, as dictation writes them (blind dictation probe, B).
    assert.deepEqual(sizes('Tumor size 2.4 centimeters.'), [2.4]);
    assert.deepEqual(sizes('The tumour measures 15 millimetres.'), [1.5]);
    // A depth or a thickness is no size (blind workspace probe 3, d4); the tumour's own size beside it is.
    assert.deepEqual(sizes('The carcinoma invades through the muscularis propria into pericolorectal tissue to a depth of 6 mm.'), []);
    assert.deepEqual(sizes('A 4.5 cm tumour invades to a depth of 6 mm.'), [4.5]);
    assert.deepEqual(sizes('A. Wedge 8.5 x 3.0 x 2.0 cm with an 8.0 cm staple line; a 1.8 x 1.5 x 1.3 cm firm nodule lies 0.6 cm from the staple line.'), [1.8]);
    assert.deepEqual(sizes('A. The wedge measures 8.5 x 3.0 x 2.0 cm.'), []);
    assert.deepEqual(sizes('A. Wedge resection, 8.5 x 3.0 x 2.0 cm, with a 1.8 cm firm nodule.'), [1.8]);
    assert.deepEqual(sizes('Left upper lobe 14 x 9 x 4 cm with a 1.8 cm firm nodule.'), [1.8]);
    assert.deepEqual(sizes('LLL 16 x 10 x 4 cm with a 2.2 cm firm nodule.'), [2.2]);
    // Another organ measured in a radiology report (blind radiology probe r23).
    assert.deepEqual(sizes('The liver is enlarged at 18 cm, with no focal lesion.'), []);
    assert.deepEqual(sizes('The spleen measures 10 cm.'), []);
    assert.deepEqual(sizes('Liver: 18 cm, no focal lesion.'), []);
    assert.deepEqual(sizes('Hepatomegaly (18 cm), no focal lesion.'), []);
    assert.deepEqual(sizes('A 4.2 cm solid mass in the left kidney abuts the liver.'), [4.2]);
    // Near misses: a tumour named after the organ keeps its size; a list of tumour sizes stays a list.
    assert.deepEqual(sizes('Left upper lobe, 2.5 cm mass.'), [2.5]);
    assert.deepEqual(sizes('Two tumours measuring 1.8 cm and 0.9 cm.'), [1.8, 0.9]);
  });

  it('a unit after a number ends a sentence ("720 g. There is a tumour ...")', () => {
    const s = findings('Specimen consists of a radical nephrectomy, 720 g. There is a tumour measuring 14 x 11 x 9 cm.').sizes;
    assert.deepEqual(s.map((x) => x.greatestCm), [14]);
  });

  it('laterality tied to the organ, not any "left"', () => {
    assert.deepEqual(findings('Left kidney, radical nephrectomy.').laterality.map((l) => l.side), ['left']);
    assert.deepEqual(findings('Laterality: Right').laterality.map((l) => l.side), ['right']);
    assert.equal(findings('No tumor is left in the block.').laterality.length, 0);
  });

  it('history and hypothetical statements do not document', () => {
    const a = analyze('CLINICAL HISTORY:\nPrior left nephrectomy for leiomyosarcoma.\n\nDIAGNOSIS:\nIf the margins are positive, re-excision is advised.\n', { reportType: 'pathology' });
    assert.ok(a.findings.histologicTypes.every((t) => !documents(t)));
    assert.ok(a.findings.margins.every((m) => !documents(m)));
  });
});
