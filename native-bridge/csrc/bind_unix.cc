// Unix stream sockets with SCM_RIGHTS, for a vhost-user front-end (which must pass memfds and eventfds
// to the back-end) and for tests (socketpair). Node's net module cannot send or receive fds.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include <node_buffer.h>

#include "bindings.h"

namespace rs {

using v8::Array;

namespace {

constexpr int kMaxFds = 253;  // SCM_MAX_FD

double NowMs() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// poll() for `events` with a deadline, retrying EINTR with the time left. 1 ready, 0 timeout, -errno.
int WaitFor(int fd, short events, int64_t timeout_ms) {
  double deadline = NowMs() + (double)timeout_ms;
  for (;;) {
    int left = timeout_ms < 0 ? -1 : (int)std::max(0.0, deadline - NowMs());
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, left);
    if (r > 0) return 1;  // POLLERR/POLLHUP count as ready: the next syscall reports the condition
    if (r == 0) return 0;
    if (errno != EINTR) return -errno;
  }
}

bool FillAddr(Isolate* iso, Local<Value> v, struct sockaddr_un* a, socklen_t* len) {
  if (!v->IsString()) {
    ThrowTypeError(iso, "The \"path\" argument must be a string");
    return false;
  }
  v8::String::Utf8Value path(iso, v);
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  if ((size_t)path.length() + 1 > sizeof a->sun_path) {
    ThrowErrno(iso, ENAMETOOLONG, "unix socket", "sockaddr_un", *path);
    return false;
  }
  memcpy(a->sun_path, *path, path.length());
  *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + path.length() + 1);
  return true;
}

// unixConnect(path, { nonblocking = false } = {}) -> fd. The connect itself always completes (or
// fails) before returning; `nonblocking` sets O_NONBLOCK on the returned fd.
void UnixConnect(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  struct sockaddr_un a;
  socklen_t alen;
  bool nb = false;
  if (!FillAddr(iso, info[0], &a, &alen)) return;
  if (info[1]->IsObject() && !OptBool(iso, ctx, info[1].As<Object>(), "nonblocking", false, &nb)) return;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(iso, errno, "unixConnect", "socket");
  if (connect(fd, (struct sockaddr*)&a, alen) < 0) {
    int e = errno;
    if (e == EINTR) {
      // The connection continues asynchronously after EINTR; wait for it and read its outcome.
      socklen_t l = sizeof e;
      int r = WaitFor(fd, POLLOUT, -1);
      if (r < 0) e = -r;
      else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l) < 0) e = errno;
    }
    if (e) {
      close(fd);
      return ThrowErrno(iso, e, "unixConnect", "connect", a.sun_path);
    }
  }
  if (nb && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
    int e = errno;
    close(fd);
    return ThrowErrno(iso, e, "unixConnect", "fcntl");
  }
  info.GetReturnValue().Set((double)fd);
}

// unixListen(path, backlog = 16) -> fd (the path must not exist).
void UnixListen(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  struct sockaddr_un a;
  socklen_t alen;
  int64_t backlog = 16;
  if (!FillAddr(iso, info[0], &a, &alen)) return;
  if (!info[1]->IsUndefined() && !ToInt(iso, info[1], "backlog", 1, 4096, &backlog)) return;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(iso, errno, "unixListen", "socket");
  if (bind(fd, (struct sockaddr*)&a, alen) < 0 || listen(fd, (int)backlog) < 0) {
    int e = errno;
    close(fd);
    return ThrowErrno(iso, e, "unixListen", "bind/listen", a.sun_path);
  }
  info.GetReturnValue().Set((double)fd);
}

