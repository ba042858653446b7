// The `npuc compile` driver as a library function: load a model (`.onnx`,
// imported, or `.mlir`, parsed and verified), freeze `--bind` inputs, legalize
// an `onnx`-level module to `tosa`, run the pass pipeline derived from the
// target's capabilities, and, for `--emit nir`, partition the module into NPU
// and CPU segments and lower the NPU segments to `nir`; print. Codegen to a
// blob comes later. The CLI is a thin wrapper around this.

import '../dialects/index.js';
import '../passes/index.js';
import { extname } from 'node:path';
import { UnknownLoc } from '../ir/attributes.js';
import { Diagnostic, DiagnosticError } from '../ir/diagnostics.js';
import type { Operation } from '../ir/operation.js';
import { PassManager, PipelineError, formatStatisticsReport, formatTimingReport, lookupPass, parsePipeline, type PassTiming, type PipelineEntry } from '../ir/pass.js';
import { printOp, type PrintOptions } from '../ir/printer.js';
import type { TargetCapabilities } from '../targets/capabilities.js';
import { deriveTargetPipeline, formatTargetPipeline, type TargetPipelineOptions, type TargetPipelineStep } from '../targets/pipeline.js';
import { lookupTarget, targetNames } from '../targets/registry.js';
import { importModel } from './import.js';
import { EMIT_PIPELINES, locateAtModelNode } from './pipelines.js';
import { bindNamedInputs, loadModule } from './run.js';

/** The levels `compile` can print so far. */
export const COMPILE_EMIT_LEVELS = ['onnx', 'tosa', 'nir'] as const;
export type CompileEmitLevel = (typeof COMPILE_EMIT_LEVELS)[number];

/** A usage error (exit 2): unknown or missing target, unsupported `--emit` level. */
export class CompileUsageError extends Error {}

export interface CompileOptions extends PrintOptions {
  /** The `--target` name. */
  target: string;
  /** False (`--no-cpu-fallback`): an op the NPU cannot run is an error naming the missing capability. */
  cpuFallback?: boolean;
  /** What to print: `onnx` (as imported, after --bind) or `tosa` (after the target's passes; the default). */
  emit?: string;
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
  /** The module printed in MLIR syntax. */
  output: string;
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
  return (COMPILE_EMIT_LEVELS as readonly string[]).includes(s);
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
 * Compiles `path` for `opts.target` up to the `emit` level and prints it.
 * Throws CompileUsageError for a bad target or level, DiagnosticError for a
 * bad model or a failing pass.
 */
export function compile(path: string, opts: CompileOptions): CompileResult {
  const target = resolveTarget(opts.target);
  const emit = opts.emit ?? 'tosa';
  if (!isEmitLevel(emit)) {
    throw new CompileUsageError(`--emit ${emit} is not supported by compile yet (expected ${COMPILE_EMIT_LEVELS.join(' or ')})`);
  }
  const steps = deriveTargetPipeline(target, { cpuFallback: opts.cpuFallback });
  // Checked before loading: a pass missing from this build fails fast.
  const entries = emit === 'onnx' ? [] : targetPipelineEntries(target.name, steps, path);
  if (emit === 'nir') {
    const partition = opts.cpuFallback === false ? `partition{target=${target.name} no-cpu-fallback=true}` : `partition{target=${target.name}}`;
    entries.push(...parsePipeline(`${partition},lower-to-nir`));
  }

  const binary = extname(path).toLowerCase() === '.onnx';
  const t0 = performance.now();
  const module = binary ? importModel(path, { inputShapes: opts.inputShapes }) : loadModule(path, { allowUnregistered: opts.allowUnregistered });
  bindNamedInputs(module, path, opts.binds ?? []);
  const timings: PassTiming[] = [{ name: binary ? 'Import' : 'Parser', ms: performance.now() - t0 }];
  const onnxLevel = hasOps(module, 'onnx.');
  if (emit === 'onnx' && hasOps(module, 'tosa.')) {
    throw new DiagnosticError(new Diagnostic('error', 'cannot emit onnx: the input is already at the tosa level', UnknownLoc.instance, path));
  }
  if (emit !== 'onnx') {
    const legalize = onnxLevel ? parsePipeline(EMIT_PIPELINES.tosa) : [];
    timings.push(...runEntries(module, [...legalize, ...entries], opts, binary ? path : undefined));
  }
  const t1 = performance.now();
  const output = printOp(module, opts);
  timings.push({ name: 'Output', ms: performance.now() - t1 });
  if (opts.timing) (opts.log ?? ((t: string) => void process.stderr.write(t)))(formatTimingReport(timings));
  return { module, target, pipeline: formatTargetPipeline(steps), output, timings };
}
