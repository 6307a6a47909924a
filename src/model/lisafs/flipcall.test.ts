import { describe, expect, it } from 'vitest';
import { HandoffError } from './errors';
import { HANDOFF_VALUE, clientSend, serverReply, shutdown } from './flipcall';

describe('flipcall handoff word', () => {
  it('uses the values of the real state word', () => {
    expect(HANDOFF_VALUE).toEqual({ 'client-active': 0, 'server-active': 1, shutdown: 2 });
  });

  it('goes client → server → client on a round trip', () => {
    const sent = clientSend('client-active');
    expect(sent).toBe('server-active');
    expect(serverReply(sent)).toBe('client-active');
  });

  it('refuses a send while the server owns the window, and anything after shutdown', () => {
    expect(() => clientSend('server-active')).toThrow(HandoffError);
    expect(() => clientSend('shutdown')).toThrow(HandoffError);
    expect(() => serverReply('client-active')).toThrow(HandoffError);
    expect(() => serverReply('shutdown')).toThrow(HandoffError);
  });

  it('lets shutdown win from any state', () => {
    for (const w of ['client-active', 'server-active', 'shutdown'] as const) expect(shutdown(w)).toBe('shutdown');
  });
});
