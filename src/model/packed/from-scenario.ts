/**
 * A vqsim scenario as a packed-ring run, for `npm run sim -- --ring packed`. The packed runner
 * is step-based (no virtual time) and draws its own element sizes, so what carries over is the
 * shape: queue size, features, request count, buffers per request, how many requests the driver
 * adds per batch, how many completions the device flushes at once, and whether it completes in
 * order. Hostile scenarios corrupt split-ring structures and have no packed form.
 */
import { type RunConfig, resolveConfig, requestShape } from '../vqsim/config';
import type { PackedSimConfig } from './sim';

export function packedConfigFor(config: RunConfig): PackedSimConfig {
  const { resolved: c, scenario } = resolveConfig(config);
  if (scenario.hostile) {
    throw new RangeError(
      `scenario "${scenario.name}" corrupts a split ring's structures and has no packed form; the packed ring's own traps are scenarios of the /packed view`,
    );
  }
  if (config.baseIndex !== undefined) {
    throw new RangeError(
      'a packed ring has no 16-bit free-running index to start elsewhere: positions are slots with a wrap counter',
    );
  }
  const shape = requestShape(scenario, c);
  const elements = Math.max(1, shape.out.length + shape.in.length);
  return {
    seed: c.seed,
    queueSize: c.queueSize,
    features: { eventIdx: c.features.eventIdx, indirect: c.features.indirect },
    requests: c.requests,
    batchMax: Math.max(1, scenario.driver.batch),
    maxElements: Math.min(elements, c.queueSize),
    outOfOrder: scenario.device.serviceDist === 'exp' ? 0.5 : 0,
    flushBatch: Math.max(1, scenario.device.flushBatch),
  };
}
