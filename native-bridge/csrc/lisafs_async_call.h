// LisafsPool.callAsync: the round trip on a libuv worker, so several callers can contend for the
// pool while the JS thread runs on. Registered on the prototype by InitLisafs (bind_lisafs.cc).
#pragma once

#include "js_util.h"

namespace rs {

// callAsync(mid, payload?) -> Promise<{ data, route }>. Concurrency is bounded by libuv's worker pool.
void LisafsCallAsync(const FunctionCallbackInfo<Value>& info);

}  // namespace rs
