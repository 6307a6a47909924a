import type { DesignId } from '../types';
import type { WalkDesign } from './design';
import { LISAFS } from './lisafs';
import { VFS1 } from './vfs1';
import { VFS2_9P } from './vfs2-9p';

export type { DesignResult, WalkDesign } from './design';
export { LISAFS, VFS1, VFS2_9P };

export const DESIGNS: Record<DesignId, WalkDesign> = { vfs1: VFS1, 'vfs2-9p': VFS2_9P, lisafs: LISAFS };
