// Registers the passes that read target capabilities under their CLI names:
// check-target (which ops the NPU cannot run), partition (NPU and CPU
// segments) and lower-to-nir (NPU segments from tosa to nir).

import { lookupPass, registerPass } from '../ir/pass.js';
import { checkTargetPass } from './check-target.js';
import { partitionPass } from './partition.js';
import { lowerToNirPass } from '../codegen/lower-to-nir.js';

export function registerTargetPasses(): void {
  for (const p of [checkTargetPass, partitionPass, lowerToNirPass]) if (!lookupPass(p.name)) registerPass(p);
}

registerTargetPasses();
