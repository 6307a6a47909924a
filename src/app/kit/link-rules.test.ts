/**
 * Each view's link rules against its own links: a link the view writes is never reported as
 * refused, so the notice can only speak of values the parser really fell back on.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../model/vqsim/scenarios';
import { POOL_SCENARIOS } from '../../model/lisafs/index';
import { GOFER_SCENARIOS } from '../../model/gofer/index';
import { PGALLOC_SCENARIOS } from '../../model/pgalloc';
import { VIRTPROXY_SCENARIOS } from '../../model/virtproxy';
import { defaultSpec as vqDefault, parseUrl, toSearch, VQ_PARAMS } from '../virtqueue/url';
import { defaultPoolSpec, encodePoolUrl, POOL_PARAMS } from '../lisafs/spec';
import { defaultGoferSpec, encodeGoferUrl, GOFER_PARAMS } from '../gofer/spec';
import { defaultSpec as pgDefault, PG_PARAMS, pgSearch } from '../pgalloc/spec';
import { SWEEP_PARAMS_RULES, defaultSweep, sweepQuery } from '../pgalloc/sweep-url';
import { defaultSpec as vpDefault, VP_PARAMS, vpSearch } from '../virtproxy/spec';
import { REPLAY_PARAMS, replaySearch } from '../replay/url-state';
import { refusedParams } from './link-check';

describe("every view's own links pass its rules", () => {
  it('virtqueue, for every scenario, with interventions and a selection', () => {
    for (const s of SCENARIOS) {
      const search = toSearch({
        spec: vqDefault(s.name),
        interventions: [
          { at: 3, action: 'add-request' },
          { at: 5, action: 'complete-now', head: 2 },
          { at: 9, action: 'corrupt', corruption: 'descriptor-loop' },
        ],
        step: 12,
        selection: { t: 'ptr', name: 'avail.idx' },
      });
      expect(refusedParams(search, VQ_PARAMS), search).toEqual([]);
      expect(parseUrl(search).interventions).toHaveLength(3);
    }
  });
  it('lisafs, gofer, pgalloc (with a sweep), virtproxy and the replay', () => {
    for (const s of POOL_SCENARIOS)
      expect(refusedParams(encodePoolUrl({ ...defaultPoolSpec(s.id), channels: 3 }, 7), POOL_PARAMS)).toEqual([]);
    for (const s of GOFER_SCENARIOS)
      expect(refusedParams(encodeGoferUrl(defaultGoferSpec(s.id), 4), GOFER_PARAMS)).toEqual([]);
    for (const s of PGALLOC_SCENARIOS) {
      const q = pgSearch({ spec: pgDefault(s.id), step: 9 }, sweepQuery(defaultSweep('inflight')));
      expect(refusedParams(q, { ...PG_PARAMS, ...SWEEP_PARAMS_RULES }), q).toEqual([]);
    }
    for (const s of VIRTPROXY_SCENARIOS)
      expect(refusedParams(vpSearch({ spec: vpDefault(s.id), step: 2 }), VP_PARAMS)).toEqual([]);
    const r = replaySearch({ trace: '/samples/x.log', trace2: 'https://e.org/t', position: 40, window: [1.5, 99] });
    expect(refusedParams(r, REPLAY_PARAMS)).toEqual([]);
  });
});
