// The JS shape of one LisafsPool call, shared by call/callInto (bind_lisafs.cc) and callAsync
// (lisafs_async_call.cc): reading (mid, payload), the { data, route } result, and the error of a
// failed call, explained in the words of the model (src/model/lisafs).
#pragma once

#include <cstdint>

#include "js_util.h"

struct lisafs_pool;

namespace rs {

// "FStat", "PRead", ... for a message id ("MID" when unknown).
const char* LisafsMidName(unsigned mid);
// info[0] = mid (u16), info[1] = payload ArrayBufferView or null/undefined. Throws and returns false.
bool ReadLisafsCall(const FunctionCallbackInfo<Value>& info, unsigned* mid, const uint8_t** data, uint32_t* len);
// { data, route }: route = channel index, or -1 for the socket.
Local<Object> LisafsCallResult(Isolate* iso, Local<Object> data, int route);
// Error with .code/.errno/.syscall (see ErrnoError), the explanation, and .route. Not thrown.
Local<Value> LisafsCallError(Isolate* iso, struct lisafs_pool* p, int err, unsigned mid, uint32_t len, int route);

}  // namespace rs
