// The JS shape of one LisafsPool call (see lisafs_call_js.h).
#include "lisafs_call_js.h"

#include <node_buffer.h>

#include <errno.h>

#include <string>

#include "lisafs_pool.h"

namespace rs {

const char* LisafsMidName(unsigned mid) {
  static const char* names[] = {"Error", "Mount", "Channel", "FStat", "SetStat", "Walk", "WalkStat",
                                "OpenAt", "OpenCreateAt", "Close", "FSync", "PWrite", "PRead"};
  if (mid < sizeof names / sizeof *names) return names[mid];
  return mid == 21 ? "Connect" : "MID";
}

bool ReadLisafsCall(const FunctionCallbackInfo<Value>& info, unsigned* mid, const uint8_t** data, uint32_t* len) {
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

Local<Object> LisafsCallResult(Isolate* iso, Local<Object> data, int route) {
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Object> o = Object::New(iso);
  Set(ctx, o, "data", data);
  Set(ctx, o, "route", v8::Integer::New(iso, route));
  return o;
}

namespace {

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

}  // namespace

Local<Value> LisafsCallError(Isolate* iso, struct lisafs_pool* p, int err, unsigned mid, uint32_t len, int route) {
  std::string what = std::string(LisafsMidName(mid)) + " (" + std::to_string(mid) + ")";
  Local<Value> e = ErrnoError(iso, err, "LisafsPool.call", what.c_str(), Explain(p, err, mid, len, route));
  Set(iso->GetCurrentContext(), e.As<Object>(), "route", v8::Integer::New(iso, route));
  return e;
}

}  // namespace rs
