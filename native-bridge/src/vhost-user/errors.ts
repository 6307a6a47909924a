/**
 * Every way the vhost-user control channel can fail, as one typed error. `code` is stable for
 * callers; `message` says what happened in words and, where libvhost-user has its own text
 * for the same condition (shared/reference/bad-input.md), quotes it; `backendLog` carries the
 * back-end's last stderr lines when the caller manages the daemon (its own vu_panic text).
 */
export type VhostUserErrorCode =
  /** connect() to the socket failed (no daemon, wrong path). */
  | 'CONNECT'
  /** The back-end closed the socket (crash, SIGKILL, or it dropped us after a vu_panic). */
  | 'HANGUP'
  /** No reply within the deadline. */
  | 'TIMEOUT'
  /** A reply that is not a reply to what we asked (wrong request, flags, size). */
  | 'BAD_REPLY'
  /** REPLY_ACK answered non-zero: the back-end refused the request. */
  | 'NACK'
  /** The back-end lacks a feature we need, or offers something we must refuse. */
  | 'NEGOTIATION'
  /** We refused to send something a back-end does not check (bad queue index, size). */
  | 'INVALID_ARGUMENT'
  /** GET_CONFIG answered with size 0 (libvhost-user's way of saying it failed). */
  | 'CONFIG'
  /** The channel was used after close(). */
  | 'CLOSED';

export class VhostUserError extends Error {
  readonly kind = 'VhostUser';
  constructor(
    readonly code: VhostUserErrorCode,
    message: string,
    readonly request: string | null = null,
    readonly backendLog: string | null = null,
  ) {
    super(backendLog ? `${message} (back-end said: ${backendLog})` : message);
    this.name = 'VhostUserError';
  }
}
