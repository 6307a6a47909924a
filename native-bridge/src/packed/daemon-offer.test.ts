// What the real daemons answer to GET_FEATURES, and whether they offer the packed ring (bit 34).
import { describe, expect, it } from 'vitest';
import { startStorageDaemon, startVirtiofsd, tempDir } from '../vhost-user/daemons.ts';
import { packedOffer, readOffer } from './daemon-offer.ts';

describe('packed offer wording', () => {
  it('says plainly when bit 34 is missing', () => {
    expect(packedOffer('x', 1n << 32n).text).toBe(
      'x does not offer VIRTIO_F_RING_PACKED (GET_FEATURES 0x0000000100000000): no packed comparison against it',
    );
    expect(packedOffer('x', (1n << 34n) | (1n << 32n)).packed).toBe(true);
  });
});

describe('qemu-storage-daemon GET_FEATURES', () => {
  it('is read and reported', async () => {
    const dir = tempDir();
    const sd = await startStorageDaemon({ dir: dir.path });
    try {
      const o = readOffer('qemu-storage-daemon', sd.nullSocket);
      console.log(o.text);
      expect((o.offered >> 32n) & 1n).toBe(1n); // VERSION_1: the answer is a real feature word
    } finally {
      await sd.daemon.stop();
      dir.remove();
    }
  });
});

describe('virtiofsd GET_FEATURES', () => {
  it('is read and reported', async () => {
    const dir = tempDir();
    const src = tempDir('ringside-vfs-src-');
    const vf = await startVirtiofsd({ source: src.path, dir: dir.path });
    try {
      const o = readOffer('virtiofsd', vf.socket);
      console.log(o.text);
      expect((o.offered >> 32n) & 1n).toBe(1n);
    } finally {
      await vf.daemon.stop();
      dir.remove();
      src.remove();
    }
  });
});
