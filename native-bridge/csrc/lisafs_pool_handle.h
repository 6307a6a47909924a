// The native object behind a JS LisafsPool: owns one reference to the C pool (lisafs_pool.c) and
// closes it at environment teardown, so no gofer thread outlives the isolate. Shared by the
// synchronous methods (bind_lisafs.cc) and callAsync (lisafs_async_call.cc).
#pragma once

#include "js_util.h"
#include "lisafs_pool.h"

namespace rs {

class LisafsPoolHandle : public Wrapped, public TeardownHook<LisafsPoolHandle> {
 public:
  explicit LisafsPoolHandle(struct lisafs_pool* p) : p_(p) {}
  ~LisafsPoolHandle() override { Close(); }
  // Joins every thread; the memory goes with the last reference (async calls hold one). Environment
  // teardown closes it too: no gofer thread outlives the isolate.
  void Close() {
    if (!p_) return;
    lisafs_pool_close(p_);
    lisafs_pool_unref(p_);
    p_ = nullptr;
    Unhook();
  }
  using TeardownHook<LisafsPoolHandle>::HookCleanup;
  struct lisafs_pool* pool() { return p_; }

 private:
  struct lisafs_pool* p_;
};

// The receiver of a LisafsPool method, or nullptr after throwing (not a LisafsPool, or closed).
inline LisafsPoolHandle* OpenPool(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = Wrapped::Unwrap<LisafsPoolHandle>(info);
  if (!p) ThrowTypeError(info.GetIsolate(), "Illegal invocation");
  else if (!p->pool()) ThrowCodeError(info.GetIsolate(), "ERR_LISAFS_CLOSED", "LisafsPool is closed");
  else return p;
  return nullptr;
}

}  // namespace rs
