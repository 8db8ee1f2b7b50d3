import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, CompletionTriggerKind, InsertTextFormat, TextEdit } from 'vscode-languageserver';
import sectionsData from '../../server/src/data/sections.json';
import { builtinKnowledge } from '../../server/src/engine/analyze';
import { completions } from '../../server/src/features/completion';
import { fitToSection, insertionPoint, previewOf, readBodyLine } from '../../server/src/features/snippets';
import { templateFor } from '../../server/src/features/template';
import { apply, doc } from './featureHelpers';

describe('feature: completion', () => {
  const at = (text: string, line: number, character: number, lang?: string) => {
    const { d, a } = doc(text, lang);
    return completions(d, a, builtinKnowledge(), { line, character }).map((i) => i.label);
  };
  it('field values after the key', () => {
    assert.deepEqual(at('DIAGNOSIS:\nHistologic grade (FNCLCC): ', 1, 27), ['1', '2', '3', 'Cannot be assessed']);
    assert.ok(at('DIAGNOSIS:\nMargins: ', 1, 9).includes('R1'));
  });
  it('field values of the element the draft\'s checklist asks for, where protocols share a key', () => {
    // At the end of each draft, a new "Procedure: " or "Pathologic stage: " line.
    const last = (file: string, key: string) => {
      const text = `${fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', file), 'utf8').replace(/\r\n/g, '\n')}\n${key}`;
      return at(text, text.split('\n').length - 1, key.length);
    };
    const breast = last('breast-synoptic-complete-crlf.path', 'Procedure: ');
    assert.ok(breast.includes('Total mastectomy') && !breast.includes('Radical nephrectomy'), breast.join(', '));
    const kidney = last('rcc-resection-complete.path', 'Procedure: ');
    assert.ok(kidney.includes('Radical nephrectomy') && !kidney.includes('Total mastectomy'), kidney.join(', '));
    // A stage value is written once with its prefix: pT1a, not pTT1a.
    assert.ok(last('breast-synoptic-complete-crlf.path', 'Pathologic stage: ').includes('pT1a'));
  });
  it('every stage element offers its own categories, each written once with its p prefix', () => {
    for (const [id, el] of builtinKnowledge().checklists.elements) {
      if (el.kind !== 'stage' || !el.values) continue;
      const categories = [...(el.stage?.t ?? []), ...(el.stage?.n ?? []), ...(el.stage?.m ?? [])].map((c) => `p${c}`);
      for (const v of el.values) assert.ok(categories.includes(v), `${id}: ${v}`);
    }
  });
  it('marker results after a marker', () => {
    assert.deepEqual(at('IHC:\nHMB45: ', 1, 7), ['positive', 'negative', 'focally positive', 'patchy', 'diffuse', 'equivocal', 'pending']);
  });
  it('marker names in an IHC section, headers at a line start', () => {
    const items = at('IMMUNOHISTOCHEMISTRY:\n', 1, 0);
    assert.ok(items.includes('HMB-45') && items.includes('Desmin'));
    assert.ok(items.includes('DIAGNOSIS:'));
    assert.ok(!at('DIAGNOSIS:\n', 1, 0).includes('HMB-45'), 'markers only in the IHC section');
    assert.ok(at('FINDINGS:\n', 1, 0, 'radiology-report').includes('IMPRESSION:'));
  });
  it('nothing in the middle of prose', () => {
    assert.deepEqual(at('DIAGNOSIS:\nThe tumor is 5 cm and ', 1, 22), []);
  });
});

/**
 * Panel and template snippets come from the language server, fitted to the
 * section at the cursor. Every snippet in snippets/*.json is checked the same
 * way, so snippets added later are covered without naming them here.
 */
