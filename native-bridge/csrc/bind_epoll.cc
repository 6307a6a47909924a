// Waiting on fds without blocking the JS thread.
//
// EpollWatcher: a native thread sleeps in epoll_wait on a set of fds and hands readiness back to the
// event loop through a uv_async_t (the mechanism a Node-API threadsafe function is built on; this addon
// uses V8 directly because of the SharedArrayBuffer work). Eventfds are drained on the watcher thread
// and reported with their counter; other fds (sockets) are armed one-shot and reported as ready until
// the owner calls rearm(fd) after consuming them.
//
// epollWaitBlocking: the same wait on the calling thread, for benchmarks.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "bindings.h"

namespace rs {

using v8::Array;
using v8::Function;
using v8::FunctionTemplate;
using v8::Global;
using v8::HandleScope;

namespace {

bool IsEventfd(int fd) {
  char path[64], target[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n < 0) return false;
  target[n] = 0;
  return strcmp(target, "anon_inode:[eventfd]") == 0;
}

int SetNonblocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -errno;
  return 0;
}

// Drain an eventfd that epoll said was readable. 1 with *v, 0 if someone else drained it, -errno.
int DrainEventfd(int fd, uint64_t* v) {
  for (;;) {
    ssize_t r = read(fd, v, sizeof *v);
    if (r == sizeof *v) return 1;
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && errno == EAGAIN) return 0;
    return r < 0 ? -errno : -EIO;
  }
}

constexpr uint64_t kWakeTag = UINT64_MAX;

struct Event {
  int fd;          // the caller's fd number (-1: the watcher itself failed)
  int64_t count;   // drained eventfd counter, or -1 for "ready" (one-shot fds)
  uint32_t events; // epoll event bits
  int err;         // errno of a failed drain / epoll_wait, else 0
};

class Watcher : public Wrapped {
 public:
  Watcher(Isolate* iso, Local<Function> cb) : iso_(iso), cb_(iso, cb), ctx_(iso, iso->GetCurrentContext()) {}
  ~Watcher() override { Close(); }

  int Start() {
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
    node::AddEnvironmentCleanupHook(iso_, CleanupHook, this);
    return 0;
  }

