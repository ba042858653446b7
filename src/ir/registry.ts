// The dialect registry: the single place op definitions are looked up by name.

import type { DialectDef, OpDef } from './op-def.js';

const dialects = new Map<string, DialectDef>();
const ops = new Map<string, OpDef>();

export function registerDialect(dialect: DialectDef): void {
  if (dialects.has(dialect.name)) return;
  dialects.set(dialect.name, dialect);
  for (const op of dialect.ops) {
    if (!op.name.startsWith(dialect.name + '.')) {
      throw new Error(`op '${op.name}' does not belong to dialect '${dialect.name}'`);
    }
    if (ops.has(op.name)) throw new Error(`op '${op.name}' is declared twice`);
    ops.set(op.name, op);
  }
}

export function lookupOp(name: string): OpDef | undefined {
  return ops.get(name);
}

export function lookupDialect(name: string): DialectDef | undefined {
  return dialects.get(name);
}

/** The dialect an op name belongs to (`tosa.conv2d` -> `tosa`). */
export function dialectOf(opName: string): DialectDef | undefined {
  const dot = opName.indexOf('.');
  return dot < 0 ? undefined : dialects.get(opName.slice(0, dot));
}

export function registeredDialects(): DialectDef[] {
  return [...dialects.values()];
}
