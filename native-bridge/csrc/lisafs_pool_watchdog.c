/* The pool's end: the watchdog thread that tears everything down on socket hang-up (or close), and
 * lisafs_pool_wait_destroyed for callers that wait for it to finish. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lisafs_pool_internal.h"

/* The watchdog's work after POLLHUP|POLLRDHUP (or close): shut down every channel not on the stack, throw
 * the stack away, wait for active users, destroy every channel, then the socket. */
static void teardown(struct lisafs_pool *p, uint8_t reason) {
  pthread_mutex_lock(&p->mu);
  p->reason = reason;
  atomic_store_explicit(&p->phase, LISAFS_SHUTTING_DOWN, memory_order_release);
  bool on_stack[LISAFS_MAX_CHANNELS] = {false};
  for (unsigned i = 0; i < p->stack_len; i++) on_stack[p->stack[i]] = true;
  for (unsigned i = 0; i < p->nch; i++) {
    struct cli_chan *c = &p->ch[i];
    if (!on_stack[i]) {
      lisafs_ep_shutdown(&c->ep); /* wakes a caller blocked on a gofer that will never answer */
    } else {
      c->status = LISAFS_CH_DEAD;
      c->death = LISAFS_DEATH_POOL_CLOSED;
    }
  }
  p->stack_len = 0;
  p->stack_nil = true;
  while (p->active) pthread_cond_wait(&p->cv, &p->mu);
  for (unsigned i = 0; i < p->nch; i++) {
    lisafs_ep_shutdown(&p->ch[i].ep);
    lisafs_ep_unmap(&p->ch[i].ep);
  }
  pthread_mutex_unlock(&p->mu);

  shutdown(p->sock, SHUT_RDWR); /* a socket caller blocked in read gets EOF */
  pthread_mutex_lock(&p->mu);
  while (p->sock_users) pthread_cond_wait(&p->cv, &p->mu);
  close(p->sock); /* no one can be using it: sock_users is 0 and the phase refuses new ones */
  p->sock = -1;
  atomic_store_explicit(&p->phase, LISAFS_DESTROYED, memory_order_release);
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

void *lisafs_pool_watchdog_main(void *arg) {
  struct lisafs_pool *p = arg;
  struct pollfd pf[2] = {{p->sock, POLLRDHUP, 0}, {p->stop_efd, POLLIN, 0}};
  uint8_t reason;
  for (;;) {
    int n = poll(pf, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      reason = LISAFS_REASON_POLL_ERROR;
      break;
    }
    if (pf[0].revents & (POLLHUP | POLLRDHUP | POLLERR)) {
      reason = LISAFS_REASON_HANGUP;
      break;
    }
    if (pf[1].revents) {
      reason = LISAFS_REASON_CLOSED;
      break;
    }
  }
  teardown(p, reason);
  return NULL;
}

bool lisafs_pool_wait_destroyed(struct lisafs_pool *p, int timeout_ms) {
  struct timespec dl;
  clock_gettime(CLOCK_MONOTONIC, &dl);
  if (timeout_ms >= 0) {
    dl.tv_sec += timeout_ms / 1000;
    dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
    if (dl.tv_nsec >= 1000000000) {
      dl.tv_sec++;
      dl.tv_nsec -= 1000000000;
    }
  }
  pthread_mutex_lock(&p->mu);
  while (p->phase != LISAFS_DESTROYED) {
    if (timeout_ms < 0)
      pthread_cond_wait(&p->cv, &p->mu);
    else if (pthread_cond_timedwait(&p->cv, &p->mu, &dl) == ETIMEDOUT)
      break;
  }
  bool done = p->phase == LISAFS_DESTROYED;
  pthread_mutex_unlock(&p->mu);
  return done;
}
