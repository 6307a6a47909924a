import { describe, expect, it } from 'vitest';
import { echoResponse, fnv1a64 } from './echo';

describe('echo device job', () => {
  it('FNV-1a 64 matches the published test vectors', () => {
    expect(fnv1a64(new Uint8Array())).toBe(0xcbf29ce484222325n);
    expect(fnv1a64(new TextEncoder().encode('a'))).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64(new TextEncoder().encode('foobar'))).toBe(0x85944171f73967e8n);
  });

  it('writes the hash, then as much of the input as fits', () => {
    const input = new TextEncoder().encode('foobar');
    const r = echoResponse(input, 100);
    expect(r.length).toBe(14);
    expect(new DataView(r.buffer).getBigUint64(0, true)).toBe(0x85944171f73967e8n);
    expect(new TextDecoder().decode(r.subarray(8))).toBe('foobar');
    expect(echoResponse(input, 10).length).toBe(10);
    expect(echoResponse(input, 5).length).toBe(5);
    expect(echoResponse(input, 0).length).toBe(0);
  });
});
