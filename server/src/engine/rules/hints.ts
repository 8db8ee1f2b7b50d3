import { mentionsOf } from '../document';
import { ChecklistResult } from '../checklist';
import { documents } from '../findings/assess';
import { Findings, Mention } from '../findings/types';
import { Condition, HintRule, RuleBase } from '../knowledge/rules';
import { PhraseMatcher } from '../match';
import { ReportModel } from '../parser';
import { normalize } from '../text';
import { EngineDiagnostic, Span } from '../types';

/** Evidence for a condition: the places in the draft that satisfied it. */
interface Evidence {
  spans: Span[];
  anchor?: Span;
}

interface Ctx {
  checklist?: ChecklistResult;
  model: ReportModel;
  findings: Findings;
  rules: RuleBase;
  mentionCache: Map<PhraseMatcher, Mention[]>;
}

/** Differential hints: each rule whose condition holds and whose exceptions do not. */
export function evaluateHints(rules: RuleBase, model: ReportModel, findings: Findings, reportType: string, checklist?: ChecklistResult): EngineDiagnostic[] {
  const ctx: Ctx = { model, findings, rules, mentionCache: new Map(), checklist };
  const out: EngineDiagnostic[] = [];
  const fired = new Set<string>();
  for (const rule of rules.hints) {
    if (rule.reportType !== reportType || fired.has(rule.code)) continue;
    if (rule.checklists && !(checklist && rule.checklists.includes(checklist.checklist.id))) continue;
    const ev = evaluate(ctx, rule.when);
    if (!ev) continue;
    if ((rule.unless ?? []).some((u) => evaluate(ctx, u))) continue;
    fired.add(rule.code);
    out.push(toDiagnostic(rule, ev, model));
  }
  return out;
}

function toDiagnostic(rule: HintRule, ev: Evidence, model: ReportModel): EngineDiagnostic {
  const anchor = ev.anchor ?? ev.spans[0] ?? { start: 0, end: model.lines.lineEnd(0) };
  const related = ev.spans
    .filter((s) => s.start !== anchor.start || s.end !== anchor.end)
    .slice(0, 4)
    .map((span) => ({ span, message: `Considered by this hint: "${model.text.slice(span.start, span.end).replace(/\s+/g, ' ').slice(0, 60)}"` }));
  return {
    code: rule.code,
    severity: rule.severity ?? 'information',
    message: `${rule.favours} ${rule.why} ${rule.settle}`,
    span: anchor,
    related: related.length ? related : undefined,
    data: { source: rule.source },
  };
}

function evaluate(ctx: Ctx, c: Condition): Evidence | undefined {
  let ev: Evidence | undefined;
  if (c.all) {
    const parts: Evidence[] = [];
    for (const sub of c.all) {
      const e = evaluate(ctx, sub);
      if (!e) return undefined;
      parts.push(e);
    }
    ev = { spans: parts.flatMap((p) => p.spans), anchor: parts.find((p) => p.anchor)?.anchor };
  } else if (c.any) {
    for (const sub of c.any) {
      const e = evaluate(ctx, sub);
      if (e) {
        ev = e;
        break;
      }
    }
    if (!ev) return undefined;
  } else if (c.not) {
    return evaluate(ctx, c.not) ? undefined : { spans: [] };
  } else if (c.ihc) ev = ihc(ctx, c.ihc);
  else if (c.type) ev = histologicType(ctx, c.type);
  else if (c.mention) ev = mention(ctx, c.mention, c.assert ?? 'affirmed', c.notInSentenceWith);
  else if (c.necrosis) ev = necrosis(ctx, c.necrosis);
  else if (c.mitoticCount) ev = mitoticCount(ctx, c.mitoticCount);
  else if (c.element) ev = element(ctx, c.element);
  if (!ev) return undefined;
  if (c.anchor && ev.spans.length) ev = { spans: ev.spans, anchor: ev.spans[0] };
  return ev;
}

