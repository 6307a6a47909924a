import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../model/vqsim/scenarios';
import { scenarioChangeNote } from './scenario-change';
import { defaultSpec } from './url';

describe('the note for a scenario change', () => {
  it('names exactly the settings that differ from what was set, with their new values', () => {
    const cur = { ...defaultSpec('steady'), queueSize: 64, features: { eventIdx: true, indirect: true } };
    for (const s of SCENARIOS) {
      const d = defaultSpec(s.name);
      const note = scenarioChangeNote(cur, s.name);
      if (s.name === cur.scenario) {
        expect(note).toBeNull();
        continue;
      }
      expect(note?.includes(`queue size ${d.queueSize} (was 64)`) ?? false).toBe(d.queueSize !== 64);
      expect(note?.includes(`EVENT_IDX ${d.features.eventIdx ? 'on' : 'off'}`) ?? false).toBe(!d.features.eventIdx);
      expect(note?.includes('INDIRECT_DESC') ?? false).toBe(!d.features.indirect);
      if (note) expect(note).toMatch(new RegExp(`^“${s.title.replace(/[()]/g, '\\$&')}” sets `));
    }
  });
  it('says when the starting index or one-descriptor requests go back to the scenario’s', () => {
    const note = scenarioChangeNote({ ...defaultSpec('steady'), baseIndex: 65534, single: true }, 'bursty');
    expect(note).toContain('start index 0 (was 65534)');
    expect(note).toContain('its own request chains (not one descriptor each)');
    expect(scenarioChangeNote(defaultSpec('steady'), 'wrap-around')).toContain('start index 65530 (was 0)');
  });
  it('says nothing when the new scenario has the same settings', () => {
    const a = SCENARIOS[0].name;
    const other = SCENARIOS.find((s) => {
      const d = defaultSpec(s.name);
      const da = defaultSpec(a);
      return (
        s.name !== a &&
        d.queueSize === da.queueSize &&
        d.features.eventIdx === da.features.eventIdx &&
        d.features.indirect === da.features.indirect &&
        d.requests === da.requests
      );
    });
    if (other) expect(scenarioChangeNote(defaultSpec(a), other.name)).toBeNull();
  });
});
