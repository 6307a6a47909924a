// Test-only: a qemu-storage-daemon with a null-co disk and a file disk in a temp dir, per file.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStorageDaemon, tempDir, type StorageDaemon } from './daemons.ts';

export const DISK_BYTES = 1 << 20;

export interface BlkFixture {
  dir: ReturnType<typeof tempDir>;
  sd: StorageDaemon;
  file: string;
  fileBytes(): Buffer;
  stop(): Promise<void>;
}

export async function blkFixture(): Promise<BlkFixture> {
  const dir = tempDir();
  const file = join(dir.path, 'disk.img');
  const init = new Uint8Array(DISK_BYTES);
  for (let i = 0; i < init.length; i++) init[i] = (i * 7 + 3) & 0xff;
  writeFileSync(file, init);
  const sd = await startStorageDaemon({ dir: dir.path, nullSize: DISK_BYTES, file });
  return {
    dir,
    sd,
    file,
    fileBytes: () => readFileSync(file),
    async stop() {
      await sd.daemon.stop();
      dir.remove();
    },
  };
}

/** Children of this process (from /proc), for leak checks. */
export function childPids(): number[] {
  const out: number[] = [];
  for (const t of readdirSync(`/proc/${process.pid}/task`)) {
    const s = readFileSync(`/proc/${process.pid}/task/${t}/children`, 'utf8').trim();
    if (s) out.push(...s.split(/\s+/).map(Number));
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
