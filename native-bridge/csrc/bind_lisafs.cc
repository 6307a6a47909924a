// JS handle for a real lisafs channel pool (lisafs_pool.c): new LisafsPool({ channels, windowBytes, spin }),
// call / callInto (synchronous: the JS thread blocks for the round trip, as a flipcall caller does),
// callAsync (the round trip on a libuv worker, so several callers can contend for the pool), stats,
// killChannel, hangup, waitDestroyed, close. Plus benchLisafsC, the C-client round-trip benchmark.
#include <node_buffer.h>
#include <uv.h>

#include <errno.h>

#include <string>
#include <vector>

#include "bindings.h"
#include "lisafs_bench.h"
#include "lisafs_pool.h"

namespace rs {

using v8::FunctionTemplate;
using v8::Promise;

namespace {

const char* MidName(unsigned mid) {
  static const char* names[] = {"Error", "Mount", "Channel", "FStat", "SetStat", "Walk", "WalkStat",
                                "OpenAt", "OpenCreateAt", "Close", "FSync", "PWrite", "PRead"};
  if (mid < sizeof names / sizeof *names) return names[mid];
  return mid == 21 ? "Connect" : "MID";
}

class Pool : public Wrapped, public TeardownHook<Pool> {
 public:
  explicit Pool(struct lisafs_pool* p) : p_(p) {}
  ~Pool() override { Close(); }
  // Joins every thread; the memory goes with the last reference (async calls hold one). Environment
  // teardown closes it too: no gofer thread outlives the isolate.
  void Close() {
    if (!p_) return;
    lisafs_pool_close(p_);
    lisafs_pool_unref(p_);
    p_ = nullptr;
    Unhook();
  }
  using TeardownHook<Pool>::HookCleanup;
  struct lisafs_pool* pool() { return p_; }

