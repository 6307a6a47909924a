// memfd regions exposed to JS as SharedArrayBuffers over mmap(MAP_SHARED).
//
// Node 20 has no Node-API call that wraps foreign memory in a SharedArrayBuffer, so this uses V8's
// BackingStore directly. The backing store's deleter munmaps when V8 frees the last reference. Because
// a SharedArrayBuffer cannot be detached, an explicit unmap cannot just munmap (a stale view would then
// fault): unmapShared() instead *revokes* the mapping by atomically replacing it (MAP_FIXED) with
// private anonymous memory. The memfd pages and the file reference go away immediately; stale JS views
// read zeros instead of crashing; the address range itself is released by the deleter at GC.
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>
#include <unordered_map>

#include "bindings.h"
#include "js_util.h"

namespace rs {

using v8::ArrayBuffer;
using v8::BackingStore;
using v8::SharedArrayBuffer;

namespace {

// Mappings we created and not yet freed: lets unmapShared reject foreign buffers and double revokes.
// Global (not per context) because a SharedArrayBuffer can travel to Workers; the deleter may run on any
// thread.
std::mutex g_mu;
std::unordered_map<void*, bool /*revoked*/> g_maps;

void Deleter(void* data, size_t length, void*) {
  munmap(data, length);
  std::lock_guard<std::mutex> lock(g_mu);
  g_maps.erase(data);
}

// memfdCreate(name: string, size: number) -> { fd }
void MemfdCreate(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  if (!info[0]->IsString()) return ThrowTypeError(iso, "The \"name\" argument must be a string");
  int64_t size;
  if (!ToInt(iso, info[1], "size", 1, (int64_t)1 << 40, &size)) return;
  v8::String::Utf8Value name(iso, info[0]);
  int fd = memfd_create(*name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return ThrowErrno(iso, errno, "memfdCreate", "memfd_create", *name);
  // Seal against shrinking: nobody (including a peer process we pass the fd to) can truncate the file
  // under a live mapping, which would turn accesses into SIGBUS in Node or in the device thread.
  if (ftruncate(fd, size) < 0 || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) < 0) {
    int e = errno;
    close(fd);
    return ThrowErrno(iso, e, "memfdCreate", "ftruncate/F_ADD_SEALS");
  }
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Object> r = Object::New(iso);
  SetNum(ctx, r, "fd", fd);
  info.GetReturnValue().Set(r);
}

// mapShared(fd: number, size: number, offset = 0) -> SharedArrayBuffer
void MapShared(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  int fd;
  int64_t size, offset = 0;
  if (!ToFd(iso, info[0], "fd", &fd) || !ToInt(iso, info[1], "size", 1, (int64_t)1 << 40, &size)) return;
  if (!info[2]->IsUndefined() && !ToInt(iso, info[2], "offset", 0, (int64_t)1 << 40, &offset)) return;
  if (offset % sysconf(_SC_PAGESIZE)) return ThrowRangeError(iso, "offset must be a multiple of the page size");
  struct stat sb;
  if (fstat(fd, &sb) < 0) return ThrowErrno(iso, errno, "mapShared", "fstat");
  // Mapping beyond the end of a file is allowed by mmap but faults (SIGBUS) on access.
  if (S_ISREG(sb.st_mode) && sb.st_size < offset + size)
    return ThrowCodeError(iso, "EINVAL",
                          "mapShared: the file holds " + std::to_string(sb.st_size) + " bytes, fewer than offset " +
                              std::to_string(offset) + " + size " + std::to_string(size));
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
  if (p == MAP_FAILED) return ThrowErrno(iso, errno, "mapShared", "mmap");
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_maps[p] = false;
  }
  std::unique_ptr<BackingStore> bs = SharedArrayBuffer::NewBackingStore(p, size, Deleter, nullptr);
  info.GetReturnValue().Set(SharedArrayBuffer::New(iso, std::move(bs)));
}

// unmapShared(sab) -> true if revoked now, false if it already was.
void UnmapShared(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  if (!info[0]->IsSharedArrayBuffer()) return ThrowTypeError(iso, "unmapShared expects a SharedArrayBuffer");
  std::shared_ptr<BackingStore> bs = info[0].As<SharedArrayBuffer>()->GetBackingStore();
  void* p = bs->Data();
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_maps.find(p);
  if (it == g_maps.end())
    return ThrowCodeError(iso, "ERR_INVALID_ARG_VALUE", "unmapShared: not a buffer returned by mapShared");
  if (it->second) return info.GetReturnValue().Set(false);
  void* q = mmap(p, bs->ByteLength(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (q == MAP_FAILED) return ThrowErrno(iso, errno, "unmapShared", "mmap(MAP_FIXED)");
  it->second = true;
  info.GetReturnValue().Set(true);
}

// closeFd(fd)
void CloseFd(const FunctionCallbackInfo<Value>& info) {
  Isolate* iso = info.GetIsolate();
  int fd;
  if (!ToFd(iso, info[0], "fd", &fd)) return;
  // On Linux the fd is released even when close() reports EINTR; retrying could close a reused number.
  if (close(fd) < 0 && errno != EINTR) return ThrowErrno(iso, errno, "closeFd", "close", "fd " + std::to_string(fd));
}

// liveMappings() -> number of mapShared buffers whose memory is still mapped (revoked or not): it only
// drops when V8 frees a buffer and the deleter munmaps. For leak tests.
void LiveMappings(const FunctionCallbackInfo<Value>& info) {
  std::lock_guard<std::mutex> lock(g_mu);
  info.GetReturnValue().Set((double)g_maps.size());
}

}  // namespace

void InitShm(Local<Context> ctx, Local<Object> exports) {
  SetMethod(ctx, exports, "memfdCreate", MemfdCreate);
  SetMethod(ctx, exports, "mapShared", MapShared);
  SetMethod(ctx, exports, "unmapShared", UnmapShared);
  SetMethod(ctx, exports, "closeFd", CloseFd);
  SetMethod(ctx, exports, "liveMappings", LiveMappings);
  SetNum(ctx, exports, "pageSize", (double)sysconf(_SC_PAGESIZE));
}

}  // namespace rs
