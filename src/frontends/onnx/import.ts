// The ONNX importer: a ModelProto becomes a `builtin.module` holding one
// `func.func @main` in the `onnx` dialect.
//
// - Arguments are the graph inputs that are not initializers; results are the
//   graph outputs. Each carries its ONNX name as `{onnx.name = "..."}`.
// - Initializers and Constant nodes become `onnx.Constant` ops holding dense
//   elements, created where first used (unused ones are still validated).
// - Each op is located at its node: `loc("node_name")`, or, for an unnamed node,
//   at its output name (a fused location of the output names when it has several).
// - Nodes are imported in topological order (checked, not assumed); cycles,
//   dangling names, unsupported operators, data types and opsets, dynamic
//   dimensions without `--input-shape`, and zero-size tensors are errors.
// - Every error is a DiagnosticError rendering as
//   `model.onnx: error: ...` or `model.onnx: node 'conv1' (Conv): error: ...`.
// - Nothing is allocated from a size the file declares without checking it
//   against the bytes actually present (tensor-proto.ts does this for tensors).

import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import onnxProto from 'onnx-proto';
import '../../dialects/index.js';
import {
  ArrayAttr,
  DenseArrayAttr,
  DenseElementsAttr,
  DictionaryAttr,
  FileLineColLoc,
  FloatAttr,
  FusedLoc,
  IntegerAttr,
  NameLoc,
  StringAttr,
  TypeAttr,
  UnknownLoc,
  decodeStringBytes,
  type Attribute,
  type Location,
} from '../../ir/attributes.js';
import { Builder } from '../../ir/builder.js';
import { Diagnostic, DiagnosticError } from '../../ir/diagnostics.js';
import type { Operation, Value } from '../../ir/operation.js';
import { verify } from '../../ir/verifier.js';
import { DYNAMIC, FloatType, FunctionType, NoneType, RankedTensorType, f32, i32, i64, type Type } from '../../ir/types.js';
import {
  inferOnnxTypes,
  lookupOnnxSpec,
  needsOperandSegments,
  needsResultSegments,
  onnxOpName,
  type OnnxAttrKind,
  type OnnxInputSpec,
} from '../../dialects/onnx/ops.js';
import { compatible, ranked, refine } from '../../dialects/onnx/shape-inference.js';
import { OnnxTensorError, decodeTensorProtoDense, elementTypeOfOnnx, onnxTypeName, type TensorProto } from './tensor-proto.js';

const { onnx } = onnxProto;
type ModelProto = onnxProto.onnx.IModelProto;
type GraphProto = onnxProto.onnx.IGraphProto;
type NodeProto = onnxProto.onnx.INodeProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;
type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
type Long = { toString(): string };

/** The ai.onnx opset versions the importer reads. */
export const MIN_OPSET = 10;
export const MAX_OPSET = 21;

/** Models are read whole; larger ones must keep their weights in external data files. */
const MAX_MODEL_BYTES = 2 ** 31 - 1;

export interface ImportOptions {
  /** The model's name in diagnostics (the path as the user gave it). */
  fileName?: string;
  /** Directory that external data locations are relative to (the model's directory). */
  baseDir?: string;
  /** Static shapes for graph inputs, by input name (`--input-shape x=1x3x224x224`). */
  inputShapes?: ReadonlyMap<string, readonly number[]>;
}

