import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

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

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

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

/** Throws a KnowledgeError naming `file` when `data` does not match `schema`. */
export function validateKnowledge<T>(schema: object, data: unknown, file: string): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(data)) {
    const problems = (validate.errors ?? []).slice(0, 10).map(describe);
    throw new KnowledgeError(file, problems);
  }
  return data as T;
}

/** Compiles a user-supplied pattern, refusing ones that could run away. */
export function compileUserPattern(source: string, file: string, where: string): RegExp {
  // Nested quantifiers such as (a+)+ or (a*)* are the classic catastrophic-backtracking shape.
  if (/\((?:[^()\\]|\\.)*[+*}]\)[+*{]/.test(source)) {
    throw new KnowledgeError(file, [`${where}: pattern "${source}" nests repetition (like (a+)+), which can take exponential time; rewrite it without the nested quantifier`]);
  }
  if (source.length > 500) {
    throw new KnowledgeError(file, [`${where}: pattern is longer than 500 characters; split it into several patterns`]);
  }
  try {
    return new RegExp(source, 'g');
  } catch (err) {
    throw new KnowledgeError(file, [`${where}: pattern "${source}" is not a valid regular expression (${(err as Error).message})`]);
  }
}
