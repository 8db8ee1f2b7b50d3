// Writes docs/rules/<code>.md for every diagnostic code, from the data that defines the rule
// (server/src/data/checklists.json, rules.json and every protocol in server/src/data/protocols/:
// their checklists' items and the value checks their elements declare) plus a worked example
// per code in scripts/rule-examples.json, so a page can never disagree with what the engine
// checks. Run: node scripts/gen-rule-docs.js
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const checklists = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/checklists.json'), 'utf8'));
const rules = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/rules.json'), 'utf8'));
const examples = JSON.parse(fs.readFileSync(path.join(__dirname, 'rule-examples.json'), 'utf8'));
const protocolDir = path.join(root, 'server/src/data/protocols');
const protocols = fs
  .readdirSync(protocolDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, data: JSON.parse(fs.readFileSync(path.join(protocolDir, file), 'utf8')) }));
// A protocol item names an element of its own file, of shared-elements.json or of checklists.json.
const protocolElements = Object.assign({}, checklists.elements, ...protocols.map((p) => p.data.elements || {}));
// SYNOPTIC_DOCS_OUT writes the pages elsewhere: the unit tests compare them with the committed ones.
const out = process.env.SYNOPTIC_DOCS_OUT ? path.resolve(process.env.SYNOPTIC_DOCS_OUT) : path.join(root, 'docs/rules');
fs.mkdirSync(out, { recursive: true });

const pages = new Map();
const page = (code) => {
  if (!pages.has(code)) pages.set(code, { code, uses: [], severities: new Set(), sources: new Set() });
  return pages.get(code);
};

for (const c of checklists.checklists) {
  for (const item of c.items) {
    const el = checklists.elements[item.element];
    const sev = item.requirement === 'required' ? 'warning' : 'information';
    for (const code of [item.code, item.incompleteCode].filter(Boolean)) {
      const p = page(code);
      p.kind = 'missing';
      p.uses.push({ checklist: c, item, el, severity: sev });
      p.severities.add(sev);
      p.sources.add(item.source);
      p.label = p.label || (code.startsWith('incomplete-') ? 'Incomplete IHC panel' : el.label);
    }
  }
}
for (const h of rules.hints) {
  const p = page(h.code);
  p.kind = 'hint';
  p.hints = [...(p.hints || []), h];
  p.severities.add(h.severity || 'information');
  p.sources.add(h.source);
}
for (const c of rules.consistency) {
  const p = page(c.code);
  p.kind = 'consistency';
  p.rule = c;
  p.severities.add(c.severity);
  p.sources.add(c.source);
}

// Codes of the kidney checklists and of rules.json keep their pages, which also list the protocol
// checklists that raise them, with the requirement each gives; the protocols add pages for their own codes.
const earlier = new Set(pages.keys());
for (const { file, data } of protocols) {
  for (const c of data.checklists || []) {
    for (const item of c.items) {
      const code = item.code;
      const el = protocolElements[item.element];
      if (!el) throw new Error(`${file}: checklist ${c.id} names an unknown element ${item.element}`);
      const sev = item.requirement === 'required' ? 'warning' : 'information';
      if (earlier.has(code)) {
        const p = page(code);
        p.protocolUses = [...(p.protocolUses || []), { checklist: c, item, el, severity: sev, file }];
        p.severities.add(sev);
        continue;
      }
      const p = page(code);
      p.kind = 'missing';
      p.protocol = true;
      p.uses.push({ checklist: c, item, el, severity: sev, file, elementId: item.element });
      p.severities.add(sev);
      p.sources.add(item.source);
      if (el.source) p.sources.add(el.source);
      p.label = p.label || el.label;
    }
  }
}
// Value checks declared in element data: a grade its scores contradict, a receptor result its
// percentage contradicts, a HER2 result its score or ISH figures contradict, more nodes involved than examined.
const checklistsUsing = (elementId) =>
  protocols.flatMap((p) => (p.data.checklists || []).filter((c) => c.items.some((i) => i.element === elementId)));
