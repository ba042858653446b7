// The runtime: runs a loaded, validated blob (src/codegen/blob.ts) on named
// input tensors. Segments run in order over a table of tensors by index:
// - NPU: every region is allocated (its contents copied, or zeroed), the
//   segment's inputs are written into their regions at their bindings, the
//   target's executor runs the command stream over the regions, and the
//   outputs are read back (src/runtime/region-io.ts);
// - CPU: the tosa text is parsed once (src/codegen/cpu-segment.ts) and its
//   function evaluated by the reference interpreter, as `npuc run` does for a
//   module (src/driver/run.ts).
// Host tensors hold a blob dtype's plain element type (a quantized value as
// its storage type); CPU functions see their own (quantized) argument types.

import '../dialects/index.js';
import { TypeAttr, fileLocationOf } from '../ir/attributes.js';
import { DiagnosticError } from '../ir/diagnostics.js';
import { evalFunction } from '../ir/interpreter.js';
import type { Operation } from '../ir/operation.js';
import { Tensor, storageFor } from '../ir/tensor.js';
import { FunctionType, QuantUniformType, RankedTensorType } from '../ir/types.js';
import { BackendError, type TargetBackend } from '../codegen/backend.js';
import { BlobFormatError } from '../codegen/blob.js';
import { dtypeOf, elementTypeOfDType } from '../codegen/blob-dtype.js';
import type { BlobTensor, CpuSegment, LoadedBlob, NpuSegment } from '../codegen/blob-types.js';
import { parseCpuSegment } from '../codegen/cpu-segment.js';
import { lookupBackend } from '../targets/backends.js';
import { readBinding, writeBinding } from './region-io.js';

/** Bad inputs, a target without a backend, or a segment that fails while running. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

export interface RunBlobOptions {
  /** Finds the backend of the blob's target (default: the registered backends, src/targets/backends.ts). */
  readonly backend?: (name: string) => TargetBackend | undefined;
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;
const spec = (t: BlobTensor): string => `${t.dtype} ${shapeText(t.shape)}`;
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The message of an evaluation or executor failure, with its location when it has one. */
function describeFailure(e: unknown): string {
  if (e instanceof DiagnosticError) {
    const at = fileLocationOf(e.diagnostic.loc);
    const where = at ? `${at.file}:${at.line}:${at.col}: ` : e.diagnostic.loc.kind !== 'loc_unknown' ? `${e.diagnostic.loc}: ` : '';
    return `${where}${e.diagnostic.message}`;
  }
  return (e as Error).message;
}

/** Checks the given inputs against the blob's graph inputs: all given, none unknown, exact dtype and shape. */
function checkInputs(blob: LoadedBlob, inputs: ReadonlyMap<string, Tensor>): void {
  const expected = blob.inputs.map((i) => blob.tensors[i]!);
  const list = expected.map((t) => `'${t.name}' (${spec(t)})`).join(', ') || 'none';
  for (const name of inputs.keys()) {
    if (!expected.some((t) => t.name === name)) throw new RuntimeError(`the blob has no input '${name}' (inputs: ${list})`);
  }
  const missing = expected.filter((t) => !inputs.has(t.name));
  if (missing.length) {
    throw new RuntimeError(`missing ${missing.length === 1 ? 'input' : 'inputs'}: ${missing.map((t) => `'${t.name}' (${spec(t)})`).join(', ')}`);
  }
  for (const t of expected) {
    const given = inputs.get(t.name)!;
    const dtype = dtypeOf(given.elementType);
    if (dtype !== t.dtype) throw new RuntimeError(`input '${t.name}' has element type ${dtype ?? given.elementType}, expected ${t.dtype} (shape ${shapeText(t.shape)})`);
    if (!sameShape(given.shape, t.shape)) throw new RuntimeError(`input '${t.name}' has shape ${shapeText(given.shape)}, expected ${shapeText(t.shape)} (${t.dtype})`);
    const storage = storageFor(elementTypeOfDType(t.dtype));
    if (!(given.data instanceof storage)) throw new RuntimeError(`input '${t.name}' holds its ${t.dtype} data in a ${given.data.constructor.name}, expected a ${storage.name}`);
  }
}

function runNpu(seg: NpuSegment, blob: LoadedBlob, backend: TargetBackend, values: Map<number, Tensor>): void {
  let last = -1;
  for (const r of seg.regions) last = Math.max(last, r.index);
  const regions = new Array<Uint8Array | undefined>(last + 1).fill(undefined);
  // `new Uint8Array(contents)` copies (a Buffer's `slice` would not): the blob's bytes stay untouched.
  for (const r of seg.regions) regions[r.index] = r.contents ? new Uint8Array(r.contents) : new Uint8Array(r.size);
  for (const b of seg.inputs) {
    const t = blob.tensors[b.tensor]!;
    writeBinding(regions[b.region]!, b, t.shape, t.dtype, values.get(b.tensor)!.data);
  }
  try {
    backend.execute({ commandStream: seg.commandStream, regions });
  } catch (e) {
    if (e instanceof BackendError || e instanceof DiagnosticError) throw new RuntimeError(`NPU segment '${seg.name}': ${describeFailure(e)}`, { cause: e });
    throw e;
  }
  for (const b of seg.outputs) {
    const t = blob.tensors[b.tensor]!;
    const et = elementTypeOfDType(t.dtype);
    const out = Tensor.zeros(t.shape, et);
    readBinding(regions[b.region]!, b, t.shape, t.dtype, out.data);
    values.set(b.tensor, out);
  }
}

