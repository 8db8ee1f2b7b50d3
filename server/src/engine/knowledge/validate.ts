import type { ErrorObject } from 'ajv';
import type * as Validators from '../../generated/validators';
import { re2 } from '../match';

/**
 * Validation of knowledge files (checklists, lexicons, terms, rules) against
 * their JSON Schemas. Errors name the file, the JSON path and what to fix, so a
 * user who broke a workspace rule file can mend it without reading our code.
 */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'KnowledgeError';
  }
}

/** A knowledge schema, by the name of its file in data/schemas (compiled at build time: scripts/gen-validators.js). */
export type SchemaName = keyof typeof Validators;

let validators: typeof Validators | undefined;

/** The compiled validators, loaded when a workspace file is first checked (a start checks none; see esbuild.js). */
function validator(schema: SchemaName) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validators ??= require('../../generated/validators') as typeof Validators;
  return validators[schema];
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(top level)' : e.instancePath;
  switch (e.keyword) {
    case 'required':
      return `${where}: missing required property "${String(e.params.missingProperty)}"`;
    case 'additionalProperties':
      return `${where}: unknown property "${String(e.params.additionalProperty)}" (check its spelling)`;
    case 'enum':
      return `${where}: must be one of ${JSON.stringify(e.params.allowedValues)}`;
    default:
      return `${where}: ${e.message ?? 'is invalid'}`;
  }
}

/** Throws a KnowledgeError naming `file` when `data` does not match the schema. */
export function validateKnowledge<T>(schema: SchemaName, data: unknown, file: string): T {
  const validate = validator(schema);
  if (!validate(data)) {
    const problems = (validate.errors ?? []).slice(0, 10).map(describe);
    throw new KnowledgeError(file, problems);
  }
  return data as T;
}

/**
 * Built-in knowledge, as shipped in the bundle. It is validated against its
 * schema when it is built (scripts/gen-validators.js fails the build) and in
 * the unit tests, so a start does not validate it again: the files cannot
 * change after the build. Workspace files always go through validateKnowledge.
 */
export function builtinData<T>(_schema: SchemaName, data: unknown): T {
  return data as T;
}

/**
 * Checks a pattern from a workspace file: it must be valid in RE2, the
 * linear-time engine it will run in (see PhraseMatcher's 'linear' engine), so
 * no pattern a user writes can make matching take exponential time. RE2 has no
 * lookaround and no backreferences; the message says so.
 */
/** A space (or \\s, \\s+) at a pattern's start or end. */
const EDGE_SPACE = /^(?: +|\\s\+?)|(?: +|\\s\+?)$/;

export function compileUserPattern(source: string, file: string, where: string): void {
  if (source.length > 500) {
    throw new KnowledgeError(file, [`${where}: pattern is longer than 500 characters; split it into several patterns`]);
  }
  // Patterns match on word boundaries: a match can neither start nor end with a space, so a pattern that does never matches
  // beside a word ("depth of " before "6 mm"), in silence.
  const edge = EDGE_SPACE.exec(source);
  if (edge) {
    throw new KnowledgeError(file, [`${where}: pattern "${source}" ${edge.index === 0 ? 'starts' : 'ends'} with a space: patterns are matched on word boundaries, so it could never match beside a word. Remove the space`]);
  }
  try {
    re2().RE2JS.compile(source);
  } catch (err) {
    throw new KnowledgeError(file, [`${where}: pattern "${source}" ${whyNotRe2(source, (err as Error).message.replace(/^error parsing regexp: /, ''))}`]);
  }
}

/**
 * Why RE2 refused a pattern, in words: what RE2 does not have (a lookaround, a backreference) is named as such, since
 * RE2's own message for "(?<!x)" is "invalid named capture"; anything else is a plain syntax error, in RE2's words.
 */
function whyNotRe2(source: string, reason: string): string {
  const head = 'is not valid in RE2, the linear-time engine workspace patterns run in:';
  if (/\(\?<?[=!]/.test(source)) return `${head} it uses a lookaround ((?=…), (?!…), (?<=…) or (?<!…)), which RE2 does not have. Rewrite it without (words that make a match something else can go in the element's notFollowedBy, or in a pattern of their own)`;
  if (/\\[1-9]/.test(source)) return `${head} it uses a backreference (\\1 to \\9), which RE2 does not have. Rewrite it without`;
  return `${head} ${reason}. Fix its syntax`;
}
