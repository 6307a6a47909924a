/* The fake gofer's transport side: one thread serving the Unix socket (Mount, Channel and every RPC that
 * falls back to the socket) and one thread per channel it has created, each answering in its packet
 * window. It shares nothing with the client but the socketpair and the memfds it donates. */
#ifndef RS_LISAFS_SERVER_H
#define RS_LISAFS_SERVER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lisafs_server;

/* Takes ownership of `sock`. Returns 0 or -errno. */
int lisafs_server_start(int sock, uint32_t max_message, unsigned spin, struct lisafs_server **out);
/* The gofer "dies": it stops answering on every path (a request in a window is never answered) and
 * shuts its socket end, which the client's watchdog sees as POLLHUP|POLLRDHUP. */
void lisafs_server_hangup(struct lisafs_server *s);
/* The gofer's end of channel `idx` (creation order) fails: its word goes to shutdown. -ENOENT if none. */
int lisafs_server_kill_channel(struct lisafs_server *s, unsigned idx);
unsigned lisafs_server_channels(struct lisafs_server *s);
/* Stops everything still running (shutting down every window), joins every thread, frees. */
void lisafs_server_destroy(struct lisafs_server *s);

#ifdef __cplusplus
}
#endif
#endif