/** Parsed CPU programs, per loaded segment. */
const programs = new WeakMap<CpuSegment, Operation>();

/** The segment's function, parsed once, with its signature checked against the blob's tensors. */
function cpuFunction(seg: CpuSegment, blob: LoadedBlob): Operation {
  const cached = programs.get(seg);
  if (cached) return cached;
  const where = `CPU segment '${seg.name}'`;
  let fn: Operation;
  try {
    fn = parseCpuSegment(seg.program, seg.resources, where);
  } catch (e) {
    if (e instanceof BlobFormatError) throw new RuntimeError(e.message, { cause: e });
    throw e;
  }
  const ft = fn.attr('function_type');
  const type = ft instanceof TypeAttr && ft.type instanceof FunctionType ? ft.type : null;
  if (!type) throw new RuntimeError(`${where}: the program's function has no function type`);
  const check = (types: readonly unknown[], bindings: CpuSegment['inputs'], what: string): void => {
    if (types.length !== bindings.length) throw new RuntimeError(`${where}: the program's function has ${types.length} ${what}s, the blob binds ${bindings.length}`);
    types.forEach((ty, i) => {
      const t = blob.tensors[bindings[i]!.tensor]!;
      const ok = ty instanceof RankedTensorType && sameShape(ty.shape, t.shape) && dtypeOf(ty.elementType) === t.dtype;
      if (!ok) throw new RuntimeError(`${where}: ${what} ${i} of the program has type ${String(ty)}, but the blob's tensor '${t.name}' is ${spec(t)}`);
    });
  };
  check(type.inputs, seg.inputs, 'argument');
  check(type.results, seg.outputs, 'result');
  programs.set(seg, fn);
  return fn;
}

function runCpu(seg: CpuSegment, blob: LoadedBlob, values: Map<number, Tensor>): void {
  const fn = cpuFunction(seg, blob);
  const type = (fn.attr('function_type') as TypeAttr).type as FunctionType;
  // The function sees its own argument types (a quantized type over the same storage).
  const args = seg.inputs.map((b, i) => {
    const t = values.get(b.tensor)!;
    return new Tensor(t.shape, (type.inputs[i] as RankedTensorType).elementType, t.data);
  });
  let results: unknown[];
  try {
    results = evalFunction(fn, args);
  } catch (e) {
    if (e instanceof DiagnosticError) throw new RuntimeError(`CPU segment '${seg.name}': ${describeFailure(e)}`, { cause: e });
    throw e;
  }
  seg.outputs.forEach((b, i) => {
    const t = blob.tensors[b.tensor]!;
    const r = results[i];
    const et = elementTypeOfDType(t.dtype);
    if (!(r instanceof Tensor) || !sameShape(r.shape, t.shape) || !(r.data instanceof storageFor(et))) {
      throw new RuntimeError(`CPU segment '${seg.name}': result ${i} is not a ${spec(t)} tensor`);
    }
    values.set(b.tensor, new Tensor(r.shape, et, r.data));
  });
}

/**
 * Runs `blob` on `inputs` (graph input name -> tensor); returns every graph
 * output by name. Throws RuntimeError for bad inputs, a target without a
 * backend, and failures of a segment.
 */
export function runBlob(blob: LoadedBlob, inputs: ReadonlyMap<string, Tensor>, opts: RunBlobOptions = {}): Map<string, Tensor> {
  checkInputs(blob, inputs);
  let backend: TargetBackend | undefined;
  if (blob.segments.some((s) => s.kind === 'npu')) {
    backend = (opts.backend ?? lookupBackend)(blob.target);
    if (!backend) throw new RuntimeError(`target '${blob.target}' has no backend in this npuc: its NPU segments cannot run`);
  }
  const values = new Map<number, Tensor>();
  for (const i of blob.inputs) {
    const t = inputs.get(blob.tensors[i]!.name)!;
    // Host tensors carry the dtype's plain element type.
    values.set(i, t.elementType instanceof QuantUniformType ? new Tensor(t.shape, t.elementType.storageType, t.data) : t);
  }
  for (const seg of blob.segments) {
    if (seg.kind === 'npu') runNpu(seg, blob, backend!, values);
    else runCpu(seg, blob, values);
  }
  const out = new Map<string, Tensor>();
  for (const i of blob.outputs) out.set(blob.tensors[i]!.name, values.get(i)!);
  return out;
}
