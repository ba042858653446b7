// fast-check arbitraries for random IR: types, attributes, locations and
// whole modules of functions holding unregistered ops (with regions, several
// results, properties and discardable attributes), built with the Builder.

import fc from 'fast-check';
import {
  ArrayAttr,
  Block,
  Builder,
  CallSiteLoc,
  DenseArrayAttr,
  DenseElementsAttr,
  DenseResourceAttr,
  DictionaryAttr,
  FileLineColLoc,
  FloatAttr,
  FloatType,
  FunctionType,
  FusedLoc,
  IndexType,
  IntegerAttr,
  IntegerType,
  NameLoc,
  OpaqueAttr,
  OpaqueType,
  QuantUniformType,
  RankedTensorType,
  ResourceHandle,
  StringAttr,
  SymbolRefAttr,
  TupleType,
  TypeAttr,
  UnitAttr,
  UnknownLoc,
  UnrankedTensorType,
  VectorType,
  DYNAMIC,
  type Attribute,
  type Location,
  type Operation,
  type Type,
  type Value,
} from '../../../src/index.js';
import { roundToFloat } from '../../../src/ir/float-bits.js';

// ---------------------------------------------------------------------------
// Types

export const intTypeArb: fc.Arbitrary<IntegerType> = fc
  .record({
    width: fc.oneof(fc.constantFrom(1, 4, 8, 16, 32, 48, 64), fc.integer({ min: 1, max: 128 })),
    signedness: fc.constantFrom<'signless' | 'signed' | 'unsigned'>('signless', 'signless', 'signed', 'unsigned'),
  })
  .map(({ width, signedness }) => IntegerType.get(width, signedness));

export const floatTypeArb: fc.Arbitrary<FloatType> = fc.constantFrom('f16', 'bf16', 'f32', 'f64').map((k) => FloatType.get(k as 'f16'));

const quantArb: fc.Arbitrary<QuantUniformType> = fc
  .record({
    width: fc.constantFrom(4, 8, 16),
    unsigned: fc.boolean(),
    expressed: fc.constantFrom('f16', 'f32', 'bf16'),
    params: fc.array(
      fc.record({
        // Scales that print exactly: multiples of powers of two.
        scale: fc.integer({ min: 1, max: 1000 }).map((n) => n / 256),
        zp: fc.integer({ min: -8, max: 7 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    perAxis: fc.boolean(),
    axis: fc.integer({ min: 0, max: 3 }),
  })
  .map((q) => {
    const storageType = IntegerType.get(q.width, q.unsigned ? 'unsigned' : 'signless');
    const params = q.perAxis ? q.params : q.params.slice(0, 1);
    const lo = storageType.minValue;
    return QuantUniformType.get({
      storageType,
      expressedType: FloatType.get(q.expressed as 'f32'),
      scales: params.map((p) => p.scale),
      zeroPoints: params.map((p) => (q.unsigned ? BigInt(Math.abs(p.zp)) : BigInt(p.zp)) + (lo < 0n ? 0n : 0n)),
      axis: q.perAxis ? q.axis : null,
    });
  });

export const scalarTypeArb: fc.Arbitrary<Type> = fc.oneof(
  { weight: 4, arbitrary: intTypeArb },
  { weight: 2, arbitrary: floatTypeArb },
  { weight: 1, arbitrary: fc.constant(IndexType.get()) },
);

const shapeArb = fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(DYNAMIC)), { maxLength: 3 });

export const typeArb: fc.Arbitrary<Type> = fc.oneof(
  { weight: 5, arbitrary: scalarTypeArb },
  { weight: 3, arbitrary: fc.tuple(shapeArb, fc.oneof(scalarTypeArb, quantArb)).map(([s, e]) => RankedTensorType.get(s, e)) },
  { weight: 1, arbitrary: fc.oneof(scalarTypeArb, quantArb).map((e) => UnrankedTensorType.get(e)) },
  { weight: 1, arbitrary: fc.tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }), fc.oneof(intTypeArb, floatTypeArb)).map(([s, e]) => VectorType.get(s, e)) },
  { weight: 1, arbitrary: fc.array(scalarTypeArb, { maxLength: 3 }).map((ts) => TupleType.get(ts)) },
  { weight: 1, arbitrary: quantArb },
  { weight: 1, arbitrary: fc.constantFrom(OpaqueType.get('npu', 'buffer<"x", 4>'), OpaqueType.get('foo', 'bar')) },
  { weight: 1, arbitrary: fc.tuple(fc.array(scalarTypeArb, { maxLength: 2 }), fc.array(scalarTypeArb, { maxLength: 2 })).map(([i, o]) => FunctionType.get(i, o)) },
);

