/**
 * What choosing a scenario changes besides the scenario: each starts from its own queue size,
 * features, starting index and request chains, so a reader who had set them must be told, in place, what was reset.
 */
import type { RingFeatures } from '../../model/virtio/constants';
import { findScenario } from '../../model/vqsim/scenarios';
import { defaultSpec, type RunSpec, specBaseIndex } from './url';

const FEATURE_NAMES: [keyof RingFeatures, string][] = [
  ['eventIdx', 'EVENT_IDX'],
  ['indirect', 'INDIRECT_DESC'],
];

/** The sentence for switching from `cur` to scenario `next`, or null when nothing else changes. */
export function scenarioChangeNote(cur: RunSpec, next: string): string | null {
  if (next === cur.scenario) return null;
  const d = defaultSpec(next);
  const parts: string[] = [];
  if (d.queueSize !== cur.queueSize) parts.push(`queue size ${d.queueSize} (was ${cur.queueSize})`);
  for (const [k, name] of FEATURE_NAMES)
    if (d.features[k] !== cur.features[k]) parts.push(`${name} ${d.features[k] ? 'on' : 'off'}`);
  if (d.requests !== cur.requests && d.requests !== undefined) parts.push(`${d.requests} requests`);
  if (specBaseIndex(d) !== specBaseIndex(cur))
    parts.push(`start index ${specBaseIndex(d)} (was ${specBaseIndex(cur)})`);
  if (cur.single) parts.push('its own request chains (not one descriptor each)');
  if (!parts.length) return null;
  const title = findScenario(next)?.title ?? next;
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `“${title}” sets ${list}: each scenario starts from its own settings.`;
}
