/**
 * A seeded mix of virtio-blk requests (read, write, flush, get-id, discard) for comparing the
 * model blk device with a real one. Each data request owns one 4 KiB region of the disk, chosen
 * by request id through a seeded permutation: requests that can be in flight together (up to
 * `regions` consecutive ids) never touch the same sectors, so a device that runs them in any
 * order — which the spec allows — must still produce the same bytes. Discards cover a whole
 * aligned region (hole punching on a file disk zeroes exactly that).
 */
import { Prng } from '../sim/prng';
import { BLK_ID_BYTES, BLK_SECTOR, BlkType, blkHeader, blkSegment } from './blk';

export type BlkRequestKind = 'read' | 'write' | 'flush' | 'get-id' | 'discard';

export interface BlkRequest {
  kind: BlkRequestKind;
  sector: number;
  bytes: number;
  out: Uint8Array[];
  inSizes: number[];
}

const REGION_SECTORS = 8;

export interface BlkWorkloadOptions {
  seed: number;
  /** Disk size in sectors. */
  sectors: number;
  /** Relative weights of the kinds (default 4 read, 3 write, 1 flush, 1 get-id, 1 discard). */
  mix?: Partial<Record<BlkRequestKind, number>>;
}

export class BlkWorkload {
  readonly regions: number;
  private readonly perm: number[];
  private readonly kinds: BlkRequestKind[] = [];
  private readonly cache = new Map<number, BlkRequest>();

  constructor(readonly o: BlkWorkloadOptions) {
    this.regions = Math.floor(o.sectors / REGION_SECTORS);
    if (this.regions < 1) throw new RangeError(`a ${o.sectors}-sector disk has no 4 KiB region`);
    const rng = Prng.stream(o.seed, 'blk-regions');
    this.perm = rng.shuffle(Array.from({ length: this.regions }, (_, i) => i));
    const mix = { read: 4, write: 3, flush: 1, 'get-id': 1, discard: 1, ...o.mix };
    for (const [k, w] of Object.entries(mix) as [BlkRequestKind, number][])
      for (let i = 0; i < w; i++) this.kinds.push(k);
  }

  /** Request #id: the same bytes every time it is asked for (per seed). */
  request(id: number): BlkRequest {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const rng = Prng.stream(this.o.seed * 1_000_003 + id, 'blk-request');
    const kind = rng.pick(this.kinds);
    const sector = this.perm[id % this.regions] * REGION_SECTORS;
    const bytes = rng.int(1, REGION_SECTORS) * BLK_SECTOR;
    let r: BlkRequest;
    switch (kind) {
      case 'read':
        r = { kind, sector, bytes, out: [blkHeader(BlkType.IN, sector)], inSizes: [bytes, 1] };
        break;
      case 'write': {
        const data = new Uint8Array(bytes);
        for (let i = 0; i < bytes; i++) data[i] = (id * 31 + i * 7) & 0xff;
        r = { kind, sector, bytes, out: [blkHeader(BlkType.OUT, sector), data], inSizes: [1] };
        break;
      }
      case 'flush':
        r = { kind, sector: 0, bytes: 0, out: [blkHeader(BlkType.FLUSH, 0)], inSizes: [1] };
        break;
      case 'get-id':
        r = { kind, sector: 0, bytes: BLK_ID_BYTES, out: [blkHeader(BlkType.GET_ID, 0)], inSizes: [BLK_ID_BYTES, 1] };
        break;
      case 'discard':
        r = {
          kind,
          sector,
          bytes: REGION_SECTORS * BLK_SECTOR,
          out: [blkHeader(BlkType.DISCARD, 0), blkSegment(sector, REGION_SECTORS)],
          inSizes: [1],
        };
        break;
    }
    this.cache.set(id, r);
    return r;
  }

  /** For runBatches' `source`. */
  readonly source = (id: number) => {
    const r = this.request(id);
    return { out: r.out, inSizes: r.inSizes };
  };
}
