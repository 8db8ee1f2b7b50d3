import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/engine/analyze';

/** An in-memory document and its analysis, as the server would hold them. */
export function doc(text: string, lang = 'pathology-report') {
  const d = TextDocument.create('file:///t.path', lang, 1, text);
  return { d, a: analyze(text, { reportType: lang === 'radiology-report' ? 'radiology' : 'pathology' }) };
}

export function apply(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'x', 1, text), edits);
}

export const LMS = 'SURGICAL PATHOLOGY\n\nIMMUNOHISTOCHEMISTRY:\nSMA: positive\nDesmin: positive\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma, 9 cm. No necrosis. Mitoses 3 per 10 HPF.\nLymph nodes: none. pT2b NX.\n\nCOMMENT:\nReviewed.\n';
