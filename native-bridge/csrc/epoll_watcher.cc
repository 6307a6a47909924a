// EpollWatcher's native object (see epoll_watcher.h): registration of fds under the mutex, the watcher
// thread's epoll_wait loop, and delivery of the collected events to the JS callback on the event loop.
#include "epoll_watcher.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "eventfd_read.h"

namespace rs {

using v8::Function;
using v8::HandleScope;

namespace {

int SetNonblocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -errno;
  return 0;
}

constexpr uint64_t kWakeTag = UINT64_MAX;

}  // namespace

EpollWatcher::EpollWatcher(Isolate* iso, Local<Function> cb)
    : iso_(iso), cb_(iso, cb), ctx_(iso, iso->GetCurrentContext()) {}

int EpollWatcher::Start() {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) return -errno;
  wakefd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wakefd_ < 0) return -errno;
  struct epoll_event ev = {};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeTag;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, wakefd_, &ev) < 0) return -errno;
  async_ = new uv_async_t;
  if (int r = uv_async_init(node::GetCurrentEventLoop(iso_), async_, OnAsync)) {
    delete async_;
    async_ = nullptr;
    return r;  // libuv errors are -errno on Unix
  }
  async_->data = this;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);  // the thread inherits "everything blocked"
  int r = pthread_create(&thread_, nullptr, ThreadMain, this);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (r) return -r;
  started_ = true;
  HookCleanup(iso_);
  return 0;
}

void EpollWatcher::Close() {
  if (closed_) return;
  closed_ = true;
  if (started_) {
    stopping_.store(true, std::memory_order_release);
    uint64_t one = 1;
    while (write(wakefd_, &one, sizeof one) < 0 && errno == EINTR) {
    }
    pthread_join(thread_, nullptr);
    Unhook();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& kv : by_dup_) close(kv.first);
    by_dup_.clear();
    by_fd_.clear();
    pending_.clear();
  }
  if (epfd_ >= 0) close(epfd_);
  if (wakefd_ >= 0) close(wakefd_);
  epfd_ = wakefd_ = -1;
  if (async_) {
    async_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(async_), [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
    async_ = nullptr;
  }
  cb_.Reset();
  ctx_.Reset();
  Release();
}

int EpollWatcher::Add(int fd, int mode, bool* is_eventfd) {
  std::lock_guard<std::mutex> lock(mu_);
  if (by_fd_.count(fd)) return -EEXIST;
  bool efd = mode == 1 || (mode == 0 && IsEventfd(fd));
  // Our own dup: the caller closing (and the kernel reusing) its fd number can never make the watcher
  // read from an unrelated file.
  int dup = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return -errno;
  // An eventfd drained on this thread must not block it if someone else emptied it first. The flag
  // is shared with every holder of the fd (libuv's uv_poll does the same to the fds it watches).
  if (efd) {
    if (int r = SetNonblocking(dup)) {
      close(dup);
      return r;
    }
  }
  Reg reg{fd, dup, ++gen_, efd};
  struct epoll_event ev = {};
  ev.events = efd ? EPOLLIN : (EPOLLIN | EPOLLRDHUP | EPOLLONESHOT);
  ev.data.u64 = ((uint64_t)reg.gen << 32) | (uint32_t)dup;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, dup, &ev) < 0) {
    int e = errno;
    close(dup);
    return -e;
  }
  by_fd_[fd] = dup;
  by_dup_[dup] = reg;
  *is_eventfd = efd;
  return 0;
}

// The watcher thread only touches a dup while holding mu_, so closing it here cannot race a read.
bool EpollWatcher::Remove(int fd) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_fd_.find(fd);
  if (it == by_fd_.end()) return false;
  epoll_ctl(epfd_, EPOLL_CTL_DEL, it->second, nullptr);
  close(it->second);
  by_dup_.erase(it->second);
  by_fd_.erase(it);
  return true;
}

