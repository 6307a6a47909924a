/** npm run bench:devices — entry point (the module itself is importable without side effects). */
import { main } from './devices';

main().catch((e) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
