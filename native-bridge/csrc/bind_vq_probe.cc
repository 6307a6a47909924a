// probeVirtqueue(memory, queueSize, descAddr, availAddr, usedAddr, eventIdx, indirectDesc, maxChains?)
// -> { completed, lastAvail, usedIdx, error }: the native device's serving loop (vq_probe.c) run once,
// synchronously, on the caller's memory. It exists so a differential fuzz can put 100k corrupted rings
// through the same C code as the device thread without a thread and eventfds per case.
#include <errno.h>

#include <string>

#include "bindings.h"

#include "vq_probe.h"

namespace rs {

namespace {

void Probe(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  uint8_t* mem = nullptr;
  size_t size = 0;
  if (!MemoryOf(iso, info[0], "probeVirtqueue", &mem, &size)) return;
  const int64_t kMaxAddr = ((int64_t)1 << 53) - 1;
  int64_t qs, desc, avail, used, max_chains = 65536;
  if (!ToInt(iso, info[1], "queueSize", 1, 32768, &qs) || !ToInt(iso, info[2], "descAddr", 0, kMaxAddr, &desc) ||
      !ToInt(iso, info[3], "availAddr", 0, kMaxAddr, &avail) || !ToInt(iso, info[4], "usedAddr", 0, kMaxAddr, &used))
    return;
  if (!info[7]->IsUndefined() && !ToInt(iso, info[7], "maxChains", 0, 1 << 30, &max_chains)) return;
  char err[256] = "";
  struct vq_probe_result r;
  int rc = vq_probe_run(mem, size, (unsigned)qs, desc, avail, used, info[5]->BooleanValue(iso),
                        info[6]->BooleanValue(iso), (uint64_t)max_chains, &r, err, sizeof err);
  if (rc == -EINVAL) return ThrowRangeError(iso, std::string("probeVirtqueue: ") + err);
  if (rc < 0) return ThrowErrno(iso, -rc, "probeVirtqueue", "malloc");

  Local<Object> o = Object::New(iso);
  SetNum(ctx, o, "completed", (double)r.completed);
  SetNum(ctx, o, "lastAvail", r.last_avail);
  SetNum(ctx, o, "usedIdx", r.used_idx);
  if (r.broken) {
    Local<Object> eo = Object::New(iso);
    Set(ctx, eo, "code", Str(iso, vq_err_name(r.err.code)));
    Set(ctx, eo, "message", Str(iso, r.err.message));
    Set(ctx, eo, "detail", Str(iso, r.err.detail));
    Set(ctx, o, "error", eo);
  } else {
    Set(ctx, o, "error", v8::Null(iso));
  }
  info.GetReturnValue().Set(o);
}

}  // namespace

void InitVqProbe(Local<Context> ctx, Local<Object> exports) { SetMethod(ctx, exports, "probeVirtqueue", Probe); }

}  // namespace rs
