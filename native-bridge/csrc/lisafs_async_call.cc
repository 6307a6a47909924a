// LisafsPool.callAsync (see lisafs_async_call.h): the request queued to a libuv worker, which holds its
// own reference to the pool, and the promise settled back on the JS thread.
#include "lisafs_async_call.h"

#include <node_buffer.h>
#include <uv.h>

#include <errno.h>

#include <string>
#include <vector>

#include "lisafs_call_js.h"
#include "lisafs_pool_handle.h"

namespace rs {

using v8::Promise;

namespace {

// The round trip of callAsync runs on a libuv worker; the promise settles back on the JS thread.
struct AsyncCall : node::AsyncResource {
  AsyncCall(Isolate* iso, Local<Object> res) : node::AsyncResource(iso, res, "RingsideLisafsCall") {}
  uv_work_t req;
  struct lisafs_pool* pool;  // one reference, dropped in Done
  unsigned mid;
  std::vector<uint8_t> payload, resp;
  int r = 0, route = -2;
  v8::Global<Promise::Resolver> resolver;

  static int Sink(void* ctx, const uint8_t* d, uint32_t len) {
    static_cast<AsyncCall*>(ctx)->resp.assign(d, d + len);
    return 0;
  }
  static void Work(uv_work_t* w) {
    AsyncCall* c = static_cast<AsyncCall*>(w->data);
    c->r = lisafs_pool_call(c->pool, (uint16_t)c->mid, c->payload.data(), (uint32_t)c->payload.size(), Sink, c,
                            &c->route);
  }
  static void Done(uv_work_t* w, int status) {
    AsyncCall* c = static_cast<AsyncCall*>(w->data);
    Isolate* iso = v8::Isolate::GetCurrent();
    {
      v8::HandleScope hs(iso);
      Local<Promise::Resolver> res = c->resolver.Get(iso);
      Local<Context> ctx = res->GetCreationContextChecked();
      Context::Scope cs(ctx);
      node::AsyncResource::CallbackScope cb(c);  // runs microtasks when it closes, like any Node callback
      if (status == UV_ECANCELED) {
        res->Reject(ctx, ErrnoError(iso, ECANCELED, "LisafsPool.callAsync", "queue")).Check();
      } else if (c->r) {
        res->Reject(ctx, LisafsCallError(iso, c->pool, -c->r, c->mid, (uint32_t)c->payload.size(), c->route)).Check();
      } else {
        Local<Object> buf = node::Buffer::Copy(iso, (const char*)c->resp.data(), c->resp.size()).ToLocalChecked();
        res->Resolve(ctx, LisafsCallResult(iso, buf, c->route)).Check();
      }
    }
    lisafs_pool_unref(c->pool);
    delete c;
  }
};

}  // namespace

void LisafsCallAsync(const FunctionCallbackInfo<Value>& info) {
  LisafsPoolHandle* p = OpenPool(info);
  unsigned mid;
  const uint8_t* data;
  uint32_t len;
  if (!p || !ReadLisafsCall(info, &mid, &data, &len)) return;
  Isolate* iso = info.GetIsolate();
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Promise::Resolver> res;
  if (!Promise::Resolver::New(ctx).ToLocal(&res)) return;
  AsyncCall* c = new AsyncCall(iso, info.This());
  c->req.data = c;
  c->pool = p->pool();
  lisafs_pool_ref(c->pool);
  c->mid = mid;
  c->payload.assign(data, data + len);
  c->resolver.Reset(iso, res);
  int r = uv_queue_work(node::GetCurrentEventLoop(iso), &c->req, AsyncCall::Work, AsyncCall::Done);
  if (r) {
    lisafs_pool_unref(c->pool);
    delete c;
    return ThrowCodeError(iso, "ERR_LISAFS_QUEUE", std::string("uv_queue_work failed: ") + uv_strerror(r));
  }
  info.GetReturnValue().Set(res->GetPromise());
}

}  // namespace rs