// ---------------------------------------------------------------------------
// Attributes

/** Strings with quotes, backslashes, control characters, non-ASCII and astral characters. */
export const oddStringArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', '"', '\\', '\n\t\r', '\u0000', '\u007f', 'é', '日本', '😀', 'a"b\\c', '#-}', '{-#', '// -----', '@x', '%0'),
);

export const attrNameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a', 'b', 'value', 'npuc.tag', 'x_1', 'A$b', 'dims'),
  fc.stringMatching(/^[a-z_][a-z0-9_.$]{0,8}$/),
  fc.constantFrom('odd key', '0starts-with-digit', 'quote"d', 'x-y', 'é'),
);

function intValueArb(t: IntegerType): fc.Arbitrary<bigint> {
  return fc.bigInt({ min: t.minValue, max: t.maxValue });
}

function floatValueArb(t: FloatType): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, -0, 1, -1.5, 0.1, 65504, 1e-8, Infinity, -Infinity, NaN),
    t.name === 'f64' ? fc.double() : fc.float().map(Number),
  );
}

const denseArb: fc.Arbitrary<Attribute> = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
    elem: fc.oneof(fc.constantFrom(1, 8, 16, 32, 64).map((w) => IntegerType.get(w) as Type), floatTypeArb as fc.Arbitrary<Type>),
    splat: fc.boolean(),
    seed: fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 40 }),
  })
  .map(({ shape, elem, splat, seed }) => {
    const t = RankedTensorType.get(shape, elem);
    const n = splat ? 1 : t.numElements;
    const pick = (i: number): number => seed[i % seed.length]!;
    if (elem instanceof FloatType) return DenseElementsAttr.fromFloats(t, Array.from({ length: n }, (_, i) => pick(i)));
    const it = elem as IntegerType;
    return DenseElementsAttr.fromInts(
      t,
      Array.from({ length: n }, (_, i) => BigInt.asIntN(it.width === 1 ? 1 : it.width, BigInt(Math.trunc(pick(i)))) & (it.width === 1 ? 1n : -1n)),
    );
  });

let resourceCount = 0;
/** `dense_resource<key>` with its blob; every handle gets a key of its own. */
const resourceArb: fc.Arbitrary<Attribute> = fc
  .tuple(fc.constantFrom('blob', 'weights.0', 'odd key'), fc.uint8Array({ minLength: 1, maxLength: 4 }))
  .map(([k, bytes]) => {
    const t = RankedTensorType.get([bytes.length], IntegerType.get(8));
    return new DenseResourceAttr(t, new ResourceHandle(`${k}_${resourceCount++}`, bytes)) as Attribute;
  });

const leafAttrArb: fc.Arbitrary<Attribute> = fc.oneof(
  intTypeArb.chain((t) => intValueArb(t).map((v) => new IntegerAttr(v, t) as Attribute)),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map((v) => new IntegerAttr(v, IndexType.get()) as Attribute),
  // FloatAttr keeps the number it is given: round it to the type first, as MLIR's APFloat would.
  floatTypeArb.chain((t) => floatValueArb(t).map((v) => new FloatAttr(roundToFloat(v, t.name), t) as Attribute)),
  oddStringArb.map((s) => new StringAttr(s) as Attribute),
  fc.constant(UnitAttr.instance as Attribute),
  fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 4 }).map((vs) => DenseArrayAttr.i64(vs) as Attribute),
  typeArb.map((t) => new TypeAttr(t) as Attribute),
  fc.tuple(fc.oneof(attrNameArb, oddStringArb.filter((s) => s.length > 0)), fc.array(attrNameArb, { maxLength: 2 })).map(([r, n]) => new SymbolRefAttr(r, n) as Attribute),
  denseArb,
  resourceArb,
  fc.constantFrom(new OpaqueAttr('#npu.layout<nhwc>'), new OpaqueAttr('#foo.bar')) as fc.Arbitrary<Attribute>,
);

