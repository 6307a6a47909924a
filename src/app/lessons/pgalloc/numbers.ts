/**
 * How the pgalloc lessons print the model's figures: plain numbers a test can recompute with the
 * same one-line rule (milliseconds and MiB to two decimals, as the /pgalloc view shows them).
 */
import { MiB } from '../../../model/pgalloc';

export const ms = (ns: number): number => +(ns / 1e6).toFixed(2);
export const mib = (bytes: number): number => +(bytes / MiB).toFixed(2);
export const kib = (bytes: number): number => +(bytes / 1024).toFixed(1);
