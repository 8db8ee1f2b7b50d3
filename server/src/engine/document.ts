import { assess } from './findings/assess';
import { emptyFindings, FINDING_KEYS, mentionsIn, moveMention, SentenceEntry, sentenceEntries, SentenceMemo } from './findings/extract';
import { Findings, Mention } from './findings/types';
import { PhraseMatcher } from './match';
import { Field, isPartHeading, parseReport, partsSection, PREAMBLE, ReportModel, Section, SectionState, Sentence } from './parser';
import { detached, LineIndex, normalize, shiftSpan } from './text';
import { Span } from './types';

/**
 * Incremental analysis. A draft is cut into blocks at blank lines; sentences,
 * fields and headers never cross a blank line, so a block's parse and findings
 * depend only on its own text and the section in force where it starts. Each
 * block's result is cached under that pair, and an edit re-analyses only the
 * blocks it touched. Blocks that also kept their offset (those before the
 * edit) are reused as placed, without copying; the rest are shifted.
 */

export interface BlockResult {
  model: ReportModel;
  /** Its cache bucket: the document's first block is read apart (its title line). */
  stateKey: string;
  /** The section state after it, when it opens a section (a header); a block without one passes on the state it is in. */
  outgoing?: SectionState;
  /** The memo entries its sentences were read from (entries[i] for model.sentences[i]): their findings and pattern mentions. */
  entries: SentenceEntry[];
  /** Whether its first line is a specimen part's heading: placed below a clinical history, it opens the diagnosis (see place). */
  opensParts: boolean;
}

/**
 * The blocks of the previous build, from some block after the kept ones to
 * the last, whose text and the line break and blank lines before each are
 * unchanged in the new text, only moved by `by` (an edit above them). Found
 * from the common end of the two texts, compared natively in growing chunks,
 * so a keystroke near the top of a long draft does not split and look up
 * every block below it again.
 */
function unchangedSuffix(last: LastBuild, text: string, keep: number, changedFrom: number): { blocks: PlacedBlock[]; by: number } | undefined {
  const old = last.model.text;
  const by = text.length - old.length;
  const common = commonSuffixLength(old, text, Math.min(old.length, text.length) - Math.max(0, changedFrom));
  const sameFrom = old.length - common;
  // Block i is unchanged when the common end covers the end of the block before it (its line break,
  // the blank lines and the block itself are then the same), and the edit lies before it.
  let first = last.blocks.length;
  for (let i = last.blocks.length - 1; i > keep; i--) {
    const prev = last.blocks[i - 1];
    const prevEnd = prev.offset + prev.result.model.text.length;
    if (prevEnd < sameFrom || last.blocks[i].offset + by < changedFrom) break;
    first = i;
  }
  return first < last.blocks.length ? { blocks: last.blocks.slice(first), by } : undefined;
}

/** The length of the longest common end of two strings, at most `max`. */
function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  let chunk = 256;
  while (n < max) {
    const k = Math.min(chunk, max - n);
    if (a.slice(a.length - n - k, a.length - n) !== b.slice(b.length - n - k, b.length - n)) {
      while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
      return n;
    }
    n += k;
    chunk *= 2;
  }
  return n;
}

/** A block result placed at an offset of the whole document. */
export interface PlacedBlock {
  offset: number;
  result: BlockResult;
  /** The document section this block starts in. */
  continues: Section;
  /** The diagnosis section its part heading opened below a clinical history (see parser.ts partsSection): its first section. */
  opened?: Section;
  sections: Section[];
  fields: Field[];
  /** sentences[i] is the block's model.sentences[i], placed. */
  sentences: Sentence[];
  findings: Findings;
  /** Its mentions of each matcher read so far. */
  mentions: Map<PhraseMatcher, Mention[]>;
  /**
   * What the kind readers read in it, per element (see kinds/index.ts): their span objects are
   * the placement's own, so a move shifts them with the rest.
   */
  readings: Map<object, unknown>;
  /** Every span object the placement made (its sections', fields', sentences', findings' and mentions'): what a move shifts. */
  spans: Span[];
  /** Whether it has any findings (most blocks of a long narrative have none). */
  hasFindings: boolean;
}