function ihc(ctx: Ctx, q: NonNullable<Condition['ihc']>): Evidence | undefined {
  const results = ctx.findings.ihc.filter((r) => documents(r) && r.assertion.negation !== 'possible' && r.result !== undefined && q.groups.includes(r.group));
  if (q.allGiven) {
    if (results.length === 0 || results.some((r) => r.result !== q.result)) return undefined;
    return { spans: results.map((r) => r.span) };
  }
  const hits = results.filter((r) => r.result === q.result);
  // A marker reported both ways ("SMA negative ... SMA focally positive") is not a clean result.
  const clean = hits.filter((h) => !results.some((r) => r.group === h.group && r.result !== q.result));
  return clean.length ? { spans: clean.map((r) => r.span) } : undefined;
}

function histologicType(ctx: Ctx, q: NonNullable<Condition['type']>): Evidence | undefined {
  const hits = ctx.findings.histologicTypes.filter(
    (t) => documents(t) && t.assertion.negation !== 'negated' && ((q.ids ?? []).includes(t.id) || (q.groups ?? []).includes(t.group)),
  );
  return hits.length ? { spans: hits.map((t) => t.span) } : undefined;
}

function mention(ctx: Ctx, patterns: string[], how: NonNullable<Condition['assert']>, notInSentenceWith?: string[]): Evidence | undefined {
  const matcher = ctx.rules.matcher(patterns);
  let mentions = ctx.mentionCache.get(matcher);
  if (!mentions) {
    mentions = mentionsOf(ctx.model, matcher);
    ctx.mentionCache.set(matcher, mentions);
  }
  const exclude = notInSentenceWith?.length ? ctx.rules.matcher(notInSentenceWith) : undefined;
  const ok = mentions.filter(
    (m) =>
      (how === 'mentioned' ? m.sentence.section.role !== 'history' && m.sentence.section.role !== 'technique' : documents(m)) &&
      (how === 'documented' || how === 'mentioned' || m.assertion.negation === how || (how === 'present' && m.assertion.negation !== 'negated')) &&
      // The sentence alone is normalised: an assembled document builds its whole norm only on demand.
      !(exclude && exclude.test(normalize(ctx.model.text.slice(m.sentence.span.start, m.sentence.span.end)))),
  );
  return ok.length ? { spans: ok.map((m) => m.span) } : undefined;
}

function necrosis(ctx: Ctx, want: 'present' | 'absent'): Evidence | undefined {
  const stated = ctx.findings.necrosis.filter((n) => documents(n) && n.assertion.negation !== 'possible');
  const present = stated.filter((n) => n.present);
  if (want === 'present') return present.length ? { spans: present.map((n) => n.span) } : undefined;
  const absent = stated.filter((n) => !n.present);
  return absent.length && present.length === 0 ? { spans: absent.map((n) => n.span) } : undefined;
}

function mitoticCount(ctx: Ctx, q: NonNullable<Condition['mitoticCount']>): Evidence | undefined {
  const hits = ctx.findings.mitoticCounts.filter(
    (m) => documents(m) && m.per10Hpf !== undefined && (q.max === undefined || m.per10Hpf <= q.max) && (q.min === undefined || m.per10Hpf >= q.min),
  );
  return hits.length ? { spans: hits.map((m) => m.span) } : undefined;
}

/** Readings of a protocol element of the applicable checklist that match the condition. */
function element(ctx: Ctx, q: NonNullable<Condition['element']>): Evidence | undefined {
  const values = (ctx.checklist?.read(q.id) ?? []).filter(
    (v) =>
      documents(v) &&
      (v.answer !== undefined || v.score !== undefined || v.ish !== undefined || v.assertion.negation !== 'negated') &&
      (!q.answers || (v.answer !== undefined && q.answers.includes(v.answer))) &&
      (!q.scores || (v.score !== undefined && q.scores.includes(v.score))) &&
      (q.ish === undefined || (v.ish !== undefined) === q.ish),
  );
  return values.length ? { spans: values.map((v) => v.span) } : undefined;
}
