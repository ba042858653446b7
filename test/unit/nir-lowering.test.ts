// The verification chain's first link (DESIGN.md section 7): for every target,
// on the differential-test models, evaluating the target-legal tosa and
// evaluating the module after `partition` and `lower-to-nir` give
// bit-identical outputs. The NPU segments then run as nir (regions, buffers,
// views, intrinsics), the CPU segments as tosa, and @main calls them in order.
//
// Each case also checks that the lowering did something (at least one NPU
// segment in nir, no tosa op left in it) and that the scratch arena the
// planner chose is within the 1.05 x lower bound on these models.

import { describe, expect, it } from 'vitest';
import { bitsOf } from './support/tensor-bits.js';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { importOnnxModel } from '../../src/frontends/onnx/import.js';
import { StringAttr } from '../../src/ir/attributes.js';
import type { Operation } from '../../src/ir/operation.js';
import { Tensor } from '../../src/ir/tensor.js';
import { verify } from '../../src/ir/verifier.js';
import { f32 } from '../../src/ir/types.js';
import { lowerModuleToNir } from '../../src/codegen/lower-to-nir.js';
import { knownTargets } from '../../src/targets/registry.js';
import { targetPipeline } from '../../src/targets/pipeline.js';
import { evalFunction, functionsOf } from './support/interp.js';
import type { BuiltModel } from '../support/onnx-model-builder.js';
import { expectsNpuWork, mobilenetCase, zooCases } from '../support/zoo-cases.js';

const models = [...zooCases(['qdq u8 per-channel', 'qdq i8 per-tensor', 'qoperator u8 per-channel 7-bit']), mobilenetCase];

function run(module: Operation, model: BuiltModel): Tensor[] {
  const input = model.makeInputs(3)[0]!;
  const x = new Tensor(input.shape, f32, Float32Array.from(input.data, (v) => 1.5 * v));
  return evalFunction(functionsOf(module).get('main')!, [x]) as Tensor[];
}

function segmentsOf(module: Operation): Operation[] {
  return [...functionsOf(module).values()].filter((f) => {
    const a = f.attr('npuc.segment');
    return a instanceof StringAttr && a.value === 'npu';
  });
}

describe('eval(tosa legal for T) == eval(nir for T)', () => {
  for (const caps of knownTargets()) {
    describe(caps.name, () => {
      for (const m of models) {
        it(m.name, () => {
          const model = m.build();
          const module = importOnnxModel(model.bytes, { fileName: `${model.name}.onnx` });
          runPipeline(module, EMIT_PIPELINES.tosa);
          runPipeline(module, targetPipeline(caps));
          const want = run(module, model).map(bitsOf);
          runPipeline(module, `partition{target=${caps.name}}`);
          if (!expectsNpuWork(m.model, caps)) {
            expect(segmentsOf(module).length).toBe(0);
            return;
          }
          expect(segmentsOf(module).length).toBeGreaterThan(0);
          const reports = lowerModuleToNir(module);
          expect(verify(module).map((d) => d.message)).toEqual([]);
          for (const seg of segmentsOf(module)) seg.walk((op) => expect(op.name.startsWith('tosa.'), `${op.name} left in a segment`).toBe(false));
          const got = run(module, model).map(bitsOf);
          expect(got).toEqual(want);
          for (const r of reports) expect(r.scratchBytes, `@${r.name} arena`).toBeLessThanOrEqual(Math.ceil(1.05 * r.lowerBound) + 64);
        });
      }
    });
  }
});
