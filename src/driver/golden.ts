// `npuc golden`: compile a model to a blob and record, for one or more sets
// of inputs, the exact outputs the blob computes, in a directory a device
// test (or `npuc check`) can use:
//
//   DIR/model.npub                  the blob
//   DIR/inputs/<k>/<name>.npy       input set k
//   DIR/expected/<k>/<name>.npy     the blob's outputs on input set k
//   DIR/golden.json                 what is there, with SHA-256 digests
//
// Before anything is written, each set is also evaluated on the module after
// the target's tosa passes (and, to say where, on the nir module) with the
// reference evaluator; the blob must agree exactly (DESIGN.md section 7). The
// directory appears whole or not at all: it is built under a temporary name
// and renamed into place.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { BlobQuantization, BlobTensor, LoadedBlob } from '../codegen/blob-types.js';
import { readBlob, BlobFormatError } from '../codegen/blob.js';
import { TypeAttr } from '../ir/attributes.js';
import { DiagnosticError } from '../ir/diagnostics.js';
import { evalFunction, functionsOf } from '../ir/interpreter.js';
import type { Operation } from '../ir/operation.js';
import { Tensor } from '../ir/tensor.js';
import { FunctionType, QuantUniformType, RankedTensorType } from '../ir/types.js';
import { readNpy } from '../runtime/npy.js';
import { compile, npucVersion } from './compile.js';
import { compareData, lsbUnitFor } from './compare.js';
import { modelQuantization, type ModelQuantization } from './quant-ranges.js';
import { SeededRandom, floatInputRange, randomTensor } from './random-inputs.js';
import { blobInputs, blobOutputs, executeBlob, readBlobInputs } from './run-blob.js';
import type { RunOutput } from './run.js';
import { encodeNpy, failAt, fileNamesFor, sha256, shapeText } from './tensor-files.js';
import { jsonText } from './json-text.js';

export const GOLDEN_FORMAT = 'npuc-golden';
export const GOLDEN_FORMAT_VERSION = 1;
export const GOLDEN_JSON = 'golden.json';
export const GOLDEN_BLOB = 'model.npub';

/** One tensor file of a golden directory, as golden.json records it. */
export interface GoldenFile {
  /** The blob's tensor name. */
  name: string;
  /** Path relative to the golden directory, `/`-separated. */
  file: string;
  dtype: string;
  shape: number[];
  sha256: string;
  /** The tensor's quantization, when the blob records one (outputs: LSBs of dequantized floats). */
  quantization?: { scale: number[]; zeroPoint: number[]; axis: number } | null;
}

export interface GoldenSet {
  inputs: GoldenFile[];
  outputs: GoldenFile[];
}

export interface GoldenJson {
  format: typeof GOLDEN_FORMAT;
  formatVersion: number;
  npuc: string;
  target: string;
  model: string;
  /** The compile options the blob records. */
  options: Record<string, string>;
  /** Where the inputs came from: seeded random tensors, or files. */
  inputs: { source: 'random'; seed: number } | { source: 'files' };
  blob: { file: string; size: number; sha256: string };
  sets: GoldenSet[];
}

export interface GoldenOptions {
  target: string;
  /** Output directory. */
  outputDir: string;
  /** A directory of `<name>.npy` inputs (one set), or of `<k>/<name>.npy` (one set per subdirectory). */
  inputsDir?: string;
  /** Seed of the random inputs (default 0). */
  seed?: number;
  /** Random input sets (default 1). */
  count?: number;
  cpuFallback?: boolean;
  binds?: readonly string[];
  inputShapes?: readonly string[];
}

export interface GoldenResult {
  dir: string;
  golden: GoldenJson;
}

const quantJson = (q: BlobQuantization | null): GoldenFile['quantization'] => (q ? { scale: [...q.scale], zeroPoint: [...q.zeroPoint], axis: q.axis } : null);

