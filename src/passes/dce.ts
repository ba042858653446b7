// dce: erases ops without side effects whose results are unused, walking each
// block backwards so that chains of dead ops go in one sweep.

import type { PassDef } from '../ir/pass.js';
import type { Block } from '../ir/operation.js';
import { isTriviallyDead } from '../ir/rewrite.js';

export const dcePass: PassDef = {
  name: 'dce',
  summary: 'Erase side-effect-free ops whose results are unused',
  anchor: 'builtin.module',
  statistics: { 'num-erased': 'Dead ops erased' },
  run(module, ctx) {
    let changed = false;
    const visitBlock = (block: Block): void => {
      for (let op = block.last; op; ) {
        const prev = op.prev;
        for (const region of op.regions) for (const b of region.blocks) visitBlock(b);
        if (isTriviallyDead(op)) {
          op.erase();
          ctx.stat('num-erased');
          changed = true;
        }
        op = prev;
      }
    };
    for (const region of module.regions) for (const b of region.blocks) visitBlock(b);
    return changed;
  },
};
