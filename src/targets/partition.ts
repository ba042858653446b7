// partition: splits each function of a target-legal tosa module into NPU and
// CPU segments. Each segment becomes a private function of its own (tagged
// `npuc.segment = "npu" | "cpu"` and `npuc.target`), and the original
// function becomes a sequence of `func.call`s and its return. NPU segments
// are what the lowering to `nir` will consume; CPU segments stay `tosa` and
// run on the reference evaluator.
//
// Rules, for each function with a body that is not a segment already:
// - Classification. A tosa op runs on the NPU when the target can execute it
//   (`unsupportedReason` is null, src/targets/support.ts) and on the CPU
//   otherwise. Constants and views (const, const_shape, reshape, identity)
//   need no operation and are not classified on their own.
// - Segments are the maximal runs of consecutive classified ops of the same
//   kind, in program order (which is topological). No op is reordered.
// - Constants (const, const_shape, and views of constants) are cloned into
//   every segment that uses them, never passed as arguments; the caller keeps
//   them only when it still uses them (its return).
// - A view (reshape, identity) whose input is produced by the segment being
//   built when the view is reached joins that segment. Otherwise it waits and
//   joins the segment of its first user in program order; a view no segment
//   op uses (one the return uses, or a dead one) joins the last segment.
// - Arguments of a segment are the values defined outside it and used inside
//   (block arguments, results of earlier segments), in order of first use;
//   results are the values defined inside it and used outside it (by later
//   segments or by the return), in order of definition.
// - Segment k of function @f (k counts all of @f's segments from 0, whatever
//   their kind) is `@f_npu<k>` or `@f_cpu<k>`, placed after @f; a name already
//   taken gets a `_<n>` suffix.
// - A function holding ops outside the tosa dialect (calls, other dialects)
//   is left alone, with a remark; so running the pass twice changes nothing.
//
// Evaluating the partitioned module gives bit-identical results: every op
// keeps its operands, attributes and order, only its function changes.

import { StringAttr, SymbolRefAttr } from '../ir/attributes.js';
import { Builder } from '../ir/builder.js';
import { Diagnostic } from '../ir/diagnostics.js';
import { BlockArgument, Operation, type Block, type Value } from '../ir/operation.js';
import type { PassContext, PassDef } from '../ir/pass.js';
import type { TargetCapabilities } from './capabilities.js';
import { lookupTarget, targetNames } from './registry.js';
import { isMemoryOp, unsupportedReason } from './support.js';

export type SegmentKind = 'npu' | 'cpu';

/** Attribute naming a segment function's kind (`"npu"` or `"cpu"`). */
export const SEGMENT_ATTR = 'npuc.segment';
/** Attribute naming the target a segment function was partitioned for. */
export const SEGMENT_TARGET_ATTR = 'npuc.target';

/** The kind of a segment function made by this pass, or null for any other op. */
export function segmentKindOf(fn: Operation): SegmentKind | null {
  const kind = fn.attr(SEGMENT_ATTR);
  return kind instanceof StringAttr && (kind.value === 'npu' || kind.value === 'cpu') ? kind.value : null;
}

const CONSTANTS = new Set(['tosa.const', 'tosa.const_shape']);

interface Classified {
  readonly op: Operation;
  /** Why the NPU cannot run it; null for an NPU op. */
  readonly reason: string | null;
}

interface Segment {
  readonly kind: SegmentKind;
  /** The ops moved into the segment, views included, in an order where each op follows its operands. */
  readonly ops: Operation[];
  /** The classified ops among them, in program order. */
  readonly classified: Classified[];
}

interface Plan {
  readonly fn: Operation;
  readonly body: Block;
  readonly segments: Segment[];
  /** Ops cloned into each segment that uses them. */
  readonly constants: ReadonlySet<Operation>;
}

function isView(op: Operation): boolean {
  return isMemoryOp(op) && !CONSTANTS.has(op.name);
}

