export type GoferInvariantKind =
  | 'orphan-dentry'
  | 'negative-in-shared'
  | 'client-clock-in-shared'
  | 'fid-table'
  | 'negative-with-fid'
  | 'mode-unsupported'
  | 'count-mismatch';

/** A broken invariant of the gofer walk model. */
export class GoferInvariantError extends Error {
  readonly kind: GoferInvariantKind;
  constructor(kind: GoferInvariantKind, message: string) {
    super(`[${kind}] ${message}`);
    this.name = 'GoferInvariantError';
    this.kind = kind;
  }
}
