import { SeveritySetting } from './engine/analyze';

/** The settings the client passes (section "synoptic"), read once per change and checked. */
export interface SynopticSettings {
  enable: boolean;
  severity: Record<string, SeveritySetting>;
  disabledChecklists: string[];
  plainText: boolean;
  rulesFile: string;
  trace: 'off' | 'messages' | 'verbose';
}

export const DEFAULT_SETTINGS: SynopticSettings = {
  enable: true,
  severity: {},
  disabledChecklists: [],
  plainText: false,
  rulesFile: '.synoptic/rules.json',
  trace: 'off',
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Reads untrusted settings: anything malformed falls back to its default and is
 * reported as a problem naming the setting and the fix, never thrown.
 */
export function readSettings(raw: unknown): { settings: SynopticSettings; problems: string[] } {
  const problems: string[] = [];
  const s: SynopticSettings = { ...DEFAULT_SETTINGS, severity: {}, disabledChecklists: [] };
  if (raw === undefined || raw === null) return { settings: s, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: s, problems: ['"synoptic" settings must be an object; using defaults.'] };
  }
  const r = raw as Record<string, unknown>;
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') s.enable = r.enable;
    else problems.push('"synoptic.enable" must be true or false; using true.');
  }
  if (r.severity !== undefined) {
    if (typeof r.severity === 'object' && r.severity !== null && !Array.isArray(r.severity)) {
      for (const [code, value] of Object.entries(r.severity as Record<string, unknown>)) {
        if (typeof value === 'string' && SEVERITIES.has(value)) s.severity[code] = value as SeveritySetting;
        else problems.push(`"synoptic.severity.${code}" must be one of error, warning, information, hint, off; ignoring it.`);
      }
    } else problems.push('"synoptic.severity" must be an object such as {"missing-lymph-nodes": "off"}; ignoring it.');
  }
  const checklists = (r.checklists as Record<string, unknown> | undefined)?.disabled ?? r.disabledChecklists;
  if (checklists !== undefined) {
    if (Array.isArray(checklists) && checklists.every((x) => typeof x === 'string')) s.disabledChecklists = checklists as string[];
    else problems.push('"synoptic.checklists.disabled" must be a list of checklist ids; ignoring it.');
  }
  const plain = (r.plainText as Record<string, unknown> | undefined)?.enable ?? undefined;
  if (plain !== undefined) {
    if (typeof plain === 'boolean') s.plainText = plain;
    else problems.push('"synoptic.plainText.enable" must be true or false; using false.');
  }
  if (r.rulesFile !== undefined) {
    if (typeof r.rulesFile === 'string' && r.rulesFile.trim()) s.rulesFile = r.rulesFile;
    else problems.push('"synoptic.rulesFile" must be a path such as ".synoptic/rules.json"; using the default.');
  }
  const trace = (r.trace as Record<string, unknown> | undefined)?.server;
  if (trace !== undefined) {
    if (trace === 'off' || trace === 'messages' || trace === 'verbose') s.trace = trace;
    else problems.push('"synoptic.trace.server" must be off, messages or verbose; using off.');
  }
  return { settings: s, problems };
}
