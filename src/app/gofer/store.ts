/** The gofer view's store: a stepper over GoferRun, keyed by the URL's spec. */
import { createStepperStore, type StepperStore } from '../kit/stepperStore';
import type { UrlCodec } from '../kit/url-sync';
import { GoferRun } from './run';
import { decodeGoferUrl, encodeGoferUrl, sameGoferSpec, type GoferSpec } from './spec';

export type GoferStore = StepperStore<GoferSpec, GoferRun>;

export const goferCodec: UrlCodec<GoferSpec> = { encode: encodeGoferUrl, decode: decodeGoferUrl, same: sameGoferSpec };

export function createGoferStore(search: string): GoferStore {
  const u = decodeGoferUrl(search);
  // A slower default than the pool: each step here is one RPC worth reading.
  return createStepperStore<GoferSpec, GoferRun>({
    build: (spec) => new GoferRun(spec),
    spec: u.spec,
    step: u.step,
    speed: 3,
  });
}
