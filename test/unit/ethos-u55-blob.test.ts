// The verification chain (DESIGN.md section 7) through the ethos-u55 blob:
//   * zoo models: eval(tosa legal for ethos-u55, DOUBLE_ROUND requantization)
//     == eval(nir) == run(blob), bit for bit, where run(blob) reads the
//     packed bytes back and executes the NPU segments with the ethos-u55
//     executor (from the command stream alone) and the CPU segments with the
//     tosa evaluator;
//   * random layers: the nir layers of test/support/nir-random-cases.ts that
//     the target encodes (NHWC strided and NHCWB16 views, 8/16/32-bit data,
//     scale32), each packed as a one-segment blob and run: the executor's
//     output equals the nir evaluator's. Draws where the nir evaluator fails
//     a TOSA REQUIRE are skipped (the hardware model computes something
//     there; nir defines nothing to compare with), and at least half of the
//     draws must be compared.

import { describe, expect, it } from 'vitest';
import { bitsOf } from './support/tensor-bits.js';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { importOnnxModel } from '../../src/frontends/onnx/import.js';
import { parseModule } from '../../src/ir/parser.js';
import type { Operation } from '../../src/ir/operation.js';
import { Tensor } from '../../src/ir/tensor.js';
import { f32 } from '../../src/ir/types.js';
import { lowerModuleToNir } from '../../src/codegen/lower-to-nir.js';
import { BackendError } from '../../src/codegen/backend.js';
import { readBlob } from '../../src/codegen/blob.js';
import { packModule } from '../../src/codegen/pack.js';
import { runBlob } from '../../src/runtime/run-blob.js';
import { ethosU55Backend } from '../../src/targets/ethos-u55/backend.js';
import { lookupTarget } from '../../src/targets/registry.js';
import { targetPipeline } from '../../src/targets/pipeline.js';
import { evalFunction, functionsOf } from './support/interp.js';
import { mobilenetCase, zooCases } from '../support/zoo-cases.js';
import { caseBuilders, casesFor, evaluate, isRequire, type CaseKind, type CaseOptions } from '../support/nir-random-cases.js';

const TARGET = 'ethos-u55';
const PACK = { compiler: 'npuc test', options: { target: TARGET } };
const RUNS = Number(process.env.NPUC_PROPERTY_RUNS ?? 40);

function runPacked(module: Operation, inputs: readonly Tensor[]): number[][] {
  const blob = readBlob(packModule(module, ethosU55Backend, PACK), 'model.npub');
  const named = new Map(blob.inputs.map((t, i) => [blob.tensors[t]!.name, inputs[i]!]));
  const out = runBlob(blob, named, { backend: () => ethosU55Backend });
  return blob.outputs.map((t) => bitsOf(out.get(blob.tensors[t]!.name)!));
}

describe('ethos-u55: eval(tosa, DOUBLE_ROUND) == eval(nir) == run(blob)', () => {
  const models = [...zooCases(['qdq u8 per-channel', 'qdq i8 per-tensor', 'qoperator u8 per-channel 7-bit']), mobilenetCase];
  for (const m of models) {
    it(m.name, () => {
      const model = m.build();
      const module = importOnnxModel(model.bytes, { fileName: `${model.name}.onnx` });
      runPipeline(module, EMIT_PIPELINES.tosa);
      runPipeline(module, targetPipeline(lookupTarget(TARGET)!));
      const input = model.makeInputs(3)[0]!;
      const x = new Tensor(input.shape, f32, Float32Array.from(input.data, (v) => 1.5 * v));
      const main = (mod: Operation) => functionsOf(mod).get('main')!;
      const tosa = (evalFunction(main(module), [x]) as Tensor[]).map(bitsOf);
      runPipeline(module, `partition{target=${TARGET}}`);
      lowerModuleToNir(module);
      const nir = (evalFunction(main(module), [x]) as Tensor[]).map(bitsOf);
      expect(nir).toEqual(tosa);
      expect(runPacked(module, [x])).toEqual(tosa);
    });
  }
});

