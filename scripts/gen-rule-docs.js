// Writes docs/rules/<code>.md for every diagnostic code, from the data that defines the rule
// (server/src/data/checklists.json and rules.json) plus a worked example per code below,
// so a page can never disagree with what the engine checks. Run: node scripts/gen-rule-docs.js
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const checklists = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/checklists.json'), 'utf8'));
const rules = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/rules.json'), 'utf8'));
const examples = JSON.parse(fs.readFileSync(path.join(__dirname, 'rule-examples.json'), 'utf8'));
const out = path.join(root, 'docs/rules');
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
      const what = p.code.startsWith('incomplete-')
        ? `the draft gives IHC results but none for some of: ${u.item.expectedMarkers.map((m) => m.label).join(', ')}`
        : `the draft does not state **${u.el.label}** (${u.item.requirement}, ${u.severity})`;
      body += `- In the **${u.checklist.title}** checklist (\`${u.checklist.id}\`): ${what}.${u.item.onlyIfTypeGroups ? ` Only for ${u.item.onlyIfTypeGroups.join(' / ')} diagnoses.` : ''}${u.item.onlyIfMentioned ? ' Only when the draft mentions neoadjuvant or preoperative therapy.' : ''}\n`;
    }
    const el = p.uses[0].el;
    body += `\nThe checklist applies only once the draft names a tumour type (or a \`Protocol:\` line names the checklist); a draft without a diagnosis gets no missing-element warnings. Statements in the clinical history, and historical ("history of ...") or hypothetical ("rule out ...", "if ...") statements, do not count.\n\n`;
    body += `## What satisfies it\n\n${p.code.startsWith('incomplete-') ? 'Give each expected marker with its result ("S-100: negative", "negative for S-100 and HMB-45", "AE1/AE3–"); "pending" counts.' : `${el.satisfy.charAt(0).toUpperCase() + el.satisfy.slice(1)}.`} Negated and "cannot be assessed" statements count as stated.\n\n`;
    body += `## Why it matters\n\n${[...p.sources].map((s) => `- ${s}`).join('\n')}\n\n`;
    body += `## Quick fix\n\nThe light bulb offers to insert the line${el.values ? ` (one fix per allowed value: ${el.values.slice(0, 4).join(', ')}, ...)` : ''} at the end of the section where it belongs.\n\n`;
  } else if (p.kind === 'hint') {
    summary = p.hints[0].favours.split('.')[0].toLowerCase();
    body += `This is a hint for the reviewer, not a diagnosis: it says what the stated findings favour and what would settle it.\n\n`;
    for (const h of p.hints) {
      body += `## ${h.reportType === 'radiology' ? 'Radiology' : 'Pathology'}\n\n**What the findings favour:** ${h.favours}\n\n**Why:** ${h.why}\n\n**What would settle it:** ${h.settle}\n\n${h.silentWhen ? `**Stays silent when:** ${h.silentWhen}\n\n` : ''}**Source:** ${h.source}\n\n`;
    }
    body += `Negated, uncertain, historical and hypothetical statements never fire it as if affirmed ("no HMB-45 positivity", "history of angiomyolipoma of the other kidney").\n\n`;
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