int EpollWatcher::Rearm(int fd) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_fd_.find(fd);
  if (it == by_fd_.end()) return -ENOENT;
  const Reg& reg = by_dup_[it->second];
  if (reg.eventfd) return 0;  // level-triggered already
  struct epoll_event ev = {};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.u64 = ((uint64_t)reg.gen << 32) | (uint32_t)reg.dup;
  return epoll_ctl(epfd_, EPOLL_CTL_MOD, reg.dup, &ev) < 0 ? -errno : 0;
}

void EpollWatcher::Ref(bool on) {
  if (!async_) return;
  if (on) uv_ref(reinterpret_cast<uv_handle_t*>(async_));
  else uv_unref(reinterpret_cast<uv_handle_t*>(async_));
}

size_t EpollWatcher::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return by_fd_.size();
}

void* EpollWatcher::ThreadMain(void* arg) {
  static_cast<EpollWatcher*>(arg)->Loop();
  return nullptr;
}

// Coalesces eventfd counts like the kernel does.
void EpollWatcher::Push(const Event& e) {
  if (e.count >= 0 && e.err == 0) {
    for (Event& p : pending_)
      if (p.fd == e.fd && p.count >= 0 && p.err == 0) {
        p.count += e.count;
        p.events |= e.events;
        return;
      }
  }
  pending_.push_back(e);
}

void EpollWatcher::Loop() {
  struct epoll_event evs[64];
  for (;;) {
    int n = epoll_wait(epfd_, evs, 64, -1);
    if (n < 0 && errno == EINTR) continue;
    bool notify = false, stop = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (n < 0) {
        Push({-1, -1, 0, errno});
        notify = stop = true;
      }
      for (int i = 0; i < n; i++) {
        if (evs[i].data.u64 == kWakeTag) {
          stop = stopping_.load(std::memory_order_acquire);
          continue;
        }
        int dup = (int)(uint32_t)evs[i].data.u64;
        uint32_t gen = (uint32_t)(evs[i].data.u64 >> 32);
        auto it = by_dup_.find(dup);
        if (it == by_dup_.end() || it->second.gen != gen) continue;  // removed since epoll_wait returned
        const Reg& reg = it->second;
        if (reg.eventfd) {
          uint64_t v;
          int r = DrainEventfd(dup, &v);
          if (r == 0) continue;
          Push(r > 0 ? Event{reg.fd, (int64_t)v, evs[i].events, 0} : Event{reg.fd, -1, evs[i].events, -r});
        } else {
          Push({reg.fd, -1, evs[i].events, 0});  // one-shot: disarmed until rearm(fd)
        }
        notify = true;
      }
    }
    if (notify) uv_async_send(async_);  // async_ outlives the thread (closed after the join)
    if (stop) return;
  }
}

void EpollWatcher::OnAsync(uv_async_t* h) {
  if (EpollWatcher* w = static_cast<EpollWatcher*>(h->data)) w->Deliver();
}

void EpollWatcher::Deliver() {
  std::vector<Event> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(pending_);
  }
  HandleScope scope(iso_);
  // Pin the wrapper: if the callback closes us and then forces a GC, we must not be deleted while
  // this loop still runs.
  Local<Object> pin = handle(iso_);
  (void)pin;
  Local<Context> ctx = ctx_.Get(iso_);
  v8::Context::Scope cscope(ctx);
  for (const Event& e : batch) {
    if (closed_) return;  // the callback may close() us mid-batch
    Local<Value> argv[3] = {
        v8::Number::New(iso_, e.fd),
        e.count >= 0 ? Local<Value>(v8::Number::New(iso_, (double)e.count)) : Local<Value>(v8::Null(iso_)),
        e.err ? ErrnoError(iso_, e.err, "EpollWatcher", e.fd < 0 ? "epoll_wait" : "read")
              : Local<Value>(v8::Undefined(iso_)),
    };
    Local<Function> cb = cb_.Get(iso_);
    // MakeCallback runs the microtask queue / nextTicks afterwards and routes exceptions to
    // process 'uncaughtException', as for any libuv-driven callback.
    (void)node::MakeCallback(iso_, ctx->Global(), cb, 3, argv, node::async_context{0, 0});
  }
}

}  // namespace rs