  // Idempotent. Joins the thread, closes every fd we own, drops undelivered events.
  void Close() {
    if (closed_) return;
    closed_ = true;
    if (started_) {
      stopping_.store(true, std::memory_order_release);
      uint64_t one = 1;
      while (write(wakefd_, &one, sizeof one) < 0 && errno == EINTR) {
      }
      pthread_join(thread_, nullptr);
      if (!in_cleanup_hook_) node::RemoveEnvironmentCleanupHook(iso_, CleanupHook, this);
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

  // Returns the mode used ("eventfd" or "oneshot"), or -errno.
  int Add(int fd, int mode /* 0 auto, 1 eventfd, 2 oneshot */, bool* is_eventfd) {
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
  bool Remove(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_fd_.find(fd);
    if (it == by_fd_.end()) return false;
    epoll_ctl(epfd_, EPOLL_CTL_DEL, it->second, nullptr);
    close(it->second);
    by_dup_.erase(it->second);
    by_fd_.erase(it);
    return true;
  }

  int Rearm(int fd) {
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

  void Ref(bool on) {
    if (!async_) return;
    if (on) uv_ref(reinterpret_cast<uv_handle_t*>(async_));
    else uv_unref(reinterpret_cast<uv_handle_t*>(async_));
  }

  bool closed() const { return closed_; }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return by_fd_.size();
  }

 private:
  struct Reg {
    int fd, dup;
    uint32_t gen;
    bool eventfd;
  };

  static void CleanupHook(void* arg) {
    Watcher* w = static_cast<Watcher*>(arg);
    w->in_cleanup_hook_ = true;
    w->Close();
  }

  static void* ThreadMain(void* arg) {
    static_cast<Watcher*>(arg)->Loop();
    return nullptr;
  }

  void Push(const Event& e) {  // with mu_ held; coalesces eventfd counts like the kernel does
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

  void Loop() {
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

  static void OnAsync(uv_async_t* h) {
    if (Watcher* w = static_cast<Watcher*>(h->data)) w->Deliver();
  }

  void Deliver() {
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

  Isolate* iso_;
  Global<Function> cb_;
  Global<Context> ctx_;
  int epfd_ = -1, wakefd_ = -1;
  uv_async_t* async_ = nullptr;
  pthread_t thread_{};
  bool started_ = false, closed_ = false, in_cleanup_hook_ = false;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;  // guards by_fd_, by_dup_, pending_, and every use of a dup on the thread
  std::unordered_map<int, int> by_fd_;
  std::unordered_map<int, Reg> by_dup_;
  std::vector<Event> pending_;
  uint32_t gen_ = 0;
};

Watcher* Self(const FunctionCallbackInfo<Value>& info) {
  Watcher* w = Wrapped::Unwrap<Watcher>(info);
  if (!w) ThrowTypeError(info.GetIsolate(), "Illegal invocation");
  else if (w->closed()) ThrowCodeError(info.GetIsolate(), "ERR_WATCHER_CLOSED", "EpollWatcher is closed");
  else return w;
  return nullptr;
}

// new EpollWatcher(callback(fd, count | null, error | undefined))
void New(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  if (!info.IsConstructCall()) return ThrowTypeError(iso, "EpollWatcher must be called with new");
  if (!info[0]->IsFunction()) return ThrowTypeError(iso, "The \"callback\" argument must be a function");
  Watcher* w = new Watcher(iso, info[0].As<Function>());
  if (int r = w->Start()) {
    delete w;
    return ThrowErrno(iso, -r, "EpollWatcher", "start");
  }
  w->Attach(iso, info.This());
  w->Hold();  // released by Close()
}

// add(fd, mode?: 'auto' | 'eventfd' | 'oneshot') -> 'eventfd' | 'oneshot'
void Add(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Watcher* w = Self(info);
  int fd;
  if (!w || !ToFd(iso, info[0], "fd", &fd)) return;
  int mode = 0;
  if (!info[1]->IsUndefined()) {
    v8::String::Utf8Value m(iso, info[1]);
    std::string s = *m ? *m : "";
    if (s == "eventfd") mode = 1;
    else if (s == "oneshot") mode = 2;
    else if (s != "auto") return ThrowTypeError(iso, "mode must be 'auto', 'eventfd' or 'oneshot'");
  }
  bool efd = false;
  if (int r = w->Add(fd, mode, &efd)) return ThrowErrno(iso, -r, "EpollWatcher.add", "epoll_ctl", "fd " + std::to_string(fd));
  info.GetReturnValue().Set(Str(iso, efd ? "eventfd" : "oneshot"));
}

void Remove(const FunctionCallbackInfo<Value>& info) {
  Watcher* w = Self(info);
  int fd;
  if (!w || !ToFd(info.GetIsolate(), info[0], "fd", &fd)) return;
  info.GetReturnValue().Set(w->Remove(fd));
}

void Rearm(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Watcher* w = Self(info);
  int fd;
  if (!w || !ToFd(iso, info[0], "fd", &fd)) return;
  if (int r = w->Rearm(fd)) return ThrowErrno(iso, -r, "EpollWatcher.rearm", "epoll_ctl", "fd " + std::to_string(fd));
}

void Close(const FunctionCallbackInfo<Value>& info) {
  if (Watcher* w = Wrapped::Unwrap<Watcher>(info)) w->Close();
}

void RefM(const FunctionCallbackInfo<Value>& info) {
  if (Watcher* w = Self(info)) w->Ref(true);
}

void UnrefM(const FunctionCallbackInfo<Value>& info) {
  if (Watcher* w = Self(info)) w->Ref(false);
}

void Size(const FunctionCallbackInfo<Value>& info) {
  Watcher* w = Wrapped::Unwrap<Watcher>(info);
  info.GetReturnValue().Set((double)(w && !w->closed() ? w->size() : 0));
}

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

void InitEpoll(Local<Context> ctx, Local<Object> exports) {
  Isolate* iso = ctx->GetIsolate();
  Local<FunctionTemplate> t = FunctionTemplate::New(iso, New);
  t->SetClassName(Str(iso, "EpollWatcher"));
  t->InstanceTemplate()->SetInternalFieldCount(1);
  struct {
    const char* name;
    v8::FunctionCallback fn;
  } methods[] = {{"add", Add},   {"remove", Remove}, {"rearm", Rearm}, {"close", Close},
                 {"ref", RefM},  {"unref", UnrefM}, {"size", Size}};
  for (auto& m : methods) t->PrototypeTemplate()->Set(iso, m.name, FunctionTemplate::New(iso, m.fn));
  Set(ctx, exports, "EpollWatcher", t->GetFunction(ctx).ToLocalChecked());
  SetMethod(ctx, exports, "epollWaitBlocking", EpollWaitBlocking);
}

}  // namespace rs