/** Maximal runs of non-blank lines, as [start, end) offsets, of the lines that start before `until`. */
export function splitBlocks(text: string, from = 0, until = text.length): Span[] {
  const blocks: Span[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  let lineStart = from;
  while (lineStart <= text.length && (lineStart < until || until === text.length)) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0) nl = text.length;
    if (isBlank(text, lineStart, nl)) {
      if (blockStart >= 0) blocks.push({ start: blockStart, end: blockEnd });
      blockStart = -1;
    } else {
      if (blockStart < 0) blockStart = lineStart;
      blockEnd = nl > lineStart && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    }
    lineStart = nl + 1;
  }
  if (blockStart >= 0) blocks.push({ start: blockStart, end: blockEnd });
  return blocks;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 0xa0 && c !== 12 && c !== 11) return false;
  }
  return true;
}

/**
 * A block's parse and findings do not depend on the section it continues:
 * its sentences and fields in that section point to the document's section
 * object only when placed (see place), and what is read of a section (its
 * role: history, technique) is read from that object. So a block's result
 * serves it in any section, and an edit that changes a header above a long
 * section (a header being typed, or broken) does not make every block below
 * it be read again.
 */
function analyzeBlock(text: string, stateKey: string, incoming: SectionState, atDocumentStart: boolean, memo: SentenceMemo): BlockResult {
  const model = parseReport(text, incoming, atDocumentStart);
  const last = model.sections[model.sections.length - 1];
  const outgoing = model.sections.length > 1 ? { kind: last.kind, role: last.role, title: last.title } : undefined;
  const firstLine = text.indexOf('\n');
  return { model, stateKey, outgoing, entries: sentenceEntries(model, memo), opensParts: isPartHeading(firstLine < 0 ? text : text.slice(0, firstLine)) };
}

interface Ends {
  sections: number;
  fields: number;
  sentences: number;
  findings: number[];
}

/** What the previous build produced, so an edit can keep its unchanged prefix without copying or hashing it. */
interface LastBuild {
  blocks: PlacedBlock[];
  /** Lengths of the output arrays after each block. */
  ends: Ends[];
  /** Section state after each block. */
  states: SectionState[];
  sections: Section[];
  fields: Field[];
  sentences: Sentence[];
  findings: Findings;
  model: ReportModel;
}

/** Keeps the block results of one document between analyses. */
export class BlockCache {
  // Keyed by section state, then by block text, so no key string is built per block.
  private results = new Map<string, Map<string, BlockResult>>();
  private resultCount = 0;
  private placed = new Map<BlockResult, PlacedBlock>();
  private last?: LastBuild;
  /** Sentences of edited blocks: an edit re-reads only the sentences it touched. */
  private readonly sentences = new SentenceMemo();
  private readonly preamble: Section = { ...PREAMBLE, headerSpan: { start: 0, end: 0 }, bodySpan: { start: 0, end: 0 } };

