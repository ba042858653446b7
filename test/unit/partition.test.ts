// The partition pass on real models: every model of the zoo
// (test/support/onnx-model-builder.ts) in its QDQ forms (uint8 and int8
// activations, per-channel and per-tensor weights), its QOperator forms and
// its float form, plus a MobileNetV2-like network at 32x32, is imported,
// legalized to tosa (`--emit tosa`) and, for every target, made target-legal
// by the target's derived pipeline (targetPipeline, run in full). That
// module is evaluated on a seeded input, partitioned for the target and
// evaluated again: the outputs must be bit-identical (floats by bit
// pattern), and the partitioned module must have the expected shape: an NPU
// segment at least (none for float models: no NPU here computes on floats),
// NPU segments holding only ops the target runs and CPU segments only ops it
// cannot, no two segments of one kind in a row, the original function left
// with calls, constants and its return, and statistics that count them.

import { afterAll, describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { importOnnxModel } from '../../src/frontends/onnx/import.js';
import { StringAttr, SymbolRefAttr } from '../../src/ir/attributes.js';
import type { Operation } from '../../src/ir/operation.js';
import { PassManager, parsePipeline } from '../../src/ir/pass.js';
import { Tensor } from '../../src/ir/tensor.js';
import { f32 } from '../../src/ir/types.js';
import { targetPipeline } from '../../src/targets/pipeline.js';
import { knownTargets } from '../../src/targets/registry.js';
import { isMemoryOp, unsupportedReason } from '../../src/targets/support.js';
import type { TargetCapabilities } from '../../src/targets/capabilities.js';
import { evalFunction, functionsOf } from './support/interp.js';
import type { BuiltModel } from '../support/onnx-model-builder.js';
import { expectsNpuWork, ALL_ZOO_FORMS, mobilenetCase, zooCases } from '../support/zoo-cases.js';

interface ModelCase {
  name: string;
  build: () => BuiltModel;
  /** Float models have no NPU work on any target. */
  float?: boolean;
}

const models: (ModelCase & { model: string })[] = [...zooCases(ALL_ZOO_FORMS).map((c) => ({ ...c, float: c.form === 'float' })), mobilenetCase];

function runPasses(module: Operation, pipeline: string): { statistics: Map<string, number> } {
  const report = new PassManager(parsePipeline(pipeline), { log: () => {} }).run(module);
  return { statistics: report.statistics.at(-1)!.values };
}

function evaluate(module: Operation, inputs: readonly Tensor[]): Tensor[] {
  return evalFunction(functionsOf(module).get('main')!, inputs) as Tensor[];
}

/** Elements as comparable bits: floats by bit pattern, integers as stored. */
function bitsOf(t: Tensor): ArrayLike<number | bigint> {
  const d = t.data;
  if (d instanceof Float32Array) return new Uint32Array(d.buffer, d.byteOffset, d.length);
  if (d instanceof Float64Array) return new BigUint64Array(d.buffer, d.byteOffset, d.length);
  return d;
}

function firstDifference(got: readonly Tensor[], want: readonly Tensor[]): string | null {
  if (got.length !== want.length) return `${got.length} outputs, want ${want.length}`;
  for (let r = 0; r < want.length; r++) {
    const a = got[r]!;
    const b = want[r]!;
    if (a.shape.join('x') !== b.shape.join('x') || a.elementType !== b.elementType || a.data.constructor !== b.data.constructor) {
      return `output ${r}: ${a.elementType} ${a.shape.join('x')}, want ${b.elementType} ${b.shape.join('x')}`;
    }
    const x = bitsOf(a);
    const y = bitsOf(b);
    for (let i = 0; i < b.size; i++) if (x[i] !== y[i]) return `output ${r}, element ${i}: got ${a.data[i]}, want ${b.data[i]}`;
  }
  return null;
}

/** Checks the partitioned module's structure; returns the number of NPU and CPU segments. */
function checkStructure(module: Operation, caps: TargetCapabilities): { npu: number; cpu: number; npuOps: number; cpuOps: number } {
  const fns = functionsOf(module);
  const main = fns.get('main')!;
  const out = { npu: 0, cpu: 0, npuOps: 0, cpuOps: 0 };
  const called: string[] = [];
  for (const op of main.regions[0]!.blocks[0]!.ops) {
    if (op.name === 'func.call') called.push((op.attr('callee') as SymbolRefAttr).root);
    else expect(['tosa.const', 'tosa.const_shape', 'func.return'], `@main holds ${op.name}`).toContain(op.name);
  }
  const segments = [...fns].filter(([, fn]) => fn.attr('npuc.segment') !== undefined);
  expect(called).toEqual(segments.map(([name]) => name));
  let previous: string | null = null;
  for (const [name, fn] of segments) {
    const kind = (fn.attr('npuc.segment') as StringAttr).value;
    expect((fn.attr('npuc.target') as StringAttr).value).toBe(caps.name);
    expect(name).toMatch(new RegExp(`^main_${kind}\\d+$`));
    expect(kind, `two ${kind} segments in a row`).not.toBe(previous);
    previous = kind;
    let ops = 0;
    for (const op of fn.regions[0]!.blocks[0]!.ops) {
      if (op.name === 'func.return' || isMemoryOp(op)) continue;
      ops++;
      const reason = unsupportedReason(op, caps);
      if (kind === 'npu') expect(reason, `${name}: ${op.name}`).toBeNull();
      else expect(reason, `${name}: ${op.name}`).not.toBeNull();
    }
    expect(ops, `${name} has no op`).toBeGreaterThan(0);
    if (kind === 'npu') {
      out.npu++;
      out.npuOps += ops;
    } else {
      out.cpu++;
      out.cpuOps += ops;
    }
  }
  return out;
}

interface Legalized {
  model: BuiltModel;
  tosa: Operation;
  inputs: Tensor[];
}

function legalize(build: () => BuiltModel, seed: number): Legalized {
  const model = build();
  const tosa = importOnnxModel(model.bytes, { fileName: 'model.onnx' });
  runPipeline(tosa, EMIT_PIPELINES.tosa);
  // The calibration distribution stretched by 1.5, so that some of the input saturates.
  const inputs = model.makeInputs(seed).map((t) => new Tensor(t.shape, f32, t.data.map((v) => Math.fround(1.5 * v))));
  return { model, tosa, inputs };
}

const targets = knownTargets();
const tally: { model: string; target: string; npu: number; cpu: number; npuOps: number; cpuOps: number }[] = [];

describe('partition on the model zoo: bit-identical results, NPU and CPU segments', () => {
  models.forEach((c, index) => {
    describe(c.name, () => {
      let legalized: Legalized | undefined;
      const get = (): Legalized => (legalized ??= legalize(c.build, 500 + index));
      for (const caps of targets) {
        it(caps.name, () => {
          const { tosa, inputs } = get();
          const module = tosa.clone();
          runPasses(module, targetPipeline(caps));
          const before = evaluate(module, inputs);
          const { statistics } = runPasses(module, `partition{target=${caps.name}}`);
          const shape = checkStructure(module, caps);
          if (c.float) expect(shape).toMatchObject({ npu: 0, cpu: 1 });
          else if (expectsNpuWork(c.model, caps)) expect(shape.npu).toBeGreaterThan(0);
          else expect(shape.npu).toBe(0);
          expect(Object.fromEntries(statistics)).toEqual({
            'num-npu-segments': shape.npu,
            'num-cpu-segments': shape.cpu,
            'num-npu-ops': shape.npuOps,
            'num-cpu-ops': shape.cpuOps,
          });
          tally.push({ model: c.name, target: caps.name, ...shape });
          expect(firstDifference(evaluate(module, inputs), before)).toBeNull();
        });
      }
    });
  });

  it('NPU work alternates with CPU work (the float input and output conversions at least)', () => {
    const quantized = tally.filter((t) => !t.model.endsWith(' float') && t.npu > 0);
    expect(quantized.length).toBeGreaterThan(0);
    expect(quantized.every((t) => t.cpu > 0)).toBe(true);
    expect(quantized.some((t) => t.npu > 2)).toBe(true);
  });
});

afterAll(() => {
  console.log('partition: segments per model and target');
  console.table(tally);
});
