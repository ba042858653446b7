// A stand-in NPU backend for testing pack (src/codegen/pack.ts) and the
// runtime (src/runtime/run-blob.ts) without a real target: its "command
// stream" is the segment's nir function printed as MLIR text, and `execute`
// parses that text back and runs the nir evaluator's intrinsics over the
// regions it is handed. It models no hardware and encodes nothing; it exists
// only so that tests can check the blob bookkeeping (tensor table, bindings,
// region contents, data flow between segments) bit-exactly against
// evaluating the lowered module directly.
//
// Regions are numbered as ethos-u55 numbers them: 0 coefficients, 1 io,
// 2 scratch. The coefficients region's contents are the nir.constant values,
// written by pack into the blob; `execute` does not write constants again,
// so a blob whose region data got lost would compute garbage. `nir.input`
// and `nir.output` are skipped: the runtime itself writes inputs into, and
// reads outputs from, the regions at the bindings pack recorded.

import '../../src/dialects/index.js';
import { BackendError, type EncodedRegion, type NpuJob, type TargetBackend } from '../../src/codegen/backend.js';
import { DiagnosticError } from '../../src/ir/diagnostics.js';
import type { Operation, Value } from '../../src/ir/operation.js';
import { parseModule } from '../../src/ir/parser.js';
import { printOp } from '../../src/ir/printer.js';
import { MemBuffer, MemRegion, type RegionKind } from '../../src/dialects/nir/memory.js';
import { INTRINSICS, bufferInfoOf, regionInfoOf } from '../../src/dialects/nir/views.js';

export const TEST_REGION_INDEX: Readonly<Record<RegionKind, number>> = { coefficients: 0, io: 1, scratch: 2 };

/** Ops that count as one operation of the "command stream" (for debug locations). */
const isOperation = (op: Operation): boolean => INTRINSICS.has(op.name) || op.name === 'nir.fill';

function bodyOf(fn: Operation): Operation[] {
  const body = fn.regions[0]?.blocks[0];
  if (!body) throw new BackendError('the segment has no body');
  return body.ops;
}

function encodeSegment(fn: Operation) {
  const ops = bodyOf(fn);
  const regions: EncodedRegion[] = [];
  for (const op of ops) {
    const info = regionInfoOf(op);
    if (!info) continue;
    let contents: Uint8Array | null = null;
    if (info.kind === 'coefficients') {
      // The constants' bytes, as nir.constant's evaluation lays them out.
      const mem = new MemRegion(info.kind, info.size);
      for (const c of ops) if (c.name === 'nir.constant' && c.operand(0) === op.result()) c.def!.eval!(c, [mem]);
      contents = mem.bytes;
    }
    regions.push({ index: TEST_REGION_INDEX[info.kind], kind: info.kind, size: info.size, contents });
  }
  return {
    commandStream: new TextEncoder().encode(printOp(fn, { debugInfo: true })),
    regions,
    opLocations: ops.filter(isOperation).map((op) => (op.loc.kind === 'loc_unknown' ? '' : op.loc.toString())),
  };
}

function execute(job: NpuJob): void {
  const text = new TextDecoder().decode(job.commandStream);
  let module: Operation;
  try {
    module = parseModule(text, { file: '<command stream>' });
  } catch (e) {
    throw new BackendError(`malformed command stream: ${(e as Error).message}`);
  }
  const fn = module.regions[0]!.blocks[0]!.first!;
  const env = new Map<Value, unknown>();
  const bound: [Uint8Array, MemRegion][] = [];
  for (const op of bodyOf(fn)) {
    if (op.name === 'func.return') break;
    if (op.name === 'nir.input' || op.name === 'nir.output') continue;
    const operands = op.operands.map((v) => env.get(v));
    let results: unknown[];
    if (op.name === 'nir.region') {
      const info = regionInfoOf(op)!;
      const bytes = job.regions[TEST_REGION_INDEX[info.kind]];
      if (!bytes || bytes.length !== info.size) throw new BackendError(`region '${info.kind}' of ${info.size} bytes is missing or has ${bytes?.length} bytes`);
      const mem = new MemRegion(info.kind, info.size);
      mem.bytes.set(bytes);
      bound.push([bytes, mem]);
      results = [mem];
    } else if (op.name === 'nir.constant') {
      const info = bufferInfoOf(op)!;
      results = [new MemBuffer(operands[0] as MemRegion, info.offset, info.size)];
    } else {
      try {
        results = op.def!.eval!(op, operands);
      } catch (e) {
        if (e instanceof DiagnosticError) throw e;
        throw new BackendError(`'${op.name}' failed: ${(e as Error).message}`);
      }
    }
    op.results.forEach((r, i) => env.set(r, results[i]));
  }
  for (const [bytes, mem] of bound) bytes.set(mem.bytes);
}

/** The test backend under a target's name (pack checks that segments were partitioned for it). */
export function nirTestBackend(name: string): TargetBackend {
  return {
    name,
    encodeSegment,
    regionIndex: (kind) => TEST_REGION_INDEX[kind],
    execute,
    disassemble: (commandStream) => new TextDecoder().decode(commandStream),
    disassembleJson: (commandStream) => ({ text: new TextDecoder().decode(commandStream) }),
    cost: () => {
      const zero = { kind: 'TOTAL', location: '', macs: 0, computeCycles: 0, memoryCycles: 0, totalCycles: 0, bytes: { ifm: 0, ifm2: 0, weights: 0, scales: 0, ofm: 0 } };
      return { configuration: 'nir test backend (no cost model)', clockHz: 1, operations: [], total: zero };
    },
  };
}
