import { describe, expect, it } from 'vitest';
import { SERVER_MAX_MESSAGE_SIZE, defaultChannelCount, packetWindowBytes } from './constants';

describe('lisafs constants', () => {
  it('clamps the channel count to [2, 4] of GOMAXPROCS', () => {
    expect([1, 2, 3, 4, 8, 256].map(defaultChannelCount)).toEqual([2, 2, 3, 4, 4, 4]);
  });
  it('sizes a window for 2 MiB − 4 KiB messages at exactly 2 MiB', () => {
    expect(packetWindowBytes(SERVER_MAX_MESSAGE_SIZE)).toBe(2 * 1024 * 1024);
    expect(packetWindowBytes(1024 * 1024)).toBe(1024 * 1024 + 4096);
  });
});
