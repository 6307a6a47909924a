// JS handle for the native virtio device (vdev.c): new NativeDevice(config), stats(), error(), stop(),
// close(). The device thread never calls into JS; the driver learns about completions through the call
// eventfd and about a broken queue through the optional config eventfd, stats() or error().
#include <errno.h>

#include <string>

#include "bindings.h"
#include "vdev.h"

namespace rs {

using v8::FunctionTemplate;

namespace {

class Device : public Wrapped, public TeardownHook<Device> {
 public:
  explicit Device(struct vdev* d) : d_(d) {}
  ~Device() override { Close(); }
  void Stop() {
    if (d_) vdev_stop(d_);
  }
  // Environment teardown closes it too: never leave a thread running on freed memory.
  void Close() {
    if (!d_) return;
    vdev_destroy(d_);  // joins first
    d_ = nullptr;
    Unhook();
  }
  using TeardownHook<Device>::HookCleanup;
  struct vdev* dev() { return d_; }

 private:
  struct vdev* d_;
};

Local<Object> StatsObject(Local<Context> ctx, const struct vdev_stats& s) {
  Local<Object> o = Object::New(ctx->GetIsolate());
  SetNum(ctx, o, "kickWakeups", (double)s.kick_wakeups);
  SetNum(ctx, o, "kickSum", (double)s.kick_sum);
  SetNum(ctx, o, "chains", (double)s.chains);
  SetNum(ctx, o, "bytesRead", (double)s.bytes_read);
  SetNum(ctx, o, "bytesWritten", (double)s.bytes_written);
  SetNum(ctx, o, "interruptsSignalled", (double)s.irq_signalled);
  SetNum(ctx, o, "interruptsSuppressed", (double)s.irq_suppressed);
  SetNum(ctx, o, "passes", (double)s.passes);
  SetNum(ctx, o, "lastAvail", s.last_avail);
  SetNum(ctx, o, "usedIdx", s.used_idx);
  Set(ctx, o, "broken", v8::Boolean::New(ctx->GetIsolate(), s.broken));
  Set(ctx, o, "running", v8::Boolean::New(ctx->GetIsolate(), s.running));
  return o;
}

Local<Value> ErrorObject(Local<Context> ctx, struct vdev* d) {
  Isolate* iso = ctx->GetIsolate();
  struct vq_error e;
  if (!vdev_get_error(d, &e)) return v8::Null(iso);
  Local<Object> o = Object::New(iso);
  Set(ctx, o, "code", Str(iso, vq_err_name(e.code)));
  Set(ctx, o, "message", Str(iso, e.message));
  Set(ctx, o, "detail", Str(iso, e.detail));
  return o;
}

bool ReadConfig(Isolate* iso, Local<Context> ctx, Local<Object> o, struct vdev_config* c, std::string* serial) {
  int64_t v[8];
  const int64_t kMaxAddr = ((int64_t)1 << 53) - 1;
  // Required fields (undefined default -1 is rejected by the ranges below).
  if (!OptInt(iso, ctx, o, "memFd", 0, INT32_MAX, -1, &v[0]) || !OptInt(iso, ctx, o, "memSize", 1, kMaxAddr, -1, &v[1]) ||
      !OptInt(iso, ctx, o, "queueSize", 1, 32768, -1, &v[2]) ||
      !OptInt(iso, ctx, o, "descAddr", 0, kMaxAddr, -1, &v[3]) ||
      !OptInt(iso, ctx, o, "availAddr", 0, kMaxAddr, -1, &v[4]) ||
      !OptInt(iso, ctx, o, "usedAddr", 0, kMaxAddr, -1, &v[5]) || !OptInt(iso, ctx, o, "kickFd", 0, INT32_MAX, -1, &v[6]) ||
      !OptInt(iso, ctx, o, "callFd", 0, INT32_MAX, -1, &v[7]))
    return false;
  for (int i = 0; i < 8; i++)
    if (v[i] < 0) {
      static const char* names[] = {"memFd", "memSize", "queueSize", "descAddr", "availAddr", "usedAddr", "kickFd", "callFd"};
      ThrowTypeError(iso, std::string("NativeDevice config needs \"") + names[i] + "\"");
      return false;
    }
  int64_t config_fd, disk;
  bool event_idx, indirect;
  std::string kind;
  if (!OptInt(iso, ctx, o, "configFd", -1, INT32_MAX, -1, &config_fd) || !OptBool(iso, ctx, o, "eventIdx", false, &event_idx) ||
      !OptBool(iso, ctx, o, "indirectDesc", false, &indirect) || !OptString(iso, ctx, o, "kind", "echo", &kind) ||
      !OptInt(iso, ctx, o, "diskSize", 512, (int64_t)1 << 32, 1 << 20, &disk) ||
      !OptString(iso, ctx, o, "serial", "ringside-blk", serial))
    return false;
  if (kind != "echo" && kind != "blk") {
    ThrowTypeError(iso, "NativeDevice kind must be 'echo' or 'blk'");
    return false;
  }
  *c = vdev_config{};
  c->mem_fd = (int)v[0];
  c->mem_size = (uint64_t)v[1];
  c->queue_size = (unsigned)v[2];
  c->desc_addr = (uint64_t)v[3];
  c->avail_addr = (uint64_t)v[4];
  c->used_addr = (uint64_t)v[5];
  c->kick_fd = (int)v[6];
  c->call_fd = (int)v[7];
  c->config_fd = (int)config_fd;
  c->event_idx = event_idx;
  c->indirect_desc = indirect;
  c->kind = kind == "blk" ? VDEV_BLK : VDEV_ECHO;
  c->disk_size = (uint64_t)disk;
  c->serial = serial->c_str();
  return true;
}

void New(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  if (!info.IsConstructCall()) return ThrowTypeError(iso, "NativeDevice must be called with new");
  if (!info[0]->IsObject()) return ThrowTypeError(iso, "NativeDevice needs a config object");
  struct vdev_config cfg;
  std::string serial;
  if (!ReadConfig(iso, ctx, info[0].As<Object>(), &cfg, &serial)) return;
  struct vdev* d = nullptr;
  char err[256] = "";
  int r = vdev_create(&cfg, &d, err, sizeof err);
  if (r < 0) return ThrowErrno(iso, -r, "NativeDevice", "create", err);
  Device* dev = new Device(d);
  dev->HookCleanup(iso);
  dev->Attach(iso, info.This());
}

Device* Self(const FunctionCallbackInfo<Value>& info, bool need_open) {
  Device* d = Wrapped::Unwrap<Device>(info);
  if (!d) ThrowTypeError(info.GetIsolate(), "Illegal invocation");
  else if (need_open && !d->dev()) ThrowCodeError(info.GetIsolate(), "ERR_DEVICE_CLOSED", "NativeDevice is closed");
  else return d;
  return nullptr;
}

void Stats(const FunctionCallbackInfo<Value>& info) {
  Device* d = Self(info, true);
  if (!d) return;
  struct vdev_stats s;
  vdev_get_stats(d->dev(), &s);
  info.GetReturnValue().Set(StatsObject(info.GetIsolate()->GetCurrentContext(), s));
}

void Error(const FunctionCallbackInfo<Value>& info) {
  Device* d = Self(info, true);
  if (d) info.GetReturnValue().Set(ErrorObject(info.GetIsolate()->GetCurrentContext(), d->dev()));
}

// stop() -> { stats, error }: joins the thread (prompt even mid-batch), keeps the device inspectable.
void Stop(const FunctionCallbackInfo<Value>& info) {
  Device* d = Self(info, true);
  if (!d) return;
  Local<Context> ctx = info.GetIsolate()->GetCurrentContext();
  d->Stop();
  struct vdev_stats s;
  vdev_get_stats(d->dev(), &s);
  Local<Object> o = Object::New(info.GetIsolate());
  Set(ctx, o, "stats", StatsObject(ctx, s));
  Set(ctx, o, "error", ErrorObject(ctx, d->dev()));
  info.GetReturnValue().Set(o);
}

// close() -> { stats, error } the first time, null afterwards. Frees everything.
void Close(const FunctionCallbackInfo<Value>& info) {
  Device* d = Self(info, false);
  if (!d) return;
  if (!d->dev()) return info.GetReturnValue().SetNull();
  Stop(info);
  d->Close();
}

}  // namespace

void InitDevice(Local<Context> ctx, Local<Object> exports) {
  Isolate* iso = ctx->GetIsolate();
  Local<FunctionTemplate> t = FunctionTemplate::New(iso, New);
  t->SetClassName(Str(iso, "NativeDevice"));
  t->InstanceTemplate()->SetInternalFieldCount(1);
  t->PrototypeTemplate()->Set(iso, "stats", FunctionTemplate::New(iso, Stats));
  t->PrototypeTemplate()->Set(iso, "error", FunctionTemplate::New(iso, Error));
  t->PrototypeTemplate()->Set(iso, "stop", FunctionTemplate::New(iso, Stop));
  t->PrototypeTemplate()->Set(iso, "close", FunctionTemplate::New(iso, Close));
  Set(ctx, exports, "NativeDevice", t->GetFunction(ctx).ToLocalChecked());
}

}  // namespace rs
