import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { loadTerms } from '../../server/src/engine/terms';

const root = path.resolve(__dirname, '../..');
const GRAMMARS: Record<string, string> = {
  'text.report.pathology': path.join(root, 'syntaxes/pathology-report.tmLanguage.json'),
  'text.report.radiology': path.join(root, 'syntaxes/radiology-report.tmLanguage.json'),
};

let registry: vsctm.Registry | undefined;
function getRegistry(): vsctm.Registry {
  if (!registry) {
    const wasm = fs.readFileSync(path.join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    // loadWASM returns the same promise when called again, so other suites may share it.
    const ready = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    registry = new vsctm.Registry({
      onigLib: ready.then(() => ({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      })),
      loadGrammar: async (scopeName: string) => {
        const file = GRAMMARS[scopeName];
        return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
      },
    });
  }
  return registry;
}

interface Tok {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

async function tokenize(scope: string, line: string): Promise<Tok[]> {
  const grammar = await getRegistry().loadGrammar(scope);
  assert.ok(grammar, `grammar ${scope} did not load`);
  const r = grammar!.tokenizeLine(line, vsctm.INITIAL);
  return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: t.endIndex, scopes: t.scopes }));
}

/** The scopes of the token(s) spanning `fragment` (its n-th occurrence); fails unless tokens start and end exactly there. */
async function scopesOf(scope: string, line: string, fragment: string, occurrence = 0): Promise<string[]> {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = line.indexOf(fragment, at + 1);
  assert.ok(at >= 0, `"${fragment}" not in "${line}"`);
  const toks = await tokenize(scope, line);
  const inside = toks.filter((t) => t.start >= at && t.end <= at + fragment.length);
  assert.ok(inside.length > 0 && inside[0].start === at && inside[inside.length - 1].end === at + fragment.length,
    `"${fragment}" is not a token boundary in "${line}": ${JSON.stringify(toks.map((t) => [t.text, t.scopes.slice(1)]))}`);
  // Scopes every piece shares.
  return inside[0].scopes.filter((s) => inside.every((t) => t.scopes.includes(s)));
}

function has(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s.split(' ').some((part) => part === prefix || part.startsWith(prefix + '.')));
}

const P = 'text.report.pathology';
const R = 'text.report.radiology';

