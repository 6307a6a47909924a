#!/usr/bin/env node
/**
 * npm start's server: serves dist/ with cross-origin isolation and prints the URL. PORT, HOST
 * from the environment. Without PORT a taken 4173 moves on to the next free port (and says so);
 * with PORT set, a taken port is an error in one line.
 */
import { startServer } from './static-server.mjs';

const asked = process.env.PORT !== undefined;
const want = Number(process.env.PORT ?? 4173);
if (!Number.isInteger(want) || want < 0 || want > 65535) {
  process.stderr.write(`serve: PORT=${process.env.PORT} is not a port number (0 to 65535)\n`);
  process.exit(1);
}
try {
  const server = await startServer(want, undefined, null, { fallback: !asked });
  const { address, port } = server.address();
  if (port !== want && want !== 0) process.stdout.write(`Port ${want} is in use, so Ringside took ${port}.\n`);
  process.stdout.write(`Ringside is running at http://${address}:${port}/  (Ctrl+C to stop)\n`);
} catch (e) {
  process.stderr.write(`serve: ${e.message}\n`);
  process.exit(1);
}
