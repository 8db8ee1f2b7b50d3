// Generator for the two report grammars (output is committed as static JSON).
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const terms = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/terms.json'), 'utf8')).terms;

const DASH = '[-\\x{2010}-\\x{2015}\\x{2212}]';
function esc(s) {
  let out = '';
  for (const ch of s) {
    if (ch === '-' || ch === '\u2013' || ch === '\u2212') out += DASH;
    else if (/\s/.test(ch)) out += '\\s+';
    else if (/[.*+?^${}()|[\]\\/]/.test(ch)) out += '\\' + ch;
    else out += ch;
  }
  return out;
}
const markers = [];
for (const t of terms.filter((t) => t.category === 'marker')) {
  const exact = new Set(t.exactCase || []);
  for (const s of t.synonyms) markers.push({ s, exact: exact.has(s) });
}
markers.sort((a, b) => b.s.length - a.s.length || a.s.localeCompare(b.s));
const markerAlt = markers.map((m) => (m.exact ? `(?-i:${esc(m.s)})` : esc(m.s))).join('|');
const B = '(?<![A-Za-z0-9])';
const A = '(?![A-Za-z0-9])';

const PATH_HEADERS = ['surgical pathology report', 'pathology report', 'clinical history', 'clinical information', 'clinical data', 'pertinent history', 'history', 'specimens submitted', 'specimen\\(s\\)', 'specimens', 'specimen', 'source of specimen', 'gross description', 'gross examination', 'macroscopic description', 'gross', 'microscopic description', 'microscopic examination', 'microscopic', 'histology', 'immunohistochemical stains', 'immunohistochemical studies', 'immunohistochemical results', 'immunohistochemistry', 'immunostains', 'ihc', 'special stains', 'ancillary studies', 'final pathologic diagnosis', 'final diagnosis', 'pathologic diagnosis', 'pathological diagnosis', 'diagnoses', 'diagnosis', 'synoptic report', 'cancer case summary', 'tumou?r summary', 'synoptic', 'comments', 'comment', 'notes', 'note', 'addendum'];
const RAD_HEADERS = ['radiology report', 'examination', 'exam', 'clinical history', 'clinical information', 'history', 'reason for examination', 'reason for exam', 'clinical indication', 'indications', 'indication', 'technique', 'protocol', 'comparisons', 'comparison', 'prior studies', 'findings', 'finding', 'impressions', 'impression', 'conclusions', 'conclusion', 'recommendations', 'recommendation', 'addendum'];

function common(headers) {
  const known = headers.join('|');
  return {
    header: {
      patterns: [
        {
          comment: 'An upper-case line ending with a colon: a section header ("FINAL DIAGNOSIS:").',
          match: "^\\s*([A-Z][A-Z0-9 ,&/()'\\-]*[A-Z)])\\s*(:)\\s*$",
          name: 'markup.heading.section.report',
          captures: { '1': { name: 'entity.name.section.report' }, '2': { name: 'punctuation.separator.header.report' } },
        },
        {
          comment: 'A known header alone on its line, any case, colon optional ("Diagnosis").',
          match: `(?i)^\\s*(${known})\\s*(:)?\\s*$`,
          name: 'markup.heading.section.report',
          captures: { '1': { name: 'entity.name.section.report' }, '2': { name: 'punctuation.separator.header.report' } },
        },
        {
          comment: 'A known header in capitals followed by inline text ("DIAGNOSIS: Leiomyosarcoma").',
          match: `^\\s*((?-i:${headers.map((h) => h.toUpperCase().replace('\\(S\\)', '\\(S\\)').replace('TOU?R', 'TOU?R')).join('|')}))\\s*(:)`,
          captures: { '1': { name: 'markup.heading.section.report entity.name.section.report' }, '2': { name: 'punctuation.separator.header.report' } },
        },
      ],
    },
    field: {
      comment: 'A synoptic "Key: value" line; the key keeps the scopes of markers and grades inside it.',
      match: '^\\s*(?:[-*\\x{2022}]\\s*|\\+\\s+)?([A-Za-z][^:\\n]{0,60}?)\\s*(:)(?!//|\\d)',
      captures: {
        '1': { name: 'variable.other.key.report support.type.property-name.report', patterns: [{ include: '#inkey' }] },
        '2': { name: 'punctuation.separator.key-value.report' },
      },
    },
    negation: {
      comment: 'Negation cues (ConText-style). "Negative for" is a cue, "negative" after a marker is a result.',
      match: `(?i)\\b(?:not\\s+identified|not\\s+seen|not\\s+present|not\\s+involved|not\\s+detected|negative\\s+for|free\\s+of|absence\\s+of|devoid\\s+of|no\\s+evidence\\s+of|without|absent|uninvolved|none|not|no)\\b`,
      name: 'keyword.operator.negation.report',
    },
    uncertainty: {
      comment: 'Hedges that leave a finding undecided.',
      match: '(?i)\\b(?:cannot\\s+be\\s+(?:excluded|ruled\\s+out)|suspicious\\s+for|suggestive\\s+of|concerning\\s+for|possible|possibly|probable|probably|questionable|equivocal|indeterminate|favou?rs?|favou?red)\\b',
      name: 'keyword.operator.uncertainty.report',
    },
    measurement: {
      comment: 'Measurements with a unit: 5.2 cm, 12 x 8 x 6 cm, 3 mm, 35 HU, 40%.',
      match: '(?<![A-Za-z0-9.])\\d+(?:[.,]\\d+)?(?:\\s*(?:x|X|\\x{00D7}|by)\\s*\\d+(?:[.,]\\d+)?)*\\s*(cm|mm|\\x{00B5}m|\\x{03BC}m|um|mL|ml|cc|kg|g|HU|mm2|mm\\x{00B2}|HPFs?|hpfs?|%)(?![A-Za-z0-9])',
      name: 'constant.numeric.measurement.report',
      captures: { '1': { name: 'keyword.other.unit.report' } },
    },
    number: {
      match: '(?<![A-Za-z0-9.])\\d+(?:\\.\\d+)?(?![A-Za-z0-9])',
      name: 'constant.numeric.report',
    },
  };
}

