// `npuc run model.npub`: load a blob (validated by the reader), bind its
// graph inputs by tensor name to `.npy` / TensorProto `.pb` files, run it with
// the runtime (NPU segments on the target's executor, CPU segments on the
// reference evaluator) and print or write its outputs. Every problem is an
// error naming the file it comes from.

import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readBlob, BlobFormatError } from '../codegen/blob.js';
import type { BlobTensor, LoadedBlob } from '../codegen/blob-types.js';
import { DiagnosticError } from '../ir/diagnostics.js';
import type { Tensor } from '../ir/tensor.js';
import { runBlob, RuntimeError } from '../runtime/run-blob.js';
import { writeOutput } from '../cli/io.js';
import { parseBindings, type RunOutput } from './run.js';
import { checkTensor, encodeNpy, failAt, fileNamesFor, readTensorFile, shapeText } from './tensor-files.js';

export interface BlobRunOptions {
  /** `name=file` entries, as given to `--input`. */
  inputs?: readonly string[];
  /** Directory to write `<name>.npy` outputs to; none: outputs are only returned. */
  outputDir?: string;
}

export interface BlobRunResult {
  blob: LoadedBlob;
  outputs: RunOutput[];
  /** Files written (with outputDir), in output order. */
  written: string[];
}

/** Whether `path` names a blob (by its extension). */
export const isBlobPath = (path: string): boolean => path.toLowerCase().endsWith('.npub');

/** Parses blob bytes; a BlobFormatError becomes `file: error: not a valid npuc blob: ...`. */
export function parseBlob(bytes: Uint8Array, path: string): LoadedBlob {
  try {
    return readBlob(bytes, path);
  } catch (e) {
    if (!(e instanceof BlobFormatError)) throw e;
    // The reader prefixes its messages with the file name, which the error's origin already gives.
    const message = e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message;
    return failAt(path, `not a valid npuc blob: ${message}`);
  }
}

/** Reads and validates a blob file; `file: error: ...` when it cannot be read or is not a valid blob. */
export function loadBlobFile(path: string): LoadedBlob {
  let bytes: Uint8Array = new Uint8Array();
  try {
    if (statSync(path).isDirectory()) failAt(path, `cannot read '${path}': is a directory`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof DiagnosticError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    failAt(path, `cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseBlob(bytes, path);
}

const tensorSpec = (t: BlobTensor): string => `${t.dtype} ${shapeText(t.shape)}`;

/** The graph inputs of `blob`, in signature order. */
export const blobInputs = (blob: LoadedBlob): BlobTensor[] => blob.inputs.map((i) => blob.tensors[i]!);
/** The graph outputs of `blob`, in signature order. */
export const blobOutputs = (blob: LoadedBlob): BlobTensor[] => blob.outputs.map((i) => blob.tensors[i]!);

/**
 * Reads the input files named by `files` (tensor name -> file) and checks
 * each against the blob's input of that name: every input given once, none
 * unknown, element types and shapes as the blob records them.
 */
export function readBlobInputs(blob: LoadedBlob, files: ReadonlyMap<string, string>): Map<string, Tensor> {
  const inputs = blobInputs(blob);
  const list = inputs.map((t) => `'${t.name}' (${tensorSpec(t)})`).join(', ') || 'none';
  for (const name of files.keys()) {
    if (!inputs.some((t) => t.name === name)) failAt(blob.fileName, `the blob has no input '${name}' (inputs: ${list})`);
  }
  const missing = inputs.filter((t) => !files.has(t.name));
  if (missing.length) {
    const names = missing.map((t) => `'${t.name}' (${tensorSpec(t)})`).join(', ');
    failAt(blob.fileName, `missing ${missing.length === 1 ? 'input' : 'inputs'}: ${names}; give each with --input NAME=FILE`);
  }
  const out = new Map<string, Tensor>();
  for (const t of inputs) {
    const file = files.get(t.name)!;
    out.set(t.name, checkTensor(readTensorFile(file), t, `input '${t.name}'`, file));
  }
  return out;
}

/** Runs `blob` on checked inputs; a runtime failure is an error located at the blob file. Outputs in signature order. */
export function executeBlob(blob: LoadedBlob, inputs: ReadonlyMap<string, Tensor>): RunOutput[] {
  let results: Map<string, Tensor>;
  try {
    results = runBlob(blob, inputs);
  } catch (e) {
    if (e instanceof RuntimeError) return failAt(blob.fileName, e.message);
    throw e;
  }
  return blobOutputs(blob).map((t) => {
    const tensor = results.get(t.name);
    if (!tensor) return failAt(blob.fileName, `the runtime produced no value for output '${t.name}'`);
    return { name: t.name, tensor };
  });
}

/** Writes each output to `dir/<name>.npy` (names made safe and unique), after encoding them all. */
export function writeOutputFiles(outputs: readonly RunOutput[], dir: string, origin: string): string[] {
  const encoded = outputs.map((o) => encodeNpy(o.tensor, `output '${o.name}'`, origin));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    failAt(dir, `cannot create output directory '${dir}': ${(e as Error).message}`);
  }
  const names = fileNamesFor(outputs.map((o) => o.name));
  return outputs.map((_, i) => {
    const file = join(dir, `${names[i]}.npy`);
    writeOutput(file, encoded[i]!);
    return file;
  });
}

/** `npuc run model.npub`: throws DiagnosticError for bad files, RunUsageError for malformed `--input` values. */
export function runBlobFile(path: string, opts: BlobRunOptions = {}): BlobRunResult {
  const files = parseBindings('--input', opts.inputs ?? []);
  const blob = loadBlobFile(path);
  const outputs = executeBlob(blob, readBlobInputs(blob, files));
  const written = opts.outputDir === undefined ? [] : writeOutputFiles(outputs, opts.outputDir, path);
  return { blob, outputs, written };
}