 private:
  struct lisafs_pool* p_;
};

Pool* Self(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Wrapped::Unwrap<Pool>(info);
  if (!p) ThrowTypeError(info.GetIsolate(), "Illegal invocation");
  else if (!p->pool()) ThrowCodeError(info.GetIsolate(), "ERR_LISAFS_CLOSED", "LisafsPool is closed");
  else return p;
  return nullptr;
}

// Why a call failed, in the words of the model (src/model/lisafs): which check or which path.
std::string Explain(struct lisafs_pool* p, int err, unsigned mid, uint32_t len, int route) {
  std::string where = route >= 0 ? "channel " + std::to_string(route) : route == -1 ? "the socket" : "the client";
  if (route == -2 && err == EINVAL) return "MID 2 (Channel) is reserved for the pool's own channel setup";
  if (route == -2 && err == EOPNOTSUPP)
    return "the gofer did not list MID " + std::to_string(mid) + " in its Mount response";
  struct lisafs_pool_stats s;
  lisafs_pool_stats(p, &s);
  if (route == -2 && err == EIO)
    return "payload of " + std::to_string(len) + " bytes exceeds maxMessageSize " + std::to_string(s.max_message);
  if (err == ECONNRESET) {
    if (s.phase == LISAFS_OPEN) return "over " + where + ": the socket failed";
    return std::string("the pool is shut down (") +
           (s.reason == LISAFS_REASON_HANGUP ? "the gofer hung up the socket; the watchdog tore everything down"
                                              : "closed") + ")";
  }
  if (err == EIO && route >= 0 && s.phase != LISAFS_OPEN)
    return "the watchdog shut channel " + std::to_string(route) + " down under the call (" +
           (s.reason == LISAFS_REASON_HANGUP ? "the gofer hung up" : "the pool is closing") + ")";
  if (err == EIO && route >= 0)
    return "channel " + std::to_string(route) + " died under the call (it will never be re-pooled)";
  return "over " + where + ": the gofer answered Error";
}

Local<Value> CallError(Isolate* iso, struct lisafs_pool* p, int err, unsigned mid, uint32_t len, int route) {
  std::string what = std::string(MidName(mid)) + " (" + std::to_string(mid) + ")";
  Local<Value> e = ErrnoError(iso, err, "LisafsPool.call", what.c_str(), Explain(p, err, mid, len, route));
  Set(iso->GetCurrentContext(), e.As<Object>(), "route", v8::Integer::New(iso, route));
  return e;
}

bool ReadCall(const FunctionCallbackInfo<Value>& info, unsigned* mid, const uint8_t** data, uint32_t* len) {
  Isolate* iso = info.GetIsolate();
  int64_t m;
  if (!ToInt(iso, info[0], "mid", 0, 65535, &m)) return false;
  *mid = (unsigned)m;
  *data = nullptr;
  *len = 0;
  if (info[1]->IsUndefined() || info[1]->IsNull()) return true;
  if (!info[1]->IsArrayBufferView()) {
    ThrowTypeError(iso, "The \"payload\" argument must be an ArrayBufferView");
    return false;
  }
  size_t n = node::Buffer::Length(info[1]);
  if (n > UINT32_MAX) {
    ThrowRangeError(iso, "payload too large");
    return false;
  }
  *data = (const uint8_t*)node::Buffer::Data(info[1]);
  *len = (uint32_t)n;
  return true;
}

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

Local<Object> Result(Isolate* iso, Local<Object> data, int route) {
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Object> o = Object::New(iso);
  Set(ctx, o, "data", data);
  Set(ctx, o, "route", v8::Integer::New(iso, route));
  return o;
}

// call(mid, payload?) -> { data: Buffer, route }: route = channel index, or -1 for the socket.
void Call(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Self(info);
  unsigned mid;
  const uint8_t* data;
  uint32_t len;
  if (!p || !ReadCall(info, &mid, &data, &len)) return;
  Isolate* iso = info.GetIsolate();
  JsSink sink{iso, Local<Object>()};
  int route;
  int r = lisafs_pool_call(p->pool(), (uint16_t)mid, data, len, BufferSink, &sink, &route);
  if (r) return (void)iso->ThrowException(CallError(iso, p->pool(), -r, mid, len, route));
  info.GetReturnValue().Set(Result(iso, sink.buf, route));
}

// callInto(mid, payload | null, out) -> response length; the lean path for the JS-client benchmark.
void CallInto(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Self(info);
  unsigned mid;
  const uint8_t* data;
  uint32_t len;
  if (!p || !ReadCall(info, &mid, &data, &len)) return;
  Isolate* iso = info.GetIsolate();
  if (!info[2]->IsArrayBufferView()) return ThrowTypeError(iso, "The \"out\" argument must be an ArrayBufferView");
  ViewSink sink{(uint8_t*)node::Buffer::Data(info[2]), node::Buffer::Length(info[2]), 0};
  int route;
  int r = lisafs_pool_call(p->pool(), (uint16_t)mid, data, len, ViewCopySink, &sink, &route);
  if (r) return (void)iso->ThrowException(CallError(iso, p->pool(), -r, mid, len, route));
  info.GetReturnValue().Set(sink.len);
}

// The round trip of callAsync runs on a libuv worker; the promise settles back on the JS thread.
struct AsyncCall : node::AsyncResource {
  AsyncCall(Isolate* iso, Local<Object> res) : node::AsyncResource(iso, res, "RingsideLisafsCall") {}
  uv_work_t req;
  struct lisafs_pool* pool;  // one reference, dropped in Done
  unsigned mid;
  std::vector<uint8_t> payload, resp;
  int r = 0, route = -2;
  v8::Global<Promise::Resolver> resolver;

