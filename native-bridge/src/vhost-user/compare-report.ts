/**
 * What a blk comparison concluded, in words: every check it makes, passed or not, and the short
 * summary the CLI prints. The verdict is the AND of the checks (compare-devices.ts runs them).
 */
import type { BlkComparison } from './compare-devices.ts';

/**
 * Every check a blk comparison makes, each passed or not; the verdict is AGREE only when all
 * pass: the rings and bytes at every quiescent point, the backing file (file disk), both runs
 * error-free, and both completing every request.
 */
export function blkChecks(c: BlkComparison): { name: string; ok: boolean; detail: string }[] {
  const want = c.options.requests;
  return [
    {
      name: 'rings and buffers at every quiescent point',
      ok: c.report.identical,
      detail: c.report.identical ? 'identical' : `first divergence at ${c.report.firstDivergence?.where}`,
    },
    ...(c.disk.checked
      ? [
          {
            name: 'backing file against the model disk',
            ok: c.disk.agrees === true,
            detail: c.disk.agrees ? 'identical' : `differ at byte ${c.disk.firstDifference}`,
          },
        ]
      : []),
    {
      name: 'the real device ran without error',
      ok: c.real.error === null,
      detail: c.real.error ? c.real.error.message : 'no error',
    },
    {
      name: 'the model ran without error',
      ok: c.model.error === null,
      detail: c.model.error ? c.model.error.message : 'no error',
    },
    {
      name: 'every request completed on both',
      ok: c.real.completed === want && c.model.completed === want,
      detail: `real ${c.real.completed}, model ${c.model.completed}, of ${want}`,
    },
  ];
}

export function blkAgrees(c: BlkComparison): boolean {
  return blkChecks(c).every((k) => k.ok);
}

/** A short human summary of a blk comparison (for the CLI). */
export function formatBlkComparison(c: BlkComparison): string {
  const out: string[] = [];
  const f = c.options.features;
  out.push(
    `blk on ${c.backend === 'null' ? 'null-co (read-zeroes)' : 'a file disk'}: ${c.options.requests} requests, batch ${c.options.batch}, queue size ${c.options.queueSize}, EVENT_IDX ${f.eventIdx ? 'on' : 'off'}, INDIRECT_DESC ${f.indirect ? 'on' : 'off'}, seed ${c.options.seed}`,
  );
  out.push(
    `real: ${c.real.completed} completed in ${c.real.quiescent.length} batches${c.real.error ? `; stopped: ${c.real.error.message}` : ''}; model: ${c.model.completed}${c.model.error ? `; stopped: ${c.model.error.message}` : ''}`,
  );
  const d = c.report.firstDivergence;
  const checks = blkChecks(c);
  const failed = checks.filter((k) => !k.ok);
  out.push(
    failed.length === 0
      ? 'AGREE: used heads and lengths per batch, ring indices, ring and buffer bytes at every quiescent point' +
          `${c.disk.checked ? ', the backing file' : ''}; no errors; every request completed.`
      : `DISAGREE on ${failed.length} of ${checks.length} checks: ${failed.map((k) => `${k.name} (${k.detail})`).join('; ')}`,
  );
  if (d) out.push(`first divergence at ${d.where}: model ${d.model} / real ${d.real} — ${d.note}`);
  for (const k of checks) out.push(`  ${k.ok ? 'ok  ' : 'FAIL'} ${k.name}: ${k.detail}`);
  out.push(
    `ring indices: real avail ${c.ring.real.availIdx}, used ${c.ring.real.usedIdx}, back-end last_avail at stop ${c.ring.real.lastAvailAtStop}; model avail ${c.ring.model.availIdx}, used ${c.ring.model.usedIdx}`,
  );
  if (c.disk.checked)
    out.push(`backing file vs model disk: ${c.disk.agrees ? 'identical' : `differ at byte ${c.disk.firstDifference}`}`);
  out.push(
    `reordered batches (allowed): ${c.reordered.length}${c.reordered.length ? `, e.g. batch ${c.reordered[0].batch}: submitted ${c.reordered[0].submitted.join(',')} completed ${c.reordered[0].completed.join(',')}` : ''}`,
  );
  const n = c.report.notifications;
  const cell = (x: number) => (Number.isNaN(x) ? 'n/a' : String(x)).padStart(7);
  out.push('notifications              model     real');
  for (const [label, k] of [
    ['kicks sent', 'kicksSent'],
    ['kicks suppressed', 'kicksSuppressed'],
    ['device wake-ups', 'deviceWakeups'],
    ['interrupts signalled', 'interruptsSignalled'],
    ['interrupts suppressed', 'interruptsSuppressed'],
    ['driver wake-ups', 'driverWakeups'],
  ] as const) {
    out.push(`  ${label.padEnd(22)}${cell(n.model[k])}  ${cell(n.real[k])}`);
  }
  out.push('  (n/a: decided inside the back-end, not observable from the front-end)');
  return out.join('\n');
}
