// pack: a partitioned, lowered module (src/targets/partition.ts,
// src/codegen/lower-to-nir.ts) as a `.npub` blob (src/codegen/blob.ts).
//
// @main is a sequence of calls to segment functions and a return. Walking it
// in order gives the blob's tensor table (@main's arguments, every value
// passed between segments, @main's results: one entry per value) and its
// segments in execution order:
// - an NPU segment is encoded by the target's backend: a command stream and
//   the regions it addresses; its bindings say where each `nir.input` and
//   `nir.output` view lies (region index in the target's numbering, byte
//   offset = buffer offset + view offset, layout, strides);
// - a CPU segment is its tosa function as text (src/codegen/cpu-segment.ts),
//   its large constants in CONSTANT sections.
// The output is deterministic: sections in segment order, options sorted.

import { makeLocationsPortable } from './portable-locations.js';
import '../dialects/index.js';
import { ArrayAttr, DictionaryAttr, StringAttr, SymbolRefAttr } from '../ir/attributes.js';
import { functionsOf } from '../ir/interpreter.js';
import { OpResult, type BlockArgument, type Operation, type Value } from '../ir/operation.js';
import { QuantUniformType, RankedTensorType } from '../ir/types.js';
import { bufferInfoOf, regionInfoOf, viewInfoOf } from '../dialects/nir/views.js';
import { SEGMENT_TARGET_ATTR, segmentKindOf } from '../targets/partition.js';
import type { EncodedNpuSegment, TargetBackend } from './backend.js';
import type { BlobQuantization } from './blob-types.js';
import { dtypeOf } from './blob-dtype.js';
import { writeBlob, type BindingInit, type ManifestInit, type SectionInit, type SegmentInit, type TensorInit } from './blob.js';
import { printCpuSegment } from './cpu-segment.js';

/** A module that cannot be packed (not partitioned, a value a blob cannot hold, ...). */
export class PackError extends Error {
  override name = 'PackError';
}

export interface PackOptions {
  /** `npuc <version>`. */
  readonly compiler: string;
  /** The compile options that shaped the blob (stored sorted by key). */
  readonly options: Readonly<Record<string, string>>;
}

const locText = (op: Operation): string => (op.loc.kind === 'loc_unknown' ? '' : ` at ${op.loc}`);

function fail(msg: string): never {
  throw new PackError(msg);
}

/** The `onnx.name` entry of `fn`'s `arg_attrs` / `res_attrs` at `i`. */
function onnxName(fn: Operation, attr: 'arg_attrs' | 'res_attrs', i: number): string | null {
  const a = fn.attr(attr);
  const d = a instanceof ArrayAttr ? a.elements[i] : undefined;
  const n = d instanceof DictionaryAttr ? d.get('onnx.name') : undefined;
  return n instanceof StringAttr && n.value !== '' ? n.value : null;
}

/** The blob tensor (without a name) a value's type describes. */
function describe(v: Value, what: string): Omit<TensorInit, 'name' | 'placement'> {
  const t = v.type;
  if (!(t instanceof RankedTensorType) || !t.hasStaticShape) fail(`${what} has type ${t}; a blob holds statically shaped tensors only`);
  const rt = t as RankedTensorType;
  const dtype = dtypeOf(rt.elementType);
  if (dtype === null) fail(`${what} has element type ${rt.elementType}, which a blob cannot hold`);
  let quantization: BlobQuantization | null = null;
  const et = rt.elementType;
  if (et instanceof QuantUniformType) {
    quantization = { scale: [...et.scales], zeroPoint: et.zeroPoints.map(Number), axis: et.axis ?? 0 };
  }
  return { dtype: dtype!, shape: [...rt.shape], quantization };
}

/** Where a `nir.input` / `nir.output` view lies, as a binding of `tensor`. */
function bindingOfView(view: Value, tensor: number, backend: TargetBackend, user: Operation, segment: string): BindingInit {
  const where = `'${user.name}'${locText(user)} in @${segment}`;
  const viewOp = view.definingOp;
  if (!viewOp || viewOp.name !== 'nir.view') fail(`${where}: its view is not defined by 'nir.view'`);
  const info = viewInfoOf(viewOp!);
  if (typeof info === 'string') fail(`${where}: ${info}`);
  const vi = info as Exclude<typeof info, string>;
  const bufOp = viewOp!.operand(0).definingOp;
  const buffer = bufOp ? bufferInfoOf(bufOp) : null;
  const region = buffer && bufOp!.operand(0).definingOp ? regionInfoOf(bufOp!.operand(0).definingOp!) : null;
  if (!buffer || !region) fail(`${where}: its view does not lie in a buffer of a 'nir.region'`);
  return {
    tensor,
    region: backend.regionIndex(region!.kind),
    offset: buffer!.offset + vi.offset,
    layout: vi.layout,
    strides: vi.layout === 'NHWC' ? [...vi.strides!] : [],
  };
}

