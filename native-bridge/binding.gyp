{
  # One addon, ringside_bridge.node. C sources hold the device, the ring code and the benchmarks
  # (no V8 in them); C++ sources are the V8 bindings (V8 is needed for SharedArrayBuffer over mmap).
  "targets": [
    {
      "target_name": "ringside_bridge",
      "sources": [
        "csrc/vq.c",
        "csrc/vq_probe.c",
        "csrc/pvq.c",
        "csrc/chain_io.c",
        "csrc/dev_echo.c",
        "csrc/dev_blk.c",
        "csrc/vdev.c",
        "csrc/bench_driver.c",
        "csrc/bench_pingpong.c",
        "csrc/bench_ring_loop.c",
        "csrc/js_util.cc",
        "csrc/bind_shm.cc",
        "csrc/bind_eventfd.cc",
        "csrc/eventfd_read.cc",
        "csrc/epoll_watcher.cc",
        "csrc/bind_epoll.cc",
        "csrc/bind_epoll_wait.cc",
        "csrc/bind_unix.cc",
        "csrc/bind_device.cc",
        "csrc/bind_vq_probe.cc",
        "csrc/bind_pvq.cc",
        "csrc/bind_bench.cc",
        "csrc/lisafs_flipcall.c",
        "csrc/lisafs_gofer.c",
        "csrc/lisafs_sock.c",
        "csrc/lisafs_server.c",
        "csrc/lisafs_pool.c",
        "csrc/lisafs_pool_call.c",
        "csrc/lisafs_pool_sock.c",
        "csrc/lisafs_pool_watchdog.c",
        "csrc/lisafs_pool_probe.c",
        "csrc/lisafs_bench.c",
        "csrc/lisafs_call_js.cc",
        "csrc/lisafs_stats_js.cc",
        "csrc/lisafs_async_call.cc",
        "csrc/bind_lisafs.cc",
        "csrc/bind_lisafs_bench.cc",
        "csrc/addon.cc"
      ],
      "defines": ["_GNU_SOURCE"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-pthread"],
      "cflags_c": ["-std=gnu11", "-Wshadow", "-Wstrict-prototypes"],
      # -Wno-cast-function-type: node.h's NODE_MODULE_INIT macro casts the init function (not our code).
      "cflags_cc": ["-std=gnu++17", "-fno-exceptions", "-Wno-cast-function-type"],
      "cflags!": ["-O3"],
      "cflags_cc!": ["-O3"],
      "ldflags": ["-pthread"]
    }
  ]
}