describe('grammar: pathology report', () => {
  it('loads with the declared scope name', async () => {
    const g = await getRegistry().loadGrammar(P);
    assert.ok(g);
    const raw = JSON.parse(fs.readFileSync(GRAMMARS[P], 'utf8'));
    assert.equal(raw.scopeName, P);
  });

  it('scopes section headers', async () => {
    for (const line of ['FINAL DIAGNOSIS:', 'GROSS DESCRIPTION:', 'IMMUNOHISTOCHEMISTRY:', 'SYNOPTIC REPORT:']) {
      const s = await scopesOf(P, line, line.slice(0, -1));
      assert.ok(has(s, 'markup.heading') && has(s, 'entity.name.section'), `${line}: ${s}`);
    }
    assert.ok(has(await scopesOf(P, 'Diagnosis', 'Diagnosis'), 'markup.heading'), 'a known header alone in title case');
    assert.ok(has(await scopesOf(P, 'DIAGNOSIS: Leiomyosarcoma, FNCLCC grade 3', 'DIAGNOSIS'), 'entity.name.section'), 'a capitalised known header with inline text');
  });

  it('scopes synoptic field keys, keeping marker and grade scopes inside them', async () => {
    const s = await scopesOf(P, 'Tumor size: 12 x 8 x 6 cm', 'Tumor size');
    assert.ok(has(s, 'variable.other.key') && has(s, 'support.type.property-name'), String(s));
    const g = await scopesOf(P, 'Histologic grade (FNCLCC): G3', 'FNCLCC');
    assert.ok(has(g, 'variable.other.key') && has(g, 'keyword.other.grading-system'), String(g));
    const m = await scopesOf(P, 'HMB-45: negative', 'HMB-45');
    assert.ok(has(m, 'variable.other.key') && has(m, 'support.constant.marker'), String(m));
    assert.ok(has(await scopesOf(P, 'HMB-45: negative', 'negative'), 'markup.deleted'));
    // A "+ " bullet before the key, as some synoptic templates write it.
    assert.ok(has(await scopesOf(P, '+ Tumor site: Sigmoid colon', 'Tumor site'), 'variable.other.key'));
    const time = await tokenize(P, 'Received at 10:30 in formalin');
    assert.ok(time.every((t) => !has(t.scopes, 'variable.other.key')), 'a time is not a key');
  });

  it('scopes markers in prose, in every spelling', async () => {
    const line = 'Tumour cells are positive for smooth muscle actin, desmin and h-caldesmon, and negative for AE1/AE3, CAM5.2, S-100 protein, HMB45 and Melan-A.';
    for (const m of ['smooth muscle actin', 'desmin', 'h-caldesmon', 'AE1/AE3', 'CAM5.2', 'S-100 protein', 'HMB45', 'Melan-A']) {
      assert.ok(has(await scopesOf(P, line, m), 'support.constant.marker'), m);
    }
    assert.ok(has(await scopesOf(P, 'HMB–45 (−)', 'HMB–45'), 'support.constant.marker'), 'en dash inside a marker');
  });

  it('scopes every marker spelling of terms.json as a marker', async () => {
    for (const t of loadTerms().terms.filter((x) => x.category === 'marker')) {
      for (const s of t.synonyms) {
        const line = `Stain ${s} shows`;
        assert.ok(has(await scopesOf(P, line, s), 'support.constant.marker'), `${t.id}: "${s}"`);
      }
    }
  });

  it('scopes positive results', async () => {
    for (const [line, frag] of [['SMA: positive', 'positive'], ['desmin (+)', '(+)'], ['CD34+', '+'], ['SMA is diffusely immunoreactive', 'immunoreactive']]) {
      assert.ok(has(await scopesOf(P, line, frag), 'markup.inserted'), `${frag} in ${line}`);
    }
    const sum = await tokenize(P, 'differentiation 2 + mitoses 3 = 5');
    assert.ok(sum.every((t) => !has(t.scopes, 'markup.inserted')), 'a plus sign in a sum is not a result');
  });

  it('scopes negative results, including the en dash and the Unicode minus', async () => {
    const cases: [string, string][] = [
      ['S-100: negative', 'negative'],
      ['S-100 (-)', '(-)'],
      ['HMB-45 (\u2212)', '(\u2212)'],
      ['HMB-45 \u2013', '\u2013'],
      ['SMA\u2212, desmin\u2212', '\u2212'],
      ['AE1/AE3 -', '-'],
      ['Keratin AE1/AE3\u2013; S100\u2013', '\u2013'],
    ];
    for (const [line, frag] of cases) assert.ok(has(await scopesOf(P, line, frag), 'markup.deleted'), `${JSON.stringify(frag)} in ${line}`);
    // Hyphens inside words, ranges and list dashes are not results.
    for (const [line, frag] of [['well-differentiated', '-'], ['5-10 mitoses', '-'], ['Kidney, left - radical nephrectomy', '-']] as [string, string][]) {
      const toks = await tokenize(P, line);
      const at = line.indexOf(frag);
      const tok = toks.find((t) => t.start <= at && at < t.end)!;
      assert.ok(!has(tok.scopes, 'markup.deleted'), `${frag} in ${line}`);
    }
  });

  it('scopes grades, R classes and TNM', async () => {
    assert.ok(has(await scopesOf(P, 'FNCLCC grade 2 of 3', 'FNCLCC'), 'keyword.other.grading-system'));
    assert.ok(has(await scopesOf(P, 'FNCLCC grade 2 of 3', 'grade 2'), 'constant.numeric'));
    assert.ok(has(await scopesOf(P, 'WHO/ISUP grade 4 (sarcomatoid)', 'WHO/ISUP'), 'keyword.other.grading-system'));
    assert.ok(has(await scopesOf(P, 'high grade (G3) sarcoma', 'G3'), 'constant.numeric'));
    assert.ok(has(await scopesOf(P, 'Resection is R0.', 'R0'), 'constant.language'));
    assert.ok(has(await scopesOf(P, 'R2 resection', 'R2'), 'constant.language'));
    assert.ok(has(await scopesOf(P, 'Stage pT3aN0M0 (AJCC 8th)', 'pT3aN0M0'), 'constant.language.tnm'));
    // The new protocols' categories, systems and sums.
    assert.ok(has(await scopesOf(P, 'Pathologic stage: ypT1mi pN0(i+)(sn)', 'ypT1mi pN0(i+)(sn)'), 'constant.language.tnm'));
    assert.ok(has(await scopesOf(P, 'Nodes: pN0(i+)(sn) only', 'pN0(i+)(sn)'), 'constant.language.tnm'));
    assert.ok(has(await scopesOf(P, 'Nodes: pN1mi, micrometastasis', 'pN1mi'), 'constant.language.tnm'));
    assert.ok(has(await scopesOf(P, 'Gleason score 4+3=7, Grade Group 3', 'Gleason'), 'keyword.other.grading-system'));
    assert.ok(has(await scopesOf(P, 'Gleason score 4+3=7, Grade Group 3', '4+3=7'), 'constant.numeric.grade'));
    assert.ok(has(await scopesOf(P, 'Gleason score 4+3=7, Grade Group 3', 'Grade Group 3'), 'constant.numeric.grade'));
    assert.ok(has(await scopesOf(P, 'Histologic grade (Nottingham): Grade 2', 'Nottingham'), 'keyword.other.grading-system'));
    assert.ok(has(await scopesOf(P, 'Histologic grade (IASLC): G2', 'IASLC'), 'keyword.other.grading-system'));
    assert.ok(!has((await tokenize(P, 'RCC marker'))[0].scopes, 'constant.language'), 'R inside RCC is not an R class');
  });

  it('scopes measurements', async () => {
    for (const [line, frag] of [['Tumor size: 5.2 cm', '5.2 cm'], ['measuring 12 x 8 x 6 cm', '12 x 8 x 6 cm'], ['12 \u00d7 8 \u00d7 6 cm', '12 \u00d7 8 \u00d7 6 cm'], ['closest margin 3 mm', '3 mm'], ['24 mitoses per 10 HPF', '10 HPF']]) {
      assert.ok(has(await scopesOf(P, line, frag), 'constant.numeric'), `${frag} in ${line}`);
    }
    assert.ok(has(await scopesOf(P, 'measuring 5.2 cm', 'cm'), 'keyword.other.unit'));
  });

  it('scopes negation cues, and not their look-alikes', async () => {
    const line = 'No necrosis; margins free of tumor, without lymphovascular invasion, renal vein not identified.';
    for (const cue of ['No', 'free of', 'without', 'not identified']) assert.ok(has(await scopesOf(P, line, cue), 'keyword.operator.negation'), cue);
    assert.ok(has(await scopesOf(P, 'Tumour cells are negative for keratin.', 'negative for'), 'keyword.operator.negation'), '"negative for" is a cue');
    assert.ok(has(await scopesOf(P, 'Gerota fascia: uninvolved', 'uninvolved'), 'keyword.operator.negation'));
    assert.ok(has(await scopesOf(P, 'lymphovascular invasion absent', 'absent'), 'keyword.operator.negation'));
    // Near misses: "non" in "nonspecific", "no" in "node" and "nodular", "not" in "notable".
    const near = 'nonspecific changes in the node; notable nodular areas; nonetheless';
    const toks = await tokenize(P, near);
    assert.ok(toks.every((t) => !has(t.scopes, 'keyword.operator.negation')), JSON.stringify(toks.filter((t) => has(t.scopes, 'keyword.operator.negation'))));
  });
});

