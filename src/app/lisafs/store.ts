/** The lisafs view's store: a stepper over PoolRun, keyed by the URL's spec. */
import { createStepperStore, type StepperStore } from '../kit/stepperStore';
import type { UrlCodec } from '../kit/url-sync';
import { PoolRun } from './run';
import { decodePoolUrl, encodePoolUrl, samePoolSpec, type PoolSpec } from './spec';

export type PoolStore = StepperStore<PoolSpec, PoolRun>;

export const poolCodec: UrlCodec<PoolSpec> = { encode: encodePoolUrl, decode: decodePoolUrl, same: samePoolSpec };

export function createPoolStore(search: string): PoolStore {
  const u = decodePoolUrl(search);
  return createStepperStore<PoolSpec, PoolRun>({ build: (spec) => new PoolRun(spec), spec: u.spec, step: u.step });
}
