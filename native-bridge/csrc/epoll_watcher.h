// The native side of EpollWatcher: a thread sleeping in epoll_wait on a set of fds, handing readiness
// back to the event loop through a uv_async_t (the mechanism a Node-API threadsafe function is built on;
// this addon uses V8 directly because of the SharedArrayBuffer work). Eventfds are drained on the watcher
// thread and reported with their counter; other fds (sockets) are armed one-shot and reported as ready
// until the owner calls Rearm(fd) after consuming them. The JS methods are in bind_epoll.cc.
#pragma once

#include <pthread.h>
#include <uv.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "js_util.h"

namespace rs {

class EpollWatcher : public Wrapped, public TeardownHook<EpollWatcher> {
 public:
  EpollWatcher(Isolate* iso, Local<v8::Function> cb);
  ~EpollWatcher() override { Close(); }

  // Creates the epoll set, the wake eventfd and the async handle, then starts the thread. 0 or -errno.
  int Start();
  // Idempotent. Joins the thread, closes every fd we own, drops undelivered events. Environment
  // teardown runs it too (TeardownHook): the thread never outlives the isolate.
  void Close();
  // mode: 0 auto, 1 eventfd, 2 oneshot. 0 with *is_eventfd set to the mode used, or -errno.
  int Add(int fd, int mode, bool* is_eventfd);
  bool Remove(int fd);
  int Rearm(int fd);
  void Ref(bool on);

  bool closed() const { return closed_; }
  size_t size();

 private:
  struct Reg {
    int fd, dup;
    uint32_t gen;
    bool eventfd;
  };
  struct Event {
    int fd;           // the caller's fd number (-1: the watcher itself failed)
    int64_t count;    // drained eventfd counter, or -1 for "ready" (one-shot fds)
    uint32_t events;  // epoll event bits
    int err;          // errno of a failed drain / epoll_wait, else 0
  };

  static void* ThreadMain(void* arg);
  void Push(const Event& e);  // with mu_ held
  void Loop();                // the watcher thread
  static void OnAsync(uv_async_t* h);
  void Deliver();             // back on the JS thread

  Isolate* iso_;
  v8::Global<v8::Function> cb_;
  v8::Global<Context> ctx_;
  int epfd_ = -1, wakefd_ = -1;
  uv_async_t* async_ = nullptr;
  pthread_t thread_{};
  bool started_ = false, closed_ = false;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;  // guards by_fd_, by_dup_, pending_, and every use of a dup on the thread
  std::unordered_map<int, int> by_fd_;
  std::unordered_map<int, Reg> by_dup_;
  std::vector<Event> pending_;
  uint32_t gen_ = 0;
};

}  // namespace rs
