// Float literals in MLIR's textual form. A decimal literal must contain a '.'
// (`1e5` would lex as an integer and an identifier), so we always print one.
// As MLIR does, we prefer the 6-digit scientific form when it reads back to the
// same value in the literal's type, then the shortest form that does, and fall
// back to the bit pattern in hex for NaN and infinities.

import { floatToBits, roundToFloat, floatByteWidth } from './float-bits.js';

function mlirExponent(s: string): string {
  // JS prints `1.5e+0`; MLIR prints `1.500000e+00`. Both parse; keep MLIR's look.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

export function formatFloatLiteral(x: number, kind: string): string {
  if (!Number.isFinite(x)) {
    const digits = floatByteWidth(kind) * 2;
    return '0x' + floatToBits(x, kind).toString(16).toUpperCase().padStart(digits, '0');
  }
  if (Object.is(x, -0)) return '-0.000000e+00';
  const sci = mlirExponent(x.toExponential(6));
  if (roundToFloat(Number(sci), kind) === x) return sci;
  for (let p = 1; p <= 17; p++) {
    const s = x.toExponential(p);
    if (roundToFloat(Number(s), kind) === x) return mlirExponent(s.includes('.') ? s : s.replace('e', '.0e'));
  }
  return mlirExponent(x.toExponential(17));
}
