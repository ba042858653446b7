// The `npuc compile` driver as a library function: load a model (`.onnx`,
// imported, or `.mlir`, parsed and verified), freeze `--bind` inputs, legalize
// an `onnx`-level module to `tosa`, run the pass pipeline derived from the
// target's capabilities, and, for `--emit nir`, partition the module into NPU
// and CPU segments and lower the NPU segments to `nir`; print. `--emit blob`
// goes on: the target's backend encodes every NPU segment and `packModule`
// writes the `.npub` blob. A module that is already partitioned (or lowered)
// skips what is done. The CLI is a thin wrapper around this.

import '../dialects/index.js';
import '../passes/index.js';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnknownLoc } from '../ir/attributes.js';
import { Diagnostic, DiagnosticError } from '../ir/diagnostics.js';
import type { Operation } from '../ir/operation.js';
import { PassManager, PipelineError, formatStatisticsReport, formatTimingReport, lookupPass, parsePipeline, type PassTiming, type PipelineEntry } from '../ir/pass.js';
import { printOp, type PrintOptions } from '../ir/printer.js';
import type { TargetCapabilities } from '../targets/capabilities.js';
import { backendNames, lookupBackend } from '../targets/backends.js';
import { segmentKindOf, SEGMENT_TARGET_ATTR } from '../targets/partition.js';
import { packModule, PackError } from '../codegen/pack.js';
import { BackendError } from '../codegen/backend.js';
import { StringAttr } from '../ir/attributes.js';
import { deriveTargetPipeline, formatTargetPipeline, type TargetPipelineOptions, type TargetPipelineStep } from '../targets/pipeline.js';
import { lookupTarget, targetNames } from '../targets/registry.js';
import { importModel } from './import.js';
import { EMIT_PIPELINES, locateAtModelNode } from './pipelines.js';
import { bindNamedInputs, loadModule } from './run.js';

/** The text levels `compile` can print so far. */
export const COMPILE_EMIT_LEVELS = ['onnx', 'tosa', 'nir'] as const;
/** What `compile` can produce: a text level or the binary blob. */
export type CompileEmitLevel = (typeof COMPILE_EMIT_LEVELS)[number] | 'blob';

let cachedVersion: string | undefined;

/** The npuc version from package.json (found from this file, in src/ or in dist/src/). */
export function npucVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'npuc' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // not here: look in the parent
    }
    dir = dirname(dir);
  }
  return (cachedVersion = 'unknown');
}

/** A usage error (exit 2): unknown or missing target, unsupported `--emit` level. */
export class CompileUsageError extends Error {}

export interface CompileOptions extends PrintOptions {
  /** The `--target` name. */
  target: string;
  /** False (`--no-cpu-fallback`): an op the NPU cannot run is an error naming the missing capability. */
  cpuFallback?: boolean;
  /** What to produce: `onnx` (as imported, after --bind), `tosa` (after the target's passes; the default), `nir` or `blob`. */
  emit?: string;
  /** Also return clones of the module after the target's passes (tosa) and after lowering (nir). */
  keepStages?: boolean;
  /** `name=file` entries, as given to `--bind`: inputs frozen into constants before lowering. */
  binds?: readonly string[];
  /** `name=1x3x224x224` entries, as given to `--input-shape` (ONNX models). */
  inputShapes?: readonly string[];
  allowUnregistered?: boolean;
  printIrAfterAll?: boolean;
  passStatistics?: boolean;
  /** Print an execution time report of loading and every pass (`--timing`). */
  timing?: boolean;
  /** Print the passes' remarks (`--pass-remarks`). */
  remarks?: boolean;
  /** Where IR dumps, remarks and statistics go (default: stderr). */
  log?: (text: string) => void;
}

export interface CompileResult {
  /** The compiled module. */
  module: Operation;
  target: TargetCapabilities;
  /** The target's tosa pass pipeline (run when emitting tosa). */
  pipeline: string;
  /** The module printed in MLIR syntax ('' for a blob). */
  output: string;
  /** The packed `.npub` blob (`emit: 'blob'`). */
  blob?: Uint8Array;
  /** With `keepStages`: the module after the target's tosa passes, before partitioning (null when the input was partitioned already). */
  tosaModule?: Operation | null;
  /** With `keepStages`: the partitioned module with its NPU segments in nir (emit nir or blob). */
  nirModule?: Operation;
  /** Milliseconds spent loading the input and in each pass, in order. */
  timings: PassTiming[];
}

