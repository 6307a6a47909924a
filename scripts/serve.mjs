#!/usr/bin/env node
/** npm start's server: serves dist/ with cross-origin isolation and prints the URL. PORT, HOST from the environment. */
import { startServer } from './static-server.mjs';

try {
  const server = await startServer();
  const { address, port } = server.address();
  process.stdout.write(`Ringside is running at http://${address}:${port}/  (Ctrl+C to stop)\n`);
} catch (e) {
  process.stderr.write(`serve: ${e.message}\n`);
  process.exit(1);
}