/** The segments of `fn`, or a reason to leave it alone; null when it has nothing to partition. */
function planFunction(fn: Operation, caps: TargetCapabilities): Plan | { skip: string } | null {
  const body = fn.regions[0]?.blocks[0];
  if (!body || fn.attr(SEGMENT_ATTR) !== undefined) return null;
  const terminator = body.terminator;
  for (const op of body) {
    if (op !== terminator && !op.name.startsWith('tosa.')) return { skip: `it holds '${op.name}', which is not a tosa op` };
  }

  // Constants, and views whose operands are all constants.
  const constants = new Set<Operation>();
  for (const op of body) {
    if (CONSTANTS.has(op.name) || (isView(op) && op.operands.every((v) => v.definingOp !== null && constants.has(v.definingOp)))) constants.add(op);
  }

  const segments: Segment[] = [];
  const segmentOf = new Map<Operation, Segment>();
  const waiting = new Set<Operation>();
  let open: Segment | null = null;
  // Places `op` in `seg` after the waiting views it reads.
  const place = (op: Operation, seg: Segment): void => {
    for (const v of op.operands) {
      const d = v.definingOp;
      if (d && waiting.has(d)) {
        waiting.delete(d);
        place(d, seg);
      }
    }
    seg.ops.push(op);
    segmentOf.set(op, seg);
  };
  for (const op of body) {
    if (op === terminator || constants.has(op)) continue;
    if (isView(op)) {
      const producer = op.operand(0).definingOp;
      if (open && producer && segmentOf.get(producer) === open) place(op, open);
      else waiting.add(op);
      continue;
    }
    const reason = unsupportedReason(op, caps);
    const kind: SegmentKind = reason === null ? 'npu' : 'cpu';
    if (!open || open.kind !== kind) {
      open = { kind, ops: [], classified: [] };
      segments.push(open);
    }
    place(op, open);
    open.classified.push({ op, reason });
  }
  if (!open) return null;
  for (const view of [...waiting]) if (waiting.has(view)) place(view, open);
  waiting.clear();
  return { fn, body, segments, constants };
}

/** `n` things, singular or plural. */
function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** `2 x tosa.conv2d, 1 x tosa.rescale`, with the CPU reason after each group of CPU ops. */
function summarize(classified: readonly Classified[]): string {
  const groups = new Map<string, number>();
  for (const { op, reason } of classified) {
    const key = reason === null ? op.name : `${op.name} (${reason})`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([key, n]) => `${n} x ${key}`).join(', ');
}

/** Symbol names already used in `block` (a symbol table's body). */
function symbolNames(block: Block): Set<string> {
  const names = new Set<string>();
  for (const op of block) {
    const n = op.attr('sym_name');
    if (n instanceof StringAttr) names.add(n.value);
  }
  return names;
}

/** Outlines each segment of `plan` into a function and rewrites the original function into calls. */
function outline(plan: Plan, caps: TargetCapabilities, taken: Set<string>, ctx: PassContext): void {
  const { fn, body, segments, constants } = plan;
  const fnName = (fn.attr('sym_name') as StringAttr).value;
  const moduleBody = fn.parent!;
  const terminator = body.terminator!;
  /** Original value -> the call result that replaces it in the caller. */
  const replaced = new Map<Value, Value>();
  let after: Operation = fn;

  segments.forEach((seg, k) => {
    const inside = new Set(seg.ops);
    const args: Value[] = [];
    const seen = new Set<Value>();
    for (const op of seg.ops) {
      for (const v of op.operands) {
        const d = v.definingOp;
        if (seen.has(v) || (d && (inside.has(d) || constants.has(d)))) continue;
        seen.add(v);
        args.push(v);
      }
    }
    const results: Value[] = [];
    for (const op of seg.ops) for (const r of op.results) if (r.users.some((u) => !inside.has(u))) results.push(r);

    let name = `${fnName}_${seg.kind}${k}`;
    for (let n = 1; taken.has(name); n++) name = `${fnName}_${seg.kind}${k}_${n}`;
    taken.add(name);

    const loc = seg.classified[0]!.op.loc;
    const b = new Builder();
    b.loc = loc;
    if (after.next) b.setInsertionPointBefore(after.next);
    else b.setInsertionPointToEnd(moduleBody);
    const segFn = b.func(
      name,
      args.map((v) => v.type),
      results.map((v) => v.type),
      { visibility: 'private' },
    );
    segFn.op.setAttr(SEGMENT_ATTR, new StringAttr(seg.kind));
    segFn.op.setAttr(SEGMENT_TARGET_ATTR, new StringAttr(caps.name));
    after = segFn.op;

    const mapping = new Map<Value, Value>();
    args.forEach((v, i) => mapping.set(v, segFn.args[i]!));
    segFn.body.args.forEach((a, i) => {
      const v = args[i]!;
      a.loc = v instanceof BlockArgument ? v.loc : v.definingOp!.loc;
    });
    // Constants are cloned before their first use in the segment.
    const materialize = (v: Value): void => {
      if (mapping.has(v)) return;
      const d = v.definingOp;
      if (!d || !constants.has(d)) throw new Error(`partition: value used by segment @${name} has no mapping`);
      for (const o of d.operands) materialize(o);
      segFn.body.append(d.clone(mapping));
    };
    for (const op of seg.ops) {
      for (const v of op.operands) materialize(v);
      segFn.body.append(op.clone(mapping));
    }
    b.return(results.map((r) => mapping.get(r)!));

    const call = new Operation({
      name: 'func.call',
      operands: args.map((v) => replaced.get(v) ?? v),
      resultTypes: results.map((r) => r.type),
      properties: [['callee', new SymbolRefAttr(name)]],
      loc,
    });
    body.insertBefore(call, terminator);
    results.forEach((r, i) => replaced.set(r, call.result(i)));

    const ops = seg.classified.length;
    ctx.stat(seg.kind === 'npu' ? 'num-npu-segments' : 'num-cpu-segments');
    ctx.stat(seg.kind === 'npu' ? 'num-npu-ops' : 'num-cpu-ops', ops);
    const views = seg.ops.length - ops;
    ctx.remark(
      call,
      `segment @${name} runs ${count(ops, 'op')} on the ${seg.kind.toUpperCase()}: ${summarize(seg.classified)}` +
        `${views ? ` (and ${count(views, 'view')})` : ''}; ${count(args.length, 'argument')}, ${count(results.length, 'result')}`,
    );
  });

  // The caller: uses of segment results read the calls' results; the moved
  // ops go, and so do the constants nothing uses any more.
  for (const [orig, now] of replaced) orig.replaceAllUsesWith(now);
  const moved = segments.flatMap((s) => s.ops);
  for (const op of moved) op.dropAllReferences();
  for (const op of moved) op.remove();
  for (let op = body.last; op; ) {
    const prev: Operation | null = op.prev;
    if (constants.has(op) && op.results.every((r) => !r.hasUses)) op.erase();
    op = prev;
  }
}