// unixAccept(listenFd, timeoutMs = -1) -> fd | null on timeout.
void UnixAccept(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  int lfd;
  int64_t timeout = -1;
  if (!ToFd(iso, info[0], "fd", &lfd)) return;
  if (!info[1]->IsUndefined() && !ToInt(iso, info[1], "timeoutMs", -1, INT32_MAX, &timeout)) return;
  int r = WaitFor(lfd, POLLIN, timeout);
  if (r < 0) return ThrowErrno(iso, -r, "unixAccept", "poll");
  if (r == 0) return info.GetReturnValue().SetNull();
  for (;;) {
    int fd = accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) return info.GetReturnValue().Set((double)fd);
    if (errno == EINTR) continue;
    if (errno == EAGAIN) return info.GetReturnValue().SetNull();  // nonblocking listener, peer went away
    return ThrowErrno(iso, errno, "unixAccept", "accept4");
  }
}

// socketpair() -> [fd0, fd1] (AF_UNIX, SOCK_STREAM, close-on-exec)
void SocketPair(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return ThrowErrno(iso, errno, "socketpair", "socketpair");
  Local<Array> a = Array::New(iso, 2);
  a->Set(ctx, 0, v8::Number::New(iso, sv[0])).Check();
  a->Set(ctx, 1, v8::Number::New(iso, sv[1])).Check();
  info.GetReturnValue().Set(a);
}

// sendmsgFds(fd, data: ArrayBufferView, fds: number[] = []) -> bytes sent (always the whole buffer).
// The fds ride on the first sendmsg. A partial send is completed with plain sends (fds are not sent
// again); on a nonblocking socket we wait for POLLOUT to finish the message rather than leave half a
// protocol message in the stream. EAGAIN before anything was sent is thrown (nothing happened).
void SendmsgFds(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  int fd;
  if (!ToFd(iso, info[0], "fd", &fd)) return;
  if (!info[1]->IsArrayBufferView()) return ThrowTypeError(iso, "The \"data\" argument must be a Buffer or TypedArray");
  Local<v8::ArrayBufferView> view = info[1].As<v8::ArrayBufferView>();
  std::vector<uint8_t> data(view->ByteLength());
  view->CopyContents(data.data(), data.size());
  std::vector<int> fds;
  if (!info[2]->IsUndefined()) {
    if (!info[2]->IsArray()) return ThrowTypeError(iso, "The \"fds\" argument must be an array of fds");
    Local<Array> arr = info[2].As<Array>();
    if (arr->Length() > kMaxFds) return ThrowRangeError(iso, "at most 253 fds per message (SCM_MAX_FD)");
    fds.resize(arr->Length());
    for (uint32_t i = 0; i < arr->Length(); i++) {
      Local<Value> v;
      if (!arr->Get(ctx, i).ToLocal(&v) || !ToFd(iso, v, "fds[i]", &fds[i])) return;
    }
  }
  if (data.empty() && !fds.empty()) return ThrowRangeError(iso, "sending fds needs at least one data byte");

  size_t sent = 0;
  bool fds_sent = fds.empty();
  std::vector<char> cbuf(CMSG_SPACE(sizeof(int) * (fds.empty() ? 1 : fds.size())));
  while (sent < data.size() || !fds_sent) {
    struct iovec iov = {data.data() + sent, data.size() - sent};
    struct msghdr msg = {};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (!fds_sent) {
      memset(cbuf.data(), 0, cbuf.size());
      msg.msg_control = cbuf.data();
      msg.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
      struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
      memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
    }
    ssize_t r = sendmsg(fd, &msg, MSG_NOSIGNAL);  // EPIPE as an error, never SIGPIPE
    if (r >= 0) {
      sent += (size_t)r;
      if (r > 0) fds_sent = true;
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN && sent > 0) {
      int w = WaitFor(fd, POLLOUT, -1);
      if (w < 0) return ThrowErrno(iso, -w, "sendmsgFds", "poll");
      continue;
    }
    return ThrowErrno(iso, errno, "sendmsgFds", "sendmsg",
                      "fd " + std::to_string(fd) + ", " + std::to_string(sent) + " of " + std::to_string(data.size()) +
                          " bytes sent");
  }
  info.GetReturnValue().Set((double)sent);
}

