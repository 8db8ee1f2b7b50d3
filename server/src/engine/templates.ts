/**
 * Checklist templates are written in snippet syntax (`${1|a,b|}` choices,
 * `${1:text}` placeholders). Editors with snippet support insert them as they
 * are; a plain-text edit needs one concrete text per choice.
 */

const CHOICE = /\$\{\d+\|([^|}]*)\|\}/g;
const PLACEHOLDER = /\$\{\d+:([^}]*)\}/g;

/** The values a template offers for its first choice, e.g. ["1", "2", "3", "Cannot be assessed"]. */
export function templateChoices(template: string): string[] {
  const m = /\$\{\d+\|([^|}]*)\|\}/.exec(template);
  return m ? m[1].split(',').map((s) => s.trim()) : [];
}

/** Concrete texts for a template: one per value of its first choice (other choices take their first value). */
export function expandTemplate(template: string): string[] {
  const choices = templateChoices(template);
  const fill = (first: string | undefined) => {
    let used = false;
    return template
      .replace(CHOICE, (_all, list: string) => {
        const values = list.split(',');
        if (!used && first !== undefined) {
          used = true;
          return first;
        }
        return `[${values.join(' / ')}]`;
      })
      .replace(PLACEHOLDER, (_all, text: string) => text || '__');
  };
  return choices.length ? choices.map((c) => fill(c)) : [fill(undefined)];
}

/** The field key a template line fills ("Margins" for "Margins: ${1|...|}"). */
export function templateKey(template: string): string | undefined {
  const m = /^([^:\n$]+):/.exec(template);
  return m ? m[1].trim() : undefined;
}
