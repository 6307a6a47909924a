// JS class EpollWatcher: waiting on fds without blocking the JS thread. new EpollWatcher(callback),
// add / remove / rearm / close / ref / unref / size. This file only checks arguments and maps errors;
// the native object and its thread are in epoll_watcher.cc, the blocking variant in bind_epoll_wait.cc.
#include <string>

#include "bindings.h"
#include "epoll_watcher.h"

namespace rs {

using v8::Function;
using v8::FunctionTemplate;

namespace {

EpollWatcher* Self(const FunctionCallbackInfo<Value>& info) {
  EpollWatcher* w = Wrapped::Unwrap<EpollWatcher>(info);
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
  EpollWatcher* w = new EpollWatcher(iso, info[0].As<Function>());
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
  EpollWatcher* w = Self(info);
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
  EpollWatcher* w = Self(info);
  int fd;
  if (!w || !ToFd(info.GetIsolate(), info[0], "fd", &fd)) return;
  info.GetReturnValue().Set(w->Remove(fd));
}

void Rearm(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  EpollWatcher* w = Self(info);
  int fd;
  if (!w || !ToFd(iso, info[0], "fd", &fd)) return;
  if (int r = w->Rearm(fd)) return ThrowErrno(iso, -r, "EpollWatcher.rearm", "epoll_ctl", "fd " + std::to_string(fd));
}

void Close(const FunctionCallbackInfo<Value>& info) {
  if (EpollWatcher* w = Wrapped::Unwrap<EpollWatcher>(info)) w->Close();
}

void RefM(const FunctionCallbackInfo<Value>& info) {
  if (EpollWatcher* w = Self(info)) w->Ref(true);
}

void UnrefM(const FunctionCallbackInfo<Value>& info) {
  if (EpollWatcher* w = Self(info)) w->Ref(false);
}

void Size(const FunctionCallbackInfo<Value>& info) {
  EpollWatcher* w = Wrapped::Unwrap<EpollWatcher>(info);
  info.GetReturnValue().Set((double)(w && !w->closed() ? w->size() : 0));
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
}

}  // namespace rs
