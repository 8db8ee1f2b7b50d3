/** Synthetic drafts for the benchmark, built from realistic sections. */
export const BASE_DRAFT = `SURGICAL PATHOLOGY REPORT

CLINICAL HISTORY:
62-year-old with a left renal mass found on CT for flank pain and hematuria. History of hypertension.

GROSS DESCRIPTION:
Received fresh, labeled "left kidney", is a radical nephrectomy specimen weighing 1250 g and measuring 18 x 12 x 9 cm. Serial sectioning reveals a 12.5 x 10 x 8 cm firm, whorled, tan-white mass in the lower pole, abutting the renal sinus. The renal vein is patent and grossly free of tumor. Representative sections are submitted.

MICROSCOPIC DESCRIPTION:
The tumor consists of intersecting fascicles of spindle cells with blunt-ended, cigar-shaped nuclei and eosinophilic fibrillary cytoplasm. There is moderate nuclear pleomorphism. Coagulative tumor necrosis involves about 30% of the tumor. Mitotic figures number 14 per 10 high-power fields, including atypical forms. No epithelial component is identified in multiple sections. No fat or thick-walled hyalinized vessels are seen.

IMMUNOHISTOCHEMISTRY:
SMA: positive (diffuse)
Desmin: positive (patchy)
h-caldesmon: positive
Cytokeratin AE1/AE3: negative
PAX8: negative
S-100: negative
HMB-45: negative
Melan-A: negative

DIAGNOSIS:
Left kidney, radical nephrectomy:
- Leiomyosarcoma, 12.5 cm, FNCLCC grade 2 (differentiation score 2, mitotic score 2, necrosis score 1; total 5).
- Margins negative (R0); closest margin 4 mm (renal sinus margin).
- Renal vein and IVC not involved.
- Lymph nodes: none submitted.
- pT2b pNX (AJCC 8th, retroperitoneum).

COMMENT:
The differential diagnosis of a spindle cell renal tumour includes sarcomatoid carcinoma and angiomyolipoma; the immunoprofile supports leiomyosarcoma.
`;

/** A draft of about `bytes` characters: the base report, with its microscopic description repeated. */
export function draftOfSize(bytes: number): string {
  const micro = BASE_DRAFT.slice(BASE_DRAFT.indexOf('The tumor consists'), BASE_DRAFT.indexOf('\n\nIMMUNOHISTOCHEMISTRY'));
  let extra = '';
  // Each repetition differs (its own block number and counts), so no two blocks are the same text.
  for (let i = 1; BASE_DRAFT.length + extra.length < bytes; i++) extra += `\n\nBlock ${i}. ` + micro.replace('14 per 10', `${i % 40} per 10`).replace('30%', `${i % 90}%`);
  const at = BASE_DRAFT.indexOf('\n\nIMMUNOHISTOCHEMISTRY');
  return BASE_DRAFT.slice(0, at) + extra.slice(0, Math.max(0, bytes - BASE_DRAFT.length)) + BASE_DRAFT.slice(at);
}

/** A breast resection draft (the breast protocol applies), in the same shape: prose sections, a synoptic block, a diagnosis line to type at. */
export const BREAST_DRAFT = `SURGICAL PATHOLOGY REPORT

CLINICAL HISTORY:
58-year-old woman with a left breast mass at 2 o'clock; core biopsy showed invasive carcinoma. No neoadjuvant therapy.

GROSS DESCRIPTION:
A. Received fresh, labeled "left breast lumpectomy", is an oriented lumpectomy specimen measuring 7.5 x 6.0 x 3.5 cm, inked by margin. Sectioning reveals a firm, stellate, tan-white mass measuring 2.1 x 1.8 x 1.6 cm, 0.4 cm from the anterior margin. Representative sections are submitted.
B. Received labeled "left axillary sentinel lymph nodes" are three lymph nodes, 0.5 to 1.4 cm, each bisected and entirely submitted.

MICROSCOPIC DESCRIPTION:
The tumor consists of nests, cords and poorly formed glands of carcinoma cells infiltrating a desmoplastic stroma. Tubule formation is seen in less than 10% of the tumor. Nuclei are moderately pleomorphic with visible nucleoli. Mitotic figures number 6 per 10 high-power fields. Intermediate-grade ductal carcinoma in situ of solid and cribriform type accompanies the invasive tumor. No lymphovascular invasion is identified.

BREAST BIOMARKERS:
Estrogen receptor (ER): Positive (95% of tumor nuclei, strong intensity)
Progesterone receptor (PR): Positive (60% of tumor nuclei, moderate intensity)
HER2 (IHC): Negative (score 1+)

DIAGNOSIS:
A. Left breast, lumpectomy:
- Invasive ductal carcinoma of no special type, Nottingham grade 2 (tubules 3, nuclei 2, mitoses 1; total score 6), 2.1 cm.
- Ductal carcinoma in situ, intermediate grade, present.
- Margins negative for invasive carcinoma and DCIS; closest margin 4 mm (anterior).
- Lymphovascular invasion not identified.
B. Left axillary sentinel lymph nodes: three lymph nodes, negative for metastatic carcinoma (0/3).

Pathologic stage (AJCC 8th): pT2 pN0(sn)
Specimen laterality: Left
`;

/** A breast draft of about `bytes` characters, its microscopic description repeated as kidney drafts are. */
export function breastDraftOfSize(bytes: number): string {
  const micro = BREAST_DRAFT.slice(BREAST_DRAFT.indexOf('The tumor consists'), BREAST_DRAFT.indexOf('\n\nBREAST BIOMARKERS'));
  let extra = '';
  for (let i = 1; BREAST_DRAFT.length + extra.length < bytes; i++) extra += `\n\nBlock A${i}. ` + micro.replace('6 per 10', `${i % 40} per 10`).replace('10%', `${i % 90}%`);
  const at = BREAST_DRAFT.indexOf('\n\nBREAST BIOMARKERS');
  return BREAST_DRAFT.slice(0, at) + extra.slice(0, Math.max(0, bytes - BREAST_DRAFT.length)) + BREAST_DRAFT.slice(at);
}
