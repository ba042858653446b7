// Reading a golden directory (made by `npuc golden`) back: golden.json
// validated field by field, every path kept inside the directory, and every
// file's SHA-256 checked against what golden.json records, so that a
// modified blob, input or expected output is an error naming the file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobDType } from '../codegen/blob-types.js';
import { Tensor } from '../ir/tensor.js';
import { readNpy } from '../runtime/npy.js';
import { GOLDEN_FORMAT, GOLDEN_FORMAT_VERSION, GOLDEN_JSON, type GoldenFile, type GoldenJson } from './golden.js';
import { checkTensor, failAt, sha256 } from './tensor-files.js';

const DTYPES = new Set(['i1', 'i8', 'ui8', 'i16', 'ui16', 'i32', 'ui32', 'i48', 'i64', 'f16', 'f32', 'f64']);

/** A path inside the golden directory: relative, `/`-separated, no `..`, no odd characters. */
const SAFE_PATH = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** golden.json, checked: every field present with the right type. */
function validate(json: unknown, where: string): GoldenJson {
  const bad = (path: string, what: string): never => failAt(where, `invalid golden.json: ${path} ${what}`);
  const obj = (v: unknown, path: string): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : bad(path, 'must be an object'));
  const str = (v: unknown, path: string): string => (typeof v === 'string' ? v : bad(path, 'must be a string'));
  const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : bad(path, 'must be an array'));
  const int = (v: unknown, path: string): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : bad(path, 'must be a non-negative integer'));
  const hash = (v: unknown, path: string): string => (/^[0-9a-f]{64}$/.test(str(v, path)) ? (v as string) : bad(path, 'must be a SHA-256 digest (64 lower-case hex digits)'));
  const file = (v: unknown, path: string): string => (SAFE_PATH.test(str(v, path)) ? (v as string) : bad(path, `'${String(v)}' must be a relative path inside the golden directory`));

  const g = obj(json, '(top level)');
  if (g.format !== GOLDEN_FORMAT) bad('format', `must be "${GOLDEN_FORMAT}"`);
  if (g.formatVersion !== GOLDEN_FORMAT_VERSION) bad('formatVersion', `${JSON.stringify(g.formatVersion)} is not supported (this npuc reads version ${GOLDEN_FORMAT_VERSION})`);
  str(g.npuc, 'npuc');
  str(g.target, 'target');
  str(g.model, 'model');
  const blob = obj(g.blob, 'blob');
  file(blob.file, 'blob.file');
  int(blob.size, 'blob.size');
  hash(blob.sha256, 'blob.sha256');
  const tensorFile = (v: unknown, path: string): GoldenFile => {
    const t = obj(v, path);
    str(t.name, `${path}.name`);
    file(t.file, `${path}.file`);
    if (!DTYPES.has(str(t.dtype, `${path}.dtype`))) bad(`${path}.dtype`, `'${String(t.dtype)}' is not a tensor dtype`);
    arr(t.shape, `${path}.shape`).forEach((d, i) => int(d, `${path}.shape[${i}]`));
    hash(t.sha256, `${path}.sha256`);
    return t as unknown as GoldenFile;
  };
  const sets = arr(g.sets, 'sets');
  if (sets.length === 0) bad('sets', 'must hold at least one input set');
  sets.forEach((s, k) => {
    const set = obj(s, `sets[${k}]`);
    arr(set.inputs, `sets[${k}].inputs`).forEach((t, i) => tensorFile(t, `sets[${k}].inputs[${i}]`));
    const outs = arr(set.outputs, `sets[${k}].outputs`);
    if (outs.length === 0) bad(`sets[${k}].outputs`, 'must name at least one output');
    outs.forEach((t, i) => tensorFile(t, `sets[${k}].outputs[${i}]`));
  });
  return g as unknown as GoldenJson;
}

/** Reads and validates `dir/golden.json`. */
export function readGoldenJson(dir: string): GoldenJson {
  const where = join(dir, GOLDEN_JSON);
  let text = '';
  try {
    text = readFileSync(where, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    failAt(dir, code === 'ENOENT' || code === 'ENOTDIR' ? `not a golden directory: no ${GOLDEN_JSON} (make one with npuc golden)` : `cannot read '${where}': ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    failAt(where, `invalid golden.json: ${(e as Error).message}`);
  }
  return validate(json, where);
}

/** Reads `dir/rel` and checks its SHA-256 against `expected`. */
export function readVerified(dir: string, rel: string, expected: string): Uint8Array {
  const f = join(dir, ...rel.split('/'));
  let bytes: Uint8Array = new Uint8Array();
  try {
    bytes = readFileSync(f);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    failAt(f, `cannot read '${f}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const got = sha256(bytes);
  if (got !== expected) failAt(f, `SHA-256 mismatch: ${GOLDEN_JSON} records ${expected}, the file has ${got} (the golden directory was modified)`);
  return bytes;
}

/** Reads a tensor file of the golden directory: SHA-256, `.npy` format, dtype and shape all as golden.json says. */
export function readGoldenTensor(dir: string, g: GoldenFile, what: string): Tensor {
  const f = join(dir, ...g.file.split('/'));
  const bytes = readVerified(dir, g.file, g.sha256);
  let t: Tensor;
  try {
    t = readNpy(bytes);
  } catch (e) {
    return failAt(f, `invalid .npy file: ${(e as Error).message}`);
  }
  return checkTensor(t, { dtype: g.dtype as BlobDType, shape: g.shape }, what, f);
}
