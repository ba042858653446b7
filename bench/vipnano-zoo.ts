// The vipnano part of `npm run bench`, per differential-test zoo model and
// form: NPU segments, compile time to the blob, weight bytes raw against
// zero-run-length coded, the cost model's cycles, the accuracy cost of the
// lossy passes (per-channel-to-per-tensor and the 15-bit requantization: the
// vipnano-legal tosa against the target-independent tosa, in output LSBs,
// over 4 seeded inputs), and whether running the blob gives exactly what the
// vipnano-legal tosa computes; and that output against onnxruntime-node's
// (graph optimizations off: the QDQ graph as written) on the same input.

import type { NpuJob } from '../src/codegen/backend.js';
import { readBlob } from '../src/codegen/blob.js';
import { lowerModuleToNir } from '../src/codegen/lower-to-nir.js';
import { packModule } from '../src/codegen/pack.js';
import { EMIT_PIPELINES, runPipeline } from '../src/driver/pipelines.js';
import { importOnnxModel } from '../src/frontends/onnx/import.js';
import { evalFunction, functionsOf } from '../src/ir/interpreter.js';
import type { Operation } from '../src/ir/operation.js';
import { Tensor } from '../src/ir/tensor.js';
import { f32 } from '../src/ir/types.js';
import { runBlob } from '../src/runtime/run-blob.js';
import { targetPipeline } from '../src/targets/pipeline.js';
import { lookupTarget } from '../src/targets/registry.js';
import { vipnanoBackend } from '../src/targets/vipnano/backend.js';
import { summarizeJob } from '../src/targets/vipnano/job-summary.js';
import { descriptorAt, readKickList } from '../src/targets/vipnano/kick-list.js';
import { zoo, type ZooOptions } from '../test/support/onnx-model-builder.js';

const FORMS: Record<string, ZooOptions> = {
  'qdq u8 per-channel': { activations: 'uint8', perChannel: true },
  'qdq i8 per-channel': { activations: 'int8', perChannel: true },
  'qdq u8 per-tensor': { activations: 'uint8', perChannel: false },
};

const firstOutput = (m: Operation, x: Tensor): Float32Array => (evalFunction(functionsOf(m).get('main')!, [x])[0] as Tensor).data as Float32Array;

/** Largest difference and share of equal outputs, in steps of the reference's smallest output spacing (its LSB). */
function lsbError(ref: Float32Array, got: Float32Array): { max: number; exact: number } {
  const values = [...new Set(ref)].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < values.length; i++) step = Math.min(step, values[i]! - values[i - 1]!);
  let max = 0;
  let exact = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = Number.isFinite(step) ? Math.round(Math.abs(ref[i]! - got[i]!) / step) : ref[i] === got[i] ? 0 : 1;
    max = Math.max(max, e);
    if (e === 0) exact++;
  }
  return { max, exact };
}

type Ort = typeof import('onnxruntime-node');

async function ortOutput(ort: Ort, bytes: Uint8Array, input: { name: string; shape: number[]; data: Float32Array }): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
  const out = await session.run({ [input.name]: new ort.Tensor('float32', input.data, input.shape) });
  await session.release();
  return Float32Array.from(Object.values(out)[0]!.data as Float32Array);
}

export async function vipnanoZooBenchmark(ort: Ort | null): Promise<string> {
  const rows: string[] = [];
  for (const [name, build] of Object.entries(zoo)) {
    for (const [form, options] of Object.entries(FORMS)) {
      const model = build(options);
      const rawInputs = model.makeInputs(4);
      const fromOrt = ort ? await ortOutput(ort, model.bytes, rawInputs[0]!) : null;
      const t0 = performance.now();
      const reference = importOnnxModel(model.bytes, { fileName: `${name}.onnx` });
      runPipeline(reference, EMIT_PIPELINES.tosa);
      const module = importOnnxModel(model.bytes, { fileName: `${name}.onnx` });
      runPipeline(module, EMIT_PIPELINES.tosa);
      runPipeline(module, targetPipeline(lookupTarget('vipnano')!));
      const inputs = rawInputs.map((x) => new Tensor(x.shape, f32, Float32Array.from(x.data)));
      let max = 0;
      let exact = 0;
      let total = 0;
      for (const x of inputs) {
        const e = lsbError(firstOutput(reference, x), firstOutput(module, x));
        max = Math.max(max, e.max);
        exact += e.exact;
        total += firstOutput(reference, x).length;
      }
      const accuracy = `${max} | ${((100 * exact) / total).toFixed(0)}%`;
      const want = firstOutput(module, inputs[0]!);
      runPipeline(module, 'partition{target=vipnano}');
      lowerModuleToNir(module);
      let bytes: Uint8Array;
      try {
        bytes = packModule(module, vipnanoBackend, { compiler: 'npuc bench', options: {} });
      } catch (e) {
        rows.push(`| ${name} | ${form} | — | — | — | — | — | ${accuracy} | — | — | cannot encode: ${(e as Error).message.split('\n')[0]} |`);
        continue;
      }
      const ms = performance.now() - t0;
      const blob = readBlob(bytes, `${name}.npub`);
      let raw = 0;
      let coded = 0;
      let cycles = 0;
      let npu = 0;
      for (const seg of blob.segments) {
        if (seg.kind !== 'npu') continue;
        npu++;
        const regions: (Uint8Array | undefined)[] = [];
        for (const r of seg.regions) regions[r.index] = r.contents ?? new Uint8Array(r.size);
        const coefficients = regions[0]!;
        for (const k of readKickList(seg.commandStream, coefficients.length)) {
          const w = summarizeJob(k.kind, descriptorAt(coefficients, k), regions).weights;
          if (w) {
            raw += w.rawBytes;
            coded += w.codedBytes;
          }
        }
        const job: NpuJob = { commandStream: seg.commandStream, regions };
        cycles += vipnanoBackend.costJob!(job, seg.locations).total.totalCycles;
      }
      const out = runBlob(blob, new Map([[blob.tensors[blob.inputs[0]!]!.name, inputs[0]!]]));
      const got = out.get(blob.tensors[blob.outputs[0]!]!.name)!.data as Float32Array;
      const same = got.length === want.length && got.every((v, i) => Object.is(v, want[i]));
      const vsOrt = fromOrt ? lsbError(fromOrt, got) : null;
      const ortText = vsOrt ? `${vsOrt.max} | ${((100 * vsOrt.exact) / got.length).toFixed(0)}%` : '— | —';
      rows.push(`| ${name} | ${form} | ${npu} | ${ms.toFixed(0)} | ${raw} | ${coded} | ${cycles} | ${accuracy} | ${ortText} | ${same ? 'yes' : 'NO'} |`);
    }
  }
  return [
    'vipnano on the zoo models: compile time to the blob, weight bytes raw vs zero-run-length coded (biases, offsets and headers included), estimated cycles, and the accuracy cost of the lossy passes (vipnano-legal tosa vs target-independent tosa, output LSBs over 4 inputs), and the blob output vs onnxruntime-node (optimizations off) on input 0',
    '',
    '| model | form | NPU segments | compile ms | weights raw B | coded B | cycles | max LSB vs tosa | exact | max LSB vs ORT (blob, input 0) | exact | run(blob) == eval |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}