export const attrArb: fc.Arbitrary<Attribute> = fc.letrec<{ attr: Attribute }>((tie) => ({
  attr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafAttrArb,
    fc.array(tie('attr'), { maxLength: 3 }).map((es) => new ArrayAttr(es) as Attribute),
    fc.uniqueArray(fc.tuple(attrNameArb, tie('attr')), { maxLength: 3, selector: ([k]) => k }).map((es) => new DictionaryAttr(es) as Attribute),
  ),
})).attr;

export const namedAttrsArb = fc.uniqueArray(fc.tuple(attrNameArb, attrArb), { maxLength: 3, selector: ([k]) => k });

/** Argument attributes must be dialect attributes: their names have a dialect prefix. */
const dialectAttrsArb = fc.uniqueArray(fc.tuple(attrNameArb.map((n) => (n.includes('.') ? n : `npuc.${n}`)), attrArb), {
  maxLength: 3,
  selector: ([k]) => k,
});

// ---------------------------------------------------------------------------
// Locations

// (MLIR reads an empty file name back as "-".)
const fileNameArb = oddStringArb.filter((s) => s !== '');

const leafLocArb: fc.Arbitrary<Location> = fc.oneof(
  fc.tuple(fileNameArb, fc.nat({ max: 9999 }), fc.nat({ max: 999 })).map(([f, l, c]) => new FileLineColLoc(f, l, c) as Location),
  oddStringArb.map((n) => new NameLoc(n) as Location),
);

/**
 * Locations in MLIR's canonical form (what FusedLoc::get builds): a fused
 * location holds two or more distinct locations, none unknown or fused.
 */
export const locArb: fc.Arbitrary<Location> = fc.letrec<{ loc: Location }>((tie) => ({
  loc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(UnknownLoc.instance as Location),
    fc.tuple(fileNameArb, fc.nat({ max: 9999 }), fc.nat({ max: 999 })).map(([f, l, c]) => new FileLineColLoc(f, l, c) as Location),
    oddStringArb.map((n) => new NameLoc(n) as Location),
    fc.tuple(oddStringArb, tie('loc')).map(([n, c]) => new NameLoc(n, c) as Location),
    fc.tuple(fc.uniqueArray(leafLocArb, { minLength: 2, maxLength: 3, selector: (l) => l.toString() }), fc.option(fc.constantFrom<Attribute>(new StringAttr('meta'), new IntegerAttr(1n, IntegerType.get(32))))).map(
      ([ls, m]) => new FusedLoc(ls, m) as Location,
    ),
    fc.tuple(tie('loc'), tie('loc')).map(([a, b]) => new CallSiteLoc(a, b) as Location),
  ),
})).loc;

// ---------------------------------------------------------------------------
// Modules

export interface OpPlan {
  name: string;
  operands: number[];
  resultTypes: Type[];
  attrs: [string, Attribute][];
  props: [string, Attribute][];
  regions: BlockPlan[][];
  loc: Location;
}
export interface BlockPlan {
  argTypes: Type[];
  ops: OpPlan[];
}
export interface FuncPlan {
  name: string;
  inputs: Type[];
  argAttrs: [string, Attribute][][] | null;
  ops: OpPlan[];
  results: number[];
  private: boolean;
  loc: Location;
}

const opNameArb = fc.constantFrom('test.op', 'npu.conv2d', 'foo.bar_baz', 'x.y.z', 'npu.op$1');

