// JS class LisafsPool over a real lisafs channel pool (lisafs_pool.c): new LisafsPool({ channels,
// windowBytes, spin }), call / callInto (synchronous: the JS thread blocks for the round trip, as a
// flipcall caller does), stats, killChannel, hangup, waitDestroyed, close, and the layout constants.
// callAsync is in lisafs_async_call.cc, the call's JS shape and errors in lisafs_call_js.cc, the stats
// object in lisafs_stats_js.cc, benchLisafsC in bind_lisafs_bench.cc.
#include <node_buffer.h>

#include <errno.h>
#include <string.h>

#include <string>

#include "bindings.h"
#include "lisafs_async_call.h"
#include "lisafs_call_js.h"
#include "lisafs_pool_handle.h"
#include "lisafs_stats_js.h"

namespace rs {

using v8::FunctionTemplate;

namespace {

struct JsSink {
  Isolate* iso;
  Local<Object> buf;
};

int BufferSink(void* ctx, const uint8_t* d, uint32_t len) {  // on the JS thread: allocate the answer directly
  JsSink* s = static_cast<JsSink*>(ctx);
  return node::Buffer::Copy(s->iso, (const char*)d, len).ToLocal(&s->buf) ? 0 : -ENOMEM;
}

struct ViewSink {
  uint8_t* data;
  size_t cap;
  uint32_t len;
};

int ViewCopySink(void* ctx, const uint8_t* d, uint32_t len) {
  ViewSink* s = static_cast<ViewSink*>(ctx);
  if (len > s->cap) return -EMSGSIZE;
  memcpy(s->data, d, len);
  s->len = len;
  return 0;
}

// call(mid, payload?) -> { data: Buffer, route }: route = channel index, or -1 for the socket.
void Call(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = OpenPool(info);
  unsigned mid;
  const uint8_t* data;
  uint32_t len;
  if (!p || !ReadLisafsCall(info, &mid, &data, &len)) return;
  Isolate* iso = info.GetIsolate();
  JsSink sink{iso, Local<Object>()};
  int route;
  int r = lisafs_pool_call(p->pool(), (uint16_t)mid, data, len, BufferSink, &sink, &route);
  if (r) return (void)iso->ThrowException(LisafsCallError(iso, p->pool(), -r, mid, len, route));
  info.GetReturnValue().Set(LisafsCallResult(iso, sink.buf, route));
}

// callInto(mid, payload | null, out) -> response length; the lean path for the JS-client benchmark.
void CallInto(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = OpenPool(info);
  unsigned mid;
  const uint8_t* data;
  uint32_t len;
  if (!p || !ReadLisafsCall(info, &mid, &data, &len)) return;
  Isolate* iso = info.GetIsolate();
  if (!info[2]->IsArrayBufferView()) return ThrowTypeError(iso, "The \"out\" argument must be an ArrayBufferView");
  ViewSink sink{(uint8_t*)node::Buffer::Data(info[2]), node::Buffer::Length(info[2]), 0};
  int route;
  int r = lisafs_pool_call(p->pool(), (uint16_t)mid, data, len, ViewCopySink, &sink, &route);
  if (r) return (void)iso->ThrowException(LisafsCallError(iso, p->pool(), -r, mid, len, route));
  info.GetReturnValue().Set(sink.len);
}

void Stats(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = OpenPool(info);
  if (!p) return;
  struct lisafs_pool_stats s;
  lisafs_pool_stats(p->pool(), &s);
  info.GetReturnValue().Set(LisafsStatsObject(info.GetIsolate(), s));
}

void KillChannel(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = OpenPool(info);
  int64_t idx;
  if (!p || !ToInt(info.GetIsolate(), info[0], "channel", 0, LISAFS_MAX_CHANNELS, &idx)) return;
  int r = lisafs_pool_kill_channel(p->pool(), (unsigned)idx);
  if (r) ThrowErrno(info.GetIsolate(), -r, "LisafsPool.killChannel", "kill");
}

void Hangup(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = OpenPool(info);
  if (!p) return;
  int r = lisafs_pool_hangup(p->pool());
  if (r) ThrowErrno(info.GetIsolate(), -r, "LisafsPool.hangup", "shutdown");
}

// waitDestroyed(timeoutMs = -1) -> whether the watchdog has destroyed everything. Blocks the JS thread.
void WaitDestroyed(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = OpenPool(info);
  int64_t ms = -1;
  if (!p || (!info[0]->IsUndefined() && !ToInt(info.GetIsolate(), info[0], "timeoutMs", -1, INT32_MAX, &ms))) return;
  info.GetReturnValue().Set(lisafs_pool_wait_destroyed(p->pool(), (int)ms));
}

// close(): final stats the first time, null afterwards.
void ClosePool(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = Wrapped::Unwrap<LisafsPoolHandle>(info);
  if (!p) return ThrowTypeError(info.GetIsolate(), "Illegal invocation");
  if (!p->pool()) return info.GetReturnValue().SetNull();
  lisafs_pool_close(p->pool());
  struct lisafs_pool_stats s;
  lisafs_pool_stats(p->pool(), &s);
  p->Close();
  info.GetReturnValue().Set(LisafsStatsObject(info.GetIsolate(), s));
}

void New(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  if (!info.IsConstructCall()) return ThrowTypeError(iso, "LisafsPool must be called with new");
  Local<Object> o = info[0]->IsObject() ? info[0].As<Object>() : Object::New(iso);
  int64_t ch, win, spin;
  if (!OptInt(iso, ctx, o, "channels", 0, LISAFS_MAX_CHANNELS, 2, &ch) ||
      !OptInt(iso, ctx, o, "windowBytes", LISAFS_PAGE, (int64_t)1 << 30, 2 * 1024 * 1024, &win) ||
      !OptInt(iso, ctx, o, "spin", 0, 1 << 24, 0, &spin))
    return;
  if (win % LISAFS_PAGE) return ThrowRangeError(iso, "windowBytes must be a multiple of 4096");
  struct lisafs_pool_config cfg = {(unsigned)ch, (uint64_t)win, (unsigned)spin};
  struct lisafs_pool* pool;
  const char* stage = "";
  int r = lisafs_pool_create(&cfg, &pool, &stage);
  if (r) return ThrowErrno(iso, -r, "LisafsPool", stage);
  LisafsPoolHandle* p = new LisafsPoolHandle(pool);
  p->HookCleanup(iso);
  p->Attach(iso, info.This());
}

}  // namespace

void InitLisafs(Local<Context> ctx, Local<Object> exports) {
  Isolate* iso = ctx->GetIsolate();
  Local<FunctionTemplate> t = FunctionTemplate::New(iso, New);
  t->SetClassName(Str(iso, "LisafsPool"));
  t->InstanceTemplate()->SetInternalFieldCount(1);
  t->PrototypeTemplate()->Set(iso, "call", FunctionTemplate::New(iso, Call));
  t->PrototypeTemplate()->Set(iso, "callInto", FunctionTemplate::New(iso, CallInto));
  t->PrototypeTemplate()->Set(iso, "callAsync", FunctionTemplate::New(iso, LisafsCallAsync));
  t->PrototypeTemplate()->Set(iso, "stats", FunctionTemplate::New(iso, Stats));
  t->PrototypeTemplate()->Set(iso, "killChannel", FunctionTemplate::New(iso, KillChannel));
  t->PrototypeTemplate()->Set(iso, "hangup", FunctionTemplate::New(iso, Hangup));
  t->PrototypeTemplate()->Set(iso, "waitDestroyed", FunctionTemplate::New(iso, WaitDestroyed));
  t->PrototypeTemplate()->Set(iso, "close", FunctionTemplate::New(iso, ClosePool));
  Set(ctx, exports, "LisafsPool", t->GetFunction(ctx).ToLocalChecked());
  InitLisafsBench(ctx, exports);  // here, so the exports keep their order
  // The layout constants, so tests can hold them against the model's (src/model/lisafs/constants.ts).
  Local<Object> k = Object::New(iso);
  SetNum(ctx, k, "pageSize", LISAFS_PAGE);
  SetNum(ctx, k, "flipcallHeaderBytes", LISAFS_FLIPCALL_HDR);
  SetNum(ctx, k, "channelHeaderBytes", LISAFS_CHAN_HDR);
  SetNum(ctx, k, "serverMaxMessageSize", LISAFS_SERVER_MAX_MESSAGE);
  SetNum(ctx, k, "maxWantedFds", LISAFS_MAX_FDS);
  SetNum(ctx, k, "maxChannels", LISAFS_MAX_CHANNELS);
  Local<Object> words = Object::New(iso);
  SetNum(ctx, words, "client-active", LISAFS_CLIENT_ACTIVE);
  SetNum(ctx, words, "server-active", LISAFS_SERVER_ACTIVE);
  SetNum(ctx, words, "shutdown", LISAFS_SHUTDOWN);
  Set(ctx, k, "handoff", words);
  Local<Object> mids = Object::New(iso);
  for (unsigned m = 0; m <= LISAFS_MID_CONNECT; m++)
    if (m <= LISAFS_MID_PREAD || m == LISAFS_MID_CONNECT) SetNum(ctx, mids, LisafsMidName(m), m);
  Set(ctx, k, "mid", mids);
  Set(ctx, exports, "lisafsConstants", k);
}

}  // namespace rs
