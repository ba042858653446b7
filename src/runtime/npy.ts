// NumPy `.npy` files (format versions 1.0, 2.0 and 3.0), read and written for
// the tensors npuc evaluates. The reader checks every field before trusting it:
// magic, version, header length, the header dictionary, dtype, shape and the
// data size.

import { Tensor, storageFor, type TensorData } from '../ir/tensor.js';
import { bitsToF16, f16ToBits } from '../ir/float-bits.js';
import { FloatType, IntegerType, i1, type Type } from '../ir/types.js';

export class NpyError extends Error {}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** NumPy dtype codes (little-endian or byte-order-free) and npuc element types. */
const dtypes: Record<string, Type> = {
  '|b1': i1,
  '|i1': IntegerType.get(8),
  '|u1': IntegerType.get(8, 'unsigned'),
  '<i2': IntegerType.get(16),
  '<u2': IntegerType.get(16, 'unsigned'),
  '<i4': IntegerType.get(32),
  '<u4': IntegerType.get(32, 'unsigned'),
  '<i8': IntegerType.get(64),
  '<u8': IntegerType.get(64, 'unsigned'),
  '<f2': FloatType.get('f16'),
  '<f4': FloatType.get('f32'),
  '<f8': FloatType.get('f64'),
};
// Single-byte types may also be written with '<' or '='.
for (const k of ['i1', 'u1', 'b1']) {
  dtypes[`<${k}`] = dtypes[`|${k}`]!;
  dtypes[`=${k}`] = dtypes[`|${k}`]!;
}

function descrOf(t: Type): string {
  for (const [k, v] of Object.entries(dtypes)) if (v === t && !k.startsWith('=') && !(k.startsWith('<') && k.endsWith('1'))) return k;
  throw new NpyError(`cannot write element type ${t} to .npy`);
}

/** Parses the header dictionary, a Python literal like `{'descr': '<i1', 'fortran_order': False, 'shape': (2, 3), }`. */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const m = /^\{\s*(.*?)\s*\}\s*$/s.exec(text);
  if (!m) throw new NpyError('header is not a dictionary');
  const fields = new Map<string, string>();
  const re = /'([a-z_]+)'\s*:\s*('[^']*'|True|False|\([^)]*\))\s*,?\s*/gy;
  let pos = 0;
  const body = m[1]!;
  while (pos < body.length) {
    re.lastIndex = pos;
    const f = re.exec(body);
    if (!f) throw new NpyError(`malformed header near '${body.slice(pos, pos + 20)}'`);
    if (fields.has(f[1]!)) throw new NpyError(`duplicate header key '${f[1]}'`);
    fields.set(f[1]!, f[2]!);
    pos = re.lastIndex;
  }
  const descr = fields.get('descr');
  const fortran = fields.get('fortran_order');
  const shape = fields.get('shape');
  if (!descr || !fortran || !shape || fields.size !== 3) throw new NpyError("header must have exactly 'descr', 'fortran_order' and 'shape'");
  const dims = shape
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const parsed = dims.map((d) => {
    if (!/^\d+L?$/.test(d)) throw new NpyError(`invalid dimension '${d}' in shape`);
    const n = Number(d.replace('L', ''));
    if (!Number.isSafeInteger(n)) throw new NpyError(`dimension ${d} is too large`);
    return n;
  });
  return { descr: descr.slice(1, -1), fortran: fortran === 'True', shape: parsed };
}

/** Decodes a `.npy` file. */
export function readNpy(bytes: Uint8Array): Tensor {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError('not a .npy file (bad magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError('truncated .npy header');
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new NpyError(`unsupported .npy format version ${major}.${bytes[7]}`);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) throw new NpyError(`header length ${headerLen} runs past the end of the file`);
  const header = parseHeader(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart)));
  if (header.fortran) throw new NpyError('Fortran-ordered arrays are not supported');
  const et = dtypes[header.descr];
  if (!et) throw new NpyError(`unsupported dtype '${header.descr}'`);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const storage = storageFor(et);
  const isF16 = et instanceof FloatType && et.name === 'f16';
  // float16 is held as f32 values in memory but stored as 2-byte bit patterns.
  const width = isF16 ? 2 : (storage as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const available = bytes.length - dataStart;
  if (count * width !== available) {
    throw new NpyError(`data has ${available} bytes, shape (${header.shape.join(', ')}) of '${header.descr}' needs ${count * width}`);
  }
  // Copy into a fresh, aligned buffer (the file's data offset need not be aligned).
  const copy = new Uint8Array(bytes.subarray(dataStart, dataStart + count * width)); // copies, even for a Buffer
  if (isF16) return new Tensor(header.shape, et, Float32Array.from(new Uint16Array(copy.buffer), bitsToF16));
  const data = new (storage as unknown as new (b: ArrayBuffer) => TensorData)(copy.buffer);
  return new Tensor(header.shape, et, data);
}

/** Encodes a tensor as a version 1.0 `.npy` file. */
export function writeNpy(t: Tensor): Uint8Array {
  const descr = descrOf(t.elementType);
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad with spaces so that magic + version + length + header ends on a 64-byte boundary.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const isF16 = t.elementType instanceof FloatType && t.elementType.name === 'f16';
  const values = isF16 ? Uint16Array.from(t.data as Float32Array, f16ToBits) : t.data;
  const data = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(10 + header.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}
