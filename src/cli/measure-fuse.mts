/** npm run measure:fuse — measure real FUSE path-walk counts on virtiofsd and write them for the gofer view. */
import { writeFileSync } from 'node:fs';
import { FUSE_COUNTS_FILE, measureFuseCounts } from '../../native-bridge/src/vhost-user/fuse-counts.ts';

const data = await measureFuseCounts();
writeFileSync(FUSE_COUNTS_FILE, `${JSON.stringify(data, null, 2)}\n`);
process.stdout.write(
  `wrote ${FUSE_COUNTS_FILE}: ${Object.entries(data.counts)
    .map(([k, v]) => `${k} ${v.count}`)
    .join(', ')}\n`,
);