for (const { file, data } of protocols) {
  for (const [id, el] of Object.entries(data.elements || {})) {
    const declared = [
      el.grade && el.grade.mismatch && { kind: 'grade', spec: el.grade.mismatch },
      el.marker && el.marker.percentRule && { kind: 'percent', spec: el.marker.percentRule },
      el.marker && el.marker.resultCheck && { kind: 'result', spec: el.marker.resultCheck },
      el.count && el.count.atMost && { kind: 'count', spec: el.count.atMost },
    ].filter(Boolean);
    for (const { kind, spec } of declared) {
      if (earlier.has(spec.code)) throw new Error(`${file}: ${id} declares ${spec.code}, a code the kidney checklists or rules.json already use`);
      const p = page(spec.code);
      p.kind = 'value';
      p.checks = [...(p.checks || []), { kind, spec, el, id, file, checklists: checklistsUsing(id) }];
      p.severities.add('warning');
      p.sources.add(spec.source);
    }
  }
}

// Staging tables (server/src/data/staging/<checklist-id>.json): pT and pN derived from the findings; one code for all.
const stagingDir = path.join(root, 'server/src/data/staging');
const stagingTables = fs
  .readdirSync(stagingDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, data: JSON.parse(fs.readFileSync(path.join(stagingDir, file), 'utf8')) }));
if (stagingTables.length) {
  const p = page('stage-mismatch');
  p.kind = 'staging';
  p.tables = stagingTables;
  p.severities.add('warning');
}

// What a protocol item that applies only when the draft mentions something waits for (the item lists the words).
const mentionedWhat = (item) => {
  const words = item.onlyIfMentioned.join(' ');
  if (item.element === 'treatment-effect') return /androgen|hormon/.test(words) ? 'neoadjuvant, preoperative, androgen deprivation or hormonal therapy' : 'neoadjuvant or preoperative therapy';
  if (item.element === 'regional-lymph-nodes') return 'lymph nodes, a lymphadenectomy or a node dissection';
  if (item.element === 'grade-iaslc') return 'an adenocarcinoma';
  return 'the words the checklist item lists';
};

/** The choices of a template's first field ("${1|Not identified,Present|}"), unescaped. */
const templateChoices = (template) => {
  const m = /\$\{\d+\|((?:[^|\\]|\\.)*)\|\}/.exec(template || '');
  return m ? m[1].split(/(?<!\\),/).map((x) => x.replace(/\\(.)/g, '$1')) : [];
};
const range = (r) => (r[0] === r[1] ? `${r[0]}` : `${r[0]}–${r[1]}`);
const labelOf = (el, id) => ((el.answers || []).find((a) => a.id === id) || {}).label || id;