/** The capabilities of target `name`; a CompileUsageError naming the known targets otherwise. */
export function resolveTarget(name: string | undefined): TargetCapabilities {
  const known = `known targets: ${targetNames().join(', ')}`;
  if (name === undefined || name === '') throw new CompileUsageError(`missing --target (${known})`);
  const caps = lookupTarget(name);
  if (!caps) throw new CompileUsageError(`unknown target '${name}' (${known})`);
  return caps;
}

/** The tosa pass pipeline of target `name`, as `npuc compile --print-pipeline` prints it. */
export function targetPipelineText(name: string, opts: TargetPipelineOptions = {}): string {
  return formatTargetPipeline(deriveTargetPipeline(resolveTarget(name), opts));
}

function isEmitLevel(s: string): s is CompileEmitLevel {
  return s === 'blob' || (COMPILE_EMIT_LEVELS as readonly string[]).includes(s);
}

/** Whether a compile to `output` writes a blob: `--emit blob`, or no `--emit` and a `.npub` output. */
export function emitsBlob(emit: string | undefined, output: string | undefined): boolean {
  return emit === 'blob' || (emit === undefined && output !== undefined && output.toLowerCase().endsWith('.npub'));
}

/**
 * Parses the pipeline `steps` derived for `target`; a pass they name that does
 * not exist (yet) is a clear error located at `origin` (the input).
 */
export function targetPipelineEntries(target: string, steps: readonly TargetPipelineStep[], origin: string): PipelineEntry[] {
  const fail = (message: string): never => {
    throw new DiagnosticError(new Diagnostic('error', message, UnknownLoc.instance, origin));
  };
  for (const s of steps) {
    if (!lookupPass(s.pass)) {
      fail(`target '${target}' needs pass '${s.pass}' (${s.reason}), which this build of npuc does not provide yet`);
    }
  }
  try {
    return parsePipeline(formatTargetPipeline(steps));
  } catch (e) {
    if (e instanceof PipelineError) return fail(`the pipeline derived for target '${target}' is invalid: ${e.message}`);
    throw e;
  }
}

/** The segment functions `partition` made in `module`, with the target each was made for. */
function segmentFunctions(module: Operation): { fn: Operation; target: string | null }[] {
  const out: { fn: Operation; target: string | null }[] = [];
  for (const op of module.regions[0]?.blocks[0]?.ops ?? []) {
    if (op.name !== 'func.func' || segmentKindOf(op) === null) continue;
    const t = op.attr(SEGMENT_TARGET_ATTR);
    out.push({ fn: op, target: t instanceof StringAttr ? t.value : null });
  }
  return out;
}

/** Whether `module` holds an op whose name starts with `prefix` (a dialect). */
function hasOps(module: Operation, prefix: string): boolean {
  let found = false;
  module.walk((op) => {
    if (op.name.startsWith(prefix)) found = true;
    return found ? 'skip' : undefined;
  });
  return found;
}

/**
 * Runs `entries` on `module`. For a binary model (`source`), an error located
 * at an ONNX node name is reported as `model.onnx: node 'conv1': error: ...`.
 */
function runEntries(module: Operation, entries: readonly PipelineEntry[], opts: CompileOptions, source: string | undefined): PassTiming[] {
  if (entries.length === 0) return [];
  const log = opts.log ?? ((t: string) => void process.stderr.write(t));
  const pm = new PassManager(entries, {
    allowUnregistered: opts.allowUnregistered,
    printIrAfterAll: opts.printIrAfterAll,
    remarks: opts.remarks,
    log,
    printModule: (m) => printOp(m, opts),
  });
  try {
    const report = pm.run(module);
    if (opts.passStatistics) log(formatStatisticsReport(report.statistics));
    return report.timings;
  } catch (e) {
    throw locateAtModelNode(e, source);
  }
}

/**
 * Compiles `path` for `opts.target` up to the `emit` level and prints it, or
 * packs it into a blob (`emit: 'blob'`). The input may be at any level: an
 * `onnx` module is legalized, a `tosa` one runs the target's pipeline, an
 * already partitioned one (segments made for this target) only what is left.
 * Throws CompileUsageError for a bad target or level, DiagnosticError for a
 * bad model, a failing pass or a target without a blob backend.
 */
