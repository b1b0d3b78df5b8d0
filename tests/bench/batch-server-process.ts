/**
 * The local batch server in a process of its own, for the batch benchmark: the client's memory is then
 * measured without the server's (it holds every job's results zip until the job is deleted).
 * argv[2]: the BatchServerOptions as JSON. Prints AZURE_BATCH_URL=… when listening; on SIGTERM prints
 * COUNTERS=<json> and exits.
 */
import { startBatchServer, type BatchServerOptions } from '../support/azure-batch-server';

const server = await startBatchServer(JSON.parse(process.argv[2] ?? '{}') as BatchServerOptions);
process.stdout.write(`AZURE_BATCH_URL=${server.url}\n`);
process.on('SIGTERM', () => {
  const counters = server.counters();
  void server.close().then(() => {
    process.stdout.write(`COUNTERS=${JSON.stringify(counters)}\n`, () => process.exit(0));
  });
});
