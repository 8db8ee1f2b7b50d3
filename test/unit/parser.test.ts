import assert from 'node:assert/strict';
import { parseReport } from '../../server/src/engine/parser';
import { LineIndex, normalize } from '../../server/src/engine/text';

describe('parser: sections, fields and sentences with exact offsets', () => {
  const text = [
    'SURGICAL PATHOLOGY REPORT',
    '',
    'CLINICAL HISTORY:',
    'Left renal mass. History of AML.',
    '',
    'DIAGNOSIS: Left kidney, radical nephrectomy:',
    '- Leiomyosarcoma, 12.5 cm, FNCLCC grade 2.',
    '- Margins free of tumor.',
    'SYNOPTIC REPORT',
    'Histologic grade (FNCLCC): 2',
    'Necrosis:',
    'The tumor shows spindle cells',
    'with cigar-shaped nuclei. Mitoses are 12 per 10 HPF.',
  ].join('\n');
  const m = parseReport(text);

  it('finds the title, known headers with and without a colon, and keeps the preamble', () => {
    assert.deepEqual(m.sections.map((s) => s.kind), ['preamble', 'title', 'preamble', 'clinical-history', 'diagnosis', 'synoptic']);
    assert.equal(m.sections[1].role, 'technique', 'the title states no finding');
    assert.equal(text.slice(m.sections[4].headerSpan.start, m.sections[4].headerSpan.end), 'DIAGNOSIS:');
    assert.equal(m.sections[3].role, 'history');
  });

  it('takes no diagnosis line in capitals for the title: a title with a comma names an exam (blind dictation probe 2, D3)', () => {
    assert.deepEqual(parseReport('SIGMOID COLON, SIGMOIDECTOMY\nInvasive adenocarcinoma, 4 cm.\n').sections.map((s) => s.kind), ['preamble']);
    assert.deepEqual(parseReport('CT ABDOMEN, PELVIS WITH CONTRAST\nFINDINGS:\nA mass.\n').sections.map((s) => s.kind), ['preamble', 'title', 'preamble', 'findings']);
  });

  it('takes only a first line in capitals without a colon for the title', () => {
    assert.deepEqual(parseReport('Left kidney, radical nephrectomy: leiomyosarcoma.\n').sections.map((s) => s.kind), ['preamble']);
    assert.deepEqual(parseReport('CT RENAL MASS PROTOCOL\nFINDINGS:\nA mass.\n').sections.map((s) => s.kind), ['preamble', 'title', 'preamble', 'findings']);
  });

  it('reads synoptic fields, empty values included, with value offsets', () => {
    const grade = m.fields.find((f) => f.key === 'Histologic grade (FNCLCC)');
    assert.ok(grade);
    assert.equal(text.slice(grade.valueSpan.start, grade.valueSpan.end), '2');
    const necrosis = m.fields.find((f) => f.key === 'Necrosis');
    assert.equal(necrosis?.value, '');
  });

  it('reads a numbered field and a dotted leader as fields, and a time as no key of its own', () => {
    const doc = 'DIAGNOSIS:\n10. Pathologic stage: to follow\nDifferentiation ......... High grade\nMaximum tumour dimension ......... 55 mm\n';
    const fields = parseReport(doc).fields;
    assert.deepEqual(fields.map((f) => [f.key, f.value]), [['Pathologic stage', 'to follow'], ['Differentiation', 'High grade'], ['Maximum tumour dimension', '55 mm']]);
    // The leader does not end a sentence: the key and its value are read together.
    const sentences = parseReport(doc).sentences.map((x) => doc.slice(x.span.start, x.span.end));
    assert.ok(sentences.includes('Maximum tumour dimension ......... 55 mm'), sentences.join(' | '));
    assert.equal(parseReport('DIAGNOSIS:\nThe tumour extends.... into fat\n').fields.length, 0);
  });

  it('a later sentence of a field line that is itself a field is one; a key that runs over two sentences stays one field', () => {
    const doc = 'DIAGNOSIS:\nProximal margin: negative. Mesenteric surface: negative.\nMargins negative. Lymph nodes: 0/3.\n';
    const m = parseReport(doc);
    assert.deepEqual(m.fields.map((f) => [f.key, f.value, doc.slice(f.lineSpan.start, f.lineSpan.end)]), [
      ['Proximal margin', 'negative.', 'Proximal margin: negative.'],
      ['Mesenteric surface', 'negative.', 'Mesenteric surface: negative.'],
      ['Margins negative. Lymph nodes', '0/3.', 'Margins negative. Lymph nodes: 0/3.'],
    ]);
    assert.deepEqual(m.sentences.map((s) => s.field?.key), ['Proximal margin', 'Mesenteric surface', 'Margins negative. Lymph nodes', 'Margins negative. Lymph nodes']);
  });

  it('dictated lines without a full stop are sentences of their own; prose wrapped at a margin reads on (blind dictation probe, A)', () => {
    const sentences = (doc: string) => parseReport(doc).sentences.map((x) => doc.slice(x.span.start, x.span.end));
    assert.deepEqual(sentences('DIAGNOSIS:\nTumor size 1.6 cm\nLymphovascular invasion not identified\n'), ['Tumor size 1.6 cm', 'Lymphovascular invasion not identified']);
    assert.deepEqual(sentences('DIAGNOSIS:\ntumor size 5.6 centimeters\nno sarcomatoid features\n'), ['tumor size 5.6 centimeters', 'no sarcomatoid features']);
    assert.deepEqual(sentences('DIAGNOSIS:\ntumor invades perinephric fat\nrenal vein not involved\n'), ['tumor invades perinephric fat', 'renal vein not involved']);
    // Near misses: a long line wrapped at the margin, a line that ends on a word that goes on, a wrapped line in capitals.
    const wrapped = 'MICROSCOPIC DESCRIPTION:\nThe tumour consists of intersecting fascicles of spindle cells with blunt-ended nuclei and\nEosinophilic cytoplasm; there is moderate nuclear pleomorphism throughout the sections examined\nwith brisk mitotic activity.\n';
    assert.equal(sentences(wrapped).length, 1);
    assert.deepEqual(sentences('DIAGNOSIS:\nThe tumor invades into the\nPericolic fat.\n'), ['The tumor invades into the\nPericolic fat.']);
    assert.equal(sentences('DIAGNOSIS:\nTHE TUMOR INVADES THROUGH THE MUSCULARIS PROPRIA INTO THE PERICOLORECTAL\nSOFT TISSUE.\n').length, 1);
    // A paragraph of three lines or more with no full stop anywhere is dictated: a long line is a statement too (probe 2, D2).
    const dictated = 'DIAGNOSIS:\ntumor invades through the muscularis propria into pericolic fat\nlymphovascular invasion not identified\nmargins negative\n';
    assert.deepEqual(sentences(dictated), ['tumor invades through the muscularis propria into pericolic fat', 'lymphovascular invasion not identified', 'margins negative']);
    // Near miss: the same long line in a paragraph that has its full stops reads on.
    const prose = 'DIAGNOSIS:\nThe tumour invades through the muscularis propria into pericolic fat with\nfocal lymphovascular invasion. Margins are negative.\n';
    assert.equal(sentences(prose)[0], 'The tumour invades through the muscularis propria into pericolic fat with\nfocal lymphovascular invasion.');
  });

  it('reads a "+ " bullet as a list item before a word, not before a number (a wrapped sum)', () => {
    const doc = 'SYNOPTIC REPORT:\n+ Histologic grade: G2\n+ Tumor site: Sigmoid colon\n';
    assert.deepEqual(parseReport(doc).fields.map((f) => [f.key, f.value]), [['Histologic grade', 'G2'], ['Tumor site', 'Sigmoid colon']]);
    const wrapped = 'MICROSCOPIC DESCRIPTION:\nThe Gleason score is 3\n+ 4 = 7 in the dominant nodule.\n';
    assert.deepEqual(parseReport(wrapped).sentences.map((x) => wrapped.slice(x.span.start, x.span.end)), ['The Gleason score is 3\n+ 4 = 7 in the dominant nodule.']);
  });

  it('splits sentences but not decimals, and joins wrapped lines', () => {
    const s = m.sentences.map((x) => text.slice(x.span.start, x.span.end));
    assert.ok(s.includes('- Leiomyosarcoma, 12.5 cm, FNCLCC grade 2.'));
    assert.ok(s.includes('The tumor shows spindle cells\nwith cigar-shaped nuclei.'));
    assert.ok(s.includes('Mitoses are 12 per 10 HPF.'));
    assert.ok(s.includes('History of AML.'));
  });

  it('a field value ending in a comma goes on in the next prose line, and a wrapped "5.8 cm" is no list item', () => {
    const text = 'DIAGNOSIS:\nDescending colon, colectomy: adenocarcinoma, high grade,\n5.8 cm. Serosa involved.\n- Margins: negative,\n- Nodes: 0/12.\nThe tumour measures\n4.1 cm.\n';
    const m = parseReport(text);
    const f = m.fields.find((x) => x.key === 'Descending colon, colectomy')!;
    assert.equal(f.value, 'adenocarcinoma, high grade,\n5.8 cm. Serosa involved.');
    assert.equal(text.slice(f.valueSpan.start, f.valueSpan.end), f.value);
    const s = m.sentences.map((x) => text.slice(x.span.start, x.span.end));
    assert.ok(s.includes('Descending colon, colectomy: adenocarcinoma, high grade,\n5.8 cm.'), s.join(' | '));
    assert.ok(s.includes('The tumour measures\n4.1 cm.'), s.join(' | '));
    // A bullet, another field or a header is not a continuation.
    assert.equal(m.fields.find((x) => x.key === 'Margins')!.value, 'negative,');
    assert.equal(m.fields.find((x) => x.key === 'Nodes')!.value, '0/12.');
  });

  it('does not take prose that starts with a header word for a header', () => {
    const p = parseReport('DIAGNOSIS:\nComment on the margins is deferred.\nNote that the tumour is large.');
    assert.deepEqual(p.sections.map((x) => x.kind), ['preamble', 'diagnosis']);
  });

  it('handles CRLF, tabs and Unicode without shifting offsets', () => {
    const t = 'DIAGNOSIS:\r\n\tLeiomyosarcoma,\u00a012\u00d78 cm; AE1/AE3\u2013, S100 \u2212.\r\n';
    const p = parseReport(t);
    assert.equal(p.norm.length, t.length);
    assert.equal(p.norm.indexOf('12x8 cm'), t.indexOf('12\u00d78'));
    assert.equal(p.norm.indexOf('ae1/ae3-'), t.indexOf('AE1/AE3'));
    const sentence = p.sentences.find((s) => t.slice(s.span.start, s.span.end).startsWith('Leiomyosarcoma'));
    assert.ok(sentence, 'the tab-indented line is a sentence');
    assert.ok(!t.slice(sentence.span.start, sentence.span.end).includes('\r'));
  });

  it("lettered parts below a clinical history, with no diagnosis header, are the diagnosis; a history's own list is not", () => {
    const draft = 'CLINICAL HISTORY:\nLeft breast mass.\n\nA. LEFT BREAST, LUMPECTOMY:\n   - Invasive ductal carcinoma, Nottingham grade 2, 1.5 cm.\n';
    const parts = parseReport(draft);
    assert.deepEqual(parts.sections.map((s) => [s.kind, s.role]), [['preamble', 'preamble'], ['clinical-history', 'history'], ['diagnosis', 'body']]);
    assert.equal(parts.sections[2].title, '', 'the diagnosis has no header of its own');
    assert.deepEqual(parts.sentences.map((s) => s.section.kind), ['clinical-history', 'diagnosis', 'diagnosis']);
    assert.equal(draft.slice(parts.sentences[1].span.start, parts.sentences[1].span.end), 'A. LEFT BREAST, LUMPECTOMY:', 'the heading stays a sentence (its site and procedure)');
    // Near misses: a history's list with its finding on the line, a heading inside the history's paragraph, a part under the gross description.
    for (const near of [
      'CLINICAL HISTORY:\nLeft breast mass.\n\nA. Left breast, core biopsy (2024): invasive carcinoma.\n',
      'CLINICAL HISTORY:\nLeft breast mass.\nA. LEFT BREAST, LUMPECTOMY:\n   - Invasive ductal carcinoma.\n',
      'GROSS DESCRIPTION:\nReceived in two parts.\n\nA. LEFT BREAST, LUMPECTOMY:\n   - A 1.5 cm mass.\n',
    ]) {
      assert.deepEqual(parseReport(near).sections.slice(1).map((s) => s.role), [near.startsWith('GROSS') ? 'body' : 'history'], near);
    }
  });

  it('survives empty and whitespace-only text', () => {
    assert.equal(parseReport('').sentences.length, 0);
    assert.equal(parseReport('\n\r\n  \t').sentences.length, 0);
  });
});

describe('text: normalisation and line index', () => {
  it('keeps length for every fold', () => {
    const t = 'A\u2013B\u2212C\u00a0D\u00d7E\tF\r\n\u201cq\u201d \u0130';
    assert.equal(normalize(t).length, t.length);
    assert.equal(normalize('HMB\u201345'), 'hmb-45');
  });

  it('maps offsets to LSP positions and back, CRLF aware', () => {
    const t = 'ab\r\ncd\n\nef';
    const li = new LineIndex(t);
    assert.deepEqual(li.positionAt(4), { line: 1, character: 0 });
    assert.equal(li.lineEnd(0), 2);
    assert.equal(li.offsetAt(3, 1), 9);
    assert.deepEqual(li.positionAt(999), { line: 3, character: 2 });
  });
});