function grammar(kind) {
  const path_ = kind === 'pathology';
  const repo = common(path_ ? PATH_HEADERS : RAD_HEADERS);
  const tnmPrefix = path_ ? '(?:y|r|yr)?[pc]?' : '(?:y|r|yr)?[pc]';
  repo.tnm = {
    comment: path_ ? 'TNM categories: pT3a, pN0, cM0, pT3aN0M0, ypT2.' : 'TNM categories with their prefix (cT1a, cN0), so that "T2-weighted" is not one.',
    patterns: [
      { match: `${B}${tnmPrefix}T(?:[0-4][a-d]?(?:mi)?|X|is)(?:\\s*\\(m\\))?(?:\\s*(?:y|r|yr)?[pc]?N(?:[0-3][a-c]?(?:mi)?|X)(?:\\((?:sn|i\\+|i-|mol\\+|mol-|f)\\))*)?(?:\\s*(?:y|r|yr)?[pc]?M(?:[01][a-c]?|X))?${A}`, name: 'constant.language.tnm.report' },
      { match: `${B}(?:y|r|yr)?[pc](?:N(?:[0-3][a-c]?(?:mi)?|X)(?:\\((?:sn|i\\+|i-|mol\\+|mol-|f)\\))*|M[01][a-c]?)(?![A-Za-z0-9])`, name: 'constant.language.tnm.report' },
    ],
  };
  repo.grade = {
    patterns: [
      { comment: 'Grading systems.', match: `(?i)${B}(?:FNCLCC|WHO\\s*/\\s*ISUP|ISUP|Fuhrman|Nottingham|Gleason|IASLC|Elston(?:[- ]Ellis)?)${A}`, name: 'keyword.other.grading-system.report' },
      { comment: 'Grade Group 1-5 (prostate) and Gleason sums (3+4=7).', match: `(?i)${B}(?:grade\\s+group\\s*[1-5]|[3-5]\\s*\\+\\s*[3-5](?:\\s*=\\s*(?:[6-9]|10))?)${A}`, name: 'constant.numeric.grade.report' },
      { comment: 'Grade values: grade 1-4 (or I-IV), G1-G3/G4/GX.', match: `(?i)${B}grade\\s*(?:[1-4]|IV|I{1,3})${A}`, name: 'constant.numeric.grade.report' },
      { match: `${B}G[1-4X]${A}`, name: 'constant.numeric.grade.report' },
    ],
  };
  if (path_) {
    repo.residual = { comment: 'Residual tumour classes.', match: `${B}R[0-2X]${A}`, name: 'constant.language.residual-tumour.report' };
    repo.marker = { comment: 'Immunohistochemical markers (generated from the marker terms of terms.json).', match: `(?i)${B}(?:${markerAlt})${A}`, name: 'support.constant.marker.report' };
    repo.positive = {
      comment: 'Positive results: positive, immunoreactive, +, (+), +ve.',
      patterns: [
        { match: `(?i)${B}(?:immuno)?(?:positive|positivity|reactive|reactivity)${A}`, name: 'markup.inserted.result.positive.report' },
        { match: '\\(\\s*\\+{1,3}\\s*\\)|\\+ve\\b', name: 'markup.inserted.result.positive.report' },
        { comment: 'A plus sign right after a marker or number (SMA+, 2+), or standing alone before punctuation or the end; not arithmetic (2 + 3).', match: '(?<=[A-Za-z0-9)])\\+{1,3}(?![A-Za-z0-9])|(?<=\\s)\\+{1,3}(?=\\s*(?:$|[,;.)/]))', name: 'markup.inserted.result.positive.report' },
      ],
    };
    repo.negative = {
      comment: 'Negative results: negative, (-), (\u2013), (\u2212), -ve, and a dash, en dash or minus right after a marker or standing alone before punctuation or the end of the line.',
      patterns: [
        { match: `(?i)${B}(?:immuno)?(?:negative|negativity|non${DASH}?reactive|neg)${A}`, name: 'markup.deleted.result.negative.report' },
        { match: `\\(\\s*${DASH}\\s*\\)|${DASH}ve\\b`, name: 'markup.deleted.result.negative.report' },
        { match: `(?<=[A-Za-z0-9)\\s:])${DASH}(?=\\s*(?:$|[,;.)/]))`, name: 'markup.deleted.result.negative.report' },
      ],
    };
    repo.inkey = { patterns: [{ include: '#marker' }, { include: '#grade' }, { include: '#residual' }, { include: '#tnm' }] };
  } else {
    repo.bosniak = { comment: 'Bosniak classes.', match: `(?i)${B}Bosniak(?:\\s+(?:class|category))?\\s+(?:IIF|IV|I{1,3}|[1-4]F?|2F)${A}`, name: 'constant.language.bosniak.report' };
    repo.thrombusLevel = { comment: 'Mayo (Neves-Zincke) thrombus levels.', match: `(?i)${B}level\\s+(?:0|IV|I{1,3}|[1-4])${A}`, name: 'constant.language.thrombus-level.report' };
    repo.phase = { comment: 'Contrast phases.', match: `(?i)${B}(?:corticomedullary|nephrographic|excretory|arterial|portal\\s+venous|delayed|unenhanced|non${DASH}?contrast|pre${DASH}?contrast)(?:\\s+phases?)?${A}`, name: 'keyword.other.phase.report' };
    repo.inkey = { patterns: [{ include: '#grade' }, { include: '#tnm' }] };
  }
  const order = path_
    ? ['header', 'field', 'negation', 'uncertainty', 'marker', 'grade', 'residual', 'tnm', 'positive', 'negative', 'measurement', 'number']
    : ['header', 'field', 'negation', 'uncertainty', 'bosniak', 'thrombusLevel', 'phase', 'grade', 'tnm', 'measurement', 'number'];
  const out = {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: path_ ? 'Pathology Report' : 'Radiology Report',
    scopeName: path_ ? 'text.report.pathology' : 'text.report.radiology',
    comment: `Synoptic ${kind} report grammar: section headers, synoptic field keys, ${path_ ? 'markers, positive/negative results, grades, R classes, TNM, ' : 'Bosniak classes, thrombus levels, contrast phases, grades, TNM, '}measurements and negation cues. The marker list mirrors the marker terms of server/src/data/terms.json (test/unit/grammar.test.ts checks it).`,
    patterns: order.map((k) => ({ include: `#${k}` })),
    repository: Object.fromEntries(order.concat(['inkey']).map((k) => [k, repo[k]])),
  };
  return out;
}

fs.writeFileSync(path.join(root, 'syntaxes/pathology-report.tmLanguage.json'), JSON.stringify(grammar('pathology'), null, 2) + '\n');
fs.writeFileSync(path.join(root, 'syntaxes/radiology-report.tmLanguage.json'), JSON.stringify(grammar('radiology'), null, 2) + '\n');
console.log('written', markers.length, 'marker spellings');
