import { describe, expect, it } from 'vitest';
import { parseReplayUrl, replaySearch, resolveTraceUrl } from './url-state';

describe('replay URL state', () => {
  it('round-trips', () => {
    const s = { trace: '/samples/a.log', trace2: 'b.jsonl', position: 42, window: [10.5, 2000] as [number, number] };
    expect(parseReplayUrl(replaySearch(s))).toEqual(s);
  });
  it('defaults and ignores junk', () => {
    expect(parseReplayUrl('?p=-3&t0=5&t1=2&trace=')).toEqual({ trace: null, trace2: null, position: 0, window: null });
    expect(parseReplayUrl('?p=abc&t0=x&t1=9')).toEqual({ trace: null, trace2: null, position: 0, window: null });
    expect(replaySearch({ trace: null, trace2: null, position: 0, window: null })).toBe('');
  });
  it('resolves relative URLs and refuses other origins', () => {
    expect(resolveTraceUrl('/samples/x.log', 'http://h:1/replay?x')).toEqual({ url: 'http://h:1/samples/x.log' });
    expect(resolveTraceUrl('x.log', 'http://h:1/replay')).toEqual({ url: 'http://h:1/x.log' });
    expect(resolveTraceUrl('https://evil.example/t.log', 'http://h:1/replay')).toHaveProperty('error');
  });
});
