// The blob part of `npm run bench`, on the MobileNetV2-sized model for the
// targets that have a backend: the compile time of every stage from the
// ONNX file to the `.npub` blob, the blob's size and weight bytes, and the
// reference executor's time for one inference (the whole blob: NPU segments
// through the target executor, CPU segments through the tosa evaluator),
// with the MACs it executes per second, next to onnxruntime-node
// single-threaded on the same model in the same run. The executor's outputs
// are checked against the tosa evaluator's on the target-legal module.

import { readBlob } from '../src/codegen/blob.js';
import { lowerModuleToNir } from '../src/codegen/lower-to-nir.js';
import { packModule } from '../src/codegen/pack.js';
import { EMIT_PIPELINES, runPipeline } from '../src/driver/pipelines.js';
import { importOnnxModel } from '../src/frontends/onnx/import.js';
import { evalFunction, functionsOf } from '../src/ir/interpreter.js';
import { Tensor } from '../src/ir/tensor.js';
import { f32 } from '../src/ir/types.js';
import { runBlob } from '../src/runtime/run-blob.js';
import { lookupBackend, backendNames } from '../src/targets/backends.js';
import { targetPipeline } from '../src/targets/pipeline.js';
import { lookupTarget } from '../src/targets/registry.js';
import { weightStats } from '../src/targets/ethos-u55/weight-stats.js';
import type { BuiltModel } from '../test/support/onnx-model-builder.js';
import { time } from './timing.js';

const mb = (n: number): string => (n / 1e6).toFixed(2);

/** The inference time onnxruntime-node needed on the same model (best of its runs), for the comparison column. */
export interface OrtReference {
  readonly label: string;
  readonly ms: number;
}

function bytesOf(t: Tensor): string {
  const d = t.data as ArrayBufferView;
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64');
}

/** Runs the blob benchmark on `model`; returns markdown tables. */
export function blobBenchmark(model: BuiltModel, ort: readonly OrtReference[]): string {
  const macs = model.net.macs;
  const input = model.makeInputs(5)[0]!;
  const stageRows: string[] = [];
  const runRows: string[] = [];
  const weightRows: string[] = [];
  for (const target of backendNames()) {
    const backend = lookupBackend(target)!;
    const imported = time(() => importOnnxModel(model.bytes, { fileName: `${model.name}.onnx` }));
    const module = imported.value;
    const legal = time(() => runPipeline(module, EMIT_PIPELINES.tosa));
    const passes = time(() => runPipeline(module, targetPipeline(lookupTarget(target)!)));
    const x = new Tensor(input.shape, f32, Float32Array.from(input.data));
    const reference = time(() => evalFunction(functionsOf(module).get('main')!, [x]) as Tensor[]);
    const part = time(() => runPipeline(module, `partition{target=${target}}`));
    const lower = time(() => lowerModuleToNir(module));
    let packed: { value: Uint8Array; ms: number };
    try {
      packed = time(() => packModule(module, backend, { compiler: 'npuc bench', options: { target } }));
    } catch (e) {
      // A backend that cannot encode this model yet says why in the table instead of ending the run.
      stageRows.push(`| ${target} | ${imported.ms.toFixed(0)} | ${legal.ms.toFixed(0)} | ${passes.ms.toFixed(0)} | ${part.ms.toFixed(0)} | ${lower.ms.toFixed(0)} | failed: ${(e as Error).message.split('\n')[0]} | | | | |`);
      continue;
    }
    const blob = readBlob(packed.value, `${model.name}.npub`);
    let weightBytes = 0;
    let streamBytes = 0;
    for (const seg of blob.segments) {
      if (seg.kind !== 'npu') continue;
      streamBytes += seg.commandStream.length;
      for (const r of seg.regions) if (r.kind === 'coefficients') weightBytes += r.size;
      // Weight streams are target-specific; ethos-u55's are uncompressed 9-bit values.
      const coefficients = seg.regions.find((r) => r.kind === 'coefficients')?.contents;
      if (target === 'ethos-u55' && coefficients) {
        const w = weightStats(seg.commandStream, coefficients);
        weightRows.push(
          `| ${target} ${seg.name} | ${w.weights.toLocaleString('en-US')} | ${mb(w.streamBytes)} MB | ${mb(w.entropyBytes)} MB | ${(w.streamBytes / Math.max(1, w.entropyBytes)).toFixed(2)} | ${(100 * w.zeroFraction).toFixed(1)}% |`,
        );
      }
    }
    const total = imported.ms + legal.ms + passes.ms + part.ms + lower.ms + packed.ms;
    stageRows.push(
      `| ${target} | ${imported.ms.toFixed(0)} | ${legal.ms.toFixed(0)} | ${passes.ms.toFixed(0)} | ${part.ms.toFixed(0)} | ${lower.ms.toFixed(0)} | ${packed.ms.toFixed(0)} | ${total.toFixed(0)} | ${mb(packed.value.length)} MB | ${mb(weightBytes)} MB | ${(streamBytes / 1024).toFixed(1)} KiB |`,
    );
    const inputName = blob.tensors[blob.inputs[0]!]!.name;
    const run = time(() => runBlob(blob, new Map([[inputName, x]])));
    const outputs = blob.outputs.map((i) => run.value.get(blob.tensors[i]!.name)!);
    const same = outputs.map(bytesOf).join() === reference.value.map(bytesOf).join();
    runRows.push(`| npuc ${target} blob, reference executor | ${run.ms.toFixed(0)} | ${((macs / (run.ms / 1000)) / 1e9).toFixed(3)} | ${same ? 'yes' : 'NO'} |`);
    runRows.push(`| npuc tosa evaluator, ${target}-legal module | ${reference.ms.toFixed(0)} | ${((macs / (reference.ms / 1000)) / 1e9).toFixed(3)} | (reference) |`);
  }
  for (const o of ort) runRows.push(`| ${o.label} | ${o.ms.toFixed(1)} | ${((macs / (o.ms / 1000)) / 1e9).toFixed(3)} | (float QDQ; not compared bit for bit) |`);
  return [
    `Compiling ${model.name} to a blob, per stage (ms, one run each) and the blob it gives`,
    '',
    '| target | import | legalize to tosa | target passes | partition | lower-to-nir | encode + pack | total | blob | coefficients (weights, scales) | command streams |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...stageRows,
    '',
    'Weight streams of the NPU segments: uncompressed (9 bits per weight) vs the zero-order entropy of each stream (a bound for a per-stream symbol coder such as Vela\'s palette + Golomb-Rice)',
    '',
    '| segment | weights | uncompressed | entropy bound | ratio | zeros |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...weightRows,
    '',
    `One inference of ${model.name} (${(macs / 1e6).toFixed(0)}M MACs), single thread`,
    '',
    '| runner | ms | GMAC/s | identical to the tosa evaluator |',
    '| --- | ---: | ---: | --- |',
    ...runRows,
  ].join('\n');
}
