// One init function per binding file; addon.cc calls them all.
#pragma once

#include "js_util.h"

namespace rs {
void InitShm(Local<Context> ctx, Local<Object> exports);
void InitEventfd(Local<Context> ctx, Local<Object> exports);
void InitEpoll(Local<Context> ctx, Local<Object> exports);
void InitEpollWait(Local<Context> ctx, Local<Object> exports);
void InitUnix(Local<Context> ctx, Local<Object> exports);
void InitDevice(Local<Context> ctx, Local<Object> exports);
void InitVqProbe(Local<Context> ctx, Local<Object> exports);
void InitPvqProbe(Local<Context> ctx, Local<Object> exports);
void InitBench(Local<Context> ctx, Local<Object> exports);
void InitLisafs(Local<Context> ctx, Local<Object> exports);
void InitLisafsBench(Local<Context> ctx, Local<Object> exports);  // called by InitLisafs
}  // namespace rs
