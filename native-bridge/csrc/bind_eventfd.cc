// eventfd: the kick/call doorbell of virtio. A counter: write adds, read returns the sum and resets it.
#include <errno.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "bindings.h"

namespace rs {

namespace {

// eventfdCreate(initial = 0, flags?: { nonblocking?, semaphore? } | number) -> fd
void EventfdCreate(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  int64_t initial = 0;
  if (!info[0]->IsUndefined() && !ToInt(iso, info[0], "initial", 0, UINT32_MAX, &initial)) return;
  int flags = EFD_CLOEXEC;
  if (info[1]->IsNumber()) {
    int64_t f;
    if (!ToInt(iso, info[1], "flags", 0, EFD_NONBLOCK | EFD_SEMAPHORE | EFD_CLOEXEC, &f)) return;
    flags |= (int)f;
  } else if (info[1]->IsObject()) {
    bool nb, sem;
    if (!OptBool(iso, ctx, info[1].As<Object>(), "nonblocking", false, &nb) ||
        !OptBool(iso, ctx, info[1].As<Object>(), "semaphore", false, &sem))
      return;
    flags |= (nb ? EFD_NONBLOCK : 0) | (sem ? EFD_SEMAPHORE : 0);
  } else if (!info[1]->IsUndefined()) {
    return ThrowTypeError(iso, "The \"flags\" argument must be a number or an options object");
  }
  int fd = eventfd((unsigned)initial, flags);
  if (fd < 0) return ThrowErrno(iso, errno, "eventfdCreate", "eventfd");
  info.GetReturnValue().Set((double)fd);
}

// eventfdRead(fd) -> number (the drained counter) | null when nonblocking and the counter is 0.
// Counters above 2^53 lose precision as a Number; virtio kicks never get near that.
void EventfdRead(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  int fd;
  if (!ToFd(iso, info[0], "fd", &fd)) return;
  uint64_t v;
  for (;;) {
    ssize_t r = read(fd, &v, sizeof v);
    if (r == sizeof v) return info.GetReturnValue().Set((double)v);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && errno == EAGAIN) return info.GetReturnValue().SetNull();
    return ThrowErrno(iso, r < 0 ? errno : EIO, "eventfdRead", "read", "fd " + std::to_string(fd));
  }
}

// eventfdWrite(fd, n = 1). Throws EAGAIN when nonblocking and the counter would overflow.
void EventfdWrite(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  int fd;
  int64_t n = 1;
  if (!ToFd(iso, info[0], "fd", &fd)) return;
  if (!info[1]->IsUndefined() && !ToInt(iso, info[1], "n", 0, ((int64_t)1 << 53) - 1, &n)) return;
  uint64_t v = (uint64_t)n;
  for (;;) {
    ssize_t r = write(fd, &v, sizeof v);
    if (r == sizeof v) return;
    if (r < 0 && errno == EINTR) continue;
    return ThrowErrno(iso, r < 0 ? errno : EIO, "eventfdWrite", "write", "fd " + std::to_string(fd));
  }
}

}  // namespace

void InitEventfd(Local<Context> ctx, Local<Object> exports) {
  SetMethod(ctx, exports, "eventfdCreate", EventfdCreate);
  SetMethod(ctx, exports, "eventfdRead", EventfdRead);
  SetMethod(ctx, exports, "eventfdWrite", EventfdWrite);
  Local<Object> c = Object::New(ctx->GetIsolate());
  SetNum(ctx, c, "EFD_NONBLOCK", EFD_NONBLOCK);
  SetNum(ctx, c, "EFD_SEMAPHORE", EFD_SEMAPHORE);
  SetNum(ctx, c, "EFD_CLOEXEC", EFD_CLOEXEC);
  Set(ctx, exports, "eventfdFlags", c);
}

}  // namespace rs
