export * from './types';
export * from './errors';
export { components, join, parentOf, baseName } from './paths';
export { createRemote, lookup } from './remote';
export { checkGoferInvariants } from './invariants';
export { DESIGNS, VFS1, VFS2_9P, LISAFS, type WalkDesign, type DesignResult } from './designs/index';
export { OpContext, type RunState, type ClockConfig } from './context';
export {
  GoferSim,
  type GoferConfig,
  type GoferState,
  type GoferSnapshot,
  DEFAULT_OP_GAP_NS,
  DEFAULT_REMOTE_SKEW_NS,
} from './sim';
export { summarizeGofer, type GoferSummary } from './summary';
export { WALK_CASES, REFERENCE_COUNTS, SEED_TREE, type WalkCase } from './cases';
export {
  runCase,
  modelColumn,
  measuredColumn,
  comparisonTable,
  DEFAULT_COLUMNS,
  type CountColumn,
  type CaseCount,
  type CaseRun,
  type ComparisonTable,
} from './compare';
export { GOFER_SCENARIOS, findGoferScenario, randomScript, type GoferScenario } from './scenarios';
