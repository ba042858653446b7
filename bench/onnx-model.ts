// The model benchmark of `npm run bench`: a MobileNetV2-style quantized model
// (QDQ, uint8 activations, per-channel int8 weights, 1x3x224x224) built in code
// from a seed, imported by npuc, and run by onnxruntime-node single-threaded
// on the same model in the same run. Prints a markdown table.

import { EMIT_PIPELINES, runPipeline } from '../src/driver/pipelines.js';
import { importOnnxModel } from '../src/frontends/onnx/import.js';
import { DiagnosticError } from '../src/ir/diagnostics.js';
import { evalFunction, functionsOf } from '../src/ir/interpreter.js';
import { Tensor } from '../src/ir/tensor.js';
import { f32 } from '../src/ir/types.js';
import { mobilenetv2Like, type BuiltModel } from '../test/support/onnx-model-builder.js';
import { blobBenchmark, type OrtReference } from './blob.js';
import { nirBenchmark } from './nir.js';
import { targetBenchmark } from './targets.js';
import { best, time } from './timing.js';

type Ort = typeof import('onnxruntime-node');

interface Row {
  stage: string;
  ms: string;
  throughput: string;
  note: string;
}

const gmacs = (macs: number, ms: number): string => `${(macs / (ms / 1000) / 1e9).toFixed(2)} GMAC/s`;

async function ortInference(ort: Ort, model: BuiltModel, level: 'all' | 'disabled', runs: number): Promise<{ createMs: number; bestMs: number; medianMs: number }> {
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(model.bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: level,
    logSeverityLevel: 3,
  });
  const createMs = performance.now() - t0;
  const input = model.makeInputs(1)[0]!;
  const feeds = { [input.name]: new ort.Tensor('float32', input.data, input.shape) };
  await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  await session.release();
  times.sort((a, b) => a - b);
  return { createMs, bestMs: times[0]!, medianMs: times[Math.floor(times.length / 2)]! };
}

/** Runs the model benchmark; returns the table. */
export async function onnxModelBenchmark(): Promise<string> {
  const built = time(() => mobilenetv2Like(2024));
  const model = built.value;
  const macs = model.net.macs;
  const runs = 3;
  const rows: Row[] = [];
  rows.push({ stage: 'build model (seeded, in code)', ms: built.ms.toFixed(0), throughput: '', note: 'test/support/onnx-model-builder.ts, calibration included' });

  const imported = best(runs, () => importOnnxModel(model.bytes, { fileName: 'mobilenetv2_like.onnx' }));
  let ops = 0;
  imported.value.walk(() => {
    ops++;
  });
  rows.push({
    stage: 'npuc import (onnx dialect)',
    ms: imported.ms.toFixed(0),
    throughput: `${((model.bytes.length / 1e6) / (imported.ms / 1000)).toFixed(1)} MB/s`,
    note: `${ops} ops, verified`,
  });

  // The onnx -> tosa path: legalize a fresh import (best of `runs`), then run the
  // tosa reference evaluator once on one input.
  try {
    const legalized = best(runs, () => {
      const m = importOnnxModel(model.bytes, { fileName: 'mobilenetv2_like.onnx' });
      const t0 = performance.now();
      runPipeline(m, EMIT_PIPELINES.tosa);
      return { module: m, ms: performance.now() - t0 };
    });
    const legalizeMs = legalized.value.ms; // the pipeline alone, without the import
    let tosaOps = 0;
    legalized.value.module.walk((op) => {
      if (op.name.startsWith('tosa.')) tosaOps++;
    });
    rows.push({ stage: 'npuc legalize to tosa (--emit tosa pipeline)', ms: legalizeMs.toFixed(0), throughput: '', note: `${tosaOps} tosa ops` });
    const main = functionsOf(legalized.value.module).get('main')!;
    const input = model.makeInputs(1)[0]!;
    const x = new Tensor(input.shape, f32, Float32Array.from(input.data));
    const evaluated = time(() => evalFunction(main, [x]));
    rows.push({ stage: 'npuc tosa evaluator (1 inference)', ms: evaluated.ms.toFixed(0), throughput: gmacs(macs, evaluated.ms), note: 'reference semantics, single thread' });
  } catch (e) {
    const why = (e instanceof DiagnosticError ? e.diagnostic.message : (e as Error).message).split('\n')[0]!;
    rows.push({ stage: 'npuc legalize to tosa', ms: '—', throughput: '—', note: `failed: ${why}` });
  }

  let ort: Ort | null = null;
  try {
    ort = await import('onnxruntime-node');
  } catch {
    ort = null;
  }
  const ortRefs: OrtReference[] = [];
  if (ort) {
    for (const level of ['all', 'disabled'] as const) {
      const r = await ortInference(ort, model, level, 10);
      ortRefs.push({ label: `onnxruntime-node, graph optimizations ${level}, 1 thread`, ms: r.bestMs });
      const what = level === 'all' ? 'all graph optimizations (fused integer kernels)' : 'graph optimizations disabled (QDQ as written, float ops)';
      rows.push({ stage: `onnxruntime-node session create, ${level}`, ms: r.createMs.toFixed(0), throughput: '', note: '1 thread' });
      rows.push({
        stage: `onnxruntime-node inference, ${level}`,
        ms: r.bestMs.toFixed(1),
        throughput: gmacs(macs, r.bestMs),
        note: `1 thread, ${what}; best of 10 (median ${r.medianMs.toFixed(1)} ms)`,
      });
    }
  } else {
    rows.push({ stage: 'onnxruntime-node', ms: '—', throughput: '—', note: 'not installed (dev dependency): no reference rows' });
  }

  const header = [
    `Model benchmark: mobilenetv2Like (QDQ, uint8 activations, int8 per-channel weights), input 1x3x224x224,`,
    `${model.convCount} Conv + 1 Gemm, ${(model.weightCount / 1e6).toFixed(2)}M weights, ${(macs / 1e6).toFixed(0)}M MACs, ${(model.bytes.length / 1e6).toFixed(1)} MB (npuc: best of ${runs})`,
    '',
    '| stage | ms | throughput | note |',
    '| --- | ---: | ---: | --- |',
  ];
  const table = [...header, ...rows.map((r) => `| ${r.stage} | ${r.ms} | ${r.throughput} | ${r.note} |`)].join('\n');
  return `${table}\n\n${await targetBenchmark(model, ort, 2)}\n\n${nirBenchmark(model)}\n\n${blobBenchmark(model, mobilenetv2Like(2024, { resolution: 64 }), ortRefs)}`;
}
