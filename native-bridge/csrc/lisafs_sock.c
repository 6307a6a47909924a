#include "lisafs_sock.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define CMSG_FDS 8u /* the gofer donates at most one FD per message here; room for a few strays */

int lisafs_sock_send(int fd, uint16_t mid, const void *payload, uint32_t len, const int *fds, unsigned nfds) {
  struct lisafs_sock_hdr h = {LISAFS_CHAN_HDR + len, mid, (uint8_t)nfds, 0};
  struct iovec iov[2] = {{&h, sizeof h}, {(void *)payload, len}};
  union {
    char buf[CMSG_SPACE(CMSG_FDS * sizeof(int))];
    struct cmsghdr align;
  } u;
  struct msghdr m = {.msg_iov = iov, .msg_iovlen = len ? 2 : 1};
  if (nfds > CMSG_FDS) return -EINVAL;
  if (nfds) {
    memset(&u, 0, sizeof u);
    m.msg_control = u.buf;
    m.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
    memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
  }
  size_t left = sizeof h + len;
  while (left) {
    ssize_t n = sendmsg(fd, &m, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    left -= (size_t)n;
    m.msg_control = NULL; /* the FDs went with the first byte */
    m.msg_controllen = 0;
    while (n > 0 && m.msg_iovlen) { /* advance past what was written */
      if ((size_t)n >= m.msg_iov->iov_len) {
        n -= (ssize_t)m.msg_iov->iov_len;
        m.msg_iov++;
        m.msg_iovlen--;
      } else {
        m.msg_iov->iov_base = (char *)m.msg_iov->iov_base + n;
        m.msg_iov->iov_len -= (size_t)n;
        n = 0;
      }
    }
  }
  return 0;
}

int lisafs_sock_recv_hdr(int fd, struct lisafs_sock_hdr *h, int *fds, unsigned maxfds, unsigned *nfds) {
  union {
    char buf[CMSG_SPACE(CMSG_FDS * sizeof(int))];
    struct cmsghdr align;
  } u;
  size_t got = 0;
  *nfds = 0;
  while (got < sizeof *h) {
    struct iovec iov = {(char *)h + got, sizeof *h - got};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    ssize_t n = recvmsg(fd, &m, MSG_CMSG_CLOEXEC);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      unsigned k = (unsigned)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      for (unsigned i = 0; i < k; i++) {
        int x;
        memcpy(&x, CMSG_DATA(c) + i * sizeof(int), sizeof x);
        if (*nfds < maxfds)
          fds[(*nfds)++] = x;
        else
          close(x); /* never leak an FD the peer pushed at us */
      }
    }
    if (n == 0) {
      for (unsigned i = 0; i < *nfds; i++) close(fds[i]);
      *nfds = 0;
      return -ECONNRESET;
    }
    got += (size_t)n;
  }
  return 0;
}

int lisafs_sock_read_full(int fd, void *buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = read(fd, (char *)buf + got, len - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) return -ECONNRESET;
    got += (size_t)n;
  }
  return 0;
}

int lisafs_sock_discard(int fd, size_t len) {
  char tmp[4096];
  while (len) {
    size_t k = len < sizeof tmp ? len : sizeof tmp;
    int r = lisafs_sock_read_full(fd, tmp, k);
    if (r) return r;
    len -= k;
  }
  return 0;
}
