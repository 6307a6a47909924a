/* Framed messages over the lisafs Unix stream socket: an 8-byte header (lisafs_sock_hdr) then the payload,
 * donated FDs attached to the header as SCM_RIGHTS. Blocking I/O; EINTR retried; MSG_NOSIGNAL so a peer
 * that hung up yields EPIPE instead of killing the process. */
#ifndef RS_LISAFS_SOCK_H
#define RS_LISAFS_SOCK_H

#include <stddef.h>
#include <stdint.h>

#include "lisafs_wire.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Returns 0 or -errno (-EPIPE / -ECONNRESET when the peer is gone). */
int lisafs_sock_send(int fd, uint16_t mid, const void *payload, uint32_t len, const int *fds, unsigned nfds);
/* Reads one header; received FDs (at most maxfds kept, extras closed) go to fds/nfds. -ECONNRESET on EOF. */
int lisafs_sock_recv_hdr(int fd, struct lisafs_sock_hdr *h, int *fds, unsigned maxfds, unsigned *nfds);
int lisafs_sock_read_full(int fd, void *buf, size_t len);
/* Read and drop len bytes (an oversized payload must still leave the stream in frame). */
int lisafs_sock_discard(int fd, size_t len);

#ifdef __cplusplus
}
#endif
#endif
