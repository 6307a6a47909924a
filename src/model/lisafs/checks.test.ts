import { describe, expect, it } from 'vitest';
import { checkRequest } from './checks';
import { MID, SERVER_MAX_MESSAGE_SIZE } from './constants';

const supported = [MID.Mount, MID.Channel, MID.FStat, MID.PWrite];

describe('checkRequest', () => {
  it('accepts a supported request that fits', () => {
    expect(
      checkRequest(supported, SERVER_MAX_MESSAGE_SIZE, {
        mid: MID.PWrite,
        payloadLen: SERVER_MAX_MESSAGE_SIZE,
        wantFDs: 0,
      }),
    ).toBeNull();
  });
  it('answers EOPNOTSUPP for a MID the server did not list', () => {
    expect(checkRequest(supported, SERVER_MAX_MESSAGE_SIZE, { mid: MID.Connect, payloadLen: 8, wantFDs: 0 })).toBe(
      'EOPNOTSUPP',
    );
  });
  it('answers EIO for a payload one byte over maxMessageSize', () => {
    expect(
      checkRequest(supported, SERVER_MAX_MESSAGE_SIZE, {
        mid: MID.PWrite,
        payloadLen: SERVER_MAX_MESSAGE_SIZE + 1,
        wantFDs: 0,
      }),
    ).toBe('EIO');
  });
  it('answers EINVAL for more than 255 wanted FDs', () => {
    expect(checkRequest(supported, SERVER_MAX_MESSAGE_SIZE, { mid: MID.FStat, payloadLen: 8, wantFDs: 256 })).toBe(
      'EINVAL',
    );
  });
  it('checks support before size, as the client does', () => {
    expect(checkRequest(supported, 10, { mid: MID.Connect, payloadLen: 1e9, wantFDs: 999 })).toBe('EOPNOTSUPP');
  });
});