/** The input sets from `--inputs DIR`: `DIR/<name>.npy` (one set) or `DIR/<k>/<name>.npy` (k = 0, 1, ...). */
function inputSetsFromDir(blob: LoadedBlob, dir: string): Map<string, Tensor>[] {
  let entries: string[] = [];
  try {
    if (!statSync(dir).isDirectory()) failAt(dir, `--inputs '${dir}' is not a directory`);
    entries = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    failAt(dir, `cannot read input directory '${dir}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
  }
  const setDirs = entries.filter((n) => /^\d+$/.test(n) && statSync(join(dir, n)).isDirectory()).sort((a, b) => Number(a) - Number(b));
  const dirs = setDirs.length > 0 ? setDirs.map((n) => join(dir, n)) : [dir];
  setDirs.forEach((n, k) => {
    if (Number(n) !== k) failAt(dir, `input set directories must be numbered 0, 1, ... without gaps: found '${n}' where '${k}' belongs`);
  });
  const names = fileNamesFor(blobInputs(blob).map((t) => t.name));
  return dirs.map((d) => {
    const files = new Map<string, string>();
    blobInputs(blob).forEach((t, i) => {
      const f = join(d, `${names[i]}.npy`);
      if (!existsSync(f)) failAt(d, `missing input file '${names[i]}.npy' for input '${t.name}' (${t.dtype} ${shapeText(t.shape)})`);
      files.set(t.name, f);
    });
    return readBlobInputs(blob, files);
  });
}

/**
 * `count` seeded random input sets. A float input is drawn over the range
 * its quantization represents (from the blob, or recovered from the tosa
 * module, `ranges` by position), else from [-1, 1).
 */
function randomInputSets(blob: LoadedBlob, seed: number, count: number, ranges: readonly ([number, number] | null)[]): Map<string, Tensor>[] {
  const rng = new SeededRandom(seed);
  const inputs = blobInputs(blob);
  const range = inputs.map((t, i) => ranges[i] ?? floatInputRange(t.quantization));
  return Array.from({ length: count }, () => new Map(inputs.map((t, i) => [t.name, randomTensor(rng, t.dtype, t.shape, range[i])] as const)));
}

/** Evaluates @main of `module` on the inputs (by position) with the reference evaluator. */
function evalMain(module: Operation, inputs: readonly Tensor[]): Tensor[] {
  const main = functionsOf(module).get('main');
  if (!main) throw new Error('the compiled module has no @main');
  const ft = (main.attr('function_type') as TypeAttr).type as FunctionType;
  const args = inputs.map((t, i) => {
    const ty = ft.inputs[i];
    const et = ty instanceof RankedTensorType ? ty.elementType : null;
    return et instanceof QuantUniformType ? new Tensor(t.shape, et, t.data) : t;
  });
  return evalFunction(main, args).map((v) => {
    if (!(v instanceof Tensor)) throw new Error('@main returned a value that is not a tensor');
    return v;
  });
}

/** Where two evaluations first differ, or null when they agree exactly. */
function firstDifference(a: readonly Tensor[], b: readonly Tensor[], outputs: readonly BlobTensor[]): string | null {
  if (a.length !== b.length) return `${a.length} outputs against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const name = outputs[i]?.name ?? `#${i}`;
    if (x.shape.join() !== y.shape.join()) return `output '${name}' has shape ${shapeText(x.shape)} against ${shapeText(y.shape)}`;
    const c = compareData(x.data, y.data, 0, lsbUnitFor(outputs[i]?.dtype ?? 'i32'));
    if (c.mismatches > 0) {
      const k = c.firstMismatch!;
      return `output '${name}' differs at ${c.mismatches} of ${c.elements} elements (first at index ${k}: ${String(x.data[k])} against ${String(y.data[k])})`;
    }
  }
  return null;
}

/**
 * Checks the verification chain on one input set: target-legal tosa == nir ==
 * blob, exactly. An error (exit 1) names the link that broke.
 */
export function verifyChain(model: string, set: number, inputs: readonly Tensor[], blobOut: readonly RunOutput[], outputs: readonly BlobTensor[], tosa: Operation | null, nir: Operation): void {
  const blobValues = blobOut.map((o) => o.tensor);
  const broke = (link: string, diff: string): never =>
    failAt(model, `internal error: the verification chain broke between ${link} on input set ${set}: ${diff} (please report this with the model)`);
  const nirValues = evalMain(nir, inputs);
  const nirVsBlob = firstDifference(nirValues, blobValues, outputs);
  if (tosa) {
    const tosaVsBlob = firstDifference(evalMain(tosa, inputs), blobValues, outputs);
    if (tosaVsBlob !== null) {
      const tosaVsNir = firstDifference(evalMain(tosa, inputs), nirValues, outputs);
      if (tosaVsNir !== null) broke('the target-legal tosa module and its nir lowering (partition, lower-to-nir)', tosaVsNir);
      broke('the nir module and the blob (the target encoder and executor disagree)', tosaVsBlob);
    }
  }
  if (nirVsBlob !== null) broke('the nir module and the blob (the target encoder and executor disagree)', nirVsBlob);
}

/** Replaces `dir` with the finished `tmp`: only an empty directory or an earlier golden directory is replaced. */
function moveIntoPlace(tmp: string, dir: string): void {
  if (existsSync(dir)) {
    const isDir = statSync(dir).isDirectory();
    if (!isDir || (readdirSync(dir).length > 0 && !existsSync(join(dir, GOLDEN_JSON)))) {
      failAt(dir, `refusing to replace '${dir}': it exists and is not a golden directory`);
    }
    const old = `${tmp}.old`;
    renameSync(dir, old);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      renameSync(old, dir);
      throw e;
    }
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, dir);
  }
}

