// Registers the passes that read target capabilities under their CLI names:
// check-target (which ops the NPU cannot run) and partition (NPU and CPU
// segments).

import { lookupPass, registerPass } from '../ir/pass.js';
import { checkTargetPass } from './check-target.js';
import { partitionPass } from './partition.js';

export function registerTargetPasses(): void {
  for (const p of [checkTargetPass, partitionPass]) if (!lookupPass(p.name)) registerPass(p);
}

registerTargetPasses();
