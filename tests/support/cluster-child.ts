// A process that starts a throwaway cluster, says where, and waits to be killed
// (tests/unit/pg-cluster-cleanup.test.ts kills it with SIGKILL, as a killed test run would be).
import { startCluster } from './pg-cluster.ts';

const cluster = await startCluster();
process.stdout.write(`${JSON.stringify({ dir: cluster.dir })}\n`);
setInterval(() => undefined, 60_000);