/** Reads and imports a `.onnx` file. */
export function importOnnxFile(path: string, opts: Omit<ImportOptions, 'baseDir'> & { baseDir?: string } = {}): Operation {
  const fileName = opts.fileName ?? path;
  const fail = (message: string): never => {
    throw new DiagnosticError(new Diagnostic('error', message, new FileLineColLoc(fileName, 0, 0), fileName));
  };
  let size = 0;
  try {
    const st = statSync(path);
    if (st.isDirectory()) fail(`cannot read '${fileName}': is a directory`);
    size = st.size;
  } catch (e) {
    if (e instanceof DiagnosticError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    fail(`cannot read '${fileName}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size > MAX_MODEL_BYTES) fail(`model file is ${size} bytes; models over 2 GiB must keep their tensors in external data`);
  let bytes: Uint8Array = new Uint8Array();
  try {
    bytes = readFileSync(path);
  } catch (e) {
    fail(`cannot read '${fileName}': ${(e as Error).message}`);
  }
  return importOnnxModel(bytes, { ...opts, fileName, baseDir: opts.baseDir ?? dirname(path) });
}

/** Imports a serialized ModelProto. */
export function importOnnxModel(bytes: Uint8Array, opts: ImportOptions = {}): Operation {
  return new Importer(opts).run(bytes);
}

const defaultDomain = (d: string | null | undefined): string => (d === 'ai.onnx' || !d ? '' : d);
const domainLabel = (d: string): string => d || 'ai.onnx';

function toNumber(v: number | Long | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v.toString());
}
function toBigInt(v: number | Long | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  return typeof v === 'number' ? BigInt(Math.trunc(v)) : BigInt(v.toString());
}

const attrTypeNames: Record<number, string> = {
  0: 'UNDEFINED',
  1: 'FLOAT',
  2: 'INT',
  3: 'STRING',
  4: 'TENSOR',
  5: 'GRAPH',
  6: 'FLOATS',
  7: 'INTS',
  8: 'STRINGS',
  9: 'TENSORS',
  10: 'GRAPHS',
  11: 'SPARSE_TENSOR',
  12: 'SPARSE_TENSORS',
  13: 'TYPE_PROTO',
  14: 'TYPE_PROTOS',
};
const kindToAttrType: Record<OnnxAttrKind, number> = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 };

/** The AttributeProto type, inferred from the populated field for old models that leave it UNDEFINED. */
function attrTypeOf(a: AttributeProto): number {
  if (a.type) return a.type;
  if (a.t) return 4;
  if (a.g) return 5;
  if (a.floats?.length) return 6;
  if (a.ints?.length) return 7;
  if (a.strings?.length) return 8;
  if (a.s?.length) return 3;
  if (a.f) return 1;
  return 2;
}

/** A node as the importer sees it after version normalization. */
interface NodeView {
  readonly index: number;
  readonly proto: NodeProto;
  readonly domain: string;
  readonly label: string;
  readonly loc: Location;
}

class Importer {
  private readonly file: string;
  private model!: ModelProto;
  private graph!: GraphProto;
  private opset = 0;
  private readonly initializers = new Map<string, { tp: TensorProto; attr: DenseElementsAttr | null }>();
  private readonly constantNodes = new Map<string, { attr: DenseElementsAttr | null; type: RankedTensorType; loc: Location }>();
  private readonly values = new Map<string, Value>();
  private readonly declared = new Map<string, Type | null>();
  private b!: Builder;

  constructor(private readonly opts: ImportOptions) {
    this.file = opts.fileName ?? 'model.onnx';
  }

  // -- diagnostics --------------------------------------------------------

  private fail(message: string): never {
    throw new DiagnosticError(new Diagnostic('error', message, new FileLineColLoc(this.file, 0, 0), this.file));
  }

  private nodeOrigin(n: NodeView): string {
    const type = n.domain ? `${n.domain}.${n.proto.opType}` : n.proto.opType;
    return `${this.file}: node ${n.label} (${type})`;
  }

  private failNode(n: NodeView, message: string, notes: string[] = []): never {
    const d = new Diagnostic('error', message, n.loc, this.nodeOrigin(n));
    for (const note of notes) d.notes.push(new Diagnostic('note', note, n.loc, this.nodeOrigin(n)));
    throw new DiagnosticError(d);
  }

  // -- top level ----------------------------------------------------------

  run(bytes: Uint8Array): Operation {
    try {
      this.model = onnx.ModelProto.decode(bytes);
    } catch (e) {
      this.fail(`not a valid ONNX model: ${(e as Error).message}`);
    }
    if (!this.model.graph) this.fail('not a valid ONNX model: it has no graph');
    this.graph = this.model.graph;
    this.checkOpsets();

    const { module, body } = Builder.module(new NameLoc(this.file));
    module.attributes.set('onnx.opset', IntegerAttr.i64(this.opset));
    this.b = Builder.atEnd(body);

    this.readInitializers();
    const inputs = this.readInputs();
    this.readDeclaredTypes();
    const nodes = this.nodeViews();
    const order = this.topologicalOrder(nodes);

    const fn = this.b.func(
      'main',
      inputs.map((i) => i.type),
      [],
      { argAttrs: inputs.map((i) => new DictionaryAttr([['onnx.name', new StringAttr(i.name)]])) },
    );
    fn.op.loc = new NameLoc(this.graph.name || 'main');
    inputs.forEach((inp, i) => {
      const arg = fn.body.args[i]!;
      arg.loc = new NameLoc(inp.name);
      this.values.set(inp.name, arg);
    });

    for (const i of order) this.importNode(nodes[i]!);

    const results: Value[] = [];
    const resultNames: string[] = [];
    for (const out of this.graph.output ?? []) {
      const name = out.name ?? '';
      const v = this.valueFor(name, null, null);
      if (!v) this.fail(`graph output '${name}' is not produced by any node, graph input or initializer`);
      const declared = this.declared.get(name) ?? null;
      if (declared && !compatible(v.type, declared)) {
        this.fail(`graph output '${name}' is declared as ${declared}, but its value has type ${v.type}`);
      }
      results.push(v);
      resultNames.push(name);
    }
    if (results.length === 0) this.fail('the graph has no outputs');
    this.b.loc = UnknownLoc.instance;
    this.b.return(results);
    fn.op.properties.set('function_type', new TypeAttr(FunctionType.get(inputs.map((i) => i.type), results.map((r) => r.type))));
    fn.op.properties.set('res_attrs', new ArrayAttr(resultNames.map((n) => new DictionaryAttr([['onnx.name', new StringAttr(n)]]))));

    // The ops' own verifiers re-check what the importer built (types against shape inference).
    const problems = verify(module);
    if (problems.length) {
      const d = problems[0]!;
      const node = nodes.find((n) => n.loc === d.loc);
      if (node) this.failNode(node, d.message);
      throw new DiagnosticError(new Diagnostic('error', d.message, d.loc, this.file));
    }
    return module;
  }

  private checkOpsets(): void {
    const versions = new Map<string, number>();
    for (const o of this.model.opsetImport ?? []) versions.set(defaultDomain(o.domain), toNumber(o.version as number | Long));
    const v = versions.get('');
    if (v === undefined) this.fail(`the model imports no ai.onnx opset (supported: ${MIN_OPSET} to ${MAX_OPSET})`);
    if (v < MIN_OPSET || v > MAX_OPSET) this.fail(`unsupported ai.onnx opset version ${v} (supported: ${MIN_OPSET} to ${MAX_OPSET})`);
    this.opset = v;
    const ms = versions.get('com.microsoft');
    if (ms !== undefined && ms !== 1) this.fail(`unsupported com.microsoft opset version ${ms} (supported: 1)`);
  }

  // -- graph inputs, initializers and declared types -----------------------

  private readInitializers(): void {
    if ((this.graph.sparseInitializer ?? []).length) this.fail('sparse initializers are not supported');
    for (const tp of this.graph.initializer ?? []) {
      const name = tp.name ?? '';
      if (!name) this.fail('an initializer has no name');
      if (this.initializers.has(name)) this.fail(`initializer '${name}' is defined twice`);
      // Decoded (and size-checked) now, so that a malformed tensor is an error even when unused.
      this.initializers.set(name, { tp: tp as TensorProto, attr: this.denseOf(tp as TensorProto, `initializer '${name}'`, (m) => this.fail(m)) });
    }
  }

  /** A TensorProto as dense elements; null for a zero-size tensor (only some inputs accept those). */
  private denseOf(tp: TensorProto, what: string, fail: (m: string) => never): DenseElementsAttr | null {
    let d;
    try {
      d = decodeTensorProtoDense(tp, { baseDir: this.opts.baseDir });
    } catch (e) {
      if (e instanceof OnnxTensorError) fail(`${what}: ${e.message}`);
      throw e;
    }
    if (d.shape.includes(0)) return null;
    return new DenseElementsAttr(RankedTensorType.get(d.shape, d.elementType), d.raw, false);
  }

  /** The element type and shape (dims, or null for unknown rank; DYNAMIC for unknown dims) a ValueInfoProto declares. */
  private typeOfValueInfo(vi: ValueInfoProto, what: string): { et: Type; dims: { value: number; param: string }[] | null } {
    const tt = vi.type?.tensorType;
    if (!tt) {
      const kind = vi.type?.sequenceType ? 'a sequence' : vi.type?.mapType ? 'a map' : vi.type?.optionalType ? 'an optional' : vi.type?.sparseTensorType ? 'a sparse tensor' : 'untyped';
      this.fail(`${what} is ${kind}; only tensors are supported`);
    }
    let et: Type;
    try {
      et = elementTypeOfOnnx(tt.elemType ?? 0);
    } catch {
      this.fail(`${what} has unsupported element type ${onnxTypeName(tt.elemType ?? 0)}`);
    }
    if (!tt.shape) return { et, dims: null };
    const dims = (tt.shape.dim ?? []).map((d, i) => {
      if (d.dimValue !== null && d.dimValue !== undefined && !d.dimParam) {
        const n = toNumber(d.dimValue as number | Long);
        if (!Number.isSafeInteger(n) || n < 0) this.fail(`${what} has invalid dimension ${i} (${d.dimValue})`);
        return { value: n, param: '' };
      }
      return { value: DYNAMIC, param: d.dimParam ?? '' };
    });
    return { et, dims };
  }

  private readInputs(): { name: string; type: Type }[] {
    const shapes = this.opts.inputShapes ?? new Map<string, readonly number[]>();
    const out: { name: string; type: Type }[] = [];
    const seen = new Set<string>();
    const argNames = (this.graph.input ?? []).map((vi) => vi.name ?? '').filter((n) => n && !this.initializers.has(n));
    for (const name of shapes.keys()) {
      if (!argNames.includes(name)) {
        this.fail(`--input-shape names '${name}', which is not a graph input (inputs: ${argNames.map((n) => `'${n}'`).join(', ') || 'none'})`);
      }
    }
    for (const vi of this.graph.input ?? []) {
      const name = vi.name ?? '';
      if (!name) this.fail('a graph input has no name');
      if (seen.has(name)) this.fail(`graph input '${name}' is listed twice`);
      seen.add(name);
      if (this.initializers.has(name)) continue; // an initializer's default value: imported as a constant
      const what = `input '${name}'`;
      const { et, dims } = this.typeOfValueInfo(vi, what);
      const given = shapes.get(name);
      let shape: number[];
      if (given) {
        if (dims && dims.length !== given.length) {
          this.fail(`--input-shape ${name}=${given.join('x')} has rank ${given.length}, but the model's input has rank ${dims.length}`);
        }
        dims?.forEach((d, i) => {
          if (d.value !== DYNAMIC && d.value !== given[i]) {
            this.fail(`--input-shape ${name}=${given.join('x')} conflicts with the model's static dimension ${i} (${d.value})`);
          }
        });
        shape = [...given];
      } else {
        const example = (dims ?? []).map((d) => (d.value === DYNAMIC ? 'N' : String(d.value))).join('x') || '1x3x224x224';
        if (!dims) this.fail(`${what} has no shape; give it with --input-shape ${name}=<dims> (e.g. ${name}=${example})`);
        const dyn = dims.findIndex((d) => d.value === DYNAMIC);
        if (dyn >= 0) {
          const p = dims[dyn]!.param;
          this.fail(`${what} has dynamic dimension ${dyn}${p ? ` ('${p}')` : ''}; give its shape with --input-shape ${name}=${example}`);
        }
        shape = dims.map((d) => d.value);
      }
      if (shape.includes(0)) this.fail(`${what} is a zero-size tensor (shape [${shape.join(', ')}]); zero-size tensors are not supported`);
      out.push({ name, type: RankedTensorType.get(shape, et) });
    }
    return out;
  }

  private readDeclaredTypes(): void {
    const add = (vi: ValueInfoProto, what: string): void => {
      const name = vi.name ?? '';
      if (!name || !vi.type) return;
      const { et, dims } = this.typeOfValueInfo(vi, `${what} '${name}'`);
      this.declared.set(name, dims ? RankedTensorType.get(dims.map((d) => d.value), et) : null);
    };
    for (const vi of this.graph.valueInfo ?? []) add(vi, 'value');
    for (const vi of this.graph.output ?? []) add(vi, 'graph output');
  }

  // -- graph structure ----------------------------------------------------

  private nodeViews(): NodeView[] {
    return (this.graph.node ?? []).map((proto, index) => {
      const outs = (proto.output ?? []).filter((o) => o);
      const loc: Location = proto.name
        ? new NameLoc(proto.name)
        : outs.length === 1
          ? new NameLoc(outs[0]!)
          : FusedLoc.get(outs.map((o) => new NameLoc(o)));
      return { index, proto, domain: defaultDomain(proto.domain), label: proto.name ? `'${proto.name}'` : `#${index}`, loc };
    });
  }

  /** Node indices in an order where every value is defined before use; errors on cycles and dangling names. */
  private topologicalOrder(nodes: readonly NodeView[]): number[] {
    const producer = new Map<string, number>();
    const external = new Set<string>([...this.initializers.keys(), ...(this.graph.input ?? []).map((i) => i.name ?? '')]);
    for (const n of nodes) {
      for (const o of n.proto.output ?? []) {
        if (!o) continue;
        if (external.has(o)) this.failNode(n, `output '${o}' redefines a graph input or initializer`);
        const prior = producer.get(o);
        if (prior !== undefined) this.failNode(n, `output '${o}' is already produced by node ${nodes[prior]!.label} (${nodes[prior]!.proto.opType})`);
        producer.set(o, n.index);
      }
    }
    const deps = nodes.map((n) =>
      (n.proto.input ?? [])
        .filter((name) => name && !external.has(name))
        .map((name) => {
          const p = producer.get(name);
          if (p === undefined) this.failNode(n, `input '${name}' is not a graph input, an initializer or the output of any node`);
          return p;
        }),
    );
    // Iterative depth-first search in the file's order: an already sorted graph keeps its order.
    const state = new Uint8Array(nodes.length); // 0 unvisited, 1 on the stack, 2 done
    const order: number[] = [];
    for (let root = 0; root < nodes.length; root++) {
      if (state[root]) continue;
      const stack: [number, number][] = [[root, 0]];
      state[root] = 1;
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const ds = deps[top[0]]!;
        if (top[1] < ds.length) {
          const d = ds[top[1]++]!;
          if (state[d] === 0) {
            state[d] = 1;
            stack.push([d, 0]);
          } else if (state[d] === 1) {
            const at = stack.findIndex((s) => s[0] === d);
            const cycle = [...stack.slice(at).map((s) => s[0]), d].reverse();
            const names = cycle.map((i) => `${nodes[i]!.label} (${nodes[i]!.proto.opType})`).join(' -> ');
            this.failNode(nodes[d]!, `the graph has a cycle: ${names}`);
          }
        } else {
          state[top[0]] = 2;
          order.push(top[0]);
          stack.pop();
        }
      }
    }
    return order;
  }

  // -- values -------------------------------------------------------------

  /**
   * The value named `name`: a function argument, a node result, or a constant
   * materialized on first use. `input` is the input it feeds (for the rules on
   * zero-size tensors); null for graph outputs. Returns null for an absent
   * optional input (an empty tensor where ONNX reads that as "not given").
   */
  private valueFor(name: string, node: NodeView | null, input: OnnxInputSpec | null): Value | null {
    const v = this.values.get(name);
    if (v) return v;
    const init = this.initializers.get(name);
    const cnode = this.constantNodes.get(name);
    if (!init && !cnode) return null;
    let attr = init ? init.attr : cnode!.attr;
    if (!attr) {
      // A zero-size tensor: "not given" for some optional inputs, a legal value for a few, else an error.
      if (input?.emptyMeansAbsent) return null;
      const type = init ? this.emptyTypeOf(init.tp) : cnode!.type;
      if (!input?.mayBeEmpty) {
        const msg = `${init ? 'initializer' : 'constant'} '${name}' is a zero-size tensor (${type}); zero-size tensors are not supported`;
        if (node) this.failNode(node, msg);
        this.fail(msg);
      }
      attr = new DenseElementsAttr(type, new Uint8Array(), false);
    }
    const value = this.constant(attr, init ? new NameLoc(name) : cnode!.loc);
    this.values.set(name, value);
    return value;
  }

  private emptyTypeOf(tp: TensorProto): RankedTensorType {
    return RankedTensorType.get((tp.dims ?? []).map((d) => toNumber(d as number | Long)), elementTypeOfOnnx(tp.dataType));
  }

  private constant(attr: DenseElementsAttr, loc: Location): Value {
    return this.b.create({ name: 'onnx.Constant', properties: [['value', attr]], resultTypes: [attr.type], loc }).result(0);
  }

  // -- nodes --------------------------------------------------------------

  private importNode(n: NodeView): void {
    const p = n.proto;
    const opType = p.opType ?? '';
    if (n.domain === '' && opType === 'Constant') return this.importConstantNode(n);
    const spec = lookupOnnxSpec(n.domain, opType);
    if (!spec) {
      const version = n.domain === '' ? `, opset ${this.opset}` : '';
      const others = this.otherUnsupported(n);
      this.failNode(
        n,
        `unsupported operator '${opType}' (domain '${domainLabel(n.domain)}'${version})`,
        others.length ? [`the model also uses unsupported operators: ${others.join(', ')}`] : [],
      );
    }
    if (n.domain === '' && spec.since && this.opset < spec.since) {
      this.failNode(n, `operator '${opType}' does not exist in opset ${this.opset} (added in opset ${spec.since})`);
    }
    for (const a of p.attribute ?? []) {
      if (a.refAttrName) this.failNode(n, `attribute '${a.name}' refers to a function attribute; model-local functions are not supported`);
    }
    const attrs = new Map<string, AttributeProto>((p.attribute ?? []).map((a) => [a.name ?? '', a]));
    let inputs = [...(p.input ?? [])];
    const extra = new Map<number, Value>(); // inputs synthesized by version normalization, by position
    const converted = new Map<string, Attribute>();

    // Version normalization to the newest form (see ops.ts).
    const attrToInput = (attrName: string, pos: number, make: (a: AttributeProto) => DenseElementsAttr): void => {
      const a = attrs.get(attrName);
      if (!a) return;
      attrs.delete(attrName);
      while (inputs.length < pos) inputs.push('');
      inputs[pos] = `<${attrName}>`;
      extra.set(pos, this.constant(make(a), n.loc));
    };
    const i64Vector = (a: AttributeProto): DenseElementsAttr => {
      const vs = this.intsOf(n, a);
      return DenseElementsAttr.fromInts(RankedTensorType.get([vs.length], i64), vs);
    };
    const inputElement = (): Type => ranked(this.values.get(inputs[0] ?? '')?.type ?? this.typeOfName(inputs[0] ?? ''))?.elementType ?? f32;
    const scalarOfInput = (a: AttributeProto): DenseElementsAttr => {
      const et = inputElement();
      const t = RankedTensorType.get([], et);
      return et instanceof FloatType ? DenseElementsAttr.fromFloats(t, [a.f ?? 0]) : DenseElementsAttr.fromInts(t, [Math.trunc(a.f ?? 0)]);
    };
    if (n.domain === '') {
      const v = this.opset;
      if (opType === 'Clip' && v < 11) {
        attrToInput('min', 1, scalarOfInput);
        attrToInput('max', 2, scalarOfInput);
      } else if ((opType === 'Squeeze' || opType === 'Unsqueeze') && v < 13) {
        attrToInput('axes', 1, i64Vector);
      } else if ((opType === 'ReduceMean' || opType === 'ReduceMax') && v < 18) {
        attrToInput('axes', 1, i64Vector);
      } else if (opType === 'ReduceSum' && v < 13) {
        attrToInput('axes', 1, i64Vector);
      } else if (opType === 'Pad' && v < 11) {
        attrToInput('pads', 1, i64Vector);
        attrToInput('value', 2, scalarOfInput);
      } else if (opType === 'Resize' && v < 11) {
        // Resize-10 is (X, scales) with asymmetric coordinates and floor rounding
        // (as ONNX's Resize 10->11 version adapter).
        inputs = [inputs[0] ?? '', '', inputs[1] ?? ''];
        if (!attrs.has('coordinate_transformation_mode')) converted.set('coordinate_transformation_mode', new StringAttr('asymmetric'));
        const mode = attrs.get('mode');
        if (!mode || decodeStringBytes(mode.s ?? new Uint8Array()) === 'nearest') converted.set('nearest_mode', new StringAttr('floor'));
      }
    }

    // Attributes.
    for (const [name, a] of attrs) {
      const aspec = spec.attrs.find((s) => s.name === name);
      if (!aspec) this.failNode(n, `unknown attribute '${name}' for ${opType}`);
      converted.set(name, this.convertAttr(n, a, aspec.kind));
    }
    for (const s of spec.attrs) {
      if (s.required && !converted.has(s.name)) this.failNode(n, `missing required attribute '${s.name}'`);
    }

    // Inputs, matched to the declared ones by position.
    while (inputs.length && !inputs[inputs.length - 1]) inputs.pop();
    const operands: Value[] = [];
    const segments: number[] = [];
    let pos = 0;
    for (const s of spec.inputs) {
      if (s.arity === 'variadic') {
        const names = inputs.slice(pos);
        pos = inputs.length;
        if (names.some((x) => !x)) this.failNode(n, `variadic input '${s.name}' has an empty name`);
        for (const name of names) operands.push(this.operand(n, name, s)!);
        segments.push(names.length);
        continue;
      }
      const name = inputs[pos];
      const synthesized = extra.get(pos);
      pos++;
      let v: Value | null = null;
      if (synthesized) v = synthesized;
      else if (name) v = this.operand(n, name, s);
      if (!v && (s.arity ?? 'single') === 'single') {
        this.failNode(n, name ? `required input '${s.name}' ('${name}') is an empty tensor` : `missing required input '${s.name}' (#${pos - 1})`);
      }
      if (v) operands.push(v);
      segments.push(v ? 1 : 0);
    }
    if (pos < inputs.length) {
      this.failNode(n, `has ${inputs.length} inputs, but ${opType} takes at most ${spec.inputs.length}`);
    }
    // An absent optional input followed by nothing needs no segment entry unless the op has segments.
    if (needsOperandSegments(spec)) converted.set('operandSegmentSizes', new DenseArrayAttr(i32, segments));

    // Outputs.
    const outputs = [...(p.output ?? [])];
    while (outputs.length && !outputs[outputs.length - 1]) outputs.pop();
    if (outputs.length > spec.outputs.length) {
      this.failNode(n, `has ${outputs.length} outputs, but npuc imports at most ${spec.outputs.length} for ${opType}${opType === 'BatchNormalization' ? ' (training-mode outputs are not supported)' : ''}`);
    }
    const present: { name: string; k: number }[] = [];
    const outSegments: number[] = [];
    spec.outputs.forEach((s, k) => {
      const name = outputs[k];
      if (!name && (s.arity ?? 'single') === 'single') this.failNode(n, `missing required output '${s.name}'`);
      if (name) present.push({ name, k });
      outSegments.push(name ? 1 : 0);
    });
    if (needsResultSegments(spec)) converted.set('resultSegmentSizes', new DenseArrayAttr(i32, outSegments));

    if (n.domain === '' && opType === 'Softmax' && this.opset < 13) return this.importOldSoftmax(n, operands[0]!, converted, present[0]!.name);

    const op = this.b.create({
      name: onnxOpName(n.domain, opType),
      operands,
      properties: converted,
      resultTypes: present.map(() => NoneType.get()),
      loc: n.loc,
    });
    this.assignResultTypes(n, op, present);
  }

  /** Result types from value_info/graph outputs, refined by (and checked against) shape inference. */
  private assignResultTypes(n: NodeView, op: Operation, present: { name: string; k: number }[]): void {
    const inferred = inferOnnxTypes(op);
    if ('error' in inferred) this.failNode(n, inferred.error);
    present.forEach(({ name, k }, r) => {
      const want = inferred.types[k] ?? null;
      const declared = this.declared.get(name) ?? null;
      if (declared && want && !compatible(declared, want)) {
        this.failNode(n, `output '${name}' is declared as ${declared}, but the inputs imply ${want}`);
      }
      const t = refine(declared, want);
      const rt = t ? ranked(t) : null;
      if (!rt || !rt.hasStaticShape) {
        this.failNode(
          n,
          `cannot determine the shape of output '${name}'${t ? ` (known: ${t})` : ''}: the model gives no static value_info for it and npuc cannot infer it here`,
        );
      }
      if (rt.shape.includes(0)) this.failNode(n, `output '${name}' is a zero-size tensor (${rt}); zero-size tensors are not supported`);
      op.results[r]!.type = rt;
      this.values.set(name, op.results[r]!);
    });
  }

  /** Softmax before opset 13 normalizes over the flattened dimensions [axis, rank): Flatten, Softmax(axis=1), Reshape. */
  private importOldSoftmax(n: NodeView, x: Value, attrs: Map<string, Attribute>, outName: string): void {
    const xt = ranked(x.type);
    if (!xt) this.failNode(n, 'Softmax before opset 13 needs a ranked input');
    const axisAttr = attrs.get('axis');
    const a = axisAttr instanceof IntegerAttr ? Number(axisAttr.value) : 1;
    if (a < -xt.rank || a >= Math.max(xt.rank, 1)) this.failNode(n, `axis ${a} is out of range for rank ${xt.rank}`);
    const axis = a < 0 ? a + xt.rank : a;
    const declared = this.declared.get(outName) ?? null;
    if (declared && !compatible(declared, xt)) this.failNode(n, `output '${outName}' is declared as ${declared}, but the input is ${xt}`);
    if (axis === xt.rank - 1) {
      const op = this.b.create({ name: 'onnx.Softmax', operands: [x], properties: [['axis', IntegerAttr.i64(axis)]], resultTypes: [xt], loc: n.loc });
      this.values.set(outName, op.result());
      return;
    }
    const outer = xt.shape.slice(0, axis).reduce((p, d) => p * d, 1);
    const inner = xt.shape.slice(axis).reduce((p, d) => p * d, 1);
    const flatT = RankedTensorType.get([outer, inner], xt.elementType);
    const flat = this.b.create({ name: 'onnx.Flatten', operands: [x], properties: [['axis', IntegerAttr.i64(axis)]], resultTypes: [flatT], loc: n.loc });
    const sm = this.b.create({ name: 'onnx.Softmax', operands: [flat.result()], properties: [['axis', IntegerAttr.i64(1)]], resultTypes: [flatT], loc: n.loc });
    const shape = this.constant(DenseElementsAttr.fromInts(RankedTensorType.get([xt.rank], i64), [...xt.shape]), n.loc);
    const back = this.b.create({ name: 'onnx.Reshape', operands: [sm.result(), shape], resultTypes: [xt], loc: n.loc });
    this.values.set(outName, back.result());
  }

  private importConstantNode(n: NodeView): void {
    const p = n.proto;
    const outs = (p.output ?? []).filter((o) => o);
    if (outs.length !== 1 || (p.output ?? []).length !== 1) this.failNode(n, 'a Constant node must have exactly one output');
    const attrs = p.attribute ?? [];
    if (attrs.length !== 1) {
      this.failNode(n, `a Constant node must have exactly one of value, value_float, value_floats, value_int, value_ints, value_string, value_strings, sparse_value; it has ${attrs.length} attributes`);
    }
    const a = attrs[0]!;
    const name = a.name ?? '';
    let attr: DenseElementsAttr | null;
    let emptyType: RankedTensorType | null = null;
    const expect = (kind: OnnxAttrKind): void => {
      const t = attrTypeOf(a);
      if (t !== kindToAttrType[kind]) this.failNode(n, `attribute '${name}' must be ${attrTypeNames[kindToAttrType[kind]]}, got ${attrTypeNames[t] ?? t}`);
    };
    switch (name) {
      case 'value':
        expect('tensor');
        attr = this.denseOf(onnx.TensorProto.fromObject(a.t ?? {}), `Constant value`, (m) => this.failNode(n, m));
        if (!attr) emptyType = this.emptyTypeOf(onnx.TensorProto.fromObject(a.t ?? {}));
        break;
      case 'value_float':
        expect('float');
        attr = DenseElementsAttr.fromFloats(RankedTensorType.get([], f32), [a.f ?? 0]);
        break;
      case 'value_floats':
        expect('floats');
        attr = a.floats!.length ? DenseElementsAttr.fromFloats(RankedTensorType.get([a.floats!.length], f32), a.floats!) : null;
        emptyType = RankedTensorType.get([0], f32);
        break;
      case 'value_int':
        expect('int');
        attr = DenseElementsAttr.fromInts(RankedTensorType.get([], i64), [toBigInt(a.i as number | Long)]);
        break;
      case 'value_ints': {
        expect('ints');
        const vs = (a.ints ?? []).map((v) => toBigInt(v as number | Long));
        attr = vs.length ? DenseElementsAttr.fromInts(RankedTensorType.get([vs.length], i64), vs) : null;
        emptyType = RankedTensorType.get([0], i64);
        break;
      }
      case 'value_string':
      case 'value_strings':
        this.failNode(n, 'unsupported tensor element type STRING');
      case 'sparse_value':
        this.failNode(n, 'sparse constants are not supported');
      default:
        this.failNode(n, `unknown attribute '${name}' for Constant`);
    }
    const type = attr ? (attr.type as RankedTensorType) : emptyType!;
    const declared = this.declared.get(outs[0]!) ?? null;
    if (declared && !compatible(declared, type)) this.failNode(n, `output '${outs[0]}' is declared as ${declared}, but the constant is ${type}`);
    // Zero-size constants are checked where used (see valueFor).
    this.constantNodes.set(outs[0]!, { attr, type, loc: n.loc });
  }

  private operand(n: NodeView, name: string, s: OnnxInputSpec): Value | null {
    const v = this.valueFor(name, n, s);
    if (v) return v;
    if (this.initializers.has(name) || this.constantNodes.has(name)) return null; // an empty tensor meaning "absent"
    // Topological order guarantees producers come first; reaching here is an importer bug or a skipped output.
    this.failNode(n, `input '${name}' is not defined`);
  }

  /** The type a name has or is declared to have, before it is imported (for version normalization). */
  private typeOfName(name: string): Type | null {
    const init = this.initializers.get(name);
    if (init?.attr) return init.attr.type;
    return this.declared.get(name) ?? null;
  }

  private otherUnsupported(first: NodeView): string[] {
    const seen = new Set<string>();
    for (const p of this.graph.node ?? []) {
      const d = defaultDomain(p.domain);
      const t = p.opType ?? '';
      if ((d === '' && t === 'Constant') || lookupOnnxSpec(d, t) || (d === first.domain && t === first.proto.opType)) continue;
      seen.add(d ? `${d}.${t}` : t);
    }
    return [...seen].sort();
  }

  private intsOf(n: NodeView, a: AttributeProto): number[] {
    return (a.ints ?? []).map((v) => {
      const x = toNumber(v as number | Long);
      if (!Number.isSafeInteger(x)) this.failNode(n, `attribute '${a.name}' has a value out of range (${v.toString()})`);
      return x;
    });
  }

  private convertAttr(n: NodeView, a: AttributeProto, kind: OnnxAttrKind): Attribute {
    const t = attrTypeOf(a);
    const want = kindToAttrType[kind];
    if (t !== want) this.failNode(n, `attribute '${a.name}' must be ${attrTypeNames[want]}, got ${attrTypeNames[t] ?? `type ${t}`}`);
    switch (kind) {
      case 'int':
        return new IntegerAttr(toBigInt(a.i as number | Long), i64);
      case 'float':
        return new FloatAttr(Math.fround(a.f ?? 0), f32);
      case 'ints':
        return DenseArrayAttr.i64(this.intsOf(n, a));
      case 'floats':
        return new DenseArrayAttr(f32, (a.floats ?? []).map((f) => Math.fround(f)));
      case 'string':
        return new StringAttr(decodeStringBytes(a.s ?? new Uint8Array()));
      case 'strings':
        return new ArrayAttr((a.strings ?? []).map((s) => new StringAttr(decodeStringBytes(s))));
      case 'tensor': {
        const d = this.denseOf(onnx.TensorProto.fromObject(a.t ?? {}), `attribute '${a.name}'`, (m) => this.failNode(n, m));
        if (!d) this.failNode(n, `attribute '${a.name}' is a zero-size tensor; zero-size tensors are not supported`);
        return d;
      }
    }
  }
}

/** Parses `name=1x3x224x224` (as given to `--input-shape`); throws a RangeError with a readable message. */
export function parseInputShape(text: string): [string, number[]] {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) throw new RangeError(`expected NAME=DIMS (e.g. input=1x3x224x224), got '${text}'`);
  const name = text.slice(0, eq);
  const dimsText = text.slice(eq + 1);
  if (dimsText === '') return [name, []]; // a scalar
  const dims = dimsText.split(/[x,]/).map((d) => (/^\d+$/.test(d) ? Number(d) : NaN));
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new RangeError(`dimensions in '${text}' must be positive integers separated by 'x'`);
  }
  return [name, dims];
}