  /**
   * `changedFrom`, when known (the editor's change ranges), is the first offset
   * that may differ from the text of the previous build: every block that ends
   * before the blank line ahead of it is kept as it was.
   */
  build(text: string, changedFrom?: number): { model: ReportModel; findings: Findings } {
    const last = this.last;
    let keep = 0;
    if (last && changedFrom !== undefined) {
      // Block i is intact if the next block still starts at or before the change: the text up to there is unchanged.
      while (keep + 1 < last.blocks.length && last.blocks[keep + 1].offset <= changedFrom) keep++;
    }
    // The kept prefix is taken over in place (the arrays are cut back, not copied): a build
    // invalidates the model the previous build returned, which its caller has finished with.
    const kept = keep > 0 ? last!.ends[keep - 1] : undefined;
    const from = kept ? last!.blocks[keep].offset : 0;
    const cut = <T>(xs: T[], n: number): T[] => ((xs.length = n), xs);
    const sections: Section[] = kept ? cut(last!.sections, kept.sections) : [this.preamble];
    const fields: Field[] = kept ? cut(last!.fields, kept.fields) : [];
    const sentences: Sentence[] = kept ? cut(last!.sentences, kept.sentences) : [];
    const findings = emptyFindings();
    FINDING_KEYS.forEach((k, i) => ((findings[k] as Mention[]) = kept ? cut(last!.findings[k] as Mention[], kept.findings[i]) : []));
    // The blocks this build may replace: their results are dropped at the end unless still in use.
    const replaced = last ? last.blocks.slice(keep) : [];
    // The old blocks after the edit that are still there, unchanged, only moved (see unchangedSuffix);
    // found before the kept arrays are cut back.
    let suffix = last ? unchangedSuffix(last, text, keep, changedFrom ?? 0) : undefined;
    // The draft's first block is read apart (its title line): an unchanged block the edit left first, with nothing
    // above it, was read in the middle of the draft and is read again.
    if (suffix && !kept && suffix.blocks[0].result.stateKey !== 'start' && splitBlocks(text, from, suffix.blocks[0].offset + suffix.by).length === 0) {
      suffix = suffix.blocks.length > 1 ? { blocks: suffix.blocks.slice(1), by: suffix.by } : undefined;
    }
    this.sentences.nextBuild();
    const blocks: PlacedBlock[] = kept ? cut(last!.blocks, keep) : [];
    const ends: Ends[] = kept ? cut(last!.ends, keep) : [];
    const states: SectionState[] = kept ? cut(last!.states, keep) : [];
    let state: SectionState = kept ? states[keep - 1] : PREAMBLE;

    // Placements in this build: a block that occurs twice gets a placement for each.
    const used = new Set<PlacedBlock>(blocks);
    // The findings' lengths after the last block that had any: shared by the blocks after it that have none.
    let findingEnds = FINDING_KEYS.map((k) => (findings[k] as Mention[]).length);
    const add = (block: PlacedBlock) => {
      used.add(block);
      this.placed.set(block.result, block);
      blocks.push(block);
      for (const s of block.sections) sections.push(s);
      for (const f of block.fields) fields.push(f);
      for (const s of block.sentences) sentences.push(s);
      if (block.hasFindings) {
        for (const k of FINDING_KEYS) {
          const out = findings[k] as Mention[];
          for (const f of block.findings[k] as Mention[]) out.push(f);
        }
        findingEnds = FINDING_KEYS.map((k) => (findings[k] as Mention[]).length);
      }
      state = block.result.outgoing ?? state;
      states.push(state);
      ends.push({ sections: sections.length, fields: fields.length, sentences: sentences.length, findings: findingEnds });
    };
    for (const span of splitBlocks(text, from, suffix ? suffix.blocks[0].offset + suffix.by : text.length)) {
      const blockText = text.slice(span.start, span.end);
      const atStart = blocks.length === 0;
      const stateKey = atStart ? 'start' : 'block';
      let bucket = this.results.get(stateKey);
      if (!bucket) this.results.set(stateKey, (bucket = new Map()));
      let result = bucket.get(blockText);
      if (!result) {
        const own = detached(blockText);
        result = analyzeBlock(own, stateKey, state, atStart, this.sentences);
        bucket.set(own, result);
        this.resultCount++;
      }
      add(this.placement(result, span.start, sections[sections.length - 1], used));
    }
    // The unchanged blocks after the edit: moved, neither split, looked up nor read again.
    if (suffix) for (const old of suffix.blocks) add(this.placement(old.result, old.offset + suffix.by, sections[sections.length - 1], used, old));
    this.drop(replaced, blocks, keep);
    this.evict(blocks);
    // Each section runs to the next header (a new span only where it changed).
    for (let i = 0; i < sections.length; i++) {
      const body = sections[i].bodySpan;
      const start = sections[i].headerSpan.end;
      const end = i + 1 < sections.length ? sections[i + 1].headerSpan.start : text.length;
      if (body.start !== start || body.end !== end) sections[i].bodySpan = { start, end };
    }
    const model = lazyNormModel(text, sections, fields, sentences, blocks);
    if (kept) model.reused = { model: last!.model, blocks: keep };
    // Only the newest model may be read from the one before it: without this cut every model would keep
    // its predecessor, and with it that version's whole text, alive for as long as the document is open.
    if (last) last.model.reused = undefined;
    this.last = { blocks, ends, states, sections, fields, sentences, findings, model };
    return { model, findings };
  }

