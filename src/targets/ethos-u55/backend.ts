// The ethos-u55 backend as the rest of npuc sees it (src/codegen/backend.ts):
// the encoder, the executor, the disassembler and the cost model of this
// folder behind one object, registered in src/targets/backends.ts.

import type { TargetBackend } from '../../codegen/backend.js';
import { estimateCost } from './cost.js';
import { decodeCommands, decodeOperations } from './decode.js';
import { disassemble, disassembleJson } from './disasm.js';
import { encodeSegment } from './encode.js';
import { executeJob } from './execute.js';
import { REGION } from './registers.js';

export const ethosU55Backend: TargetBackend = {
  name: 'ethos-u55',
  encodeSegment,
  regionIndex: (kind) => REGION[kind],
  execute: executeJob,
  disassemble,
  disassembleJson,
  cost: (stream, locations) => estimateCost(decodeOperations(decodeCommands(stream)), locations),
};
