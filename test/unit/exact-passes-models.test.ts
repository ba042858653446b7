// The exact passes on real models: every model of the differential-test zoo
// (test/support/onnx-model-builder.ts) in every form the zoo builds (QDQ with
// uint8 and int8 activations, per-channel and per-tensor weights; QOperator;
// float), QDQ variants whose activations were calibrated wider than their
// Relu/Relu6 range (so the legalized graph keeps the activation clamps and
// fuse-activations has work), and mobilenetv2Like at 32x32, are imported,
// legalized to tosa (`--emit tosa`) and evaluated on a seeded input. Then each
// exact pass runs alone on a fresh copy of the legalized module, and so do the
// whole exact chains; every output must be bit-identical (raw typed arrays;
// floats by bit pattern, so NaN payloads and -0 count).
//
// Where a pass has nothing to do on that module, it also runs where it has:
// - the emit pipeline's own cleanups (cancel-transposes, fuse-rescale,
//   fold-constants, canonicalize, cse) run alone on the raw legalization
//   (legalize-onnx-to-tosa only), checked against that module's results
//   (which must equal the legalized module's);
// - unsigned-to-signed runs after signed-to-unsigned (a legalized module is
//   signed already), canonicalize after unstride-conv (whose space-to-depth
//   shape constants it hoists and merges).
//
// Float convolutions: unstride-conv sums the same products in another order
// (see src/passes/unstride-conv.ts), so float results may move in the last
// bits. The exact cases run it with allow-float=false on float models; one
// more case runs the default on them and allows float32 rounding.
//
// Every pass must change the IR of at least one model, so that the suite
// cannot pass vacuously. A pass that leaves a module unchanged is not
// evaluated again (same IR, same results).