  /**
   * A result placed at an offset, continuing a section: its placement from
   * before (`known`, or the one last made for it), moved, when this build has
   * not used it yet; otherwise a new one. A block that only moved, or now
   * continues another object of its section, keeps its placed sentences,
   * findings and mentions, shifted where they are, not read again.
   */
  private placement(result: BlockResult, offset: number, continues: Section, used: Set<PlacedBlock>, known?: PlacedBlock): PlacedBlock {
    const prev = known ?? this.placed.get(result);
    const opens = result.opensParts && continues.role === 'history';
    // A block whose part heading opened the diagnosis below a history, and no longer does (or now does), is placed afresh.
    if (prev && !used.has(prev) && (prev.opened !== undefined) === opens) {
      if (prev.offset !== offset || prev.continues !== continues) rebase(prev, offset, continues);
      return prev;
    }
    return place(result, offset, continues, opens);
  }

  /**
   * Results and placements of the blocks an edit replaced are dropped at once
   * (the versions of a paragraph being typed in would otherwise live on until
   * the next eviction, long enough for the garbage collector to copy them).
   * A paragraph that comes back (undo) is read again, its unchanged sentences
   * from the sentence memo.
   */
  private drop(replaced: PlacedBlock[], blocks: PlacedBlock[], keep: number): void {
    if (replaced.length === 0) return;
    const live = new Set<BlockResult>();
    for (let i = keep; i < blocks.length; i++) live.add(blocks[i].result);
    for (const b of replaced) {
      const r = b.result;
      if (live.has(r)) continue;
      const bucket = this.results.get(r.stateKey);
      if (bucket?.get(r.model.text) === r) {
        bucket.delete(r.model.text);
        this.resultCount--;
      }
      if (this.placed.get(r) === b) this.placed.delete(r);
    }
  }

  /** Results and placements of blocks no longer in the draft are dropped once they outnumber the live ones. */
  private evict(blocks: PlacedBlock[]): void {
    if (this.resultCount <= 2 * blocks.length + 64 && this.placed.size <= 2 * blocks.length + 64) return;
    const live = new Set(blocks.map((b) => b.result));
    for (const [key, bucket] of this.results) {
      for (const [text, r] of bucket) if (!live.has(r)) bucket.delete(text);
      if (bucket.size === 0) this.results.delete(key);
    }
    this.resultCount = live.size;
    for (const r of [...this.placed.keys()]) if (!live.has(r)) this.placed.delete(r);
    // A block placed at two offsets keeps the placement in use.
    for (const b of blocks) this.placed.set(b.result, b);
  }
}

/**
 * Places a block-local result at `offset`, continuing the document section `continues`, or, when
 * `opens` (its first line a part heading below a clinical history), in a diagnosis section of its own.
 */
function place(result: BlockResult, offset: number, continues: Section, opens = false): PlacedBlock {
  const local = result.model;
  const spans: Span[] = [];
  const own = (span: Span) => {
    const s = shiftSpan(span, offset);
    spans.push(s);
    return s;
  };
  const sections: Section[] = [];
  let opened: Section | undefined;
  if (opens) {
    opened = partsSection(offset, offset + local.text.length);
    spans.push(opened.headerSpan, opened.bodySpan);
    sections.push(opened);
  }
  const sectionMap = new Map<Section, Section>([[local.sections[0], opened ?? continues]]);
  for (const s of local.sections.slice(1)) {
    const g: Section = { ...s, headerSpan: own(s.headerSpan), bodySpan: own(s.bodySpan) };
    sections.push(g);
    sectionMap.set(s, g);
  }
  const fieldMap = new Map<Field, Field>();
  const fields = local.fields.map((f) => {
    const g: Field = { ...f, keySpan: own(f.keySpan), valueSpan: own(f.valueSpan), lineSpan: own(f.lineSpan), section: sectionMap.get(f.section)! };
    fieldMap.set(f, g);
    return g;
  });
  const sentences = local.sentences.map((s, i): Sentence => {
    return { span: own(s.span), section: sectionMap.get(s.section)!, field: s.field && fieldMap.get(s.field), origin: result.entries[i].sentence };
  });
  const findings = emptyFindings();
  let hasFindings = false;
  result.entries.forEach((entry, i) => {
    for (const k of FINDING_KEYS) {
      const list = entry.findings[k] as Mention[];
      if (list.length === 0) continue;
      hasFindings = true;
      const into = findings[k] as Mention[];
      for (const m of list) into.push(ownSpans(moveMention(m, entry.sentence, sentences[i]), spans));
    }
  });
  return { offset, result, continues, opened, sections, fields, sentences, findings, mentions: new Map(), readings: new Map(), spans, hasFindings };
}

