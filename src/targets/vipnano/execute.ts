// The vipnano executor: reads the kick list (kick-list.ts, checked against
// region 0's size), then kicks each job in order, to completion: its
// descriptor is read from region 0 and run by the core of its kind. The
// cores are passed in (backend.ts binds the NN and TP executors). Each core
// checks its own accesses before it writes; every problem is a BackendError.

import { BackendError, type NpuJob } from '../../codegen/backend.js';
import { REGION, type JobKind } from './job.js';
import { descriptorAt, readKickList } from './kick-list.js';

export type JobExecutor = (descriptor: Uint32Array, regions: readonly (Uint8Array | undefined)[]) => void;
export type JobExecutors = Readonly<Record<JobKind, JobExecutor>>;

export function executeJobWith(job: NpuJob, cores: JobExecutors): void {
  const coefficients = job.regions[REGION.coefficients];
  const kicks = readKickList(job.commandStream, coefficients?.length ?? 0);
  if (kicks.length > 0 && !coefficients) throw new BackendError('vipnano job: the descriptors need region 0, which the job does not have');
  kicks.forEach((kick, i) => {
    try {
      cores[kick.kind](descriptorAt(coefficients!, kick), job.regions);
    } catch (e) {
      if (e instanceof BackendError) throw new BackendError(`vipnano job ${i} (${kick.kind}): ${e.message}`);
      throw e;
    }
  });
}
