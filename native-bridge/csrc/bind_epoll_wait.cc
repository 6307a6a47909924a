// epollWaitBlocking: the EpollWatcher's wait (bind_epoll.cc) on the calling thread, for benchmarks
// and tests. It blocks the JS thread, so it has its own epoll set and no thread or callback.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bindings.h"
#include "eventfd_read.h"

namespace rs {

using v8::Array;

namespace {

double NowMs() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// epollWaitBlocking(fds: number[], timeoutMs: number (-1 forever), drain = true)
//   -> Array<{ fd, count: number | null, events }>; [] on timeout.
// Blocks the calling thread: for benchmarks and tests only.
void EpollWaitBlocking(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  if (!info[0]->IsArray()) return ThrowTypeError(iso, "The \"fds\" argument must be an array of fds");
  Local<Array> arr = info[0].As<Array>();
  int64_t timeout;
  if (!ToInt(iso, info[1], "timeoutMs", -1, INT32_MAX, &timeout)) return;
  bool drain = info[2]->IsUndefined() ? true : info[2]->BooleanValue(iso);
  std::vector<int> fds(arr->Length());
  for (uint32_t i = 0; i < arr->Length(); i++) {
    Local<Value> v;
    if (!arr->Get(ctx, i).ToLocal(&v) || !ToFd(iso, v, "fds[i]", &fds[i])) return;
  }
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) return ThrowErrno(iso, errno, "epollWaitBlocking", "epoll_create1");
  for (size_t i = 0; i < fds.size(); i++) {
    struct epoll_event ev = {};
    ev.events = EPOLLIN;
    ev.data.u32 = (uint32_t)i;
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0) {
      int e = errno;
      close(ep);
      return ThrowErrno(iso, e, "epollWaitBlocking", "epoll_ctl", "fd " + std::to_string(fds[i]));
    }
  }
  std::vector<struct epoll_event> evs(fds.size() ? fds.size() : 1);
  double deadline = NowMs() + (double)timeout;
  int n;
  for (;;) {
    int left = timeout < 0 ? -1 : (int)std::max(0.0, deadline - NowMs());
    n = epoll_wait(ep, evs.data(), (int)evs.size(), left);
    if (n >= 0 || errno != EINTR) break;  // EINTR: wait again for the remaining time
  }
  int werr = errno;
  Local<Array> out = Array::New(iso);
  uint32_t k = 0;
  for (int i = 0; i < n; i++) {
    int fd = fds[evs[i].data.u32];
    Local<Object> o = Object::New(iso);
    SetNum(ctx, o, "fd", fd);
    SetNum(ctx, o, "events", evs[i].events);
    Set(ctx, o, "count", v8::Null(iso));
    if (drain && IsEventfd(fd)) {
      // A blocking eventfd that someone else drained meanwhile would block here; keep the read
      // nonblocking without touching the shared file flags: poll it first with a zero timeout.
      uint64_t v;
      int fl = fcntl(fd, F_GETFL);
      bool nb = fl >= 0 && (fl & O_NONBLOCK);
      int r = nb ? DrainEventfd(fd, &v) : 0;
      if (!nb) {
        struct pollfd p = {fd, POLLIN, 0};
        int pr;
        while ((pr = poll(&p, 1, 0)) < 0 && errno == EINTR) {
        }
        if (pr > 0) r = DrainEventfd(fd, &v);
      }
      if (r < 0) {
        close(ep);
        return ThrowErrno(iso, -r, "epollWaitBlocking", "read", "fd " + std::to_string(fd));
      }
      if (r == 0) continue;  // drained by someone else between epoll_wait and read: not ready after all
      SetNum(ctx, o, "count", (double)v);
    }
    out->Set(ctx, k++, o).Check();
  }
  close(ep);
  if (n < 0) return ThrowErrno(iso, werr, "epollWaitBlocking", "epoll_wait");
  info.GetReturnValue().Set(out);
}

}  // namespace

void InitEpollWait(Local<Context> ctx, Local<Object> exports) {
  SetMethod(ctx, exports, "epollWaitBlocking", EpollWaitBlocking);
}

}  // namespace rs