export const partitionPass: PassDef = {
  name: 'partition',
  summary: "Outline each function into NPU and CPU segments for a target, called in order from the original function",
  anchor: 'builtin.module',
  options: {
    target: { type: 'string', default: '', description: `Target name (${targetNames().join(', ')}); required` },
    'no-cpu-fallback': { type: 'bool', default: false, description: 'Make an op the NPU cannot execute an error instead of a CPU segment' },
  },
  statistics: {
    'num-npu-segments': 'NPU segments outlined',
    'num-cpu-segments': 'CPU segments outlined',
    'num-npu-ops': 'Ops in NPU segments (constants and views not counted)',
    'num-cpu-ops': 'Ops in CPU segments (constants and views not counted)',
  },
  run(module, ctx) {
    const name = ctx.options.target as string;
    const known = targetNames().join(', ');
    if (name === '') return ctx.fail(new Diagnostic('error', `partition: the 'target' option is required (known targets: ${known})`, module.loc));
    const caps = lookupTarget(name);
    if (!caps) return ctx.fail(new Diagnostic('error', `partition: unknown target '${name}' (known targets: ${known})`, module.loc));
    const moduleBody = module.regions[0]?.blocks[0];
    if (!moduleBody) return false;

    const plans: Plan[] = [];
    for (const fn of moduleBody.ops) {
      if (fn.name !== 'func.func') continue;
      const plan = planFunction(fn, caps);
      if (plan === null) continue;
      if ('skip' in plan) {
        ctx.remark(fn, `function not partitioned: ${plan.skip}`);
        continue;
      }
      plans.push(plan);
    }

    if (ctx.options['no-cpu-fallback'] as boolean) {
      const cpu = plans.flatMap((p) => p.segments.flatMap((s) => s.classified.filter((c) => c.reason !== null)));
      if (cpu.length) {
        for (const c of cpu) ctx.remark(c.op, `'${c.op.name}' cannot run on the NPU (target '${caps.name}': ${c.reason})`);
        const first = cpu[0]!;
        const d = new Diagnostic('error', `target '${caps.name}' cannot run '${first.op.name}': ${first.reason} (--no-cpu-fallback)`, first.op.loc);
        if (cpu.length > 1) d.attachNote(`${cpu.length - 1} more op${cpu.length > 2 ? 's' : ''} the NPU cannot run (see --pass-remarks)`);
        return ctx.fail(d);
      }
    }

    const taken = symbolNames(moduleBody);
    for (const plan of plans) outline(plan, caps, taken, ctx);
    return plans.length > 0;
  },
};
