// `npuc check DIR`: compare outputs against a golden directory's expected
// outputs. The outputs are either recomputed (the directory's blob run by
// npuc's runtime on its inputs) or read from a device's output directory
// (`--outputs D`: D/<k>/<name>.npy, or D/<name>.npy when there is one input
// set). Each output tensor passes when no element differs from the expected
// one by more than the tolerance in LSBs (default 0: bit-exact). A modified
// golden directory is an error; a missing, unreadable or ill-shaped device
// output is a failed tensor (reported, and exit 1).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobDType, LoadedBlob } from '../codegen/blob-types.js';
import { DiagnosticError } from '../ir/diagnostics.js';
import type { Tensor } from '../ir/tensor.js';
import { readNpy } from '../runtime/npy.js';
import { compareData, lsbText, lsbUnitFor } from './compare.js';
import { GOLDEN_JSON, type GoldenFile, type GoldenJson } from './golden.js';
import { readGoldenJson, readGoldenTensor, readVerified } from './golden-dir.js';
import { blobInputs, executeBlob, parseBlob } from './run-blob.js';
import { checkTensor, failAt, shapeText } from './tensor-files.js';
import { jsonText } from './json-text.js';

export interface CheckOptions {
  /** A device's output directory; none: re-run the blob with npuc's runtime. */
  outputsDir?: string;
  /** Allowed |error| in LSBs (default 0). */
  tolerance?: number;
}

/** The verdict on one output tensor of one input set. */
export interface TensorCheck {
  readonly set: number;
  readonly name: string;
  /** The file the actual values came from (device outputs), else null. */
  readonly file: string | null;
  readonly elements: number;
  readonly mismatches: number;
  /** Largest |actual - expected| in LSBs (Infinity for NaN against a number). */
  readonly maxErrorLsb: number;
  readonly pass: boolean;
  /** Why the actual output could not be compared (missing, unreadable, wrong dtype or shape), else null. */
  readonly error: string | null;
}

export interface CheckResult {
  readonly dir: string;
  readonly golden: GoldenJson;
  /** Where the actual outputs came from. */
  readonly source: { readonly kind: 'runtime' } | { readonly kind: 'device'; readonly dir: string };
  readonly tolerance: number;
  readonly sets: readonly (readonly TensorCheck[])[];
  readonly pass: boolean;
}

/** The expected values of one set, and its inputs (all SHA-256-verified). */
function readSet(dir: string, golden: GoldenJson, k: number): { inputs: Map<string, Tensor>; expected: Tensor[] } {
  const set = golden.sets[k]!;
  const inputs = new Map(set.inputs.map((g) => [g.name, readGoldenTensor(dir, g, `input '${g.name}'`)] as const));
  const expected = set.outputs.map((g) => readGoldenTensor(dir, g, `expected output '${g.name}'`));
  return { inputs, expected };
}

/** The device output file for `g` in set `k` of `n`: `D/<k>/<name>.npy`, or `D/<name>.npy` when there is one set. */
function deviceFile(outputsDir: string, g: GoldenFile, k: number, n: number): string {
  const base = g.file.split('/').pop()!;
  const numbered = join(outputsDir, String(k), base);
  return n === 1 && !existsSync(numbered) ? join(outputsDir, base) : numbered;
}

/** Reads one device output; a problem is returned as a message instead of thrown. */
function readDeviceOutput(file: string, g: GoldenFile): Tensor | string {
  if (!existsSync(file)) return `missing output file for '${g.name}' (${g.dtype} ${shapeText(g.shape)})`;
  try {
    return checkTensor(readNpy(readFileSync(file)), { dtype: g.dtype as BlobDType, shape: g.shape }, `output '${g.name}'`, file);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostic.message;
    return `invalid .npy file: ${(e as Error).message}`;
  }
}

function compareOne(k: number, g: GoldenFile, expected: Tensor, actual: Tensor | string, file: string | null, tolerance: number): TensorCheck {
  const elements = expected.size;
  if (typeof actual === 'string') return { set: k, name: g.name, file, elements, mismatches: elements, maxErrorLsb: Infinity, pass: false, error: actual };
  const q = g.quantization;
  const scale = q && q.scale.length === 1 ? q.scale[0]! : null;
  const c = compareData(expected.data, actual.data, tolerance, lsbUnitFor(g.dtype as BlobDType, scale));
  return { set: k, name: g.name, file, elements, mismatches: c.mismatches, maxErrorLsb: c.maxErrorLsb, pass: c.mismatches === 0, error: null };
}

