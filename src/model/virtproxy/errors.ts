/** A broken rule of the multiplexing model. `kind` names the rule, for tests and UIs. */
export type VirtproxyInvariantKind =
  | 'bad-config'
  | 'bad-workload'
  | 'framing'
  | 'buffer-overflow'
  | 'byte-mismatch'
  | 'byte-conservation'
  | 'credit-violated'
  | 'demux-blocked-with-credit'
  | 'stuck-without-deadlock';

export class VirtproxyInvariantError extends Error {
  readonly kind: VirtproxyInvariantKind;
  constructor(kind: VirtproxyInvariantKind, message: string) {
    super(`[${kind}] ${message}`);
    this.name = 'VirtproxyInvariantError';
    this.kind = kind;
  }
}