/** Bindings of an NPU segment: inputs in argument order (one per `nir.input`), outputs in return order. */
function npuBindings(fn: Operation, name: string, argTensors: readonly number[], resultTensors: readonly number[], backend: TargetBackend): { inputs: BindingInit[]; outputs: BindingInit[] } {
  const body = fn.regions[0]!.blocks[0]!;
  const perArg: BindingInit[][] = body.args.map(() => []);
  for (const op of body) {
    if (op.name !== 'nir.input') continue;
    const arg = op.operand(0);
    const k = body.args.indexOf(arg as BlockArgument);
    if (k < 0) fail(`'nir.input'${locText(op)} in @${name} writes a value that is not an argument of the segment`);
    perArg[k]!.push(bindingOfView(op.operand(1), argTensors[k]!, backend, op, name));
  }
  const ret = body.terminator;
  if (!ret) fail(`@${name} has no return`);
  const outputs = ret!.operands.map((v, j) => {
    const out = v.definingOp;
    if (!out || out.name !== 'nir.output') fail(`result ${j} of NPU segment @${name} is not read by 'nir.output' (is the module lowered to nir?)`);
    return bindingOfView(out!.operand(0), resultTensors[j]!, backend, out!, name);
  });
  return { inputs: perArg.flat(), outputs };
}

/**
 * Packs `module` for `backend`; throws PackError (or the backend's BackendError)
 * when it cannot. Rewrites the module's locations to name files by base name
 * (portable-locations.ts), so the blob does not depend on the input's path.
 */
