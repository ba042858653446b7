// The shape of an op declaration. Every op is declared once, as data, in its
// dialect's table; the parser, printer, verifier, folder, rewrite driver and
// interpreters all read this one record (as MLIR's ODS and Mesa's
// nir_opcodes.py do).

import type { Attribute } from './attributes.js';
import type { Operation, Value } from './operation.js';
import type { Type } from './types.js';
import type { OpAsmParser, OperationState } from './parser.js';
import type { OpAsmPrinter } from './printer.js';
import type { RewritePattern } from './rewrite.js';

/** A named predicate over types, e.g. "signless integer". */
export interface TypeConstraint {
  readonly description: string;
  readonly check: (t: Type) => boolean;
}

/** A named predicate over attributes, e.g. "64-bit integer array". */
export interface AttrConstraint {
  readonly description: string;
  readonly check: (a: Attribute) => boolean;
}

export interface OperandSpec {
  readonly name: string;
  readonly type: TypeConstraint;
  /** `variadic`: any number (zero or more); `optional`: zero or one. */
  readonly arity?: 'single' | 'optional' | 'variadic';
}

export interface ResultSpec {
  readonly name: string;
  readonly type: TypeConstraint;
  readonly arity?: 'single' | 'optional' | 'variadic';
}

export interface AttrSpec {
  readonly name: string;
  readonly constraint: AttrConstraint;
  readonly optional?: boolean;
  /**
   * For enum attributes: the dialect attribute they are stored as (e.g.
   * `tosa.rounding_mode` for `#tosa.rounding_mode<DOUBLE_ROUND>`); custom
   * syntax prints the bare case name.
   */
  readonly enumOf?: string;
  /**
   * The value an absent attribute stands for (ODS DefaultValuedAttr). Without
   * `optional` every op carries it (filled in when the op is created, as MLIR
   * does for properties); with `optional` it may stay absent
   * (DefaultValuedOptionalAttr). Custom syntax omits it when it equals this.
   */
  readonly default?: Attribute;
}

export type Trait =
  /** No side effects: unused results make the op dead, CSE may merge it. */
  | 'Pure'
  | 'Commutative'
  | 'Terminator'
  | 'ReturnLike'
  /** Ops inside cannot use values defined outside. */
  | 'IsolatedFromAbove'
  | 'SymbolTable'
  | 'Symbol'
  /** Single-block regions whose block needs no terminator. */
  | 'NoTerminator'
  | 'SingleBlock'
  | 'ConstantLike'
  | 'SameOperandsAndResultType';

/** A fold either yields an attribute (a constant to materialize) or an existing value. */
export type FoldResult = Attribute | Value;

export interface OpDef {
  readonly name: string;
  readonly summary: string;
  readonly operands: readonly OperandSpec[];
  readonly results: readonly ResultSpec[];
  readonly attributes?: readonly AttrSpec[];
  /** Number of regions the op has. */
  readonly regions?: number;
  readonly traits?: readonly Trait[];
  /** Ops this op may be directly nested in (MLIR's HasParent). */
  readonly parents?: readonly string[];
  /** Op-specific checks after the table-driven ones; returns an error message. */
  readonly verify?: (op: Operation) => string | null;
  /**
   * Folds the op given the constant value of each operand (null when not
   * constant). Returns one result per op result, or null when it does not fold.
   */
  readonly fold?: (op: Operation, operands: readonly (Attribute | null)[]) => FoldResult[] | null;
  /** Canonicalization patterns rooted at this op. */
  readonly canonicalize?: readonly RewritePattern[];
  /** Reference semantics: computes result values from operand values. */
  readonly eval?: (op: Operation, operands: readonly unknown[]) => unknown[];
  /** Custom (pretty) syntax; ops without it print and parse in generic form only. */
  readonly assembly?: {
    readonly parse: (p: OpAsmParser, state: OperationState) => void;
    readonly print: (p: OpAsmPrinter, op: Operation) => void;
  };
}

export interface DialectDef {
  readonly name: string;
  readonly summary: string;
  readonly ops: readonly OpDef[];
  /** Creates the op that materializes a folded constant of `type`, or null. */
  readonly materializeConstant?: (value: Attribute, type: Type) => Operation | null;
}