/** The layers ethos-u55 encodes, drawn in the forms it encodes. */
const ENCODABLE: readonly CaseKind[] = [
  'conv2d',
  'depthwise_conv2d',
  'pool avg',
  'pool max',
  'eltwise add',
  'eltwise sub',
  'eltwise mul',
  'eltwise min',
  'eltwise max',
  'eltwise copy',
  'lut',
  'dma',
];
/** What the encoder rejects by design (the register fields cannot express it); any other BackendError fails the test. */
const KNOWN_LIMITS: readonly RegExp[] = [
  // ACTIVATION_MIN/MAX are 16-bit.
  /clamp \[.*\] on a 32-bit ofm has no ethos-u55 encoding/,
  // ELEMENTWISE scales its output with the one OFM_SCALE.
  /per-channel output multipliers \(\d+\) on a two-input eltwise have no ethos-u55 encoding/,
  // Per-channel scaling needs DEPTHWISE, which takes no 32-bit IFM.
  /copy of an i32 input with per-channel multipliers has no ethos-u55 encoding/,
  // The LUT is looked up in the OFM's type.
  /lut from ui8 to i8 has no ethos-u55 encoding/,
];
const OPTIONS: CaseOptions = { layouts: ['dense', 'strided', 'NHCWB16'], scale32Only: true, maxBatch: 1, maxDepthMultiplier: 1 };

/** A standalone nir function `@main` as the one NPU segment of a partitioned module. */
function asSegment(nirText: string): Operation {
  const header = /^func\.func @main\((.*)\) -> (.*) \{$/m.exec(nirText);
  if (!header) throw new Error(`unexpected case text:\n${nirText}`);
  const [line, params, result] = header as unknown as [string, string, string];
  const args = params.split(/,\s*(?=%)/).map((p) => p.split(':')[0]!.trim());
  const types = params.split(/,\s*(?=%)/).map((p) => p.slice(p.indexOf(':') + 1).trim());
  const segment = nirText.replace(line, `func.func private @main_npu0(${params}) -> ${result} attributes {npuc.segment = "npu", npuc.target = "${TARGET}"} {`);
  const main = [
    `func.func @main(${params}) -> ${result} {`,
    `  %r = call @main_npu0(${args.join(', ')}) : (${types.join(', ')}) -> ${result}`,
    `  return %r : ${result}`,
    '}',
  ].join('\n');
  return parseModule(`module {\n${main}\n${segment}\n}`, { file: 'case.mlir' });
}

describe('ethos-u55: random layers, run(blob) == eval(nir)', () => {
  const builders = caseBuilders(OPTIONS);
  ENCODABLE.forEach((kind, k) => {
    it(kind, () => {
      let compared = 0;
      const rejected = new Set<string>();
      for (const c of casesFor(builders[kind], 7100 + 1000 * k, 2 * RUNS)) {
        const want = evaluate(c.nir, `${c.what}.mlir`, c.args);
        if (!want.ok) {
          expect(isRequire(want.error), `${c.what}: ${want.error.message}`).toBe(true);
          continue;
        }
        let got: number[][];
        try {
          got = runPacked(asSegment(c.nir), c.args);
        } catch (e) {
          if (e instanceof BackendError && KNOWN_LIMITS.some((r) => r.test(e.message))) {
            rejected.add(e.message.replace(/^.*?: /, '').replace(/-?\d+/g, 'N'));
            continue;
          }
          throw new Error(`${c.what}: ${(e as Error).message}`);
        }
        expect(got, c.what).toEqual([bitsOf(want.out)]);
        compared++;
      }
      // Draw twice RUNS layers; RUNS/2 at least must be valid and encodable, or the test would prove little.
      expect(compared, `rejected: ${[...rejected].join('; ')}`).toBeGreaterThan(RUNS / 2);
    });
  });
});
