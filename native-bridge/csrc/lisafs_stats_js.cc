// A lisafs pool's stats as a JS object (see lisafs_stats_js.h).
#include "lisafs_stats_js.h"

namespace rs {

namespace {

const char* StatusName(uint8_t s) {
  return s == LISAFS_CH_AVAILABLE ? "available" : s == LISAFS_CH_ACTIVE ? "active" : "dead";
}
const char* DeathName(uint8_t d) {
  return d == LISAFS_DEATH_TRANSPORT ? "transport-error" : d == LISAFS_DEATH_SHUTDOWN ? "shutdown" : "pool-closed";
}
const char* WordName(uint32_t w) {
  return w == LISAFS_CLIENT_ACTIVE ? "client-active" : w == LISAFS_SERVER_ACTIVE ? "server-active" : "shutdown";
}
const char* PhaseName(uint8_t p) {
  return p == LISAFS_OPEN ? "open" : p == LISAFS_SHUTTING_DOWN ? "shutting-down" : "destroyed";
}
const char* ReasonName(uint8_t r) {
  return r == LISAFS_REASON_HANGUP ? "hangup" : r == LISAFS_REASON_CLOSED ? "closed" : "poll-error";
}

}  // namespace

Local<Object> LisafsStatsObject(Isolate* iso, const struct lisafs_pool_stats& s) {
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Object> o = Object::New(iso);
  Local<v8::Array> chans = v8::Array::New(iso, (int)s.channels);
  for (unsigned i = 0; i < s.channels; i++) {
    const struct lisafs_chan_stats& c = s.ch[i];
    Local<Object> co = Object::New(iso);
    SetNum(ctx, co, "id", i);
    Set(ctx, co, "status", Str(iso, StatusName(c.status)));
    if (c.status == LISAFS_CH_DEAD)
      Set(ctx, co, "deathReason", Str(iso, DeathName(c.death)));
    else
      Set(ctx, co, "deathReason", v8::Null(iso));
    Set(ctx, co, "word", Str(iso, WordName(c.word)));
    SetNum(ctx, co, "uses", (double)c.uses);
    Set(ctx, co, "mapped", v8::Boolean::New(iso, c.mapped));
    Local<Object> w = Object::New(iso);  // the packet header as last written, like the model's PacketWindow
    SetNum(ctx, w, "bytes", (double)s.window_bytes);
    SetNum(ctx, w, "dataLen", c.data_len);
    SetNum(ctx, w, "mid", c.mid);
    SetNum(ctx, w, "numFDs", c.num_fds);
    Set(ctx, co, "window", w);
    chans->Set(ctx, i, co).Check();
  }
  Set(ctx, o, "channels", chans);
  if (s.stack_nil) {
    Set(ctx, o, "stack", v8::Null(iso));
  } else {
    Local<v8::Array> st = v8::Array::New(iso, (int)s.stack_len);
    for (unsigned i = 0; i < s.stack_len; i++) st->Set(ctx, i, v8::Integer::New(iso, s.stack[i])).Check();
    Set(ctx, o, "stack", st);
  }
  SetNum(ctx, o, "active", s.active);
  SetNum(ctx, o, "socketUsers", s.socket_users);
  SetNum(ctx, o, "calls", (double)s.calls);
  SetNum(ctx, o, "errors", (double)s.errors);
  SetNum(ctx, o, "socketUses", (double)s.socket_uses);
  SetNum(ctx, o, "fdsDonated", (double)s.fds_donated);
  SetNum(ctx, o, "lastRoute", s.last_route);
  Set(ctx, o, "phase", Str(iso, PhaseName(s.phase)));
  if (s.phase == LISAFS_OPEN)
    Set(ctx, o, "reason", v8::Null(iso));
  else
    Set(ctx, o, "reason", Str(iso, ReasonName(s.reason)));
  SetNum(ctx, o, "maxMessageSize", s.max_message);
  SetNum(ctx, o, "windowBytes", (double)s.window_bytes);
  Local<v8::Array> mids = v8::Array::New(iso);
  for (unsigned m = 0, k = 0; m < LISAFS_MID_LIMIT; m++)
    if (s.supported & (1ull << m)) mids->Set(ctx, k++, v8::Integer::New(iso, m)).Check();
  Set(ctx, o, "supportedMids", mids);
  return o;
}

}  // namespace rs
