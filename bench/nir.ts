// The `nir` part of `npm run bench`, per target on the MobileNetV2-sized
// model: the time of partitioning and lowering to nir, the segments, the
// scratch arena the planner chose against its lower bound (the largest set of
// simultaneously live intermediates), and the nir evaluator's time next to the
// tosa evaluator's on the same target-legal module (their outputs must be
// identical, and are checked). vipnano's depthwise layers are full block-
// diagonal convolutions there, which the reference evaluators cannot run at
// 224x224 in bench time: its evaluation rows use the same network at 64x64.

import { lowerModuleToNir } from '../src/codegen/lower-to-nir.js';
import { runPipeline } from '../src/driver/pipelines.js';
import { evalFunction, functionsOf } from '../src/ir/interpreter.js';
import type { Operation } from '../src/ir/operation.js';
import { Tensor } from '../src/ir/tensor.js';
import { f32 } from '../src/ir/types.js';
import { targetPipeline } from '../src/targets/pipeline.js';
import { knownTargets, lookupTarget } from '../src/targets/registry.js';
import { mobilenetv2Like, type BuiltModel } from '../test/support/onnx-model-builder.js';
import { legalized } from './targets.js';
import { time } from './timing.js';

const kib = (n: number): string => (n / 1024).toFixed(1);
const resolutionOf = (m: BuiltModel): number => m.inputs[0]!.shape.at(-1)!;

function targetLegal(model: BuiltModel, target: string): Operation {
  const m = legalized(model);
  runPipeline(m, targetPipeline(lookupTarget(target)!));
  return m;
}

function evaluate(module: Operation, model: BuiltModel): { ms: number; bytes: string } {
  const input = model.makeInputs(5)[0]!;
  const x = new Tensor(input.shape, f32, Float32Array.from(input.data));
  const r = time(() => evalFunction(functionsOf(module).get('main')!, [x]) as Tensor[]);
  const bytesOf = (t: Tensor): string => {
    const d = t.data as Float32Array;
    return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64');
  };
  return { ms: r.ms, bytes: r.value.map(bytesOf).join() };
}

/** Runs the nir benchmark on `full` (224x224); returns markdown tables. */
export function nirBenchmark(full: BuiltModel): string {
  const small = mobilenetv2Like(2024, { resolution: 64 });
  const lowerRows: string[] = [];
  const evalRows: string[] = [];
  for (const caps of knownTargets()) {
    const module = targetLegal(full, caps.name);
    const part = time(() => runPipeline(module, `partition{target=${caps.name}}`));
    let npu = 0;
    let cpu = 0;
    for (const f of functionsOf(module).values()) {
      const kind = f.attr('npuc.segment')?.toString();
      if (kind === '"npu"') npu++;
      if (kind === '"cpu"') cpu++;
    }
    const tosaEval = caps.name === 'vipnano' ? null : evaluate(module, full);
    const lowered = time(() => lowerModuleToNir(module));
    const reports = lowered.value;
    const arena = reports.reduce((s, r) => s + r.scratchBytes, 0);
    const bound = reports.reduce((s, r) => s + r.lowerBound, 0);
    const worst = Math.max(...reports.map((r) => (r.lowerBound ? r.scratchBytes / r.lowerBound : 1)));
    const ops = reports.reduce((s, r) => s + r.operations, 0);
    const coef = reports.reduce((s, r) => s + r.coefficientBytes, 0);
    lowerRows.push(
      `| ${caps.name} | ${part.ms.toFixed(0)} | ${lowered.ms.toFixed(0)} | ${npu} / ${cpu} | ${ops} | ${kib(arena)} | ${kib(bound)} | ${worst.toFixed(3)} | ${(coef / 1e6).toFixed(2)} MB |`,
    );
    if (tosaEval) {
      const nirEval = evaluate(module, full);
      evalRows.push(`| ${caps.name} | ${resolutionOf(full)} | ${tosaEval.ms.toFixed(0)} | ${nirEval.ms.toFixed(0)} | ${nirEval.bytes === tosaEval.bytes ? 'yes' : 'NO'} |`);
    } else {
      const m = targetLegal(small, caps.name);
      runPipeline(m, `partition{target=${caps.name}}`);
      const t = evaluate(m, small);
      lowerModuleToNir(m);
      const n = evaluate(m, small);
      evalRows.push(`| ${caps.name} | ${resolutionOf(small)} | ${t.ms.toFixed(0)} | ${n.ms.toFixed(0)} | ${n.bytes === t.bytes ? 'yes' : 'NO'} |`);
    }
  }
  return [
    `Lowering ${full.name} to nir per target (after the target pipeline; one run each; scratch summed over NPU segments, ratio = worst segment)`,
    '',
    '| target | partition ms | lower-to-nir ms | NPU / CPU segments | nir intrinsics | scratch KiB | lower bound KiB | arena / bound | coefficients |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lowerRows,
    '',
    'One inference, tosa evaluator (target-legal tosa, CPU segments included) vs nir evaluator (NPU segments as nir), same input',
    '',
    '| target | input | tosa ms | nir ms | identical outputs |',
    '| --- | ---: | ---: | ---: | --- |',
    ...evalRows,
  ].join('\n');
}
