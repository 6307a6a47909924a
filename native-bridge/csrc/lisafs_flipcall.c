/* The flipcall handoff (gVisor pkg/flipcall, futex flavour), with an optional bounded spin first.
 *
 * Lost-wakeup argument: a waiter stores sleeping[side] = 1 and then re-reads the word, both seq_cst; the
 * waker CASes the word and then reads sleeping[peer], both seq_cst. In the single total order one of the two
 * reads sees the other's write, so either the waiter notices the new word and does not sleep, or the waker
 * sees the flag and issues FUTEX_WAKE. FUTEX_WAIT itself re-checks the word against the value the waiter
 * saw, closing the window between the re-read and the syscall. */
#include "lisafs_flipcall.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Not FUTEX_PRIVATE_FLAG: the two sides map the memfd at different addresses. */
static long futex_op(_Atomic uint32_t *word, int op, uint32_t val) {
  return syscall(SYS_futex, (uint32_t *)word, op, val, NULL, NULL, 0);
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static uint32_t own_active(const struct lisafs_ep *ep) {
  return ep->side == LISAFS_SIDE_CLIENT ? LISAFS_CLIENT_ACTIVE : LISAFS_SERVER_ACTIVE;
}

int lisafs_ep_map(struct lisafs_ep *ep, int fd, size_t size, int side, unsigned spin) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return -errno;
  ep->win = p;
  ep->size = size;
  ep->side = side;
  ep->spin = spin;
  return 0;
}

void lisafs_ep_unmap(struct lisafs_ep *ep) {
  if (ep->win) munmap(ep->win, ep->size);
  ep->win = NULL;
}

uint32_t lisafs_ep_state(const struct lisafs_ep *ep) {
  return atomic_load_explicit(&lisafs_ep_hdr(ep)->state, memory_order_acquire);
}

int lisafs_ep_handoff(struct lisafs_ep *ep) {
  struct lisafs_window_hdr *h = lisafs_ep_hdr(ep);
  uint32_t expect = own_active(ep);
  uint32_t peer = ep->side == LISAFS_SIDE_CLIENT ? LISAFS_SERVER_ACTIVE : LISAFS_CLIENT_ACTIVE;
  /* seq_cst (not just release): it is one half of the Dekker pair described above. */
  if (!atomic_compare_exchange_strong_explicit(&h->state, &expect, peer, memory_order_seq_cst,
                                               memory_order_acquire))
    return -ECONNRESET; /* only shutdown can have replaced our own active value */
  if (atomic_load_explicit(&h->sleeping[1 - ep->side], memory_order_seq_cst))
    futex_op(&h->state, FUTEX_WAKE, INT_MAX);
  return 0;
}

uint32_t lisafs_ep_wait_active(struct lisafs_ep *ep) {
  struct lisafs_window_hdr *h = lisafs_ep_hdr(ep);
  _Atomic uint32_t *mine = &h->sleeping[ep->side];
  uint32_t want = own_active(ep);
  for (unsigned i = 0; i < ep->spin; i++) {
    uint32_t s = atomic_load_explicit(&h->state, memory_order_acquire);
    if (s == want || s == LISAFS_SHUTDOWN) return s;
    cpu_relax();
  }
  for (;;) {
    atomic_store_explicit(mine, 1, memory_order_seq_cst);
    uint32_t s = atomic_load_explicit(&h->state, memory_order_seq_cst);
    if (s == want || s == LISAFS_SHUTDOWN) {
      atomic_store_explicit(mine, 0, memory_order_relaxed);
      return s;
    }
    /* EAGAIN: the word already changed; EINTR: a signal. Both just mean look again. */
    futex_op(&h->state, FUTEX_WAIT, s);
  }
}

int lisafs_ep_round_trip(struct lisafs_ep *ep) {
  int r = lisafs_ep_handoff(ep);
  if (r) return r;
  return lisafs_ep_wait_active(ep) == LISAFS_SHUTDOWN ? -ECONNRESET : 0;
}

void lisafs_ep_wait_shutdown(struct lisafs_ep *ep) {
  struct lisafs_window_hdr *h = lisafs_ep_hdr(ep);
  for (;;) {
    uint32_t s = atomic_load_explicit(&h->state, memory_order_acquire);
    if (s == LISAFS_SHUTDOWN) return;
    futex_op(&h->state, FUTEX_WAIT, s); /* shutdown always wakes, so no sleeping flag is needed */
  }
}

void lisafs_ep_shutdown(struct lisafs_ep *ep) {
  if (!ep->win) return;
  struct lisafs_window_hdr *h = lisafs_ep_hdr(ep);
  atomic_store_explicit(&h->state, LISAFS_SHUTDOWN, memory_order_seq_cst);
  futex_op(&h->state, FUTEX_WAKE, INT_MAX); /* unconditional: shutdown is rare and must never be missed */
}