// recvmsgFds(fd, maxBytes, maxFds = 8, timeoutMs = -1)
//   -> { data: Buffer, fds: number[], eof: boolean, timedOut: boolean, fdsTruncated: boolean }
// One recvmsg (stream semantics: may return fewer bytes than a protocol message; callers loop).
// Received fds are close-on-exec. fdsTruncated: the peer sent more fds than maxFds; the kernel closed
// the extras, which a protocol layer should treat as an error.
void RecvmsgFds(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  int fd;
  int64_t max_bytes, max_fds = 8, timeout = -1;
  if (!ToFd(iso, info[0], "fd", &fd) || !ToInt(iso, info[1], "maxBytes", 1, 1 << 30, &max_bytes)) return;
  if (!info[2]->IsUndefined() && !ToInt(iso, info[2], "maxFds", 0, kMaxFds, &max_fds)) return;
  if (!info[3]->IsUndefined() && !ToInt(iso, info[3], "timeoutMs", -1, INT32_MAX, &timeout)) return;

  Local<Object> out = Object::New(iso);
  auto finish = [&](size_t n, const std::vector<uint8_t>& buf, const std::vector<int>& got, bool eof, bool to,
                    bool trunc) {
    Local<Array> fa = Array::New(iso, (int)got.size());
    for (size_t i = 0; i < got.size(); i++) fa->Set(ctx, (uint32_t)i, v8::Number::New(iso, got[i])).Check();
    Set(ctx, out, "data", node::Buffer::Copy(iso, (const char*)buf.data(), n).ToLocalChecked());
    Set(ctx, out, "fds", fa);
    Set(ctx, out, "eof", v8::Boolean::New(iso, eof));
    Set(ctx, out, "timedOut", v8::Boolean::New(iso, to));
    Set(ctx, out, "fdsTruncated", v8::Boolean::New(iso, trunc));
    info.GetReturnValue().Set(out);
  };
  std::vector<uint8_t> buf((size_t)max_bytes);
  std::vector<int> got;
  int w = WaitFor(fd, POLLIN, timeout);
  if (w < 0) return ThrowErrno(iso, -w, "recvmsgFds", "poll");
  if (w == 0) return finish(0, buf, got, false, true, false);

  std::vector<char> cbuf(CMSG_SPACE(sizeof(int) * (max_fds ? max_fds : 1)));
  for (;;) {
    struct iovec iov = {buf.data(), buf.size()};
    struct msghdr msg = {};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = max_fds ? cbuf.data() : nullptr;
    msg.msg_controllen = max_fds ? cbuf.size() : 0;
    ssize_t r = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    if (r < 0 && errno == EINTR) continue;
    // Readable but nothing there (another reader raced us): treat as a timeout rather than block.
    if (r < 0 && errno == EAGAIN) return finish(0, buf, got, false, true, false);
    if (r < 0) return ThrowErrno(iso, errno, "recvmsgFds", "recvmsg", "fd " + std::to_string(fd));
    for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      const int* p = reinterpret_cast<const int*>(CMSG_DATA(c));
      for (size_t i = 0; i < n; i++) {
        int x;
        memcpy(&x, p + i, sizeof x);
        got.push_back(x);
      }
    }
    // CMSG_SPACE rounds up, so the kernel may deliver one fd more than asked for: close extras so the
    // caller's limit holds and nothing leaks.
    bool trunc = (msg.msg_flags & MSG_CTRUNC) != 0;
    while ((int64_t)got.size() > max_fds) {
      close(got.back());
      got.pop_back();
      trunc = true;
    }
    return finish((size_t)r, buf, got, r == 0, false, trunc);
  }
}

}  // namespace

void InitUnix(Local<Context> ctx, Local<Object> exports) {
  SetMethod(ctx, exports, "unixConnect", UnixConnect);
  SetMethod(ctx, exports, "unixListen", UnixListen);
  SetMethod(ctx, exports, "unixAccept", UnixAccept);
  SetMethod(ctx, exports, "socketpair", SocketPair);
  SetMethod(ctx, exports, "sendmsgFds", SendmsgFds);
  SetMethod(ctx, exports, "recvmsgFds", RecvmsgFds);
}

}  // namespace rs