export function packModule(module: Operation, backend: TargetBackend, opts: PackOptions): Uint8Array {
  makeLocationsPortable(module);
  const fns = functionsOf(module);
  const main = fns.get('main');
  if (!main) fail('the module has no @main function');
  const body = main!.regions[0]?.blocks[0];
  if (!body) fail('@main is a declaration');
  const terminator = body!.last;
  if (!terminator || terminator.name !== 'func.return') fail('@main does not end in a return');
  for (const op of body!) {
    if (op.name !== 'func.call' && op !== terminator) {
      fail(`@main holds '${op.name}'${locText(op)}: a packed module's @main may only call segment functions (run 'partition' and 'lower-to-nir' first)`);
    }
  }

  const tensors: TensorInit[] = [];
  const tensorOf = new Map<Value, number>();
  const used = new Set<string>();
  const unique = (base: string): string => {
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  };
  const addTensor = (v: Value, name: string, what: string): number => {
    tensors.push({ name: unique(name), ...describe(v, what), placement: null });
    tensorOf.set(v, tensors.length - 1);
    return tensors.length - 1;
  };
  body!.args.forEach((a, i) => addTensor(a, onnxName(main!, 'arg_attrs', i) ?? `arg${i}`, `argument ${i} of @main`));
  // A call result that @main returns is named as the output.
  const outputName = new Map<Value, string>();
  terminator!.operands.forEach((v, i) => {
    if (v instanceof OpResult && !outputName.has(v)) outputName.set(v, onnxName(main!, 'res_attrs', i) ?? `result${i}`);
  });

  const sections: SectionInit[] = [];
  const addSection = (name: string, kind: SectionInit['kind'], bytes: Uint8Array): number => {
    sections.push({ name, kind, bytes });
    return sections.length - 1;
  };
  const segments: SegmentInit[] = [];
  const locations: { segment: number; operation: number; location: string }[] = [];

  for (const call of body!) {
    if (call === terminator) break;
    const callee = call.attr('callee');
    const fn = callee instanceof SymbolRefAttr && callee.nested.length === 0 ? fns.get(callee.root) : undefined;
    if (!fn) fail(`'func.call'${locText(call)} in @main calls ${callee ?? 'nothing'}, which is not a function of the module`);
    const name = callee instanceof SymbolRefAttr ? callee.root : '';
    const kind = segmentKindOf(fn!);
    if (!kind) fail(`@main calls @${name}, which is not a segment function made by 'partition' (no npuc.segment attribute)`);
    const fnBody = fn!.regions[0]?.blocks[0];
    if (!fnBody) fail(`segment @${name} has no body`);
    if (fnBody!.args.length !== call.numOperands) fail(`@main calls @${name} with ${call.numOperands} arguments, it takes ${fnBody!.args.length}`);
    const argTensors = call.operands.map((v) => tensorOf.get(v)!);
    const resultTensors = call.results.map((r, j) => addTensor(r, outputName.get(r) ?? `${name}.${j}`, `result ${j} of @${name}`));
    const segIndex = segments.length;

    if (kind === 'npu') {
      const target = fn!.attr(SEGMENT_TARGET_ATTR);
      if (target instanceof StringAttr && target.value !== backend.name) {
        fail(`NPU segment @${name} was partitioned for target '${target.value}', not '${backend.name}'`);
      }
      const { inputs, outputs } = npuBindings(fn!, name, argTensors, resultTensors, backend);
      const encoded: EncodedNpuSegment = backend.encodeSegment(fn!);
      const commandStream = addSection(`${name}.commands`, 'COMMAND_STREAM', encoded.commandStream);
      const regions = [...encoded.regions]
        .sort((a, b) => a.index - b.index)
        .map((r) => {
          if (r.contents && r.contents.length !== r.size) fail(`the backend gave region ${r.index} of @${name} ${r.contents.length} bytes of contents for a size of ${r.size}`);
          return { index: r.index, kind: r.kind, size: r.size, section: r.contents ? addSection(`${name}.region${r.index}`, 'REGION_DATA', r.contents) : null };
        });
      for (const b of [...inputs, ...outputs]) {
        if (!regions.some((r) => r.index === b.region)) fail(`@${name} binds tensor '${tensors[b.tensor]!.name}' in region ${b.region}, which the backend's encoding of the segment does not have`);
      }
      encoded.opLocations.forEach((location, operation) => {
        if (location !== '') locations.push({ segment: segIndex, operation, location });
      });
      segments.push({ name, kind, inputs, outputs, regions, commandStream });
    } else {
      let printed: ReturnType<typeof printCpuSegment>;
      try {
        printed = printCpuSegment(fn!);
      } catch (e) {
        return fail(`CPU segment @${name}: ${(e as Error).message}`);
      }
      const program = addSection(`${name}.tosa`, 'TOSA_TEXT', new TextEncoder().encode(printed.text));
      const resources = [...printed.resources].map(([key, bytes]) => ({ key, section: addSection(`${name}.${key}`, 'CONSTANT', bytes) }));
      segments.push({
        name,
        kind,
        inputs: argTensors.map((tensor) => ({ tensor })),
        outputs: resultTensors.map((tensor) => ({ tensor })),
        program,
        resources,
      });
    }
  }

  // Placement: where the producing NPU segment leaves a tensor, else where the first NPU segment reading it expects it.
  const produced = new Map<number, BindingInit>();
  const read = new Map<number, BindingInit>();
  for (const s of segments) {
    if (s.kind !== 'npu') continue;
    for (const b of s.outputs) if (!produced.has(b.tensor)) produced.set(b.tensor, b);
    for (const b of s.inputs) if (!read.has(b.tensor)) read.set(b.tensor, b);
  }
  const placed = tensors.map((t, i): TensorInit => {
    const b = produced.get(i) ?? read.get(i);
    return b ? { ...t, placement: { region: b.region!, offset: b.offset! } } : t;
  });

  const manifest: ManifestInit = {
    compiler: opts.compiler,
    target: backend.name,
    options: Object.keys(opts.options)
      .sort()
      .map((key) => ({ key, value: opts.options[key]! })),
    tensors: placed,
    segments,
    inputs: body!.args.map((a) => tensorOf.get(a)!),
    outputs: terminator!.operands.map((v) => tensorOf.get(v)!),
    locations,
  };
  try {
    return writeBlob(manifest, sections);
  } catch (e) {
    if (e instanceof RangeError) fail(`cannot write the blob: ${e.message}`);
    throw e;
  }
}
