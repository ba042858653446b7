// The vipnano backend as the rest of npuc sees it (src/codegen/backend.ts):
// the segment encoder with the NN and TP job encoders, the executor with the
// two cores, the listings and the cost model, registered in
// src/targets/backends.ts.

import type { TargetBackend } from '../../codegen/backend.js';
import { costJob, estimateCost } from './cost.js';
import { disassemble, disassembleJob, disassembleJson } from './disasm.js';
import { encodeSegmentWith, type JobEncoders } from './encode.js';
import { executeJobWith, type JobExecutors } from './execute.js';
import { REGION } from './job.js';
import { encodeNnJob } from './nn-encode.js';
import { executeNnJob } from './nn-execute.js';
import { encodeTpJob } from './tp-encode.js';
import { executeTpJob } from './tp-execute.js';

export const VIPNANO_ENCODERS: JobEncoders = { NN: encodeNnJob, TP: encodeTpJob };
export const VIPNANO_CORES: JobExecutors = { NN: executeNnJob, TP: executeTpJob };

export const vipnanoBackend: TargetBackend = {
  name: 'vipnano',
  encodeSegment: (fn) => encodeSegmentWith(fn, VIPNANO_ENCODERS),
  regionIndex: (kind) => REGION[kind],
  execute: (job) => executeJobWith(job, VIPNANO_CORES),
  disassemble,
  disassembleJson,
  cost: estimateCost,
  disassembleJob,
  costJob,
};
