// Reusable type and attribute constraints for op tables (MLIR's ODS TypeConstraint
// and AttrConstraint, as plain data).

import {
  ArrayAttr,
  DenseArrayAttr,
  DenseElementsAttr,
  DenseResourceAttr,
  DictionaryAttr,
  FloatAttr,
  IntegerAttr,
  StringAttr,
  SymbolRefAttr,
  TypeAttr,
  UnitAttr,
  type Attribute,
} from './attributes.js';
import type { AttrConstraint, TypeConstraint } from './op-def.js';
import { FloatType, FunctionType, IndexType, IntegerType, RankedTensorType, type Type } from './types.js';

export const anyType: TypeConstraint = { description: 'any type', check: () => true };

export const signlessIntegerLike: TypeConstraint = {
  description: 'signless integer or index',
  check: (t: Type) => (t instanceof IntegerType && t.signedness === 'signless') || t instanceof IndexType,
};

export const anyFloat: TypeConstraint = { description: 'floating-point', check: (t) => t instanceof FloatType };

export const rankedTensor: TypeConstraint = {
  description: 'ranked tensor',
  check: (t) => t instanceof RankedTensorType,
};

export function oneOf(...cs: TypeConstraint[]): TypeConstraint {
  return { description: cs.map((c) => c.description).join(' or '), check: (t) => cs.some((c) => c.check(t)) };
}

export const anyAttr: AttrConstraint = { description: 'any attribute', check: () => true };

export const stringAttr: AttrConstraint = { description: 'string attribute', check: (a) => a instanceof StringAttr };

export const unitAttr: AttrConstraint = { description: 'unit attribute', check: (a) => a instanceof UnitAttr };

export const flatSymbolRefAttr: AttrConstraint = {
  description: 'flat symbol reference attribute',
  check: (a) => a instanceof SymbolRefAttr && a.nested.length === 0,
};

export const functionTypeAttr: AttrConstraint = {
  description: 'type attribute of function type',
  check: (a) => a instanceof TypeAttr && a.type instanceof FunctionType,
};

export function arrayOf(elem: AttrConstraint): AttrConstraint {
  return {
    description: `array of ${elem.description}`,
    check: (a) => a instanceof ArrayAttr && a.elements.every((e) => elem.check(e)),
  };
}

export const dictionaryAttr: AttrConstraint = { description: 'dictionary attribute', check: (a) => a instanceof DictionaryAttr };

export const typedAttr: AttrConstraint = {
  description: 'integer, float or elements attribute',
  check: (a: Attribute) =>
    a instanceof IntegerAttr || a instanceof FloatAttr || a instanceof DenseElementsAttr || a instanceof DenseResourceAttr,
};

export function denseI64Array(description = 'i64 dense array attribute'): AttrConstraint {
  return {
    description,
    check: (a) => a instanceof DenseArrayAttr && a.elementType instanceof IntegerType && a.elementType.width === 64,
  };
}

export function enumString(...values: string[]): AttrConstraint {
  return {
    description: `one of ${values.map((v) => `"${v}"`).join(', ')}`,
    check: (a) => a instanceof StringAttr && values.includes(a.value),
  };
}