/** Records a placed mention's span objects as the placement's own (see PlacedBlock.spans). */
function ownSpans<T extends Mention & { valueSpan?: Span }>(m: T, spans: Span[]): T {
  spans.push(m.span);
  if (m.valueSpan) spans.push(m.valueSpan);
  return m;
}

/**
 * Moves a placed block to a new offset (and the section it continues) in
 * place. Every span object a placement holds was made for it (by place and
 * moveMention), never shared with the block's own reading, and is listed in
 * its `spans`: a move shifts them where they are, in one pass, with nothing
 * allocated. The model the previous build returned is no longer read (see build).
 */
function rebase(block: PlacedBlock, offset: number, continues: Section): void {
  if (block.continues !== continues) {
    // What the block read in the section it continues now belongs to that section's new object.
    const was = block.continues;
    for (const s of block.sentences) if (s.section === was) s.section = continues;
    for (const f of block.fields) if (f.section === was) f.section = continues;
    block.continues = continues;
    // A reading may depend on the role of the section it is in (a history documents nothing), not on its kind.
    if (was.role !== continues.role) block.readings.clear();
  }
  const by = offset - block.offset;
  if (by === 0) return;
  const spans = block.spans;
  for (let i = 0; i < spans.length; i++) {
    spans[i].start += by;
    spans[i].end += by;
  }
  block.offset = offset;
}

/** The whole document's normalised text is built only if a consumer asks for it. */
function lazyNormModel(text: string, sections: Section[], fields: Field[], sentences: Sentence[], blocks: PlacedBlock[]): ReportModel {
  const model = { text, lines: new LineIndex(text), sections, fields, sentences, blocks } as Omit<ReportModel, 'norm'>;
  // One getter function for every model (it reads `this`): a closure per model would give each model
  // its own hidden class, which V8 keeps in old space with the closure, the text and the blocks it
  // holds, so every build's garbage would outlive the next young-generation collections.
  Object.defineProperty(model, 'norm', { enumerable: true, get: assembledNorm });
  return model as ReportModel;
}

const assembledNorms = new WeakMap<object, string>();

function assembledNorm(this: ReportModel): string {
  let norm = assembledNorms.get(this);
  if (norm === undefined) {
    const { text, blocks } = this;
    const parts: string[] = [];
    let cursor = 0;
    for (const b of blocks!) {
      parts.push(normalize(text.slice(cursor, b.offset)), b.result.model.norm);
      cursor = b.offset + b.result.model.text.length;
    }
    parts.push(normalize(text.slice(cursor)));
    norm = parts.join('');
    assembledNorms.set(this, norm);
  }
  return norm;
}

/**
 * Mentions of a matcher's patterns in the document's sentences, with their
 * assertions, that pass `keep`. Found once per block and matcher; a block that
 * kept its place keeps its placed mentions too.
 */
export function mentionsOf(model: ReportModel, matcher: PhraseMatcher, keep?: (m: Mention) => boolean): Mention[] {
  const all = model.blocks ? placedMentions(model, matcher).all : scanMentions(model, matcher);
  // Without a filter the list itself is returned: read it, do not keep or change it (the next build reuses it).
  return keep ? all.filter(keep) : all;
}

/**
 * The same mentions as mentionsOf, in document order, found block by block
 * only as far as they are read: a reader that stops at its first statement
 * does not scan the rest of a long draft. Each block's mentions are kept as
 * mentionsOf keeps them, so the two share the work.
 */
export function* mentionsLazily(model: ReportModel, matcher: PhraseMatcher): Generator<Mention> {
  // After an edit the whole list is cheaper when the model before had it: it is taken over, and only the
  // edited blocks are read. A list the model before read only lazily is read lazily again (building it
  // whole would read every block of a long draft at the first keystroke after it was opened).
  const built = mentionsByModel.get(model)?.get(matcher);
  const before = model.reused && mentionsByModel.get(model.reused.model)?.has(matcher);
  if (built || !model.blocks || before) {
    yield* built ? built.all : mentionsOf(model, matcher);
    return;
  }
  // A reader that reads on past its first blocks (an element stated late in a long draft, or not at
  // all) takes the whole list instead: it is kept for this model, so the next keystroke takes it over
  // and reads only the edited blocks, rather than walking every block again.
  let yielded = 0;
  for (let i = 0; i < model.blocks.length; i++) {
    if (i === LAZY_BLOCKS) {
      const all = placedMentions(model, matcher).all;
      for (let j = yielded; j < all.length; j++) yield all[j];
      return;
    }
    const block = model.blocks[i];
    const placed = mentionsOfBlock(block, matcher);
    for (const m of placed) {
      yielded++;
      yield m;
    }
  }
}

