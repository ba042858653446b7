// Registers the passes that read target capabilities under their CLI names.

import { lookupPass, registerPass } from '../ir/pass.js';
import { checkTargetPass } from './check-target.js';

export function registerTargetPasses(): void {
  for (const p of [checkTargetPass]) if (!lookupPass(p.name)) registerPass(p);
}

registerTargetPasses();
