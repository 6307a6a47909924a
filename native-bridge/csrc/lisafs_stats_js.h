// A lisafs pool's stats as the JS object LisafsPool.stats() and close() return: the same shape and
// names as the model's pool view (src/model/lisafs), so tests can hold one against the other.
#pragma once

#include "js_util.h"
#include "lisafs_pool.h"

namespace rs {

Local<Object> LisafsStatsObject(Isolate* iso, const struct lisafs_pool_stats& s);

}  // namespace rs
