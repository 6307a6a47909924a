// The real lisafs channel pool (csrc/lisafs_*.c, csrc/bind_lisafs.cc): wrappers, raw types, wire helpers.
export * from './pool.ts';
export * from './types.ts';
export * from './wire.ts';
