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
import { descriptorAt, readKickList } from '../src/targets/vipnano/kick-list.js';
import { summarizeJob } from '../src/targets/vipnano/job-summary.js';
import type { NpuSegment } from '../src/codegen/blob-types.js';
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

/** Weight-stream rows of one NPU segment: what its target stores and what coding saves (or would save). */
function weightRows(target: string, seg: NpuSegment): string[] {
  const regions: (Uint8Array | undefined)[] = [];
  for (const r of seg.regions) regions[r.index] = r.contents ?? new Uint8Array(r.size);
  const coefficients = regions[0];
  if (!coefficients) return [];
  if (target === 'ethos-u55') {
    // Uncompressed 9-bit values; the entropy bounds what a per-stream coder could reach.
    const w = weightStats(seg.commandStream, coefficients);
    return [`| ${target} ${seg.name} | ${w.weights.toLocaleString('en-US')} | ${mb(w.streamBytes)} MB uncompressed | ${mb(w.entropyBytes)} MB (zero-order entropy bound) | ${(w.streamBytes / Math.max(1, w.entropyBytes)).toFixed(2)} |`];
  }
  if (target === 'vipnano') {
    // Zero-run-length coded per layer: raw weight bytes against the coded streams (biases and offsets included).
    let raw = 0;
    let coded = 0;
    for (const k of readKickList(seg.commandStream, coefficients.length)) {
      const w = summarizeJob(k.kind, descriptorAt(coefficients, k), regions).weights;
      if (w) {
        raw += w.rawBytes;
        coded += w.codedBytes;
      }
    }
    return [`| ${target} ${seg.name} | ${raw.toLocaleString('en-US')} | ${mb(raw)} MB raw uint8 | ${mb(coded)} MB zero-run-length coded | ${(raw / Math.max(1, coded)).toFixed(2)} |`];
  }
  return [];
}

/**
 * Runs the blob benchmark on `full` (224x224), and on `small` (64x64) for
 * vipnano, whose depthwise layers are full block-diagonal convolutions
 * (depthwise-to-conv): at 224x224 their MACs exceed the reference
 * executor's work bound and the benchmark's time. Returns markdown tables.
 */
export function blobBenchmark(full: BuiltModel, small: BuiltModel, ort: readonly OrtReference[]): string {
  const stageRows: string[] = [];
  const runRows: string[] = [];
  const weightTable: string[] = [];
  for (const target of backendNames()) {
    const model = target === 'vipnano' ? small : full;
    const macs = model.net.macs;
    const size = `${model.inputs[0]!.shape.at(-1)}x${model.inputs[0]!.shape.at(-1)}`;
    const input = model.makeInputs(5)[0]!;
    const backend = lookupBackend(target)!;
    const imported = time(() => importOnnxModel(model.bytes, { fileName: `${model.name}.onnx` }));
    const module = imported.value;
    const legal = time(() => runPipeline(module, EMIT_PIPELINES.tosa));
    const passes = time(() => runPipeline(module, targetPipeline(lookupTarget(target)!)));
    const x = new Tensor(input.shape, f32, Float32Array.from(input.data));
    const reference = time(() => evalFunction(functionsOf(module).get('main')!, [x]) as Tensor[]);
    const part = time(() => runPipeline(module, `partition{target=${target}}`));
    const lower = time(() => lowerModuleToNir(module));
    const head = `| ${target} | ${size} | ${imported.ms.toFixed(0)} | ${legal.ms.toFixed(0)} | ${passes.ms.toFixed(0)} | ${part.ms.toFixed(0)} | ${lower.ms.toFixed(0)}`;
    let packed: { value: Uint8Array; ms: number };
    try {
      packed = time(() => packModule(module, backend, { compiler: 'npuc bench', options: { target } }));
    } catch (e) {
      // A backend that cannot encode this model yet says why in the table instead of ending the run.
      stageRows.push(`${head} | failed: ${(e as Error).message.split('\n')[0]} | | | | |`);
      continue;
    }
    const blob = readBlob(packed.value, `${model.name}.npub`);
    let coefficientBytes = 0;
    let streamBytes = 0;
    for (const seg of blob.segments) {
      if (seg.kind !== 'npu') continue;
      streamBytes += seg.commandStream.length;
      for (const r of seg.regions) if (r.kind === 'coefficients') coefficientBytes += r.size;
      weightTable.push(...weightRows(target, seg));
    }
    const total = imported.ms + legal.ms + passes.ms + part.ms + lower.ms + packed.ms;
    stageRows.push(`${head} | ${packed.ms.toFixed(0)} | ${total.toFixed(0)} | ${mb(packed.value.length)} MB | ${mb(coefficientBytes)} MB | ${(streamBytes / 1024).toFixed(1)} KiB |`);
    const inputName = blob.tensors[blob.inputs[0]!]!.name;
    try {
      const run = time(() => runBlob(blob, new Map([[inputName, x]])));
      const outputs = blob.outputs.map((i) => run.value.get(blob.tensors[i]!.name)!);
      const same = outputs.map(bytesOf).join() === reference.value.map(bytesOf).join();
      runRows.push(`| npuc ${target} blob, reference executor | ${size} | ${run.ms.toFixed(0)} | ${(macs / (run.ms / 1000) / 1e9).toFixed(3)} | ${same ? 'yes' : 'NO'} |`);
    } catch (e) {
      runRows.push(`| npuc ${target} blob, reference executor | ${size} | failed: ${(e as Error).message.split('\n')[0]} | | |`);
    }
    runRows.push(`| npuc tosa evaluator, ${target}-legal module | ${size} | ${reference.ms.toFixed(0)} | ${(macs / (reference.ms / 1000) / 1e9).toFixed(3)} | (reference) |`);
  }
  const fullSize = `${full.inputs[0]!.shape.at(-1)}x${full.inputs[0]!.shape.at(-1)}`;
  for (const o of ort) runRows.push(`| ${o.label} | ${fullSize} | ${o.ms.toFixed(1)} | ${(full.net.macs / (o.ms / 1000) / 1e9).toFixed(3)} | (float QDQ; not compared bit for bit) |`);
  return [
    `Compiling ${full.name} to a blob, per stage (ms, one run each) and the blob it gives`,
    '',
    '| target | input | import | legalize to tosa | target passes | partition | lower-to-nir | encode + pack | total | blob | coefficients region | command streams |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...stageRows,
    '',
    'Weight streams of the NPU segments, as each target stores them',
    '',
    '| segment | weights | stored | coded or bound | ratio |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...weightTable,
    '',
    `One inference, single thread (${full.name}: ${(full.net.macs / 1e6).toFixed(0)}M MACs at ${fullSize}, ${(small.net.macs / 1e6).toFixed(0)}M at 64x64)`,
    '',
    '| runner | input | ms | GMAC/s | identical to the tosa evaluator |',
    '| --- | --- | ---: | ---: | --- |',
    ...runRows,
  ].join('\n');
}
