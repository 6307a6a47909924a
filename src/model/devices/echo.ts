/**
 * The echo/checksum device's job, identical to the native device's (native-bridge
 * csrc/dev_echo.c): write the FNV-1a-64 of every device-readable byte (8 bytes, little
 * endian) into the writable buffers, then copy the readable bytes after it as far as
 * they fit. Used length = bytes written. Same job on both sides makes model and native
 * memory comparable byte for byte.
 */

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

export function fnv1a64(bytes: Uint8Array): bigint {
  let h = FNV64_OFFSET;
  for (let i = 0; i < bytes.length; i++) {
    h ^= BigInt(bytes[i]);
    h = (h * FNV64_PRIME) & MASK64;
  }
  return h;
}

/** The bytes the echo device writes for a chain whose readable part is `readable`. */
export function echoResponse(readable: Uint8Array, writableBytes: number): Uint8Array {
  const out = new Uint8Array(Math.min(writableBytes, 8 + readable.length));
  const hash = new Uint8Array(8);
  new DataView(hash.buffer).setBigUint64(0, fnv1a64(readable), true);
  out.set(hash.subarray(0, Math.min(8, out.length)));
  if (out.length > 8) out.set(readable.subarray(0, out.length - 8), 8);
  return out;
}
