#include "js_util.h"

#include <string.h>

#include <cmath>

namespace rs {

using v8::Exception;
using v8::Integer;
using v8::MaybeLocal;
using v8::NewStringType;
using v8::Number;
using v8::String;

std::string ErrnoName(int err) {
  const char* n = strerrorname_np(err);  // glibc >= 2.32
  return n ? n : "E" + std::to_string(err);
}

Local<String> Str(Isolate* iso, const char* s) {
  return String::NewFromUtf8(iso, s, NewStringType::kNormal).ToLocalChecked();
}

void Set(Local<Context> ctx, Local<Object> o, const char* key, Local<Value> v) {
  o->Set(ctx, Str(ctx->GetIsolate(), key), v).Check();
}

void SetNum(Local<Context> ctx, Local<Object> o, const char* key, double v) {
  Set(ctx, o, key, Number::New(ctx->GetIsolate(), v));
}

void SetMethod(Local<Context> ctx, Local<Object> target, const char* name, v8::FunctionCallback fn) {
  Isolate* iso = ctx->GetIsolate();
  Local<v8::Function> f = v8::Function::New(ctx, fn).ToLocalChecked();
  f->SetName(Str(iso, name));
  Set(ctx, target, name, f);
}

static void ThrowWithCode(Isolate* iso, Local<Value> err, const char* code) {
  Local<Context> ctx = iso->GetCurrentContext();
  if (err->IsObject()) Set(ctx, err.As<Object>(), "code", Str(iso, code));
  iso->ThrowException(err);
}

Local<Value> ErrnoError(Isolate* iso, int err, const char* fn, const char* syscall, const std::string& extra) {
  std::string name = ErrnoName(err);
  std::string msg = std::string(fn) + ": " + syscall + " failed: " + strerror(err) + " (" + name + ")";
  if (!extra.empty()) msg += ": " + extra;
  Local<Value> e = Exception::Error(Str(iso, msg.c_str()));
  Local<Context> ctx = iso->GetCurrentContext();
  Set(ctx, e.As<Object>(), "errno", Integer::New(iso, err));
  Set(ctx, e.As<Object>(), "syscall", Str(iso, syscall));
  Set(ctx, e.As<Object>(), "code", Str(iso, name.c_str()));
  return e;
}

void ThrowErrno(Isolate* iso, int err, const char* fn, const char* syscall, const std::string& extra) {
  iso->ThrowException(ErrnoError(iso, err, fn, syscall, extra));
}

void ThrowTypeError(Isolate* iso, const std::string& msg) {
  ThrowWithCode(iso, Exception::TypeError(Str(iso, msg.c_str())), "ERR_INVALID_ARG_TYPE");
}

void ThrowRangeError(Isolate* iso, const std::string& msg) {
  ThrowWithCode(iso, Exception::RangeError(Str(iso, msg.c_str())), "ERR_OUT_OF_RANGE");
}

void ThrowCodeError(Isolate* iso, const char* code, const std::string& msg) {
  ThrowWithCode(iso, Exception::Error(Str(iso, msg.c_str())), code);
}

bool ToInt(Isolate* iso, Local<Value> v, const char* name, int64_t lo, int64_t hi, int64_t* out) {
  if (!v->IsNumber()) {
    ThrowTypeError(iso, std::string("The \"") + name + "\" argument must be a number");
    return false;
  }
  double d = v.As<Number>()->Value();
  if (!std::isfinite(d) || std::trunc(d) != d || d < (double)lo || d > (double)hi) {
    ThrowRangeError(iso, std::string("The \"") + name + "\" argument must be an integer in [" +
                             std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(d));
    return false;
  }
  *out = (int64_t)d;
  return true;
}

bool ToFd(Isolate* iso, Local<Value> v, const char* name, int* out) {
  int64_t x;
  if (!ToInt(iso, v, name, 0, INT32_MAX, &x)) return false;
  *out = (int)x;
  return true;
}

static bool Field(Isolate* iso, Local<Context> ctx, Local<Object> o, const char* key, Local<Value>* v) {
  return o->Get(ctx, Str(iso, key)).ToLocal(v);  // false: a getter threw; exception pending
}

bool OptInt(Isolate* iso, Local<Context> ctx, Local<Object> o, const char* key, int64_t lo, int64_t hi,
            int64_t def, int64_t* out) {
  Local<Value> v;
  if (!Field(iso, ctx, o, key, &v)) return false;
  if (v->IsUndefined()) {
    *out = def;
    return true;
  }
  return ToInt(iso, v, key, lo, hi, out);
}

bool OptBool(Isolate* iso, Local<Context> ctx, Local<Object> o, const char* key, bool def, bool* out) {
  Local<Value> v;
  if (!Field(iso, ctx, o, key, &v)) return false;
  if (v->IsUndefined()) {
    *out = def;
    return true;
  }
  if (!v->IsBoolean()) {
    ThrowTypeError(iso, std::string("The \"") + key + "\" option must be a boolean");
    return false;
  }
  *out = v->BooleanValue(iso);
  return true;
}

bool OptString(Isolate* iso, Local<Context> ctx, Local<Object> o, const char* key, const std::string& def,
               std::string* out) {
  Local<Value> v;
  if (!Field(iso, ctx, o, key, &v)) return false;
  if (v->IsUndefined()) {
    *out = def;
    return true;
  }
  if (!v->IsString()) {
    ThrowTypeError(iso, std::string("The \"") + key + "\" option must be a string");
    return false;
  }
  v8::String::Utf8Value s(iso, v);
  *out = std::string(*s, s.length());
  return true;
}

void Wrapped::Attach(Isolate* iso, Local<Object> wrapper) {
  wrapper->SetAlignedPointerInInternalField(0, this);
  self_.Reset(iso, wrapper);
  self_.SetWeak(this, FirstPass, v8::WeakCallbackType::kParameter);
}

void Wrapped::Hold() {
  if (!self_.IsEmpty()) self_.ClearWeak();
}

void Wrapped::Release() {
  if (!self_.IsEmpty()) self_.SetWeak(this, FirstPass, v8::WeakCallbackType::kParameter);
}

// V8 allows only resetting the handle in the first pass; real cleanup (joins, closes) goes second.
void Wrapped::FirstPass(const v8::WeakCallbackInfo<Wrapped>& data) {
  data.GetParameter()->self_.Reset();
  data.SetSecondPassCallback(SecondPass);
}

void Wrapped::SecondPass(const v8::WeakCallbackInfo<Wrapped>& data) { delete data.GetParameter(); }

bool MemoryOf(Isolate* iso, Local<Value> v, const char* fn, uint8_t** data, size_t* size) {
  std::shared_ptr<v8::BackingStore> bs;
  size_t off = 0;
  if (v->IsArrayBufferView()) {
    Local<v8::ArrayBufferView> view = v.As<v8::ArrayBufferView>();
    bs = view->Buffer()->GetBackingStore();
    off = view->ByteOffset();
    *size = view->ByteLength();
  } else if (v->IsSharedArrayBuffer()) {
    bs = v.As<v8::SharedArrayBuffer>()->GetBackingStore();
    *size = bs->ByteLength();
  } else if (v->IsArrayBuffer()) {
    bs = v.As<v8::ArrayBuffer>()->GetBackingStore();
    *size = bs->ByteLength();
  } else {
    ThrowTypeError(iso, std::string(fn) + ": memory must be an ArrayBuffer, a SharedArrayBuffer or a view");
    return false;
  }
  *data = static_cast<uint8_t*>(bs->Data()) + off;
  return true;
}

}  // namespace rs
