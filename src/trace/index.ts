/** Trace import, summary and export. Browser- and Node-safe (Node-only helpers: *.node.ts). */
export * from './errors';
export * from './line-reader';
export * from './byte-sources';
export * from './model';
export * from './stats';
export * from './summary';
export * from './chrome-export';
export type * from './qemu/types';
export { parseTraceLine, type TraceLine } from './qemu/parse-line';
export { decodeEvent, type QemuEvent } from './qemu/events';
export { importQemuTrace, importQemuTraceLines, QemuTraceBuilder, type QemuImportOptions } from './qemu/import';
export { qemuToTimeline } from './qemu/to-timeline';
export { QEMU_TRACE_LIMITATIONS } from './qemu/limitations';