const opPlanArb: fc.Arbitrary<OpPlan> = fc.letrec<{ op: OpPlan; block: BlockPlan }>((tie) => ({
  op: fc.record({
    name: opNameArb,
    operands: fc.array(fc.nat(), { maxLength: 3 }),
    resultTypes: fc.array(typeArb, { maxLength: 3 }),
    attrs: namedAttrsArb,
    props: fc.oneof({ weight: 3, arbitrary: fc.constant([] as [string, Attribute][]) }, { weight: 1, arbitrary: namedAttrsArb }),
    regions: fc.oneof(
      { weight: 4, arbitrary: fc.constant([] as BlockPlan[][]) },
      { weight: 1, arbitrary: fc.array(fc.array(tie('block'), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }) },
    ),
    loc: locArb,
  }),
  block: fc.record({
    argTypes: fc.array(typeArb, { maxLength: 2 }),
    ops: fc.array(tie('op'), { maxLength: 3 }),
  }),
})).op;

export const funcPlanArb: fc.Arbitrary<FuncPlan> = fc.record({
  name: fc.oneof(fc.stringMatching(/^[a-z_][a-zA-Z0-9_$.]{0,6}$/), fc.constantFrom('odd name', 'with"quote', 'é')),
  inputs: fc.array(typeArb, { maxLength: 3 }),
  argAttrs: fc.option(fc.array(dialectAttrsArb, { minLength: 3, maxLength: 3 })),
  ops: fc.array(opPlanArb, { maxLength: 5 }),
  results: fc.array(fc.nat(), { maxLength: 2 }),
  private: fc.boolean(),
  loc: locArb,
});

export const modulePlanArb = fc.uniqueArray(funcPlanArb, { maxLength: 3, selector: (f) => f.name });

/**
 * Builds a module; operands index into the values visible at each op
 * (wrapping around). `nonEmptyBlocks` puts an op into every nested block:
 * MLIR's parser rejects a labeled block without operations, although such IR
 * is valid (and round-trips in npuc).
 */
export function buildModule(plans: readonly FuncPlan[], opts: { nonEmptyBlocks?: boolean } = {}): Operation {
  const { module, body } = Builder.module();
  const b = Builder.atEnd(body);
  for (const plan of plans) {
    b.setInsertionPointToEnd(body);
    b.loc = plan.loc;
    const argAttrs = plan.argAttrs ? plan.inputs.map((_, i) => new DictionaryAttr(plan.argAttrs![i] ?? [])) : undefined;
    // The signature is fixed once the body is known: results are values of the body.
    const fn = b.func(plan.name, plan.inputs, [], { argAttrs, visibility: plan.private ? 'private' : 'public' });
    const visible: Value[] = [...fn.args];
    const emit = (ops: readonly OpPlan[], block: Block, scope: Value[]): void => {
      const inner = Builder.atEnd(block);
      for (const p of ops) {
        inner.loc = p.loc;
        const operands = scope.length ? p.operands.map((i) => scope[i % scope.length]!) : [];
        const op = inner.create({
          name: p.name,
          operands,
          resultTypes: p.resultTypes,
          attributes: p.attrs,
          properties: p.props,
          regions: p.regions.length,
        });
        p.regions.forEach((blocks, ri) => {
          for (const [bi, bp] of blocks.entries()) {
            // An empty entry block without arguments followed by other blocks
            // prints as nothing, in MLIR as here: give it an argument.
            const argTypes = bi === 0 && blocks.length > 1 && !bp.argTypes.length && !bp.ops.length ? [IndexType.get()] : bp.argTypes;
            const nb = op.regions[ri]!.addBlock(new Block(argTypes));
            emit(bp.ops, nb, [...scope, ...nb.args]);
            if (opts.nonEmptyBlocks && nb.isEmpty) Builder.atEnd(nb).create({ name: 'test.end' });
          }
        });
        scope.push(...op.results);
      }
    };
    emit(plan.ops, fn.body, visible);
    const results = visible.length ? plan.results.map((i) => visible[i % visible.length]!) : [];
    b.setInsertionPointToEnd(fn.body);
    b.return(results);
    fn.op.properties.set('function_type', new TypeAttr(FunctionType.get(plan.inputs, results.map((v) => v.type))));
  }
  return module;
}
