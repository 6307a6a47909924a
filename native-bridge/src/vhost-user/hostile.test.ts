// Hostile rings to a real device: every device-side bad-input row written into the memory a
// qemu-storage-daemon session shares, kicked, and what the daemon does (libvhost-user's vu_panic
// lines, the connection, the used entries, a later request) held against the model's prediction
// for the same bytes. Each row logs `HOSTILE-ROW {json}` for the table in the docs. Waits are on
// events (a stderr line, the hang-up, used.idx), each bounded, never timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlk } from './blk.ts';
import { startStorageDaemon, tempDir, type StorageDaemon } from './daemons.ts';
import { HOSTILE_ROWS, expectedBehaviour, predict, runRow } from './hostile.ts';

let dir: ReturnType<typeof tempDir>;
let sd: StorageDaemon;
beforeAll(async () => {
  dir = tempDir();
  sd = await startStorageDaemon({ dir: dir.path, nullSize: 1 << 20 });
});
afterAll(async () => {
  await sd?.daemon.stop();
  dir?.remove();
});

describe('hostile rings sent to qemu-storage-daemon (libvhost-user) vs the model', () => {
  for (const row of HOSTILE_ROWS) {
    const how = row.libvhostUser ? row.libvhostUser.note : 'libvhost-user says what the model says';
    it(`${row.id} (${row.what}): ${how}`, async () => {
      const model = predict(row);
      const expected = expectedBehaviour(row, model);
      const daemon = await runRow(row, { daemon: sd.daemon, socketPath: sd.nullSocket });
      const { otherLines, ...observed } = daemon;
      console.log(
        `HOSTILE-ROW ${JSON.stringify({
          id: row.id,
          what: row.what,
          daemon: { ...observed, broken: observed.panics.length > 0, otherLines: [...new Set(otherLines)] },
          model: { kind: model.kind, fatal: model.fatal, libvhostUser: model.libvhostUser, message: model.message },
          libvhostUser: row.libvhostUser?.note ?? 'as the model',
          match: JSON.stringify(observed) === JSON.stringify(expected),
        })}`,
      );
      // the model refuses every row, and its words are libvhost-user's wherever the row does not say otherwise
      expect(model.kind, 'the model accepted the hostile ring').not.toBeNull();
      expect(observed).toEqual(expected);
      if (!row.libvhostUser) {
        expect(observed.panics[0]).toBe(model.libvhostUser);
        expect(observed.connection === 'closed').toBe(model.fatal);
      }
      expect(sd.daemon.running, 'qemu-storage-daemon crashed').toBe(true); // dropped the connection, not died
    });
  }

  it('after every panic above, the daemon still serves a fresh session', async () => {
    const b = await openBlk({ socketPath: sd.nullSocket, features: { eventIdx: true, indirect: true } });
    try {
      expect((await b.read(0, 512)).usedLen).toBe(513);
    } finally {
      b.close();
    }
  });
});
