import assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';

function results(text: string): Record<string, string | undefined> {
  const a = analyze(`DIAGNOSIS:\n${text}\n`, { reportType: 'pathology' });
  const out: Record<string, string | undefined> = {};
  for (const r of a.findings.ihc) out[r.markerLabel] = r.result;
  return out;
}

describe('IHC extraction: every form a report uses', () => {
  it('colon fields and symbols', () => {
    assert.deepEqual(results('SMA: positive\nDesmin (+)\nAE1/AE3\u2013\nS100 \u2212\nHMB45 negative'), {
      SMA: 'positive',
      Desmin: 'positive',
      'Cytokeratin AE1/AE3': 'negative',
      'S-100': 'negative',
      'HMB-45': 'negative',
    });
  });

  it('a dash and a space before a result word is a field separator, not the negative sign (blind layout probe, min-01)', () => {
    assert.deepEqual(results('SMA - Positive (diffuse)\nDesmin \u2013 patchy'), { SMA: 'positive', Desmin: 'positive' });
    // Near misses: the dash alone, or before a comma or another marker, is still the negative sign.
    assert.deepEqual(results('SMA -, desmin +\nS100 - HMB45 -'), { SMA: 'negative', Desmin: 'positive', 'S-100': 'negative', 'HMB-45': 'negative' });
  });

  it('governing phrases over lists', () => {
    assert.deepEqual(results('The tumor cells are positive for SMA and desmin and negative for pancytokeratin, S-100 protein and HMB-45.'), {
      SMA: 'positive',
      Desmin: 'positive',
      Cytokeratin: 'negative',
      'S-100': 'negative',
      'HMB-45': 'negative',
    });
  });

  it('the seed sentence: markers of muscle origin such as smooth muscle actin', () => {
    const r = results('The tumor cells are positive for markers of muscle origin, such as smooth muscle actin and desmin, and are negative for cytokeratin, S-100, and HMB-45.');
    assert.equal(r.SMA, 'positive');
    assert.equal(r.Desmin, 'positive');
    assert.equal(r.Cytokeratin, 'negative');
    assert.equal(r['HMB-45'], 'negative');
  });

  it('predicates after a list, separated by a semicolon', () => {
    assert.deepEqual(results('Desmin and SMA are diffusely positive; keratin is negative.'), { Desmin: 'positive', SMA: 'positive', Cytokeratin: 'negative' });
  });

  it('compact forms: SMA+/desmin+/CK-', () => {
    assert.deepEqual(results('SMA+/desmin+/CK-'), { SMA: 'positive', Desmin: 'positive', Cytokeratin: 'negative' });
  });

  it('negated positivity reads as negative, not as positive', () => {
    assert.equal(results('There is no HMB-45 positivity.')['HMB-45'], 'negative');
  });

  it('spellings and synonyms resolve to one marker', () => {
    const a = analyze('DIAGNOSIS:\nHMB 45: negative. Melan A: negative. Pan-keratin (AE1/AE3): negative. Alpha-SMA: positive.\n', { reportType: 'pathology' });
    const groups = a.findings.ihc.map((r) => `${r.group}:${r.result}`);
    assert.deepEqual(groups, ['hmb45:negative', 'melan-a:negative', 'keratin:negative', 'actin:positive']);
  });

  it('pending and qualifiers', () => {
    const a = analyze('DIAGNOSIS:\nDesmin: focally positive. HMB-45: pending.\n', { reportType: 'pathology' });
    assert.equal(a.findings.ihc[0].result, 'positive');
    assert.equal(a.findings.ihc[0].qualifier, 'focally');
    assert.equal(a.findings.ihc[1].result, 'pending');
  });

  it('a marker named without a result has none', () => {
    assert.equal(results('Immunostains for SMA were ordered.').SMA, undefined);
  });

  it('does not see markers inside other words', () => {
    assert.deepEqual(results('Smart kit for caldesmonkey testing.'), {});
  });
});
