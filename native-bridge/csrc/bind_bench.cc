// C benchmark floors (bench_driver.c, bench_pingpong.c, bench_ring_loop.c) for the TypeScript
// benchmarks. Each call blocks the JS thread while it runs: call them from a benchmark script, not
// from an app.
#include <errno.h>

#include <string>

#include "bench.h"
#include "bindings.h"

namespace rs {

namespace {

Local<v8::Array> Samples(Isolate* iso, const double* s, unsigned n) {
  Local<Context> ctx = iso->GetCurrentContext();
  Local<v8::Array> a = v8::Array::New(iso, (int)n);
  for (unsigned i = 0; i < n; i++) a->Set(ctx, i, v8::Number::New(iso, s[i])).Check();
  return a;
}

// benchCDriverBatched({ queueSize = 256, batch = 32, requests = 200000, repeats = 5 } = {})
void BenchCDriverBatched(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Object> o = info[0]->IsObject() ? info[0].As<Object>() : Object::New(iso);
  int64_t qs, batch, requests, repeats;
  if (!OptInt(iso, ctx, o, "queueSize", 2, 32768, 256, &qs) || !OptInt(iso, ctx, o, "batch", 1, 16384, 32, &batch) ||
      !OptInt(iso, ctx, o, "requests", 1, (int64_t)1 << 40, 200000, &requests) ||
      !OptInt(iso, ctx, o, "repeats", 1, BENCH_MAX_REPEATS, 5, &repeats))
    return;
  struct bench_driver_result r;
  char err[256] = "";
  int rc = bench_c_driver_batched((unsigned)qs, (unsigned)batch, (uint64_t)requests, (unsigned)repeats, &r, err, sizeof err);
  if (rc < 0) return ThrowErrno(iso, -rc, "benchCDriverBatched", "run", err);
  Local<Object> out = Object::New(iso);
  SetNum(ctx, out, "requestsPerSec", r.requests_per_sec);
  SetNum(ctx, out, "nsPerRequest", 1e9 / r.requests_per_sec);
  SetNum(ctx, out, "notificationsPerRequest", r.notifications_per_request);
  SetNum(ctx, out, "kicksPerRequest", r.kicks_per_request);
  SetNum(ctx, out, "interruptsPerRequest", r.irqs_per_request);
  SetNum(ctx, out, "deviceWakeupsPerRequest", r.device_wakeups_per_request);
  SetNum(ctx, out, "requests", (double)r.requests);
  SetNum(ctx, out, "queueSize", (double)qs);
  SetNum(ctx, out, "batch", (double)batch);
  Set(ctx, out, "samples", Samples(iso, r.samples, r.repeats));
  info.GetReturnValue().Set(out);
}

// benchEventfdPingPongC(iterations = 200000, repeats = 5) -> { nsPerRoundTrip, samples }
void BenchEventfdPingPong(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  int64_t iters = 200000, repeats = 5;
  if (!info[0]->IsUndefined() && !ToInt(iso, info[0], "iterations", 1, (int64_t)1 << 40, &iters)) return;
  if (!info[1]->IsUndefined() && !ToInt(iso, info[1], "repeats", 1, BENCH_MAX_REPEATS, &repeats)) return;
  double med, samples[BENCH_MAX_REPEATS];
  int rc = bench_eventfd_pingpong((uint64_t)iters, (unsigned)repeats, &med, samples);
  if (rc < 0) return ThrowErrno(iso, -rc, "benchEventfdPingPongC", "run");
  Local<Object> out = Object::New(iso);
  SetNum(ctx, out, "nsPerRoundTrip", med);
  SetNum(ctx, out, "iterations", (double)iters);
  Set(ctx, out, "samples", Samples(iso, samples, (unsigned)repeats));
  info.GetReturnValue().Set(out);
}

// benchRingLoopC(qs = 256, batch = 32, iterations = 10_000_000, repeats = 5) -> { nsPerRequest, samples }
// The same work as the model's round trip (see ring_loop_once in bench_ring_loop.c).
void BenchRingLoop(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  int64_t qs = 256, batch = 32, iters = 10000000, repeats = 5;
  if (!info[0]->IsUndefined() && !ToInt(iso, info[0], "qs", 1, 32768, &qs)) return;
  if (!info[1]->IsUndefined() && !ToInt(iso, info[1], "batch", 1, 32768, &batch)) return;
  if (!info[2]->IsUndefined() && !ToInt(iso, info[2], "iterations", 1, (int64_t)1 << 40, &iters)) return;
  if (!info[3]->IsUndefined() && !ToInt(iso, info[3], "repeats", 1, BENCH_MAX_REPEATS, &repeats)) return;
  double med, samples[BENCH_MAX_REPEATS];
  int rc = bench_ring_loop((unsigned)qs, (unsigned)batch, (uint64_t)iters, (unsigned)repeats, &med, samples);
  if (rc == -EINVAL) return ThrowRangeError(iso, "benchRingLoopC: qs must be a power of two (2..32768) and 1 <= batch <= qs/2 (two descriptors per request)");
  if (rc < 0) return ThrowErrno(iso, -rc, "benchRingLoopC", "run");
  Local<Object> out = Object::New(iso);
  SetNum(ctx, out, "nsPerRequest", med);
  SetNum(ctx, out, "requestsPerSec", 1e9 / med);
  SetNum(ctx, out, "queueSize", (double)qs);
  SetNum(ctx, out, "batch", (double)batch);
  SetNum(ctx, out, "iterations", (double)iters);
  Set(ctx, out, "samples", Samples(iso, samples, (unsigned)repeats));
  info.GetReturnValue().Set(out);
}

}  // namespace

void InitBench(Local<Context> ctx, Local<Object> exports) {
  SetMethod(ctx, exports, "benchCDriverBatched", BenchCDriverBatched);
  SetMethod(ctx, exports, "benchEventfdPingPongC", BenchEventfdPingPong);
  SetMethod(ctx, exports, "benchRingLoopC", BenchRingLoop);
}

}  // namespace rs
