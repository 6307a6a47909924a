/** Async page loading on restore (gVisor pgalloc): public surface of the model. */
export * from './config';
export * from './types';
export { PgallocInvariantError, type PgallocInvariantKind } from './errors';
export { buildLayout, type Layout } from './layout';
export { buildAccessPlan, type AccessPlan } from './access';
export { readTiming, transferNs } from './disk';
export { combine, type OpLimits } from './op-builder';
export { PgallocModel, type PgallocOptions, type UnloadedRangeView } from './model';
export { summarize, type PgallocSummary } from './summary';
export { compareModes, runSummary, WIN_MARGIN, type ModeComparison } from './compare';
export * from './sweep';
export { PGALLOC_SCENARIOS, findPgallocScenario, type PgallocScenario } from './scenarios';
