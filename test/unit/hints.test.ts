import assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';

const hints = (text: string, type: 'pathology' | 'radiology' = 'pathology') =>
  analyze(text, { reportType: type })
    .diagnostics.filter((d) => d.code.startsWith('hint-'))
    .map((d) => d.code);

describe('differential hints: fire on the drafts that call for them', () => {
  it('hint-leiomyoma: not in the prostate or the uterus (bland smooth muscle is their stroma), nor beside an angiomyolipoma (blind probe n17, n19)', () => {
    const hint = (t: string) => analyze(t, { reportType: 'pathology' }).diagnostics.some((d) => d.code === 'hint-leiomyoma');
    const BLAND = 'Fascicles of bland smooth muscle cells without atypia. No necrosis. Mitoses are not seen.';
    assert.equal(hint(`DIAGNOSIS:\nLeft kidney, partial nephrectomy: smooth muscle neoplasm. ${BLAND}\n`), true);
    assert.equal(hint(`DIAGNOSIS:\nProstate, simple prostatectomy: benign prostatic hyperplasia. ${BLAND}\n`), false);
    assert.equal(hint(`DIAGNOSIS:\nLeft kidney, partial nephrectomy: angiomyolipoma (HMB-45 positive). ${BLAND}\n`), false);
  });
  it('hint-sarcomatoid-carcinoma: spindle cells, keratin positive, actin negative', () => {
    const t = 'MICROSCOPIC:\nA spindle cell neoplasm.\nIMMUNOHISTOCHEMISTRY:\nAE1/AE3: positive\nSMA: negative\n';
    assert.deepEqual(hints(t), ['hint-sarcomatoid-carcinoma']);
    const d = analyze(t, { reportType: 'pathology' }).diagnostics[0];
    assert.equal(d.severity, 'information');
    assert.match(d.message, /favours sarcomatoid carcinoma/);
    assert.match(d.message, /epithelial component/);
  });
  it('near miss: keratin positive but actin positive too', () => {
    assert.deepEqual(hints('MICROSCOPIC:\nA spindle cell neoplasm.\nAE1/AE3: positive\nSMA: positive\n'), []);
  });
  it('near miss: keratin negative, actin positive (the LMS pattern)', () => {
    assert.deepEqual(hints('MICROSCOPIC:\nSpindle cell neoplasm, positive for SMA and negative for keratin.\n'), []);
  });

  it('hint-angiomyolipoma: HMB-45 positive, or fat with thick hyalinised vessels', () => {
    assert.deepEqual(hints('MICROSCOPIC:\nSpindle cells positive for HMB-45 and SMA.\n'), ['hint-angiomyolipoma']);
    assert.deepEqual(hints('MICROSCOPIC:\nMature adipose tissue and thick-walled hyalinized blood vessels are present.\n'), ['hint-angiomyolipoma']);
  });
  it('near misses: "no HMB-45 positivity", history of angiomyolipoma of the other kidney, AML already diagnosed', () => {
    assert.deepEqual(hints('MICROSCOPIC:\nThere is no HMB-45 positivity.\n'), []);
    assert.deepEqual(hints('CLINICAL HISTORY:\nHistory of angiomyolipoma of the other kidney.\nMICROSCOPIC:\nHMB-45 negative.\n'), []);
    assert.deepEqual(hints('DIAGNOSIS:\nAngiomyolipoma. HMB-45 positive.\n'), []);
  });
  it('hint-angiomyolipoma on imaging: macroscopic fat in a renal lesion', () => {
    assert.deepEqual(hints('FINDINGS:\nA 3 cm left renal lesion containing macroscopic fat.\n', 'radiology'), ['hint-angiomyolipoma']);
    assert.deepEqual(hints('FINDINGS:\nA 3 cm solid left renal lesion without macroscopic fat. Recommend biopsy.\n', 'radiology'), []);
    // Fat in another organ is not the renal lesion's: an adrenal adenoma of -4 HU.
    assert.deepEqual(hints('FINDINGS:\nA 9 cm solid enhancing right renal mass. No macroscopic fat. A 1.4 cm left adrenal nodule measures -4 HU, consistent with an adenoma.\nRECOMMENDATION:\nPercutaneous biopsy.\n', 'radiology'), []);
  });

  it('hint-leiomyoma: a bland smooth muscle tumour', () => {
    const t = 'MICROSCOPIC:\nFascicles of smooth muscle cells without atypia. No necrosis. Mitoses are rare.\n';
    assert.deepEqual(hints(t), ['hint-leiomyoma']);
  });
  it('near miss: atypia present, or necrosis present', () => {
    assert.deepEqual(hints('MICROSCOPIC:\nSmooth muscle tumour with marked atypia. No necrosis. Mitoses are rare.\n'), []);
    assert.deepEqual(hints('MICROSCOPIC:\nSmooth muscle tumour without atypia. Tumor necrosis is present. Mitoses are rare.\n'), []);
  });

  it('hint-retroperitoneal-origin: LMS with a large retroperitoneal mass', () => {
    assert.deepEqual(hints('DIAGNOSIS:\nLeiomyosarcoma involving the kidney, with a 15 cm retroperitoneal mass.\n'), ['hint-retroperitoneal-origin']);
    assert.deepEqual(hints('DIAGNOSIS:\nLeiomyosarcoma confined to the kidney. No retroperitoneal mass.\n'), []);
  });

  it('hint-ihc-unsupported: LMS whose muscle markers are negative', () => {
    assert.deepEqual(hints('DIAGNOSIS:\nLeiomyosarcoma. SMA negative, desmin negative.\n'), ['hint-ihc-unsupported']);
    assert.deepEqual(hints('DIAGNOSIS:\nLeiomyosarcoma. SMA positive, desmin negative.\n'), []);
  });

  it('hint-imaging-biopsy: a solid renal mass with no tissue recommendation', () => {
    const t = 'FINDINGS:\nA 5 cm solid enhancing mass in the left kidney.\nIMPRESSION:\nSolid left renal mass, indeterminate.\n';
    assert.deepEqual(hints(t, 'radiology'), ['hint-imaging-biopsy']);
    assert.deepEqual(hints(t + 'RECOMMENDATION:\nImage-guided percutaneous biopsy.\n', 'radiology'), []);
    assert.deepEqual(hints('FINDINGS:\nA 5 cm enhancing left renal mass containing macroscopic fat.\n', 'radiology'), ['hint-angiomyolipoma']);
  });

  it('hint-imaging-biopsy near miss: a cystic mass classified by Bosniak is managed by its class, not by biopsy', () => {
    const cyst = 'FINDINGS:\nA 3.6 cm cystic mass in the right kidney with thin septa. Septal enhancement is perceived but not measurable.\nIMPRESSION:\n3.6 cm right renal cystic mass, Bosniak IIF.\n';
    assert.deepEqual(hints(cyst, 'radiology'), []);
    // A solid mass beside Bosniak I cysts of the other kidney still calls for tissue.
    assert.deepEqual(hints('FINDINGS:\nA 4 cm solid enhancing left renal mass. Right kidney: two Bosniak I cysts.\n', 'radiology'), ['hint-imaging-biopsy']);
  });

  it('uncertain and hypothetical statements do not fire hints as if affirmed', () => {
    assert.deepEqual(hints('DIAGNOSIS:\nRule out leiomyosarcoma. SMA negative, desmin negative.\n'), []);
    assert.deepEqual(hints('MICROSCOPIC:\nSpindle cells. HMB-45 positivity cannot be excluded.\n'), []);
  });
});
