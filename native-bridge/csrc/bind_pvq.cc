// probePackedVirtqueue(memory, queueSize, descAddr, driverEventAddr, deviceEventAddr, eventIdx, indirectDesc,
//                      lastAvail, availWrap, usedIdx, usedWrap, signalledUsed, signalledValid)
// -> { completed, interrupt, state: {...}, error }: one pass of the C packed-ring device (pvq.c), synchronously,
// on the caller's memory. The state goes in and comes back as numbers because the device holds no buffer
// between passes; the caller keeps it, so model and C can be stepped side by side at the same quiescent points.
#include <errno.h>

#include <string>

#include "bindings.h"

#include "pvq.h"

namespace rs {

namespace {

void Probe(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  uint8_t* mem = nullptr;
  size_t size = 0;
  if (!MemoryOf(iso, info[0], "probePackedVirtqueue", &mem, &size)) return;
  const int64_t kMaxAddr = ((int64_t)1 << 53) - 1;
  int64_t qs, desc, drv, dev, la, aw, ui, uw, su;
  if (!ToInt(iso, info[1], "queueSize", 1, 32768, &qs) || !ToInt(iso, info[2], "descAddr", 0, kMaxAddr, &desc) ||
      !ToInt(iso, info[3], "driverEventAddr", 0, kMaxAddr, &drv) ||
      !ToInt(iso, info[4], "deviceEventAddr", 0, kMaxAddr, &dev) ||
      !ToInt(iso, info[7], "lastAvail", 0, qs - 1, &la) || !ToInt(iso, info[8], "availWrap", 0, 1, &aw) ||
      !ToInt(iso, info[9], "usedIdx", 0, qs - 1, &ui) || !ToInt(iso, info[10], "usedWrap", 0, 1, &uw) ||
      !ToInt(iso, info[11], "signalledUsed", 0, 65535, &su))
    return;
  struct pvq_state st = {(uint16_t)la, (uint16_t)aw, (uint16_t)ui, (uint16_t)uw, (uint16_t)su,
                         info[12]->BooleanValue(iso)};
  struct pvq_result r;
  char err[256] = "";
  int rc = pvq_probe_run(mem, size, (unsigned)qs, desc, drv, dev, info[5]->BooleanValue(iso),
                         info[6]->BooleanValue(iso), &st, &r, err, sizeof err);
  if (rc == -EINVAL) return ThrowRangeError(iso, std::string("probePackedVirtqueue: ") + err);
  if (rc < 0) return ThrowErrno(iso, -rc, "probePackedVirtqueue", "malloc");

  Local<Object> o = Object::New(iso);
  SetNum(ctx, o, "completed", r.completed);
  if (r.interrupt < 0)
    Set(ctx, o, "interrupt", v8::Null(iso));
  else
    Set(ctx, o, "interrupt", v8::Boolean::New(iso, r.interrupt == 1));
  Local<Object> so = Object::New(iso);
  SetNum(ctx, so, "lastAvail", st.last_avail);
  SetNum(ctx, so, "availWrap", st.avail_wrap);
  SetNum(ctx, so, "usedIdx", st.used_idx);
  SetNum(ctx, so, "usedWrap", st.used_wrap);
  SetNum(ctx, so, "signalledUsed", st.signalled_used);
  Set(ctx, so, "signalledValid", v8::Boolean::New(iso, st.signalled_valid));
  Set(ctx, o, "state", so);
  if (r.broken) {
    Local<Object> eo = Object::New(iso);
    Set(ctx, eo, "kind", Str(iso, r.kind));
    Set(ctx, eo, "message", Str(iso, r.message));
    Set(ctx, o, "error", eo);
  } else {
    Set(ctx, o, "error", v8::Null(iso));
  }
  info.GetReturnValue().Set(o);
}

}  // namespace

void InitPvqProbe(Local<Context> ctx, Local<Object> exports) { SetMethod(ctx, exports, "probePackedVirtqueue", Probe); }

}  // namespace rs