import { afterAll, describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { importOnnxModel } from '../../src/frontends/onnx/import.js';
import { DenseElementsAttr, DenseResourceAttr, type Attribute } from '../../src/ir/attributes.js';
import type { Operation } from '../../src/ir/operation.js';
import { PassManager, parsePipeline } from '../../src/ir/pass.js';
import { printOp } from '../../src/ir/printer.js';
import { Tensor } from '../../src/ir/tensor.js';
import { f32 } from '../../src/ir/types.js';
import { evalFunction, functionsOf } from './support/interp.js';
import { quantParamsFor, type BuiltModel } from '../support/onnx-model-builder.js';
import { ALL_ZOO_FORMS, mobilenetCase, zooCases } from '../support/zoo-cases.js';

// ---------------------------------------------------------------------------
// Models.

interface ModelCase {
  name: string;
  build: () => BuiltModel;
  /** Run the cleanups on the raw legalization too (default true; the small models cover them well enough). */
  rawCases?: boolean;
}

/**
 * The same network in QDQ form, with each Relu/Relu6 output quantized over a
 * range wider than the activation's ([-r/4, 1.25 r] around the calibrated
 * [0, r]): the activation is no longer a no-op at the type's range, so the
 * legalized graph keeps a tosa.clamp for fuse-activations to fuse.
 */
function wideActivations(m: BuiltModel): BuiltModel {
  const net = m.net;
  const quant = net.calibrate();
  for (const l of net.layers) {
    if (l.kind === 'maxpool' || l.kind === 'flatten') quant.set(l.y.id, quant.get(l.x.id)!);
    else if ((l.kind === 'conv' || l.kind === 'add') && l.act !== 'none') {
      const p = quant.get(l.y.id)!;
      const qmax = p.dtype === 'uint8' ? 255 : 127;
      const r = (qmax - p.zeroPoint) * p.scale;
      quant.set(l.y.id, quantParamsFor(-r / 4, 1.25 * r, p.dtype));
    }
  }
  return net.build({ format: 'qdq', quant });
}

/** Zoo models with a Relu/Relu6 (matmul_mlp has none). */
const withActivations = new Set(['conv_stack', 'depthwise', 'residual_add', 'pooling', 'inverted_residual', 'classifier_head']);

const models: ModelCase[] = [
  ...zooCases(ALL_ZOO_FORMS),
  // QDQ variants whose activations keep their clamps.
  ...zooCases(['qdq u8 per-channel', 'qdq i8 per-tensor'])
    .filter((c) => withActivations.has(c.model))
    .map((c) => ({ name: `${c.name}, wide activation ranges`, build: () => wideActivations(c.build()) })),
  // No raw-legalization cases keep this one within a few seconds.
  { ...mobilenetCase, rawCases: false },
];

// ---------------------------------------------------------------------------
// Passes.

const UNSTRIDE = 'unstride-conv{max-stride=1}';
const CHAIN_TAIL = `depthwise-to-conv,${UNSTRIDE},cancel-transposes,fuse-rescale,fold-constants,fold-pad-into-conv,canonicalize,cse,fuse-activations`;
const CHAIN_S2U = `signed-to-unsigned,${CHAIN_TAIL}`;
const CHAIN_U2S = `unsigned-to-signed,${CHAIN_TAIL}`;
const CLEANUPS = ['cancel-transposes', 'fuse-rescale', 'fold-constants', 'canonicalize', 'cse'];

interface PassCase {
  /** Test title. */
  title: string;
  /** What must change the IR of at least one model (a pass or a chain). */
  fires: string;
  /** The module it starts from: 'tosa' (`--emit tosa`) or 'raw' (legalize-onnx-to-tosa only). */
  base: 'tosa' | 'raw';
  /** Run first; the case checks that `pipeline` changes its output. */
  prefix?: string;
  pipeline: string;
  /** Only for float models, within float32 rounding: |got - want| <= tolerance * max |want| per output. */
  floatTolerance?: number;
}

const passCases: PassCase[] = [
  ...['signed-to-unsigned', 'unsigned-to-signed', 'depthwise-to-conv', UNSTRIDE, 'fuse-activations', ...CLEANUPS].map(
    (p): PassCase => ({ title: p, fires: p, base: 'tosa', pipeline: p }),
  ),
  { title: 'unsigned-to-signed after signed-to-unsigned', fires: 'unsigned-to-signed', base: 'tosa', prefix: 'signed-to-unsigned', pipeline: 'unsigned-to-signed' },
  { title: `canonicalize after ${UNSTRIDE}`, fires: 'canonicalize', base: 'tosa', prefix: UNSTRIDE, pipeline: 'canonicalize' },
  ...CLEANUPS.map((p): PassCase => ({ title: `${p} on the raw legalization`, fires: p, base: 'raw', pipeline: p })),
  { title: 'chain from signed-to-unsigned', fires: 'chain from signed-to-unsigned', base: 'tosa', pipeline: CHAIN_S2U },
  { title: 'chain from unsigned-to-signed', fires: 'chain from unsigned-to-signed', base: 'tosa', pipeline: CHAIN_U2S },
  { title: `${UNSTRIDE} on float convolutions, within float32 rounding`, fires: `${UNSTRIDE} (float)`, base: 'tosa', pipeline: UNSTRIDE, floatTolerance: 1e-5 },
];

/** The pipeline a case runs on a model: exact cases keep float convolutions strided (see the file comment). */
function pipelineFor(pipeline: string, model: BuiltModel, pc: PassCase): string {
  return model.format === 'float' && pc.floatTolerance === undefined ? pipeline.replaceAll(UNSTRIDE, 'unstride-conv{max-stride=1 allow-float=false}') : pipeline;
}

/** Cases known to differ (title -> model names), run with `it.fails`; none at present. */
const knownFailures = new Map<string, Set<string>>();

// ---------------------------------------------------------------------------
// Helpers.

function runPasses(module: Operation, pipeline: string): void {
  new PassManager(parsePipeline(pipeline), { log: () => {} }).run(module);
}

function mainOf(module: Operation): Operation {
  const fns = functionsOf(module);
  const main = fns.get('main') ?? (fns.size === 1 ? [...fns.values()][0] : undefined);
  if (!main) throw new Error('the module has no @main');
  return main;
}

function evaluate(module: Operation, inputs: readonly Tensor[][]): Tensor[][] {
  const main = mainOf(module);
  return inputs.map((args) => evalFunction(main, args) as Tensor[]);
}

// IR snapshots: the module printed with large constants elided (the block-diagonal
// kernels of depthwise-to-conv are megabytes of hex), plus those constants.
const ELIDE = 256;

interface Snapshot {
  text: string;
  large: Attribute[];
}

function snapshot(module: Operation): Snapshot {
  const large: Attribute[] = [];
  module.walk((op) => {
    for (const a of [...op.properties.values(), ...op.attributes.values()]) {
      if ((a instanceof DenseElementsAttr && a.numElements > ELIDE) || a instanceof DenseResourceAttr) large.push(a);
    }
  });
  return { text: printOp(module, { elideLargerThan: ELIDE }), large };
}

function bytesOf(a: Attribute): Uint8Array | undefined {
  return a instanceof DenseElementsAttr ? a.raw : a instanceof DenseResourceAttr ? a.handle.data ?? undefined : undefined;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameIr(a: Snapshot, b: Snapshot): boolean {
  if (a.text !== b.text || a.large.length !== b.large.length) return false;
  return a.large.every((x, i) => {
    const y = b.large[i]!;
    return x === y || (x.toString() === y.toString() && sameBytes(bytesOf(x), bytesOf(y)));
  });
}

/** Elements as comparable bits: floats by bit pattern (NaN payloads and -0 count), integers as stored. */
function bitsOf(t: Tensor): ArrayLike<number | bigint> {
  const d = t.data;
  if (d instanceof Float32Array) return new Uint32Array(d.buffer, d.byteOffset, d.length);
  if (d instanceof Float64Array) return new BigUint64Array(d.buffer, d.byteOffset, d.length);
  return d;
}

/** An element for a message: floats with their bit pattern. */
function show(t: Tensor, i: number): string {
  const v = t.data[i]!;
  const d = t.data;
  return d instanceof Float32Array || d instanceof Float64Array ? `${v} (0x${bitsOf(t)[i]!.toString(16)})` : String(v);
}

/** A structural difference between two results (count, shape, element type, storage), or null. */
function structuralDifference(a: Tensor, b: Tensor, where: string): string | null {
  if (a.shape.join('x') !== b.shape.join('x')) return `${where}: shape ${a.shape.join('x')}, want ${b.shape.join('x')}`;
  if (a.elementType !== b.elementType) return `${where}: element type ${a.elementType}, want ${b.elementType}`;
  if (a.data.constructor !== b.data.constructor) return `${where}: storage ${a.data.constructor.name}, want ${b.data.constructor.name}`;
  return null;
}

/**
 * The first difference between two evaluations (per input, per output), or
 * null. With `tolerance`, float elements may differ by tolerance * max |want|
 * of their output; otherwise every element must be bit-identical.
 */
function firstDifference(got: Tensor[][], want: Tensor[][], outputNames: readonly string[], tolerance?: number): string | null {
  for (let k = 0; k < want.length; k++) {
    const g = got[k]!;
    const w = want[k]!;
    if (g.length !== w.length) return `input ${k}: ${g.length} outputs, want ${w.length}`;
    for (let r = 0; r < w.length; r++) {
      const a = g[r]!;
      const b = w[r]!;
      const where = `input ${k}, output ${r} (${outputNames[r] ?? '?'})`;
      const s = structuralDifference(a, b, where);
      if (s) return s;
      if (tolerance !== undefined && a.data instanceof Float32Array) {
        let scale = 0;
        for (let i = 0; i < b.size; i++) scale = Math.max(scale, Math.abs(b.data[i] as number));
        for (let i = 0; i < b.size; i++) {
          const x = a.data[i]!;
          const y = b.data[i] as number;
          if (!(Math.abs(x - y) <= tolerance * scale)) return `${where}, element ${i}: got ${x}, want ${y} (allowed ${tolerance * scale})`;
        }
        continue;
      }
      const ab = bitsOf(a);
      const bb = bitsOf(b);
      for (let i = 0; i < b.size; i++) {
        if (ab[i] !== bb[i]) return `${where}, first differing element ${i}: got ${show(a, i)}, want ${show(b, i)}`;
      }
    }
  }
  return null;
}

interface Base {
  module: Operation;
  ir: Snapshot;
  results: Tensor[][];
}

interface Prepared {
  model: BuiltModel;
  inputs: Tensor[][];
  base: Record<'tosa' | 'raw', Base>;
}

/**
 * One seeded input per model: the calibration distribution (uniform in
 * [-1, 1]) stretched by 1.5, so that about a third of the input lies past the
 * calibrated range (the input quantizer and the activations downstream
 * saturate there) and the rest inside it.
 */
function inputsFor(model: BuiltModel, seed: number): Tensor[][] {
  return [model.makeInputs(seed).map((t) => new Tensor(t.shape, f32, t.data.map((v) => Math.fround(1.5 * v))))];
}

const LEGALIZE = 'legalize-onnx-to-tosa';

function prepare(c: ModelCase, seed: number): Prepared {
  const model = c.build();
  const inputs = inputsFor(model, seed);
  const raw = importOnnxModel(model.bytes, { fileName: 'model.onnx' });
  const onnx = raw.clone();
  runPasses(raw, LEGALIZE);
  // `--emit tosa`: the legalization and its cleanups (legalized once when the pipeline starts with it).
  const emit = EMIT_PIPELINES.tosa;
  let tosa: Operation;
  if (emit.startsWith(`${LEGALIZE},`)) {
    tosa = raw.clone();
    runPipeline(tosa, emit.slice(LEGALIZE.length + 1));
  } else {
    tosa = onnx;
    runPipeline(tosa, emit);
  }
  const at = (module: Operation): Base => ({ module, ir: snapshot(module), results: evaluate(module, inputs) });
  return { model, inputs, base: { raw: at(raw), tosa: at(tosa) } };
}

// ---------------------------------------------------------------------------
// Tests.

/** Per pass or chain: the models whose IR it changed. */
const fired = new Map<string, string[]>(passCases.map((p) => [p.fires, []]));
let evaluations = 0;

describe('exact passes on the model zoo: bit-identical results after each pass', () => {
  models.forEach((c, index) => {
    describe(c.name, () => {
      let prepared: Prepared | undefined;
      const get = (): Prepared => (prepared ??= prepare(c, 1000 + index));
      const isFloat = c.name.endsWith(' float');

      it('legalizes to tosa; the emit cleanups keep the raw legalization results', () => {
        const p = get();
        expect(p.model.format === 'float').toBe(isFloat);
        expect(p.base.tosa.ir.text).not.toMatch(/"onnx\./);
        const names = p.model.outputs.map((o) => o.name);
        expect(firstDifference(p.base.tosa.results, p.base.raw.results, names)).toBeNull();
      });

      for (const pc of passCases) {
        if (pc.floatTolerance !== undefined && !isFloat) continue;
        if (pc.base === 'raw' && c.rawCases === false) continue;
        const fails = knownFailures.get(pc.title)?.has(c.name) ?? false;
        (fails ? it.fails : it)(pc.title, () => {
          const p = get();
          const base = p.base[pc.base];
          const module = base.module.clone();
          let before = base.ir;
          if (pc.prefix) {
            runPasses(module, pipelineFor(pc.prefix, p.model, pc));
            before = snapshot(module);
          }
          const pipeline = pipelineFor(pc.pipeline, p.model, pc);
          runPasses(module, pipeline);
          const after = snapshot(module);
          if (sameIr(after, before)) return;
          fired.get(pc.fires)!.push(c.name);
          if (sameIr(after, base.ir)) return;
          evaluations++;
          const names = p.model.outputs.map((o) => o.name);
          const diff = firstDifference(evaluate(module, p.inputs), base.results, names, pc.floatTolerance);
          expect(diff, `${c.name}: ${pc.prefix ? `${pc.prefix} then ` : ''}${pipeline}`).toBeNull();
        });
      }
    });
  });

  it('every pass and chain changed the IR of at least one model', () => {
    const missing = [...fired].filter(([, m]) => m.length === 0).map(([p]) => p);
    expect(missing).toEqual([]);
  });
});

afterAll(() => {
  console.log(`exact passes on ${models.length} models: ${evaluations} rewritten modules evaluated; models whose IR each pass changed:`);
  console.table([...fired].map(([pass, m]) => ({ pass, models: m.length })));
});