export function compile(path: string, opts: CompileOptions): CompileResult {
  const target = resolveTarget(opts.target);
  const emit = opts.emit ?? 'tosa';
  if (!isEmitLevel(emit)) {
    throw new CompileUsageError(`--emit ${emit} is not supported by compile yet (expected ${COMPILE_EMIT_LEVELS.join(' or ')}); a blob: --emit blob or -o FILE.npub`);
  }
  const fail = (message: string): never => {
    throw new DiagnosticError(new Diagnostic('error', message, UnknownLoc.instance, path));
  };
  const backend = emit === 'blob' ? lookupBackend(target.name) : undefined;
  if (emit === 'blob' && !backend) {
    const have = backendNames();
    fail(`target '${target.name}' has no blob backend yet: it compiles to nir only (--emit nir); targets with a backend: ${have.join(', ') || 'none'}`);
  }
  const steps = deriveTargetPipeline(target, { cpuFallback: opts.cpuFallback });
  // Checked before loading: a pass missing from this build fails fast.
  const entries = emit === 'onnx' ? [] : targetPipelineEntries(target.name, steps, path);
  const partition = opts.cpuFallback === false ? `partition{target=${target.name} no-cpu-fallback=true}` : `partition{target=${target.name}}`;

  const binary = extname(path).toLowerCase() === '.onnx';
  const t0 = performance.now();
  const module = binary ? importModel(path, { inputShapes: opts.inputShapes }) : loadModule(path, { allowUnregistered: opts.allowUnregistered });
  bindNamedInputs(module, path, opts.binds ?? []);
  const timings: PassTiming[] = [{ name: binary ? 'Import' : 'Parser', ms: performance.now() - t0 }];
  const onnxLevel = hasOps(module, 'onnx.');
  const segments = segmentFunctions(module);
  if (emit === 'onnx' && hasOps(module, 'tosa.')) fail('cannot emit onnx: the input is already at the tosa level');
  if (segments.length > 0) {
    if (emit === 'onnx' || emit === 'tosa') fail(`cannot emit ${emit}: the input is already partitioned into NPU and CPU segments`);
    const other = segments.find((s) => s.target !== null && s.target !== target.name);
    if (other) fail(`the input was partitioned for target '${other.target}', not '${target.name}'`);
  }
  const source = binary ? path : undefined;
  let tosaModule: Operation | null = null;
  if (emit !== 'onnx') {
    if (segments.length === 0) {
      const legalize = onnxLevel ? parsePipeline(EMIT_PIPELINES.tosa) : [];
      timings.push(...runEntries(module, [...legalize, ...entries], opts, source));
      if (opts.keepStages) tosaModule = module.clone();
    }
    if (emit === 'nir' || emit === 'blob') {
      // Partition unless done; lower unless some NPU segment is in nir already.
      const rest = [...(segments.length === 0 ? [partition] : []), ...(hasOps(module, 'nir.') ? [] : ['lower-to-nir'])];
      if (rest.length) timings.push(...runEntries(module, parsePipeline(rest.join(',')), opts, source));
    }
  }
  const result: CompileResult = { module, target, pipeline: formatTargetPipeline(steps), output: '', timings };
  if (opts.keepStages) {
    result.tosaModule = tosaModule;
    if (emit === 'nir' || emit === 'blob') result.nirModule = module.clone();
  }
  const t1 = performance.now();
  if (emit === 'blob') {
    try {
      result.blob = packModule(module, backend!, { compiler: `npuc ${npucVersion()}`, options: blobOptions(target.name, opts) });
    } catch (e) {
      if (e instanceof PackError || e instanceof BackendError) fail(e.message);
      throw locateAtModelNode(e, source);
    }
    timings.push({ name: 'Pack', ms: performance.now() - t1 });
  } else {
    result.output = printOp(module, opts);
    timings.push({ name: 'Output', ms: performance.now() - t1 });
  }
  if (opts.timing) (opts.log ?? ((t: string) => void process.stderr.write(t)))(formatTimingReport(timings));
  return result;
}

/** The compile options a blob records: the target, CPU fallback, and any `--bind` / `--input-shape` given. */
function blobOptions(target: string, opts: CompileOptions): Record<string, string> {
  const out: Record<string, string> = { target, 'cpu-fallback': String(opts.cpuFallback !== false) };
  if (opts.binds?.length) out.bind = opts.binds.join(',');
  if (opts.inputShapes?.length) out['input-shape'] = opts.inputShapes.join(',');
  return out;
}
