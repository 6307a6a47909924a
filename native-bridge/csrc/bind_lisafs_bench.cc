// benchLisafsC: the C-client round-trip benchmark over a real lisafs pool (lisafs_bench.c), the floor
// the TypeScript client is measured against. Blocks the JS thread while it runs.
#include "bindings.h"
#include "lisafs_bench.h"

namespace rs {

namespace {

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

void InitLisafsBench(Local<Context> ctx, Local<Object> exports) {
  SetMethod(ctx, exports, "benchLisafsC", BenchLisafsC);
}

}  // namespace rs
