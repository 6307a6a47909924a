/** C comparison figures from the native addon, when it is built (filled in with the bridge). */
import type { Spread } from './stats';

export interface NativeFigures {
  available: boolean;
  reason?: string;
  figures: { name: string; unit: string; value: Spread | number; note?: string }[];
  cRingLoop: Map<number, Spread>;
  ratios: { name: string; unit: string; value: number; note?: string }[];
}

export async function nativeFigures(_qs: number, _samples: number): Promise<NativeFigures> {
  return { available: false, reason: 'the native bridge is not integrated yet', figures: [], cRingLoop: new Map(), ratios: [] };
}