const valueCheck = (c) => {
  const where = `**${c.el.label}** (\`${c.id}\`, \`protocols/${c.file}\`${c.checklists.length ? `; ${c.checklists.map((x) => `\`${x.id}\``).join(', ')}` : ''})`;
  if (c.kind === 'grade') {
    const g = c.el.grade;
    const comps = (g.components || []).map((x) => `${x.label.toLowerCase()} (${x.min}–${x.max})`).join(', ');
    const rows = (g.table || []).map((r) => {
      const from = r.components ? Object.entries(r.components).map(([k, v]) => `${((g.components || []).find((x) => x.id === k) || {}).label || k} ${v}`).join(' + ') : `sum ${range(r.sum)}`;
      return `  - ${from} → ${labelOf(c.el, r.grade)}${r.source ? ` (${r.source})` : ''}`;
    });
    return `- ${where}: the stated ${g.name} grade disagrees with the grade its component scores give (${comps}), or, without all the components, with the grade its stated total score gives. The table in the data:\n${rows.join('\n')}\n`;
  }
  if (c.kind === 'percent') {
    const r = c.spec;
    const names = (ids) => ids.map((a) => labelOf(c.el, a).replace(/ \(.*\)$/, '').toLowerCase()).join(' or ');
    return `- ${where}: a result called ${names(r.negativeAnswers)} with ${r.positiveAtLeast} % or more of tumour nuclei staining, or called ${names(r.positiveAnswers)} with less than ${r.positiveAtLeast} %.\n`;
  }
  if (c.kind === 'result') {
    const m = c.el.marker;
    const scores = (m.scores || []).map((x) => `${x.score} ${x.answer}`).join(', ');
    const ish = m.ish ? ` In situ hybridisation decides where it is given: a ratio of ${m.ish.positive.ratioAtLeast.toFixed(1)} or more with ${m.ish.positive.copiesAtLeast.toFixed(1)} or more copies per cell is ${m.ish.positiveAnswer}, a ratio below ${m.ish.negative.ratioBelow.toFixed(1)} with fewer than ${m.ish.negative.copiesBelow.toFixed(1)} copies is ${m.ish.negativeAnswer}; "amplified" / "not amplified" count too.` : '';
    return `- ${where}: a stated result that its IHC score contradicts (${scores}), a 2+ called positive or negative with no in situ hybridisation result, or a final result the ISH figures contradict, wherever they are written (an addendum's ISH decides a result line that gives a 2+; a 0 or 1+ decides its own line).${ish}\n`;
  }
  const parts = c.el.count.parts;
  const label = (id) => ((parts.find((x) => x.id === id) || {}).label || id).toLowerCase();
  return `- ${where}: more ${label(c.spec.part)} than ${label(c.spec.than)} ("3/2", or 5 involved beside 4 examined written apart). A statement that gives both ("3/2") is checked by itself, whatever another part says, and so are two field lines one after the other that give one each; otherwise the largest figures stated for each are compared.\n`;
};

const settingsNote = (code) => `## Change its severity or turn it off\n\nIn your settings (user or workspace):\n\n\`\`\`json\n"synoptic.severity": { "${code}": "off" }\n\`\`\`\n\nAny of \`error\`, \`warning\`, \`information\`, \`hint\` or \`off\`; the quick fix "Turn off ${code} for this workspace" writes the workspace setting. On the command line: \`synoptic lint --severity ${code}=off\`.\n`;

const exampleBlock = (code) => {
  const ex = examples[code];
  if (!ex) throw new Error(`scripts/rule-examples.json has no example for ${code}`);
  return `## Example\n\nThis draft raises \`${code}\`:\n\n\`\`\`\n${ex.triggers}\n\`\`\`\n\nThis near miss does not:\n\n\`\`\`\n${ex.nearMiss}\n\`\`\`\n${ex.note ? `\n${ex.note}\n` : ''}`;
};