/** How many blocks a lazy reading walks before it takes a matcher's whole list. */
const LAZY_BLOCKS = 32;

/**
 * The mentions at or after an offset, in document order: the blocks before it
 * are passed over without being read (see ReadContext.from).
 */
export function* mentionsFrom(model: ReportModel, matcher: PhraseMatcher, from: number): Generator<Mention> {
  const blocks = model.blocks;
  if (!blocks || from <= 0) {
    yield* mentionsLazily(model, matcher);
    return;
  }
  const built = mentionsByModel.get(model)?.get(matcher);
  if (built) {
    const all = built.all;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid].span.start < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < all.length; i++) yield all[i];
    return;
  }
  for (let i = firstBlockAfter(blocks, from); i < blocks.length; i++) {
    const block = blocks[i];
    const placed = mentionsOfBlock(block, matcher);
    for (const m of placed) if (m.span.start >= from) yield m;
  }
}

/** The index of the first block that ends after `offset` (blocks.length if none does). */
export function firstBlockAfter(blocks: PlacedBlock[], offset: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (offset > 0 && lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].offset + blocks[mid].result.model.text.length <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface PlacedMentions {
  all: Mention[];
  /** Count of mentions after each block. */
  ends: number[];
}
const mentionsByModel = new WeakMap<ReportModel, Map<PhraseMatcher, PlacedMentions>>();

/** All mentions of a matcher in a model, reusing the previous model's for the blocks it kept. */
function placedMentions(model: ReportModel, matcher: PhraseMatcher): PlacedMentions {
  let byMatcher = mentionsByModel.get(model);
  if (!byMatcher) mentionsByModel.set(model, (byMatcher = new Map()));
  const hit = byMatcher.get(matcher);
  if (hit) return hit;
  const blocks = model.blocks!;
  let start = 0;
  let all: Mention[] = [];
  let ends: number[] = [];
  const reused = model.reused && mentionsByModel.get(model.reused.model)?.get(matcher);
  if (model.reused && reused) {
    // Taken over in place, like the block arrays: the previous model is no longer read.
    start = model.reused.blocks;
    all = reused.all;
    all.length = reused.ends[start - 1];
    ends = reused.ends;
    ends.length = start;
  }
  for (let i = start; i < blocks.length; i++) {
    const block = blocks[i];
    const placed = mentionsOfBlock(block, matcher);
    for (const m of placed) all.push(m);
    ends.push(all.length);
  }
  const result = { all, ends };
  byMatcher.set(matcher, result);
  return result;
}

/** A placed block's mentions of a matcher, found once and kept with the placement. */
export function mentionsOfBlock(block: PlacedBlock, matcher: PhraseMatcher): Mention[] {
  let placed = block.mentions.get(matcher);
  if (!placed) {
    placed = blockMentions(block, matcher);
    block.mentions.set(matcher, placed);
  }
  return placed;
}

/** A placed block's mentions of a matcher, sentence by sentence through the memo entries it was read from. */
function blockMentions(block: PlacedBlock, matcher: PhraseMatcher): Mention[] {
  const { model, entries } = block.result;
  const out: Mention[] = [];
  const sentences = model.sentences;
  for (let i = 0; i < sentences.length; i++) {
    const got = mentionsIn(entries[i], model, sentences[i], matcher);
    if (got.list.length === 0) continue;
    const to = block.sentences[i];
    const by = to.span.start - got.sentence!.span.start;
    for (const m of got.list) {
      const span = { start: m.span.start + by, end: m.span.end + by };
      block.spans.push(span);
      out.push({ span, sentence: to, assertion: m.assertion, origin: m });
    }
  }
  return out;
}

function scanMentions(model: ReportModel, matcher: PhraseMatcher): Mention[] {
  const out: Mention[] = [];
  for (const s of model.sentences) {
    for (const hit of matcher.scan(model.norm, s.span.start, s.span.end)) out.push({ span: hit.span, sentence: s, assertion: assess(model, s, hit.span) });
  }
  return out;
}
