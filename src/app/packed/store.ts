/** The packed view's store: a stepper over PackedRun, keyed by the URL's spec. */
import { createStepperStore, type StepperStore } from '../kit/stepperStore';
import type { UrlCodec } from '../kit/url-sync';
import { PackedRun } from './run';
import { decodePackedUrl, encodePackedUrl, samePackedSpec, type PackedSpec } from './spec';

export type PackedStore = StepperStore<PackedSpec, PackedRun>;

export const packedCodec: UrlCodec<PackedSpec> = {
  encode: encodePackedUrl,
  decode: decodePackedUrl,
  same: samePackedSpec,
};

export function createPackedStore(search: string): PackedStore {
  const u = decodePackedUrl(search);
  return createStepperStore<PackedSpec, PackedRun>({
    build: (spec) => new PackedRun(spec),
    spec: u.spec,
    step: u.step,
  });
}
