// check-target: marks which ops of a target-legal tosa module the target's
// NPU executes. Each op it cannot gets a remark naming the op and the missing
// capability (src/targets/support.ts); with `no-cpu-fallback` the first such
// op is an error instead, with a note counting the others. Until partitioning
// exists, the ops it reports are the ones that will form CPU segments. The
// pass never changes the IR.

import { Diagnostic } from '../ir/diagnostics.js';
import type { Operation } from '../ir/operation.js';
import type { PassDef } from '../ir/pass.js';
import { lookupTarget, targetNames } from './registry.js';
import { isMemoryOp, unsupportedReason } from './support.js';

export const checkTargetPass: PassDef = {
  name: 'check-target',
  summary: "Report the ops a target's NPU cannot execute and the capability each lacks",
  anchor: 'builtin.module',
  options: {
    target: { type: 'string', default: '', description: `Target name (${targetNames().join(', ')})` },
    'no-cpu-fallback': { type: 'bool', default: false, description: 'Make an op the NPU cannot execute an error' },
  },
  statistics: {
    'num-npu-ops': 'Ops the NPU executes (constants and reshapes not counted)',
    'num-cpu-ops': 'Ops left to the CPU (see --pass-remarks)',
  },
  run(module, ctx) {
    const name = ctx.options.target as string;
    const caps = lookupTarget(name);
    if (!caps) {
      return ctx.fail(new Diagnostic('error', `check-target: unknown target '${name}' (known targets: ${targetNames().join(', ')})`, module.loc));
    }
    const cpu: { op: Operation; reason: string }[] = [];
    module.walk((op) => {
      if (!op.name.startsWith('tosa.') || isMemoryOp(op)) return;
      const reason = unsupportedReason(op, caps);
      if (reason === null) {
        ctx.stat('num-npu-ops');
        return;
      }
      cpu.push({ op, reason });
      ctx.stat('num-cpu-ops');
      ctx.remark(op, `'${op.name}' runs on the CPU (target '${caps.name}': ${reason})`);
    });
    if (cpu.length && (ctx.options['no-cpu-fallback'] as boolean)) {
      const d = new Diagnostic('error', `target '${caps.name}' cannot run '${cpu[0]!.op.name}': ${cpu[0]!.reason} (--no-cpu-fallback)`, cpu[0]!.op.loc);
      if (cpu.length > 1) d.attachNote(`${cpu.length - 1} more op${cpu.length > 2 ? 's' : ''} the NPU cannot run (see --pass-remarks)`);
      ctx.fail(d);
    }
    return false;
  },
};
