/** Named presets a UI can list: the review's deadlock, its two fixes, and two contrasts. */
import { DEFAULT_VP_CONFIG } from './config';
import { PACKET_DATA } from './packet';
import type { VirtproxyConfig } from './types';
import { aliceBobMaryJoe, buildScripts, type Workload } from './workload';

export interface VirtproxyScenario {
  id: string;
  title: string;
  description: string;
  workload: Workload;
  config: VirtproxyConfig;
  seed: number;
}

/** The same two conversations without Joe's dependency on Bob. */
function independent(): Workload {
  const w = aliceBobMaryJoe();
  return buildScripts(w.processes, w.connections, [
    { kind: 'message', conn: 1, toGuest: true, bytes: 4096, label: 'Mary’s upload' },
    { kind: 'message', conn: 0, toGuest: true, bytes: 40, label: 'Alice’s request' },
    { kind: 'message', conn: 1, toGuest: false, bytes: 16, label: 'Joe’s receipt' },
    { kind: 'message', conn: 0, toGuest: false, bytes: 16, label: 'Bob’s answer' },
  ]);
}

export const VIRTPROXY_SCENARIOS: VirtproxyScenario[] = [
  {
    id: 'review-deadlock',
    title: 'One channel, no flow control: deadlock',
    description:
      'Alice and Mary on the host talk to Bob and Joe in the guest through one shared channel. Mary uploads a lot to Joe, but Joe reads nothing until Bob tells him to, and Bob waits for Alice’s request. The guest demultiplexer fills Joe’s socket and blocks writing the next packet; the channel behind it fills up; the host multiplexer blocks; Alice’s small request never gets through. Every participant waits for the next one around a circle, which the model finds in its wait-for graph.',
    workload: aliceBobMaryJoe(),
    config: { ...DEFAULT_VP_CONFIG, mode: 'shared' },
    seed: 1,
  },
  {
    id: 'review-ports',
    title: 'Fix 1: a dedicated queue per stream',
    description:
      'The same conversations, but each connection has its own virtio-serial port, so its own queue and reader in each direction. Joe’s full socket now stalls only Mary’s port. Alice’s request travels on Bob’s port, Bob tells Joe to go ahead, Joe drains his socket and Mary’s upload resumes.',
    workload: aliceBobMaryJoe(),
    config: { ...DEFAULT_VP_CONFIG, mode: 'ports' },
    seed: 1,
  },
  {
    id: 'review-credit',
    title: 'Fix 2: per-stream credit, as in virtio-vsock',
    description:
      'One shared channel again, but each connection follows virtio-vsock’s credit rules: every packet carries the sender’s buf_alloc and fwd_cnt, and a sender may have at most peer_buf_alloc − (tx_cnt − peer_fwd_cnt) bytes unconsumed at the receiver. Mary runs out of credit once Joe’s buffer is full, so the demultiplexer never has to block, and Alice’s request passes. CREDIT_UPDATE and CREDIT_REQUEST packets show up on the channel.',
    workload: aliceBobMaryJoe(),
    config: { ...DEFAULT_VP_CONFIG, mode: 'credit' },
    seed: 1,
  },
  {
    id: 'no-dependency',
    title: 'Shared channel without the dependency',
    description:
      'The same shared channel and the same big upload, but Joe reads Mary’s data without waiting for Bob. The demultiplexer still blocks whenever Joe’s socket is full, and Alice’s request waits behind Mary’s packets, yet everything completes: head-of-line blocking alone is slow, not fatal. The deadlock needs the cycle through Bob.',
    workload: independent(),
    config: { ...DEFAULT_VP_CONFIG, mode: 'shared' },
    seed: 1,
  },
  {
    id: 'tight-credit',
    title: 'Credit with a one-packet window',
    description:
      'Credit mode with socket buffers (and so buf_alloc) of a single packet’s payload. The sender can have only one packet’s worth of data unconsumed, so almost every data packet is followed by a CREDIT_UPDATE travelling back. Nothing deadlocks, but count the control packets: small windows cost round trips.',
    workload: aliceBobMaryJoe(),
    config: { ...DEFAULT_VP_CONFIG, mode: 'credit', sockBufBytes: PACKET_DATA },
    seed: 1,
  },
];