/** Writes a file of the golden directory under construction (`root`), making its directory. */
function put(root: string, rel: string, bytes: Uint8Array | string): void {
  const f = join(root, ...rel.split('/'));
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, bytes);
}

/** `npuc golden`: throws DiagnosticError for bad inputs, a failed compile or a broken verification chain. */
export function runGolden(model: string, opts: GoldenOptions): GoldenResult {
  const count = opts.count ?? 1;
  const seed = opts.seed ?? 0;
  const compiled = compile(model, { target: opts.target, emit: 'blob', keepStages: true, cpuFallback: opts.cpuFallback, binds: opts.binds, inputShapes: opts.inputShapes });
  const blobBytes = compiled.blob!;
  let blob: LoadedBlob;
  try {
    blob = readBlob(blobBytes, model);
  } catch (e) {
    if (e instanceof BlobFormatError) failAt(model, `internal error: the blob npuc packed does not read back: ${e.message.startsWith(`${model}: `) ? e.message.slice(model.length + 2) : e.message}`);
    throw e;
  }
  const quant: ModelQuantization = compiled.tosaModule ? modelQuantization(compiled.tosaModule) : { inputRanges: [], outputs: [] };
  const sets = opts.inputsDir !== undefined ? inputSetsFromDir(blob, opts.inputsDir) : randomInputSets(blob, seed, count, quant.inputRanges);
  const ins = blobInputs(blob);
  const outs = blobOutputs(blob);
  const inNames = fileNamesFor(ins.map((t) => t.name));
  const outNames = fileNamesFor(outs.map((t) => t.name));

  // Everything is computed and encoded before the directory is made.
  const files: [string, Uint8Array][] = [[GOLDEN_BLOB, blobBytes]];
  const golden: GoldenJson = {
    format: GOLDEN_FORMAT,
    formatVersion: GOLDEN_FORMAT_VERSION,
    npuc: npucVersion(),
    target: blob.target,
    model: basename(model),
    options: Object.fromEntries(blob.options),
    inputs: opts.inputsDir !== undefined ? { source: 'files' } : { source: 'random', seed },
    blob: { file: GOLDEN_BLOB, size: blobBytes.length, sha256: sha256(blobBytes) },
    sets: [],
  };
  sets.forEach((set, k) => {
    // What the files hold is what runs: each input goes through its .npy encoding first.
    const inputs = new Map<string, Tensor>();
    const inputFiles = ins.map((t, i): GoldenFile => {
      const bytes = encodeNpy(set.get(t.name)!, `input '${t.name}'`, model);
      inputs.set(t.name, readNpy(bytes));
      const file = `inputs/${k}/${inNames[i]}.npy`;
      files.push([file, bytes]);
      return { name: t.name, file, dtype: t.dtype, shape: [...t.shape], sha256: sha256(bytes) };
    });
    const results = executeBlob(blob, inputs);
    verifyChain(model, k, ins.map((t) => inputs.get(t.name)!), results, outs, compiled.tosaModule ?? null, compiled.nirModule!);
    const outputFiles = outs.map((t, i): GoldenFile => {
      const r = results[i]!;
      const bytes = encodeNpy(r.tensor, `output '${t.name}'`, model);
      const file = `expected/${k}/${outNames[i]}.npy`;
      files.push([file, bytes]);
      const q = quant.outputs[i];
      const quantization = t.quantization ? quantJson(t.quantization) : q && (t.dtype === 'f16' || t.dtype === 'f32' || t.dtype === 'f64') ? { scale: [q.scale], zeroPoint: [q.zeroPoint], axis: 0 } : null;
      return { name: t.name, file, dtype: t.dtype, shape: [...t.shape], sha256: sha256(bytes), quantization };
    });
    golden.sets.push({ inputs: inputFiles, outputs: outputFiles });
  });

  const dir = resolve(opts.outputDir);
  const parent = dirname(dir);
  let tmp = '';
  try {
    mkdirSync(parent, { recursive: true });
    tmp = mkdtempSync(join(parent, `.${basename(dir)}.tmp-`));
  } catch (e) {
    failAt(opts.outputDir, `cannot create '${opts.outputDir}': ${(e as Error).message}`);
  }
  try {
    for (const [rel, bytes] of files) put(tmp, rel, bytes);
    put(tmp, GOLDEN_JSON, jsonText(golden));
    moveIntoPlace(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof DiagnosticError) throw e;
    failAt(opts.outputDir, `cannot write '${opts.outputDir}': ${(e as Error).message}`);
  }
  return { dir: opts.outputDir, golden };
}
