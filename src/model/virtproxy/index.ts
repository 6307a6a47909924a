/** Multiplexing without flow control (virtproxy) and its two fixes: public surface of the model. */
export * from './types';
export * from './packet';
export * from './credit';
export { DEFAULT_VP_CONFIG, validateVpConfig } from './config';
export { VirtproxyInvariantError, type VirtproxyInvariantKind } from './errors';
export { agentLabel, connName, laneId } from './topology';
export { detectDeadlock, findCycle, waitEdges } from './waitfor';
export {
  aliceBobMaryJoe,
  buildScripts,
  randomWorkload,
  validateWorkload,
  DEFAULT_RANDOM_WORKLOAD,
  type Action,
  type GlobalItem,
  type RandomWorkloadOptions,
  type Side,
  type Workload,
} from './workload';
export { VirtproxyModel, type VirtproxyOptions, type VirtproxySummary } from './model';
export { VIRTPROXY_SCENARIOS, type VirtproxyScenario } from './scenarios';
