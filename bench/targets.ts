// The per-target part of `npm run bench`, on the MobileNetV2-sized model:
//   1. the time of each target's tosa pass pipeline (after the shared
//      onnx -> tosa legalization), with the passes that dominate it;
//   2. the accuracy cost of the target's lossy passes (per-channel-to-per-tensor,
//      legalize-rescale's narrower multipliers and rounding): the target-legal
//      tosa is evaluated on seeded inputs and its quantized logits compared,
//      in output LSBs, with onnxruntime-node (graph optimizations off: the QDQ
//      graph as written) and with npuc's target-independent tosa.
// The accuracy run leaves out depthwise-to-conv and unstride-conv: they are
// exact (eval before == eval after bit for bit, test/unit/*.property.test.ts
// and exact-passes-models.test.ts), and a block-diagonal kernel multiplies a
// depthwise layer's work by its channel count, which the reference evaluator
// cannot afford at 224x224.

import { EMIT_PIPELINES, runPipeline } from '../src/driver/pipelines.js';
import { importOnnxModel } from '../src/frontends/onnx/import.js';
import { evalFunction, functionsOf } from '../src/ir/interpreter.js';
import type { Operation } from '../src/ir/operation.js';
import { PassManager, parsePipeline, type PassTiming } from '../src/ir/pass.js';
import { Tensor } from '../src/ir/tensor.js';
import { f32 } from '../src/ir/types.js';
import { knownTargets } from '../src/targets/registry.js';
import { deriveTargetPipeline, formatTargetPipeline } from '../src/targets/pipeline.js';
import type { TargetCapabilities } from '../src/targets/capabilities.js';
import type { BuiltModel } from '../test/support/onnx-model-builder.js';

type Ort = typeof import('onnxruntime-node');

/** Passes left out of the accuracy run (exact, and too slow to evaluate at full size). */
const EXACT_AND_COSTLY = new Set(['depthwise-to-conv', 'unstride-conv']);

/** `model` imported and legalized to target-independent tosa (`--emit tosa`). */
export function legalized(model: BuiltModel): Operation {
  const m = importOnnxModel(model.bytes, { fileName: `${model.name}.onnx` });
  runPipeline(m, EMIT_PIPELINES.tosa);
  return m;
}

function runTargetPipeline(module: Operation, caps: TargetCapabilities, skip: ReadonlySet<string>): PassTiming[] {
  const steps = deriveTargetPipeline(caps).filter((s) => !skip.has(s.pass));
  return new PassManager(parsePipeline(formatTargetPipeline(steps)), { log: () => {} }).run(module).timings;
}

function evalLogits(module: Operation, input: { shape: number[]; data: Float32Array }): Float32Array {
  const main = functionsOf(module).get('main')!;
  const outs = evalFunction(main, [new Tensor(input.shape, f32, Float32Array.from(input.data))]);
  return Float32Array.from((outs[0] as Tensor).data as Float32Array);
}

async function ortLogits(ort: Ort, model: BuiltModel, inputs: { name: string; shape: number[]; data: Float32Array }[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
  const out: Float32Array[] = [];
  for (const x of inputs) {
    const r = await session.run({ [x.name]: new ort.Tensor('float32', x.data, x.shape) });
    out.push(Float32Array.from(r[model.outputs[0]!.name]!.data as Float32Array));
  }
  await session.release();
  return out;
}

interface LsbStats {
  max: number;
  mean: number;
  exact: number;
}

/** Errors in steps of `scale` between two dequantized tensors (each value a multiple of the scale, up to float rounding). */
function lsbErrors(a: readonly Float32Array[], b: readonly Float32Array[], scale: number): LsbStats {
  let max = 0;
  let sum = 0;
  let exact = 0;
  let n = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    for (let k = 0; k < x.length; k++) {
      const d = Math.round(Math.abs(x[k]! - y[k]!) / scale);
      max = Math.max(max, d);
      sum += d;
      if (d === 0) exact++;
      n++;
    }
  });
  return { max, mean: sum / n, exact: exact / n };
}

const fmt = (s: LsbStats): string => `${s.max} | ${s.mean.toFixed(3)} | ${(100 * s.exact).toFixed(1)}%`;

/** Runs the per-target benchmark on `model` with `inputCount` seeded inputs; returns markdown tables. */
export async function targetBenchmark(model: BuiltModel, ort: Ort | null, inputCount: number): Promise<string> {
  const out = model.outputs[0]!;
  if (out.tolerance.kind !== 'lsb') throw new Error(`${model.name}: output '${out.name}' is not quantized`);
  const scale = out.tolerance.scale;
  const inputs = Array.from({ length: inputCount }, (_, i) => model.makeInputs(100 + i)[0]!);

  const timeRows: string[] = [];
  for (const caps of knownTargets()) {
    const m = legalized(model);
    const timings = runTargetPipeline(m, caps, new Set());
    const total = timings.reduce((s, t) => s + t.ms, 0);
    const byPass = new Map<string, number>();
    for (const t of timings) byPass.set(t.name, (byPass.get(t.name) ?? 0) + t.ms);
    const top = [...byPass].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ');
    let ops = 0;
    m.walk((op) => void (op.name.startsWith('tosa.') && ops++));
    timeRows.push(`| ${caps.name} | ${total.toFixed(0)} | ${ops} | ${top} |`);
  }

  const reference = legalized(model);
  const tosaLogits = inputs.map((x) => evalLogits(reference, x));
  const ortOut = ort ? await ortLogits(ort, model, inputs) : null;
  const accRows: string[] = [];
  if (ortOut) accRows.push(`| target-independent tosa | ${fmt(lsbErrors(tosaLogits, ortOut, scale))} | 0 | 0.000 | 100.0% |`);
  for (const caps of knownTargets()) {
    const m = legalized(model);
    runTargetPipeline(m, caps, EXACT_AND_COSTLY);
    const logits = inputs.map((x) => evalLogits(m, x));
    const vsOrt = ortOut ? fmt(lsbErrors(logits, ortOut, scale)) : '— | — | —';
    accRows.push(`| ${caps.name} | ${vsOrt} | ${fmt(lsbErrors(logits, tosaLogits, scale))} |`);
  }

  return [
    `Per-target tosa pipelines on ${model.name} (after the shared legalization; one run each)`,
    '',
    '| target | pipeline ms | tosa ops after | slowest passes (ms) |',
    '| --- | ---: | ---: | --- |',
    ...timeRows,
    '',
    `Accuracy of the target-legal tosa: ${out.name} (${out.shape.join('x')}) on ${inputCount} seeded inputs, in output LSBs (scale ${scale.toPrecision(4)});`,
    `reference: onnxruntime-node ${ort ? '' : '(not installed) '}with graph optimizations off, and npuc's target-independent tosa`,
    '',
    '| npuc | max vs ORT | mean vs ORT | exact vs ORT | max vs tosa | mean vs tosa | exact vs tosa |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...accRows,
  ].join('\n');
}
