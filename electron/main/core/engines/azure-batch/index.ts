/** Azure batch synthesis as an engine (see README.md). */
export { AzureBatchEngine, BATCH_POOL_OPTIONS, batchEndpoint, describeBatchStats, type AzureBatchEngineOptions } from './azure-batch-engine';
export { BatchCoordinator, batchOutputFormat, inputKey, type BatchStats } from './batch-coordinator';
export { BatchRestClient, BATCH_API_VERSION, retryAfterMs, type RemoteBatchJob } from './batch-rest-client';
export { BatchJobStore, BATCH_JOBS_FILE, type StoredJob } from './job-store';
export { readResultArchive, ResultArchiveReader, type InputOutcome } from './result-archive';
export { DEFAULT_LIMITS, SERVICE_LIMITS, splitIntoJobs, type BatchLimits } from './split-jobs';
export { JobBoard } from './job-board';