/** `npuc check`: throws DiagnosticError for an invalid or modified golden directory or a failing blob. */
export function runCheck(dir: string, opts: CheckOptions = {}): CheckResult {
  const tolerance = opts.tolerance ?? 0;
  const golden = readGoldenJson(dir);
  const blobFile = join(dir, ...golden.blob.file.split('/'));
  const blobBytes = readVerified(dir, golden.blob.file, golden.blob.sha256);
  const data = golden.sets.map((_, k) => readSet(dir, golden, k));

  let actual: (Tensor | string)[][];
  let files: (string | null)[][];
  if (opts.outputsDir === undefined) {
    const blob: LoadedBlob = parseBlob(blobBytes, blobFile);
    const names = blobInputs(blob).map((t) => t.name);
    golden.sets.forEach((s, k) => {
      const given = s.inputs.map((g) => g.name);
      if (given.length !== names.length || names.some((n) => !given.includes(n))) {
        failAt(join(dir, GOLDEN_JSON), `input set ${k} names inputs ${given.map((n) => `'${n}'`).join(', ') || 'none'}, the blob takes ${names.map((n) => `'${n}'`).join(', ') || 'none'}`);
      }
    });
    actual = data.map((d, k) => {
      const outs = executeBlob(blob, d.inputs);
      return golden.sets[k]!.outputs.map((g) => outs.find((o) => o.name === g.name)?.tensor ?? `the blob has no output '${g.name}'`);
    });
    files = golden.sets.map((s) => s.outputs.map(() => null));
  } else {
    const out = opts.outputsDir;
    files = golden.sets.map((s, k) => s.outputs.map((g) => deviceFile(out, g, k, golden.sets.length)));
    actual = golden.sets.map((s, k) => s.outputs.map((g, i) => readDeviceOutput(files[k]![i]!, g)));
  }
  const sets = golden.sets.map((s, k) => s.outputs.map((g, i) => compareOne(k, g, data[k]!.expected[i]!, actual[k]![i]!, files[k]![i]!, tolerance)));
  return {
    dir,
    golden,
    source: opts.outputsDir === undefined ? { kind: 'runtime' } : { kind: 'device', dir: opts.outputsDir },
    tolerance,
    sets,
    pass: sets.every((s) => s.every((t) => t.pass)),
  };
}

/** The check as a table: one row per output tensor of each input set, then a summary line. */
export function formatCheck(r: CheckResult): string {
  const from = r.source.kind === 'runtime' ? 'outputs recomputed by npuc from the blob' : `outputs from ${r.source.dir}`;
  const lines = [`${r.dir}: ${r.golden.model} for ${r.golden.target}, ${r.sets.length} input ${r.sets.length === 1 ? 'set' : 'sets'}, ${from}, tolerance ${r.tolerance} LSB`];
  const rows = [['set', 'output', 'elements', 'mismatches', 'max |error| (LSB)', 'result']];
  for (const s of r.sets) for (const t of s) rows.push([String(t.set), t.name, String(t.elements), t.error ? '-' : String(t.mismatches), t.error ? '-' : lsbText(t.maxErrorLsb), t.pass ? 'PASS' : 'FAIL']);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const right = new Set([2, 3, 4]);
  for (const row of rows) lines.push(row.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
  const all = r.sets.flat();
  const failed = all.filter((t) => !t.pass).length;
  lines.push(failed === 0 ? `PASS: ${all.length} of ${all.length} output tensors match` : `FAIL: ${failed} of ${all.length} output tensors do not match`);
  return lines.join('\n') + '\n';
}

/** The `file: error: message` lines for outputs that could not be compared. */
export function checkErrors(r: CheckResult): string {
  return r.sets
    .flat()
    .filter((t) => t.error !== null)
    .map((t) => `${t.file ?? r.dir}: error: ${t.error}\n`)
    .join('');
}

/** The check as JSON (`maxErrorLsb` is null for an infinite error). */
export function checkJson(r: CheckResult): string {
  const json = {
    dir: r.dir,
    model: r.golden.model,
    target: r.golden.target,
    blobSha256: r.golden.blob.sha256,
    source: r.source.kind,
    outputsDir: r.source.kind === 'device' ? r.source.dir : null,
    tolerance: r.tolerance,
    pass: r.pass,
    sets: r.sets.map((s, k) => ({
      set: k,
      outputs: s.map((t) => ({ name: t.name, file: t.file, elements: t.elements, mismatches: t.mismatches, maxErrorLsb: Number.isFinite(t.maxErrorLsb) ? t.maxErrorLsb : null, pass: t.pass, error: t.error })),
    })),
  };
  return jsonText(json);
}
