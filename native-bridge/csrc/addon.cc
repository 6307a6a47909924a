// ringside_bridge.node: context-aware (NODE_MODULE_INIT), so it loads in the main thread and in Workers.
#include "bindings.h"

NODE_MODULE_INIT(/* exports, module, context */) {
  rs::InitShm(context, exports);
  rs::InitEventfd(context, exports);
  rs::InitEpoll(context, exports);
  rs::InitEpollWait(context, exports);
  rs::InitUnix(context, exports);
  rs::InitDevice(context, exports);
  rs::InitVqProbe(context, exports);
  rs::InitPvqProbe(context, exports);
  rs::InitBench(context, exports);
  rs::InitLisafs(context, exports);
}
