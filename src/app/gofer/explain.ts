/**
 * The gofer inspector's words for a selected RPC, dentry or reference-table cell. Pure.
 */
import type { Explanation as KitExplanation } from '../kit/ExplainPanel';
import {
  REFERENCE_COUNTS,
  type CaseCount,
  type Dentry,
  type RemoteNode,
  type RpcRecord,
} from '../../model/gofer/index';
import { clockName, clockTime, dentryStatus } from './derive';

export type GoferSelection =
  | { kind: 'rpc'; design: string; seq: number }
  | { kind: 'dentry'; path: string }
  | { kind: 'ref'; caseId: string; column: string };

/** Facts are always there in this view. */
export type Explanation = KitExplanation & { facts: [string, string][] };

export function explainRpc(r: RpcRecord, design: string): Explanation {
  return {
    title: `${r.name} (${r.protocol})`,
    facts: [
      ['design', design],
      ['sent on', r.target + (r.fid !== null ? ` (fid/FD ${r.fid})` : '')],
      ['arguments', r.args],
      ['new fid/FD', r.newFid === null ? '—' : String(r.newFid)],
      ['result', r.result],
      ['RPC #', String(r.seq + 1)],
    ],
    lines: [r.why],
  };
}

const STATUS_TEXT = {
  fresh: 'The cached copy matches the host.',
  stale:
    'The cached copy no longer matches the host: a different inode, a different size, or the file is gone. A mode that trusts its cache answers from it anyway.',
  negative: 'A negative dentry: the client remembers that this name does not exist (never done in Shared mode).',
  'wrong-negative':
    'A negative dentry for a name that now exists on the host: a mode that trusts it will report ENOENT.',
  uncached: 'Exists on the host; the client has no dentry for it (never looked up, or dropped).',
} as const;

export function explainDentry(path: string, d: Dentry | null, r: RemoteNode | null): Explanation {
  const st = dentryStatus(d, r);
  const facts: [string, string][] = [['cache', st]];
  if (d?.attrs) {
    facts.push(['cached ino / size', `${d.attrs.ino} / ${d.attrs.size} B`]);
    facts.push(['cached mtime', `${clockTime(d.attrs.mtime)} (${clockName(d.attrs.mtimeClock)})`]);
  }
  if (d) {
    facts.push(['fid / FD', d.fid === null ? '—' : String(d.fid)]);
    facts.push(['open handle', d.handle === null ? '—' : `${d.handle}${d.hostFd ? ' (donated host FD)' : ''}`]);
    facts.push([
      'page cache',
      d.page.version === null
        ? 'empty'
        : `v${d.page.version}${d.page.dirtyBytes ? `, ${d.page.dirtyBytes} B dirty` : ''}`,
    ]);
    facts.push(['instantiated', `${clockTime(d.instantiatedAt)} (sandbox clock)`]);
    facts.push(['last checked', `${clockTime(d.revalidatedAt)} (sandbox clock)`]);
  }
  if (r) {
    facts.push(['host ino / size', `${r.ino} / ${r.size} B`]);
    facts.push(['host mtime', `${clockTime(r.mtime)} (host clock)`]);
    facts.push(['host content', `v${r.version}`]);
  } else facts.push(['on the host', 'does not exist']);
  return {
    title: path,
    facts,
    lines: [
      STATUS_TEXT[st],
      'Timestamps name their clock: the sandbox stamps mtime itself in Exclusive and Writethrough modes; in Shared mode the host’s clock is authoritative. The host clock here runs 3 s ahead so the two are easy to tell apart.',
    ],
  };
}

export function explainRef(
  caseTitle: string,
  caseDescription: string,
  columnLabel: string,
  columnId: string,
  caseId: string,
  count: CaseCount | null,
): Explanation {
  const ref = REFERENCE_COUNTS.find((r) => r.caseId === caseId && r.column === columnId);
  const facts: [string, string][] = [
    ['column', columnLabel],
    ['count', count ? String(count.count) : 'not applicable'],
  ];
  if (ref) facts.push(['reference', `${ref.count} — ${ref.source}`]);
  if (count?.rpcs) facts.push(['RPCs', count.rpcs.length ? count.rpcs.join(', ') : 'none: answered from the cache']);
  return { title: caseTitle, facts, lines: [caseDescription] };
}
