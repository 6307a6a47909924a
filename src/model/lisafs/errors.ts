/** A broken invariant of the channel-pool model. `kind` says which one, for tests and UIs. */
export type PoolInvariantKind =
  | 'stack-mismatch'
  | 'stack-duplicate'
  | 'holder-mismatch'
  | 'channel-on-stack-held'
  | 'active-count'
  | 'mutex'
  | 'handoff-word'
  | 'window-overflow'
  | 'closed-pool-usable'
  | 'leak'
  | 'use-count';

export class PoolInvariantError extends Error {
  readonly kind: PoolInvariantKind;
  constructor(kind: PoolInvariantKind, message: string) {
    super(`[${kind}] ${message}`);
    this.name = 'PoolInvariantError';
    this.kind = kind;
  }
}

/** A flipcall state-word transition that the protocol does not allow. */
export class HandoffError extends Error {
  readonly kind = 'bad-handoff' as const;
  constructor(message: string) {
    super(message);
    this.name = 'HandoffError';
  }
}
