// Small helpers shared by the V8 bindings: argument checking that throws proper JS errors, errno errors
// carrying err.code = 'EBADF' etc., property setters, and weak handles for native objects.
#pragma once

#include <node.h>
#include <v8.h>

#include <cstdint>
#include <string>

namespace rs {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::Isolate;
using v8::Local;
using v8::Object;
using v8::Value;

// "EBADF" for EBADF, "E<n>" when glibc has no name.
std::string ErrnoName(int err);

// Error("<fn>: <syscall> failed: <strerror> (<CODE>)[: extra]") with .code, .errno, .syscall (not thrown).
Local<Value> ErrnoError(Isolate* iso, int err, const char* fn, const char* syscall, const std::string& extra = "");
// Throws Error("<fn>: <syscall> failed: <strerror> (<CODE>)[: extra]") with .code, .errno, .syscall.
void ThrowErrno(Isolate* iso, int err, const char* fn, const char* syscall, const std::string& extra = "");
// TypeError with code ERR_INVALID_ARG_TYPE / RangeError with ERR_OUT_OF_RANGE / Error with a given code.
void ThrowTypeError(Isolate* iso, const std::string& msg);
void ThrowRangeError(Isolate* iso, const std::string& msg);
void ThrowCodeError(Isolate* iso, const char* code, const std::string& msg);

// Integer argument in [lo, hi] (a Number that is an exact integer). Throws and returns false otherwise.
bool ToInt(Isolate* iso, Local<Value> v, const char* name, int64_t lo, int64_t hi, int64_t* out);

// The bytes behind an ArrayBuffer, a SharedArrayBuffer or a view of either; otherwise throws a TypeError
// naming `fn` and returns false. The pointer is valid while the caller holds the JS value.
bool MemoryOf(Isolate* iso, Local<Value> v, const char* fn, uint8_t** data, size_t* size);
bool ToFd(Isolate* iso, Local<Value> v, const char* name, int* out);
// Optional fields of an options object: absent/undefined -> default.
bool OptInt(Isolate* iso, Local<Context> ctx, Local<Object> o, const char* key, int64_t lo, int64_t hi,
            int64_t def, int64_t* out);
bool OptBool(Isolate* iso, Local<Context> ctx, Local<Object> o, const char* key, bool def, bool* out);
bool OptString(Isolate* iso, Local<Context> ctx, Local<Object> o, const char* key, const std::string& def,
               std::string* out);

Local<v8::String> Str(Isolate* iso, const char* s);
void Set(Local<Context> ctx, Local<Object> o, const char* key, Local<Value> v);
void SetNum(Local<Context> ctx, Local<Object> o, const char* key, double v);
void SetMethod(Local<Context> ctx, Local<Object> target, const char* name, v8::FunctionCallback fn);

// Native object owned by a JS wrapper. Close() must be idempotent; the destructor runs when the wrapper
// is collected (a safety net: users are expected to call close()).
class Wrapped {
 public:
  virtual ~Wrapped() = default;
  void Attach(Isolate* iso, Local<Object> wrapper);  // stores this in internal field 0, weak
  // An active resource (e.g. a watcher with a JS callback) stays alive while open, like a Node handle:
  // hold the wrapper strongly, and go back to weak once closed so GC frees the small native object.
  void Hold();
  void Release();
  // The wrapper, or an empty handle once collected. A Local pins it for the current HandleScope.
  Local<Object> handle(Isolate* iso) { return self_.IsEmpty() ? Local<Object>() : self_.Get(iso); }
  template <class T>
  static T* Unwrap(const FunctionCallbackInfo<Value>& info) {
    Local<Object> self = info.This();
    if (self->InternalFieldCount() < 1) return nullptr;
    return static_cast<T*>(self->GetAlignedPointerFromInternalField(0));
  }

 private:
  static void FirstPass(const v8::WeakCallbackInfo<Wrapped>& data);
  static void SecondPass(const v8::WeakCallbackInfo<Wrapped>& data);
  v8::Global<Object> self_;
};

// An object that owns a thread must not outlive the isolate: at environment teardown Node runs
// this hook, which closes it (joining the thread) before the memory it uses goes. T provides
// Close(); T::Close() calls Unhook() so a normal close takes the hook away again.
template <class T>
class TeardownHook {
 protected:
  void HookCleanup(Isolate* iso) {
    iso_ = iso;
    hooked_ = true;
    node::AddEnvironmentCleanupHook(iso, Run, this);
  }
  // Safe to call from the hook itself (it has already cleared hooked_) and more than once.
  void Unhook() {
    if (hooked_) node::RemoveEnvironmentCleanupHook(iso_, Run, this);
    hooked_ = false;
  }

 private:
  static void Run(void* arg) {
    auto* self = static_cast<TeardownHook*>(arg);
    self->hooked_ = false;
    static_cast<T*>(self)->Close();
  }
  Isolate* iso_ = nullptr;
  bool hooked_ = false;
};

}  // namespace rs