describe('grammar: radiology report', () => {
  it('loads with the declared scope name', async () => {
    assert.ok(await getRegistry().loadGrammar(R));
    assert.equal(JSON.parse(fs.readFileSync(GRAMMARS[R], 'utf8')).scopeName, R);
  });

  it('scopes headers, field keys, measurements and negation', async () => {
    for (const h of ['FINDINGS', 'IMPRESSION', 'TECHNIQUE']) assert.ok(has(await scopesOf(R, `${h}:`, h), 'markup.heading'), h);
    assert.ok(has(await scopesOf(R, 'Impression', 'Impression'), 'markup.heading'));
    assert.ok(has(await scopesOf(R, 'Renal vein: patent', 'Renal vein'), 'variable.other.key'));
    assert.ok(has(await scopesOf(R, 'Size: 7.4 x 6.1 x 5.9 cm', '7.4 x 6.1 x 5.9 cm'), 'constant.numeric'));
    assert.ok(has(await scopesOf(R, 'Enhancement from 32 HU to 98 HU', '32 HU'), 'constant.numeric'));
    assert.ok(has(await scopesOf(R, 'No macroscopic fat.', 'No'), 'keyword.operator.negation'));
    assert.ok(has(await scopesOf(R, 'Tumor thrombus cannot be excluded.', 'cannot be excluded'), 'keyword.operator.uncertainty'));
  });

  it('scopes Bosniak classes, thrombus levels and phases; T2-weighted is not a TNM category', async () => {
    assert.ok(has(await scopesOf(R, 'Cystic mass, Bosniak IIF.', 'Bosniak IIF'), 'constant.language.bosniak'));
    assert.ok(has(await scopesOf(R, 'IVC tumor thrombus, level II.', 'level II'), 'constant.language.thrombus-level'));
    assert.ok(has(await scopesOf(R, 'in the nephrographic phase', 'nephrographic phase'), 'keyword.other.phase'));
    const toks = await tokenize(R, 'T2-weighted images');
    assert.ok(!has(toks[0].scopes, 'constant.language.tnm'));
    assert.ok(has(await scopesOf(R, 'Clinical stage cT3bN0', 'cT3bN0'), 'constant.language.tnm'));
  });
});

describe('language-configuration.json', () => {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));

  it('has brackets and no comment syntax', () => {
    assert.ok(Array.isArray(config.brackets) && config.brackets.length >= 2);
    assert.equal(config.comments, undefined);
  });

  it('keeps marker names with hyphens, slashes and dots as one word', () => {
    const wp = typeof config.wordPattern === 'string' ? new RegExp(config.wordPattern, 'g') : new RegExp(config.wordPattern.pattern, (config.wordPattern.flags ?? '') + 'g');
    const words = (s: string) => s.match(wp) ?? [];
    assert.deepEqual(words('HMB-45, S-100 and AE1/AE3 (CAM5.2) negative; HMB\u201345 Ki-67.'), ['HMB-45', 'S-100', 'and', 'AE1/AE3', 'CAM5.2', 'negative', 'HMB\u201345', 'Ki-67']);
    assert.deepEqual(words('Size 5.2 cm.'), ['Size', '5.2', 'cm']);
  });
});