describe('feature: snippet completions fitted to the section at the cursor', () => {
  interface FileSnippet {
    prefix: string | string[];
    body: string | string[];
    description?: string;
  }
  const root = path.resolve(__dirname, '../..');
  const sectionKinds = new Map<string, { kind: string; headers: string[] }>();
  for (const s of sectionsData.sections) for (const h of s.headers) sectionKinds.set(h, s);
  /** The section a line opens, read from sections.json: "NAME:" alone on its line. */
  const headerOf = (line: string) => {
    const m = /^\s*([A-Za-z][A-Za-z()/ ]*?)\s*:\s*$/.exec(line);
    return m ? sectionKinds.get(m[1].toLowerCase().replace(/\s+/g, ' ')) : undefined;
  };
  const FILES: [string, string][] = [
    ['snippets/pathology.json', 'pathology-report'],
    ['snippets/radiology.json', 'radiology-report'],
  ];
  const all = FILES.flatMap(([file, lang]) =>
    Object.entries(JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, FileSnippet>).map(([name, s]) => ({
      name,
      lang,
      prefixes: [s.prefix].flat(),
      prefix: [s.prefix].flat()[0],
      body: Array.isArray(s.body) ? s.body : s.body.split('\n'),
    })),
  );
  const KEY = /^\s*([A-Za-z][^:$]{0,79}?)\s*:\s*\S/;
  /** The lines a snippet's first section holds (after its header, up to the next header). */
  const firstSection = (body: string[]) => {
    const start = headerOf(body[0]) ? 1 : 0;
    const end = body.findIndex((l, i) => i >= start && headerOf(l));
    return body.slice(start, end < 0 ? body.length : end);
  };

  /**
   * Types (part of) the prefix on a new line after `before`, with `after` below it, and accepts the
   * snippet, as the editor applies it; returns the item, the text it inserts and the resulting draft.
   */
  function accept(before: string, lang: string, prefix: string, after = '') {
    const typed = prefix.slice(0, Math.max(1, prefix.length - 3));
    const full = before + typed + after;
    const lines = (before + typed).split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const { d, a } = doc(full, lang);
    const items = completions(d, a, builtinKnowledge(), position);
    const item = items.find((i) => i.label === prefix && i.kind === CompletionItemKind.Snippet);
    assert.ok(item, `no snippet item ${prefix} in ${JSON.stringify(full)}`);
    const edit = item.textEdit as TextEdit;
    assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual(edit.range, { start: { line: position.line, character: 0 }, end: position }, 'the edit replaces the typed prefix, hyphens included');
    return { item, inserted: edit.newText, result: apply(full, [edit]) };
  }

  it('serves every snippet of both files, pathology ones in pathology drafts and radiology ones in radiology drafts', () => {
    assert.ok(all.length >= 6);
    for (const [file, lang] of FILES) {
      const { d, a } = doc('', lang);
      const labels = completions(d, a, builtinKnowledge(), { line: 0, character: 0 }, { triggerKind: CompletionTriggerKind.Invoked })
        .filter((i) => i.kind === CompletionItemKind.Snippet)
        .map((i) => i.label)
        .sort();
      assert.deepEqual(labels, all.filter((s) => s.lang === lang).flatMap((s) => s.prefixes).sort(), file);
    }
  });

  it('in a fresh draft, each snippet inserts its whole body, header included', () => {
    for (const s of all) {
      const { inserted, item } = accept('', s.lang, s.prefix);
      assert.equal(inserted, s.body.join('\n'), s.name);
      assert.equal(item.detail, s.name, 'nothing left out, nothing said');
      assert.equal(item.labelDetails!.description, s.name);
    }
  });

  it('typed on the line under its own section header, a snippet leaves the header out: the draft has that header once', () => {
    const headed = all.filter((s) => headerOf(s.body[0]));
    assert.ok(headed.length >= 4, 'the templates and the IHC panel start with a header');
    for (const s of headed) {
      const header = s.body[0].trim();
      const { inserted, result, item } = accept(`${header}\n`, s.lang, s.prefix);
      assert.ok(!inserted.split('\n').includes(header), `${s.name}: header inserted again`);
      assert.equal(result.split('\n').filter((l) => l.trim() === header).length, 1, `${s.name}: ${header} twice in\n${result}`);
      // Everything else of the snippet is still there, in order.
      const rest = s.body.slice(1);
      while (rest.length > 1 && rest[0].trim() === '') rest.shift();
      assert.equal(inserted, rest.join('\n'), s.name);
      assert.match(item.detail!, new RegExp(`without ${header.replace(/[()/]/g, '\\$&')}`), 'the list says the header was left out');
      assert.match(item.labelDetails!.description!, /^only what is missing/, 'the list row itself says the snippet was fitted');
    }
  });

  it('the section may be written with any of its header spellings, and the cursor may be further down in it', () => {
    for (const s of all.filter((x) => headerOf(x.body[0]))) {
      const section = headerOf(s.body[0])!;
      const other = section.headers[section.headers.length - 1].toUpperCase();
      const { inserted } = accept(`${other}:\nSome words of prose here.\n\n`, s.lang, s.prefix);
      assert.ok(!inserted.split('\n').includes(s.body[0]), `${s.name} under ${other}:`);
    }
  });

  it('typed in another section, or above its own section, a snippet keeps its header (it opens a new section there)', () => {
    for (const s of all.filter((x) => headerOf(x.body[0]))) {
      const own = headerOf(s.body[0])!.kind;
      const other = sectionsData.sections.find((x) => x.kind !== own && x.kind !== 'clinical-history')!;
      assert.equal(accept(`${other.headers[0].toUpperCase()}:\n`, s.lang, s.prefix).inserted, s.body.join('\n'), `${s.name} under ${other.headers[0]}`);
      // The same section further down does not count: the cursor is not in it. The item says where that section is.
      const above = accept('', s.lang, s.prefix, `\n\n${s.body[0]}\nText.\n`);
      assert.equal(above.inserted, s.body.join('\n'), `${s.name} above its section`);
      assert.match((above.item.documentation as { value: string }).value, /already has this section \(line 3\)/);
    }
  });

  it('leaves out every field line whose key the section at the cursor already has, and keeps the rest', () => {
    let checked = 0;
    for (const s of all) {
      const header = headerOf(s.body[0]) ? `${s.body[0]}\n` : '';
      const fieldLines = firstSection(s.body).filter((l) => KEY.test(l));
      for (const line of fieldLines) {
        const key = KEY.exec(line)![1];
        const { inserted, item } = accept(`${header}${key}: as written by the pathologist\n`, s.lang, s.prefix);
        const lines = inserted.split('\n');
        assert.ok(!lines.includes(line), `${s.name}: "${key}" is already in the section`);
        for (const other of fieldLines.filter((l) => KEY.exec(l)![1] !== key)) assert.ok(lines.includes(other), `${s.name}: "${other}" went missing`);
        assert.ok(item.detail!.includes(`without ${key} (already in this section)`), item.detail);
        checked++;
      }
      // With every field there, nothing is left to insert, and the item says so.
      if (fieldLines.length && firstSection(s.body).every((l) => KEY.test(l) || l.trim() === '' || l.trim() === '$0') && s.body.slice(1).every((l) => !headerOf(l))) {
        const { item } = accept(header + fieldLines.map((l) => `${KEY.exec(l)![1]}: x\n`).join(''), s.lang, s.prefix);
        assert.equal(item.detail, 'Everything in this snippet is already in this section', s.name);
      }
    }
    assert.ok(checked >= 20, `${checked} field lines checked`);
  });

  it('a "Key: value" line whose key names a section (Immunohistochemistry: ...) inside a run of fields stays a field of that run', () => {
    for (const s of all.filter((x) => headerOf(x.body[0]))) {
      const key = firstSection(s.body).map((l) => KEY.exec(l)?.[1]).find((k) => k && !sectionKinds.has(k.toLowerCase()));
      if (!key) continue;
      const { inserted } = accept(`${s.body[0]}\n${key}: x\nImmunohistochemistry: SMA positive, desmin positive.\n`, s.lang, s.prefix);
      assert.ok(!inserted.split('\n').includes(s.body[0]), `${s.name}: header again`);
      assert.ok(!inserted.split('\n').some((l) => /^Immunohistochemistry:/.test(l)), `${s.name}: its Immunohistochemistry line is already there`);
    }
  });

  it('a marker written in another spelling is the same field (HMB45 for HMB-45, AE1/AE3 for Cytokeratin AE1/AE3)', () => {
    const markers = (JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/markers.json'), 'utf8')) as { markers: { label: string; synonyms: string[] }[] }).markers;
    let checked = 0;
    for (const s of all) {
      const header = headerOf(s.body[0]) ? `${s.body[0]}\n` : '';
      for (const line of firstSection(s.body).filter((l) => KEY.test(l))) {
        const m = markers.find((x) => x.label === KEY.exec(line)![1]);
        const synonym = m?.synonyms.find((y) => y.toLowerCase() !== m.label.toLowerCase() && /^[a-z0-9]/i.test(y));
        if (!synonym) continue;
        const { inserted } = accept(`${header}${synonym.toUpperCase()}: negative\n`, s.lang, s.prefix);
        assert.ok(!inserted.split('\n').includes(line), `${s.name}: ${synonym} is ${m!.label}`);
        checked++;
      }
    }
    assert.ok(checked >= 8, `${checked} marker spellings checked`);
  });

  it('fields of other sections, and fields after the next header, do not count', () => {
    for (const s of all.filter((x) => headerOf(x.body[0]))) {
      const line = firstSection(s.body).find((l) => KEY.test(l));
      if (!line) continue;
      const key = KEY.exec(line)![1];
      const own = headerOf(s.body[0])!.kind;
      const other = sectionsData.sections.find((x) => x.kind !== own && x.kind !== 'clinical-history')!.headers[0].toUpperCase();
      // The field is in another section above, and again in another section below the cursor.
      const { d, a } = doc(`${other}:\n${key}: x\n\n${s.body[0]}\n${s.prefix.slice(0, 3)}\n\n${other}:\n${key}: y\n`, s.lang);
      const item = completions(d, a, builtinKnowledge(), { line: 4, character: 3 }).find((i) => i.label === s.prefix)!;
      assert.ok((item.textEdit as TextEdit).newText.split('\n').includes(line), `${s.name}: ${key} belongs to another section`);
    }
  });

  it('a space typed at the start of a line offers no snippets; an invoked completion on an empty line does', () => {
    const { d, a } = doc('IMMUNOHISTOCHEMISTRY:\n ');
    const snippetsOn = (kind: CompletionTriggerKind, character: number) =>
      completions(d, a, builtinKnowledge(), { line: 1, character }, { triggerKind: kind, triggerCharacter: kind === CompletionTriggerKind.TriggerCharacter ? ' ' : undefined }).filter((i) => i.kind === CompletionItemKind.Snippet);
    assert.equal(snippetsOn(CompletionTriggerKind.TriggerCharacter, 1).length, 0);
    assert.ok(snippetsOn(CompletionTriggerKind.Invoked, 1).length > 0);
  });

  it('no snippets in the middle of a line of prose', () => {
    const { d, a } = doc('DIAGNOSIS:\nThe tumor is ihc');
    assert.equal(completions(d, a, builtinKnowledge(), { line: 1, character: 16 }).filter((i) => i.kind === CompletionItemKind.Snippet).length, 0);
  });

  it('documents each item with its description and a preview of what it inserts', () => {
    const { item } = accept('IMMUNOHISTOCHEMISTRY:\n', 'pathology-report', all.find((s) => headerOf(s.body[0])?.kind === 'ihc')!.prefix);
    const value = (item.documentation as { value: string }).value;
    assert.match(value, /```text\n/);
    assert.ok(!/\$\{/.test(value), 'tab stops shown as their defaults');
    assert.ok(!/^IMMUNOHISTOCHEMISTRY:$/m.test(value), 'the preview is what is inserted');
  });

  it('a marker key counts by its label too, even one prose alone does not read as a marker (ER, PR)', () => {
    // A panel the files may gain: its lines are read as any snippet's are.
    const panel = ['IMMUNOHISTOCHEMISTRY:', 'ER: ${1|__,positive,negative|}', 'PR: ${2|__,positive,negative|}', 'Ki-67: ${3:__}%', '$0'].map(readBodyLine);
    const fit = (text: string) => {
      const { a } = doc(text);
      return fitToSection(panel, insertionPoint(a.model, text.length)).lines;
    };
    assert.deepEqual(fit('IMMUNOHISTOCHEMISTRY:\nEstrogen receptor: positive (95%)\nMIB-1: 20%\n'), ['PR: ${2|__,positive,negative|}', '$0']);
    assert.deepEqual(fit('IMMUNOHISTOCHEMISTRY:\nER: positive\nPR: negative\n'), ['Ki-67: ${3:__}%', '$0']);
  });

  it('a header written with its content on the line is a key the section has, wherever it stands', () => {
    const lines = ['Comment: ${1:__}', 'Controls: ${2:__}', '$0'].map(readBodyLine);
    const { a } = doc('Comment: reviewed with a colleague.\n');
    assert.deepEqual(fitToSection(lines, insertionPoint(a.model, a.model.text.length)).lines, ['Controls: ${2:__}', '$0']);
  });

  it('previewOf shows each choice and placeholder as its default', () => {
    assert.equal(previewOf('A: ${1|__,x,y|} ${2:3} cm ${3:a ${4:b}}\\$ $0'), 'A: __ 3 cm a b$ ');
  });
});

describe('feature: template fitted to the cursor', () => {
  it('inside the synoptic section, the template leaves out the header and the fields it already has', () => {
    const text = 'SURGICAL PATHOLOGY\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma.\n\nSYNOPTIC REPORT:\nProcedure: Radical nephrectomy\n';
    const { a } = doc(text);
    const full = templateFor(a, builtinKnowledge()).snippet!;
    assert.match(full, /^SYNOPTIC REPORT:\nProcedure: /);
    const fitted = templateFor(a, builtinKnowledge(), text.length).snippet!;
    assert.ok(!/SYNOPTIC REPORT:/.test(fitted) && !/^Procedure:/m.test(fitted), fitted);
    assert.equal(fitted.split('\n').length, full.split('\n').length - 2);
    // In the diagnosis section it is the whole template.
    assert.equal(templateFor(a, builtinKnowledge(), text.indexOf('Left kidney')).snippet, full);
  });
});