  static int Sink(void* ctx, const uint8_t* d, uint32_t len) {
    static_cast<AsyncCall*>(ctx)->resp.assign(d, d + len);
    return 0;
  }
  static void Work(uv_work_t* w) {
    AsyncCall* c = static_cast<AsyncCall*>(w->data);
    c->r = lisafs_pool_call(c->pool, (uint16_t)c->mid, c->payload.data(), (uint32_t)c->payload.size(), Sink, c,
                            &c->route);
  }
  static void Done(uv_work_t* w, int status) {
    AsyncCall* c = static_cast<AsyncCall*>(w->data);
    Isolate* iso = v8::Isolate::GetCurrent();
    {
      v8::HandleScope hs(iso);
      Local<Promise::Resolver> res = c->resolver.Get(iso);
      Local<Context> ctx = res->GetCreationContextChecked();
      Context::Scope cs(ctx);
      node::AsyncResource::CallbackScope cb(c);  // runs microtasks when it closes, like any Node callback
      if (status == UV_ECANCELED) {
        res->Reject(ctx, ErrnoError(iso, ECANCELED, "LisafsPool.callAsync", "queue")).Check();
      } else if (c->r) {
        res->Reject(ctx, CallError(iso, c->pool, -c->r, c->mid, (uint32_t)c->payload.size(), c->route)).Check();
      } else {
        Local<Object> buf = node::Buffer::Copy(iso, (const char*)c->resp.data(), c->resp.size()).ToLocalChecked();
        res->Resolve(ctx, Result(iso, buf, c->route)).Check();
      }
    }
    lisafs_pool_unref(c->pool);
    delete c;
  }
};

// callAsync(mid, payload?) -> Promise<{ data, route }>. Concurrency is bounded by libuv's worker pool.
void CallAsync(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Self(info);
  unsigned mid;
  const uint8_t* data;
  uint32_t len;
  if (!p || !ReadCall(info, &mid, &data, &len)) return;
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Promise::Resolver> res;
  if (!Promise::Resolver::New(ctx).ToLocal(&res)) return;
  AsyncCall* c = new AsyncCall(iso, info.This());
  c->req.data = c;
  c->pool = p->pool();
  lisafs_pool_ref(c->pool);
  c->mid = mid;
  c->payload.assign(data, data + len);
  c->resolver.Reset(iso, res);
  int r = uv_queue_work(node::GetCurrentEventLoop(iso), &c->req, AsyncCall::Work, AsyncCall::Done);
  if (r) {
    lisafs_pool_unref(c->pool);
    delete c;
    return ThrowCodeError(iso, "ERR_LISAFS_QUEUE", std::string("uv_queue_work failed: ") + uv_strerror(r));
  }
  info.GetReturnValue().Set(res->GetPromise());
}

const char* StatusName(uint8_t s) {
  return s == LISAFS_CH_AVAILABLE ? "available" : s == LISAFS_CH_ACTIVE ? "active" : "dead";
}
const char* DeathName(uint8_t d) {
  return d == LISAFS_DEATH_TRANSPORT ? "transport-error" : d == LISAFS_DEATH_SHUTDOWN ? "shutdown" : "pool-closed";
}
const char* WordName(uint32_t w) {
  return w == LISAFS_CLIENT_ACTIVE ? "client-active" : w == LISAFS_SERVER_ACTIVE ? "server-active" : "shutdown";
}
const char* PhaseName(uint8_t p) {
  return p == LISAFS_OPEN ? "open" : p == LISAFS_SHUTTING_DOWN ? "shutting-down" : "destroyed";
}
const char* ReasonName(uint8_t r) {
  return r == LISAFS_REASON_HANGUP ? "hangup" : r == LISAFS_REASON_CLOSED ? "closed" : "poll-error";
}

Local<Object> StatsObject(Isolate* iso, const struct lisafs_pool_stats& s) {
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Object> o = Object::New(iso);
  Local<v8::Array> chans = v8::Array::New(iso, (int)s.channels);
  for (unsigned i = 0; i < s.channels; i++) {
    const struct lisafs_chan_stats& c = s.ch[i];
    Local<Object> co = Object::New(iso);
    SetNum(ctx, co, "id", i);
    Set(ctx, co, "status", Str(iso, StatusName(c.status)));
    if (c.status == LISAFS_CH_DEAD)
      Set(ctx, co, "deathReason", Str(iso, DeathName(c.death)));
    else
      Set(ctx, co, "deathReason", v8::Null(iso));
    Set(ctx, co, "word", Str(iso, WordName(c.word)));
    SetNum(ctx, co, "uses", (double)c.uses);
    Set(ctx, co, "mapped", v8::Boolean::New(iso, c.mapped));
    Local<Object> w = Object::New(iso);  // the packet header as last written, like the model's PacketWindow
    SetNum(ctx, w, "bytes", (double)s.window_bytes);
    SetNum(ctx, w, "dataLen", c.data_len);
    SetNum(ctx, w, "mid", c.mid);
    SetNum(ctx, w, "numFDs", c.num_fds);
    Set(ctx, co, "window", w);
    chans->Set(ctx, i, co).Check();
  }
  Set(ctx, o, "channels", chans);
  if (s.stack_nil) {
    Set(ctx, o, "stack", v8::Null(iso));
  } else {
    Local<v8::Array> st = v8::Array::New(iso, (int)s.stack_len);
    for (unsigned i = 0; i < s.stack_len; i++) st->Set(ctx, i, v8::Integer::New(iso, s.stack[i])).Check();
    Set(ctx, o, "stack", st);
  }
  SetNum(ctx, o, "active", s.active);
  SetNum(ctx, o, "socketUsers", s.socket_users);
  SetNum(ctx, o, "calls", (double)s.calls);
  SetNum(ctx, o, "errors", (double)s.errors);
  SetNum(ctx, o, "socketUses", (double)s.socket_uses);
  SetNum(ctx, o, "fdsDonated", (double)s.fds_donated);
  SetNum(ctx, o, "lastRoute", s.last_route);
  Set(ctx, o, "phase", Str(iso, PhaseName(s.phase)));
  if (s.phase == LISAFS_OPEN)
    Set(ctx, o, "reason", v8::Null(iso));
  else
    Set(ctx, o, "reason", Str(iso, ReasonName(s.reason)));
  SetNum(ctx, o, "maxMessageSize", s.max_message);
  SetNum(ctx, o, "windowBytes", (double)s.window_bytes);
  Local<v8::Array> mids = v8::Array::New(iso);
  for (unsigned m = 0, k = 0; m < LISAFS_MID_LIMIT; m++)
    if (s.supported & (1ull << m)) mids->Set(ctx, k++, v8::Integer::New(iso, m)).Check();
  Set(ctx, o, "supportedMids", mids);
  return o;
}

void Stats(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Self(info);
  if (!p) return;
  struct lisafs_pool_stats s;
  lisafs_pool_stats(p->pool(), &s);
  info.GetReturnValue().Set(StatsObject(info.GetIsolate(), s));
}

void KillChannel(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Self(info);
  int64_t idx;
  if (!p || !ToInt(info.GetIsolate(), info[0], "channel", 0, LISAFS_MAX_CHANNELS, &idx)) return;
  int r = lisafs_pool_kill_channel(p->pool(), (unsigned)idx);
  if (r) ThrowErrno(info.GetIsolate(), -r, "LisafsPool.killChannel", "kill");
}

void Hangup(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Self(info);
  if (!p) return;
  int r = lisafs_pool_hangup(p->pool());
  if (r) ThrowErrno(info.GetIsolate(), -r, "LisafsPool.hangup", "shutdown");
}

// waitDestroyed(timeoutMs = -1) -> whether the watchdog has destroyed everything. Blocks the JS thread.
void WaitDestroyed(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Self(info);
  int64_t ms = -1;
  if (!p || (!info[0]->IsUndefined() && !ToInt(info.GetIsolate(), info[0], "timeoutMs", -1, INT32_MAX, &ms))) return;
  info.GetReturnValue().Set(lisafs_pool_wait_destroyed(p->pool(), (int)ms));
}

// close(): final stats the first time, null afterwards.
void ClosePool(const FunctionCallbackInfo<Value>& info) {
  Pool* p = Wrapped::Unwrap<Pool>(info);
  if (!p) return ThrowTypeError(info.GetIsolate(), "Illegal invocation");
  if (!p->pool()) return info.GetReturnValue().SetNull();
  lisafs_pool_close(p->pool());
  struct lisafs_pool_stats s;
  lisafs_pool_stats(p->pool(), &s);
  p->Close();
  info.GetReturnValue().Set(StatsObject(info.GetIsolate(), s));
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
  Pool* p = new Pool(pool);
  p->HookCleanup(iso);
  p->Attach(iso, info.This());
}

// benchLisafsC({ channels: 1 | 0, spin = 0, readBytes = 0, iterations = 100000, repeats = 5 })
void BenchLisafsC(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Object> o = info[0]->IsObject() ? info[0].As<Object>() : Object::New(iso);
  int64_t ch, spin, rb, iters, reps;
  if (!OptInt(iso, ctx, o, "channels", 0, 1, 1, &ch) || !OptInt(iso, ctx, o, "spin", 0, 1 << 24, 0, &spin) ||
      !OptInt(iso, ctx, o, "readBytes", 0, 1 << 20, 0, &rb) ||
      !OptInt(iso, ctx, o, "iterations", 1, (int64_t)1 << 40, 100000, &iters) ||
      !OptInt(iso, ctx, o, "repeats", 1, LISAFS_BENCH_MAX_REPEATS, 5, &reps))
    return;
  struct lisafs_bench_result r;
  const char* stage = "";
  int rc = lisafs_bench_rtt((unsigned)ch, (unsigned)spin, (uint32_t)rb, (uint64_t)iters, (unsigned)reps, &r, &stage);
  if (rc < 0) return ThrowErrno(iso, -rc, "benchLisafsC", stage);
  Local<Object> out = Object::New(iso);
  SetNum(ctx, out, "nsPerRoundTrip", r.median_ns);
  SetNum(ctx, out, "iterations", (double)r.iterations);
  SetNum(ctx, out, "channelCalls", (double)r.channel_calls);
  SetNum(ctx, out, "socketCalls", (double)r.socket_calls);
  Local<v8::Array> a = v8::Array::New(iso, (int)r.repeats);
  for (unsigned i = 0; i < r.repeats; i++) a->Set(ctx, i, v8::Number::New(iso, r.samples[i])).Check();
  Set(ctx, out, "samples", a);
  info.GetReturnValue().Set(out);
}

}  // namespace

void InitLisafs(Local<Context> ctx, Local<Object> exports) {
  Isolate* iso = ctx->GetIsolate();
  Local<FunctionTemplate> t = FunctionTemplate::New(iso, New);
  t->SetClassName(Str(iso, "LisafsPool"));
  t->InstanceTemplate()->SetInternalFieldCount(1);
  t->PrototypeTemplate()->Set(iso, "call", FunctionTemplate::New(iso, Call));
  t->PrototypeTemplate()->Set(iso, "callInto", FunctionTemplate::New(iso, CallInto));
  t->PrototypeTemplate()->Set(iso, "callAsync", FunctionTemplate::New(iso, CallAsync));
  t->PrototypeTemplate()->Set(iso, "stats", FunctionTemplate::New(iso, Stats));
  t->PrototypeTemplate()->Set(iso, "killChannel", FunctionTemplate::New(iso, KillChannel));
  t->PrototypeTemplate()->Set(iso, "hangup", FunctionTemplate::New(iso, Hangup));
  t->PrototypeTemplate()->Set(iso, "waitDestroyed", FunctionTemplate::New(iso, WaitDestroyed));
  t->PrototypeTemplate()->Set(iso, "close", FunctionTemplate::New(iso, ClosePool));
  Set(ctx, exports, "LisafsPool", t->GetFunction(ctx).ToLocalChecked());
  SetMethod(ctx, exports, "benchLisafsC", BenchLisafsC);
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
    if (m <= LISAFS_MID_PREAD || m == LISAFS_MID_CONNECT) SetNum(ctx, mids, MidName(m), m);
  Set(ctx, k, "mid", mids);
  Set(ctx, exports, "lisafsConstants", k);
}

}  // namespace rs
