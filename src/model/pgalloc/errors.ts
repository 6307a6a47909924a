/** A broken rule of the async page loader model. `kind` names the rule, for tests and UIs. */
export type PgallocInvariantKind =
  | 'bad-config'
  | 'queue-overflow'
  | 'read-too-large'
  | 'too-many-iovecs'
  | 'op-not-contiguous'
  | 'loaded-twice'
  | 'page-state'
  | 'waiter-pending'
  | 'waiter-not-woken'
  | 'priority-starved'
  | 'cursor-skipped-page'
  | 'thread-state'
  | 'time-backwards';

export class PgallocInvariantError extends Error {
  readonly kind: PgallocInvariantKind;
  constructor(kind: PgallocInvariantKind, message: string) {
    super(`[${kind}] ${message}`);
    this.name = 'PgallocInvariantError';
    this.kind = kind;
  }
}