const index = [];
for (const p of [...pages.values()].sort((a, b) => a.code.localeCompare(b.code))) {
  const sev = [...p.severities].join(' or ');
  let body = `# ${p.code}\n\n**Default severity:** ${sev}\n\n`;
  let summary;
  if (p.kind === 'missing') {
    summary = p.code.startsWith('incomplete-') ? 'some expected IHC markers have no result' : `${p.label} is not stated`;
    body += `## What it checks\n\n`;
    for (const u of p.uses) {
      if (p.protocol) {
        body += `- In the **${u.checklist.title}** checklist (\`${u.checklist.id}\`, \`protocols/${u.file}\`): the draft does not state **${u.el.label}** (${u.item.requirement}, ${u.severity}).${u.item.onlyIfMentioned ? ' Only when the draft mentions it (the checklist item lists the words).' : ''}\n`;
        continue;
      }
      const what = p.code.startsWith('incomplete-')
        ? `the draft gives IHC results but none for some of: ${u.item.expectedMarkers.map((m) => m.label).join(', ')}`
        : `the draft does not state **${u.el.label}** (${u.item.requirement}, ${u.severity})`;
      body += `- In the **${u.checklist.title}** checklist (\`${u.checklist.id}\`): ${what}.${u.item.onlyIfTypeGroups ? ` Only for ${u.item.onlyIfTypeGroups.join(' / ')} diagnoses.` : ''}${u.item.onlyIfMentioned ? ' Only when the draft mentions neoadjuvant or preoperative therapy.' : ''}\n`;
    }
    for (const u of p.protocolUses || []) {
      const when = `${u.item.onlyIfMentioned ? ` Only when the draft mentions ${mentionedWhat(u.item)}.` : ''}${u.item.unlessMentioned ? ` Not when the draft affirms ${u.item.unlessMentioned.map((w) => `"${w}"`).join(' or ')} (outside the history).` : ''}`;
      body += `- In the **${u.checklist.title}** checklist (\`${u.checklist.id}\`, \`protocols/${u.file}\`): the draft does not state **${u.el.label}** (${u.item.requirement}, ${u.severity}).${when}\n`;
    }
    const el = p.uses[0].el;
    if (p.protocol) {
      body += `\nA protocol checklist applies once the draft affirms its organ's malignancy as the diagnosis, names the organ and affirms a resection, and nothing in it points to a metastasis from elsewhere (or once a \`Protocol:\` line names the checklist). A biopsy, a metastasis and a draft without a diagnosis get no missing-element warnings. Statements in the clinical history, and historical ("history of ...") or hypothetical ("rule out ...", "if ...") statements, do not count.\n\n`;
      body += `## What satisfies it\n\n${[...new Set(p.uses.map((u) => u.el.satisfy))].map((x) => x.charAt(0).toUpperCase() + x.slice(1)).join('; ')}. ${el.presence ? 'Negated statements ("not identified", "no ... seen") count as stated, and so do "cannot be assessed", "pending" and "reported on an earlier specimen".' : '"Cannot be assessed", "pending" and "reported on an earlier specimen" count as stated too.'}\n\n`;
      body += `## Why it matters\n\n${[...p.sources].map((x) => `- ${x}`).join('\n')}\n\n`;
      const choices = templateChoices(el.template);
      const key = (el.template || '').split(':')[0];
      body += `## Quick fix\n\n${el.template ? `The light bulb offers to insert \`${key}:\`${choices.length ? ` (one fix per value: ${choices.slice(0, 6).join(', ')})` : ''} at the end of the section where it belongs.` : 'The light bulb offers to turn the rule off for the workspace.'}\n\n`;
      body += exampleBlock(p.code) + '\n' + settingsNote(p.code);
      fs.writeFileSync(path.join(out, `${p.code}.md`), body);
      index.push(`| [\`${p.code}\`](${p.code}.md) | ${sev} | ${summary} |`);
      continue;
    }
    body += `\nThe checklist applies only once the draft names a tumour type (or a \`Protocol:\` line names the checklist); a draft without a diagnosis gets no missing-element warnings. Statements in the clinical history, and historical ("history of ...") or hypothetical ("rule out ...", "if ...") statements, do not count.\n\n`;
    if (p.protocolUses) body += `A protocol checklist applies once the draft affirms its organ's malignancy as the diagnosis, names the organ and affirms a resection, and nothing in it points to a metastasis from elsewhere (or once a \`Protocol:\` line names the checklist). Each checklist gives the code its own severity: required elements are warnings, recommended ones information.\n\n`;
    body += `## What satisfies it\n\n${p.code.startsWith('incomplete-') ? 'Give each expected marker with its result ("S-100: negative", "negative for S-100 and HMB-45", "AE1/AE3–"); "pending" counts.' : `${el.satisfy.charAt(0).toUpperCase() + el.satisfy.slice(1)}.`} Negated and "cannot be assessed" statements count as stated.\n\n`;
    body += `## Why it matters\n\n${[...p.sources].map((s) => `- ${s}`).join('\n')}\n\n`;
    body += `## Quick fix\n\nThe light bulb offers to insert the line${el.values ? ` (one fix per allowed value: ${el.values.slice(0, 4).join(', ')}, ...)` : ''} at the end of the section where it belongs.\n\n`;
  } else if (p.kind === 'hint') {
    const first = p.hints[0].favours.split('.')[0];
    // Hints on protocol elements keep their acronyms (HER2, MLH1, ISH); the kidney hints' summaries stay as they were.
    summary = p.hints.some((h) => JSON.stringify(h.when).includes('"element"')) ? (/^[A-Z][A-Z0-9]/.test(first) ? first : first.charAt(0).toLowerCase() + first.slice(1)) : first.toLowerCase();
    body += `This is a hint for the reviewer, not a diagnosis: it says what the stated findings favour and what would settle it.\n\n`;
    for (const h of p.hints) {
      const heading = h.reportType === 'radiology' ? 'Radiology' : 'Pathology';
      const same = p.hints.filter((x) => x.reportType === h.reportType);
      body += `## ${heading}${same.length > 1 ? `, case ${same.indexOf(h) + 1} of ${same.length}` : ''}\n\n**What the findings favour:** ${h.favours}\n\n**Why:** ${h.why}\n\n**What would settle it:** ${h.settle}\n\n${h.silentWhen ? `**Stays silent when:** ${h.silentWhen}\n\n` : ''}**Source:** ${h.source}\n\n`;
    }
    body += p.hints.some((h) => JSON.stringify(h.when).includes('"element"'))
      ? `Negated, uncertain, historical and hypothetical statements never fire it as if affirmed ("rule out ...", "history of ..."), and the results it reads are those of the protocol's elements.\n\n`
      : `Negated, uncertain, historical and hypothetical statements never fire it as if affirmed ("no HMB-45 positivity", "history of angiomyolipoma of the other kidney").\n\n`;
  } else if (p.kind === 'value') {
    summary = {
      grade: 'a stated grade disagrees with its component scores',
      percent: 'a receptor result disagrees with its percentage of staining nuclei',
      result: 'a HER2 result disagrees with its IHC score or ISH figures',
      count: 'more lymph nodes involved than examined',
    }[p.checks[0].kind];
    if (p.code === 'gleason-grade-group-mismatch') summary = 'a stated Grade Group disagrees with its Gleason score';
    if (p.code === 'nottingham-score-mismatch') summary = 'a stated Nottingham grade disagrees with its component scores';
    body += `## What it checks\n\nA value check declared in the element's data:\n\n${p.checks.map(valueCheck).join('')}\nOnly affirmed readings in text that documents this specimen are compared: a negated statement, the clinical history and hypotheticals are not. The message quotes the readings and their lines.\n\n## Source\n\n${[...p.sources].map((x) => `- ${x}`).join('\n')}\n\n`;
  } else if (p.kind === 'staging') {
    summary = 'a stated pT or pN is lower than the findings prove, or higher than they allow';
    const cond = (c) => c.unstated ? `${c.unstated} (read by no element: never proven, never ruled out)` : c.measure ? `size ${[c.gt !== undefined && `> ${c.gt}`, c.gte !== undefined && `≥ ${c.gte}`, c.lt !== undefined && `< ${c.lt}`, c.lte !== undefined && `≤ ${c.lte}`].filter(Boolean).join(' and ')}` : c.count ? `${c.part} nodes ${[c.gte !== undefined && `≥ ${c.gte}`, c.lte !== undefined && `≤ ${c.lte}`].filter(Boolean).join(' and ')}` : c.label;
    const table = ({ file, data }) => {
      const unit = (data.measures && data.measures.size && data.measures.size.unit) || '';
      const axis = (name, a) => a.categories.map((r) => `| ${name === 't' ? 'p' : 'p'}${r.category} | ${r.rule} | ${r.when.map((alt) => alt.map(cond).join(' and ')).join('; or ')}${r.unless ? `; unproven when affirmed: ${r.unless.map(cond).join(' or ')}` : ''} | ${r.source} |`).join('\n');
      const only = data.onlyIfMentioned ? 'Applies only when the draft names this chapter (for instance "AJCC 8th, soft tissue sarcoma of the retroperitoneum"); otherwise the draft is not staged.\n\n' : '';
      return `### \`${data.checklist}\` (AJCC 8th ${data.chapter}; \`staging/${file}\`${unit ? `, sizes in ${unit}` : ''})\n\n${only}| category | rule | proven by | source |\n|---|---|---|---|\n${axis('t', data.t)}\n${axis('n', data.n)}\n\n`;
    };
    body += `## What it checks\n\nThe pathologic stage is written by hand from facts stated a few lines above it. Each checklist with a staging table (kidney, renal sarcoma when the draft names the retroperitoneum chapter, breast, colorectal, prostate, lung) derives pT and pN from the draft's own findings (tumour size, extension, vein, visceral pleura, seminal vesicles, node counts), and compares the stated categories:\n\n- **Lower than proven:** the stated category is below what the affirmed findings prove ("pT1b" for an 8.5 cm tumour; "pN1b" for four involved colorectal nodes).\n- **Higher than allowed:** the stated category is above the highest the findings allow, and every finding that could raise it is stated absent ("pN1" with 0 of 12 nodes involved).\n\nIt is silent when the findings cannot decide: a finding the draft does not state (extension, vein, pleura, nodes) never proves or rules out a category, so the derivation is "at least" a category until the rest is stated. Negated statements rule a finding out; uncertain, historical and hypothetical ones decide nothing. Sizes are the greatest dimension in cm or mm (of a dimension list, the greatest; of several tumours, the largest; a size in the diagnosis or synoptic over a gross measurement); for a lung adenocarcinoma with a lepidic component, the invasive size; after neoadjuvant therapy for a lung carcinoma, the viable tumour size, never a tumour bed. Node counts are the largest figure stated, and counts given per lettered specimen part ("A. Sentinel lymph nodes: 1/2", "B. Axillary contents: 3/11") add up. A category written without its subdivision ("pT1" for pT1b) agrees with its subdivisions; pTX, pT0 and pNX are not compared. Prefixes (y, r, m) and suffixes ((sn), (i+), (mi), (m)) are kept: the message names the stated category as written, and the diagnostic covers the category letters alone.\n\nThe message says what was stated, what the findings give and why, with the AJCC row; its related information points at the findings.\n\n## The tables\n\nGenerated from the data the engine reads. A condition read by no element is listed so that the hover can say what is still unstated.\n\n${p.tables.map(table).join('')}## Quick fix\n\nWhen the findings give one category, the light bulb offers to replace the stated category with it (prefix and suffixes stay as written).\n\n`;
  } else {
    summary = p.rule.rationale.split(';')[0].replace(/\.$/, '').toLowerCase();
    body += `## What it checks\n\n${p.rule.rationale}\n\nThe message quotes both places, and the diagnostic's related information points at the other one.\n\n## Source\n\n${p.rule.source}\n\n`;
    if (p.code === 'invalid-grade' || p.code === 'grade-system-mismatch') body += `## Quick fix\n\nThe light bulb offers the valid forms of the grade.\n\n`;
  }
  body += exampleBlock(p.code) + '\n' + settingsNote(p.code);
  fs.writeFileSync(path.join(out, `${p.code}.md`), body);
  index.push(`| [\`${p.code}\`](${p.code}.md) | ${sev} | ${summary} |`);
}
fs.writeFileSync(path.join(out, 'README.md'), `# Diagnostic codes\n\nThe codes are a public contract: stable, and each with its page. Pages are generated from the rule data by \`node scripts/gen-rule-docs.js\`.\n\n| code | default severity | summary |\n|---|---|---|\n${index.join('\n')}\n`);
console.log(`wrote ${pages.size} rule pages`);
