// Float literals in MLIR's textual form, printed exactly as MLIR's AsmPrinter
// prints them (printFloatValue): first LLVM's APFloat::toString with 6
// significant digits padded to `d.dddddde±XX`, used when it reads back to the
// same value in the literal's type; otherwise APFloat's default form (enough
// digits to round-trip, `1.23456789E-4` or `123456.703`) when it contains a
// '.', and the bit pattern in hex for everything else (NaN, infinities, and
// integral values such as `0x4996B438 : f32` that the default form would print
// without a '.'). The digit generation below is a port of APFloat's
// toStringImpl, so the text matches upstream byte for byte.

import { floatToBits, roundToFloat, floatByteWidth } from './float-bits.js';

interface Semantics {
  exponentBits: number;
  mantissaBits: number;
  /** APFloat precision (significand bits including the implicit one). */
  precision: number;
}

const semantics: Record<string, Semantics> = {
  f16: { exponentBits: 5, mantissaBits: 10, precision: 11 },
  bf16: { exponentBits: 8, mantissaBits: 7, precision: 8 },
  f32: { exponentBits: 8, mantissaBits: 23, precision: 24 },
  // tf32 values are held as f32 bit patterns; APFloat's precision for it is 11.
  tf32: { exponentBits: 8, mantissaBits: 23, precision: 11 },
  f64: { exponentBits: 11, mantissaBits: 52, precision: 53 },
};

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/**
 * APFloat::toString for a finite value `(-1)^neg * significand * 2^exp`.
 * `formatPrecision` 0 means "enough digits to round-trip"; `maxPadding` 0
 * forces scientific notation.
 */
function apfloatToString(
  neg: boolean,
  exp: number,
  significand: bigint,
  semanticsPrecision: number,
  formatPrecision: number,
  maxPadding: number,
  truncateZero: boolean,
): string {
  let out = neg ? '-' : '';
  if (significand === 0n) {
    if (maxPadding) return out + '0';
    return out + (truncateZero ? '0.0E+0' : `0.0${'0'.repeat(Math.max(0, formatPrecision - 1))}e+00`);
  }
  if (!formatPrecision) formatPrecision = 2 + Math.floor((semanticsPrecision * 59) / 196);

  // Ignore trailing binary zeros, then change the exponent from 2^e to 10^e.
  while ((significand & 1n) === 0n) {
    significand >>= 1n;
    exp++;
  }
  if (exp > 0) {
    significand <<= BigInt(exp);
    exp = 0;
  } else if (exp < 0) {
    significand *= 5n ** BigInt(-exp); // N * 2^-e == N * 5^e * 10^-e
  }

  // Drop decimal digits far beyond the requested precision (truncating, as APFloat does).
  const bits = bitLength(significand);
  const bitsRequired = Math.floor((formatPrecision * 196 + 58) / 59);
  if (bits > bitsRequired) {
    const tensRemovable = Math.floor(((bits - bitsRequired) * 59) / 196);
    if (tensRemovable) {
      exp += tensRemovable;
      significand /= 10n ** BigInt(tensRemovable);
    }
  }

  // Decimal digits, least significant first, without trailing zeros.
  let digits = significand.toString();
  let zeros = 0;
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    zeros++;
  }
  exp += zeros;
  let buffer = [...digits].reverse();

  // Round half up to formatPrecision digits.
  if (buffer.length > formatPrecision) {
    const n = buffer.length;
    let first = n - formatPrecision;
    if (buffer[first - 1]! < '5') {
      while (first < n && buffer[first] === '0') first++;
      exp += first;
      buffer = buffer.slice(first);
    } else {
      for (let i = first; i !== n; i++) {
        if (buffer[i] === '9') {
          first++;
        } else {
          buffer[i] = String.fromCharCode(buffer[i]!.charCodeAt(0) + 1);
          break;
        }
      }
      exp += first;
      buffer = first === n ? ['1'] : buffer.slice(first);
    }
  }

  const nDigits = buffer.length;
  let scientific: boolean;
  if (!maxPadding) {
    scientific = true;
  } else if (exp >= 0) {
    scientific = exp > maxPadding || nDigits + exp > formatPrecision;
  } else {
    const msd = exp + (nDigits - 1);
    scientific = msd >= 0 ? false : -msd > maxPadding;
  }

  if (scientific) {
    exp += nDigits - 1;
    out += buffer[nDigits - 1]! + '.';
    if (nDigits === 1 && truncateZero) out += '0';
    else for (let i = 1; i !== nDigits; i++) out += buffer[nDigits - 1 - i]!;
    if (!truncateZero && formatPrecision > nDigits - 1) out += '0'.repeat(formatPrecision - nDigits + 1);
    out += truncateZero ? 'E' : 'e';
    out += exp >= 0 ? '+' : '-';
    const e = String(Math.abs(exp));
    return out + (!truncateZero && e.length < 2 ? '0' + e : e);
  }
  const ordered = buffer.slice().reverse().join('');
  if (exp >= 0) return out + ordered + '0'.repeat(exp);
  const whole = exp + nDigits;
  if (whole > 0) return out + ordered.slice(0, whole) + '.' + ordered.slice(whole);
  return out + '0.' + '0'.repeat(-whole) + ordered;
}

function hexBits(x: number, kind: string): string {
  const digits = floatByteWidth(kind) * 2;
  return '0x' + floatToBits(x, kind).toString(16).toUpperCase().padStart(digits, '0');
}

export function formatFloatLiteral(x: number, kind: string): string {
  if (!Number.isFinite(x)) return hexBits(x, kind);
  const sem = semantics[kind] ?? semantics.f64!;
  const bits = floatToBits(x, kind === 'tf32' ? 'f32' : kind);
  const totalBits = 1 + sem.exponentBits + sem.mantissaBits;
  const neg = (bits >> BigInt(totalBits - 1)) & 1n ? true : false;
  const biased = Number((bits >> BigInt(sem.mantissaBits)) & ((1n << BigInt(sem.exponentBits)) - 1n));
  const mantissa = bits & ((1n << BigInt(sem.mantissaBits)) - 1n);
  const bias = (1 << (sem.exponentBits - 1)) - 1;
  const significand = biased === 0 ? mantissa : mantissa | (1n << BigInt(sem.mantissaBits));
  const exp = (biased === 0 ? 1 - bias : biased - bias) - sem.mantissaBits;

  const short = apfloatToString(neg, exp, significand, sem.precision, 6, 0, false);
  const back = roundToFloat(Number(short), kind);
  if (floatToBits(back, kind) === floatToBits(x, kind)) return short;
  const full = apfloatToString(neg, exp, significand, sem.precision, 0, 3, true);
  return full.includes('.') ? full : hexBits(x, kind);
}
