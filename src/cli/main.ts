// The `npuc` command line (commander). Thin: it parses flags and calls the
// library. Exit codes: 0 success, 1 bad input or failed check, 2 usage error.

import { Command, CommanderError, Option } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DiagnosticError, SourceManager } from '../ir/diagnostics.js';
import { PipelineError, registeredPasses } from '../ir/pass.js';
import { runOpt } from '../driver/opt.js';
import { InputShapeError, runImport } from '../driver/import.js';
import { RunUsageError, runModel, summarizeOutputs } from '../driver/run.js';
import { EMIT_LEVELS, EMIT_PIPELINES, isEmitLevel } from '../driver/pipelines.js';
import { COMPILE_EMIT_LEVELS, CompileUsageError, compile, emitsBlob, resolveTarget, targetPipelineText } from '../driver/compile.js';
import { isBlobPath, runBlobFile } from '../driver/run-blob.js';
import { inspectBlobFile } from '../driver/inspect.js';
import { runGolden } from '../driver/golden.js';
import { checkErrors, checkJson, formatCheck, runCheck } from '../driver/check.js';
import { junitReport } from '../driver/junit.js';
import { describeTargetsWithBackends } from '../driver/targets.js';
import { targetNames } from '../targets/registry.js';
import { readTextInput, writeOutput } from './io.js';

const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

const list = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',')];

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('npuc')
    .description('An open compiler toolchain for NPUs')
    .version(version, '--version', 'print the npuc version')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(run npuc help for usage)');

  program
    .command('opt')
    .description('parse, verify, transform and print IR in MLIR syntax')
    .argument('[file]', 'input .mlir file, or - for stdin', '-')
    .option('-p, --pass-pipeline <pipeline>', 'passes to run, e.g. "canonicalize,cse"')
    .option('-o, --output <file>', 'output file (written atomically)', '-')
    .option('--allow-unregistered-dialect', 'accept ops of unknown dialects')
    .option('--verify-diagnostics', 'check diagnostics against expected-* annotations')
    .option('--split-input-file', 'process each "// -----" chunk separately')
    .option('--no-verify-each', 'do not verify the IR after each pass')
    .option('--print-op-generic', 'print every op in generic form')
    .addOption(new Option('--mlir-print-op-generic', 'same as --print-op-generic').hideHelp())
    .option('--print-debuginfo', 'print locations')
    .addOption(new Option('--mlir-print-debuginfo', 'same as --print-debuginfo').hideHelp())
    .addOption(new Option('--mlir-print-local-scope', 'accepted for mlir-opt compatibility: npuc always prints locations inline').hideHelp())
    .option('--elide-large-constants [elements]', 'print constants with more elements than this as dense_resource<__elided__> (default 16)')
    .addOption(new Option('--mlir-elide-elementsattrs-if-larger <elements>', 'same as --elide-large-constants=N').hideHelp())
    .option('--print-ir-after-all', 'print the IR after every pass (stderr)')
    .option('--print-ir-before <passes>', 'print the IR before the named passes (stderr)', list)
    .option('--print-ir-after <passes>', 'print the IR after the named passes (stderr)', list)
    .option('--timing', 'print an execution time report (stderr)')
    .option('--pass-statistics', 'print pass statistics (stderr)')
    .option('--pass-remarks', 'print why passes rewrote what they did (stderr)')
    .option('--list-passes', 'list the registered passes and their options')
    .action((file: string, o: Record<string, unknown>) => {
      if (o.listPasses) {
        process.stdout.write(listPasses());
        return;
      }
      // `--elide-large-constants FILE`: commander takes FILE as the optional count.
      let elide = o.elideLargeConstants ?? o.mlirElideElementsattrsIfLarger;
      if (typeof elide === 'string' && !/^\d+$/.test(elide)) {
        if (file !== '-' || o.elideLargeConstants === undefined) throw new UsageError(`invalid element count '${elide}' for --elide-large-constants`);
        file = elide;
        elide = true;
      }
      const { text, name } = readTextInput(file);
      const result = runOpt(text, name, {
        pipeline: o.passPipeline as string | undefined,
        allowUnregistered: Boolean(o.allowUnregisteredDialect),
        verifyDiagnostics: Boolean(o.verifyDiagnostics),
        splitInputFile: Boolean(o.splitInputFile),
        verifyEach: o.verifyEach as boolean,
        generic: Boolean(o.printOpGeneric || o.mlirPrintOpGeneric),
        debugInfo: Boolean(o.printDebuginfo || o.mlirPrintDebuginfo),
        elideLargerThan: elide === undefined ? null : elide === true ? 16 : Number(elide),
        printIrAfterAll: Boolean(o.printIrAfterAll),
        printIrBefore: o.printIrBefore as string[] | undefined,
        printIrAfter: o.printIrAfter as string[] | undefined,
        timing: Boolean(o.timing),
        passStatistics: Boolean(o.passStatistics),
        remarks: Boolean(o.passRemarks),
      });
      process.stderr.write(result.log);
      const output = o.output as string;
      // A failed run leaves no output file behind; stdout still shows the chunks that succeeded.
      if (result.ok || output === '-') writeOutput(output, result.output);
      if (!result.ok) setExit(1);
    });
  program
    .command('import')
    .description('import an ONNX model into the onnx dialect and print it in MLIR syntax')
    .argument('<model>', 'input .onnx file')
    .option('--input-shape <name=dims>', 'static shape for a graph input, e.g. input=1x3x224x224 (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--emit <level>', `dialect level to print: ${EMIT_LEVELS.join(' or ')}`, 'onnx')
    .option('--bind <name=file>', 'freeze an input into a constant (.npy or .pb) before lowering (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('-o, --output <file>', 'output file (written atomically)', '-')
    .option('--print-op-generic', 'print every op in generic form')
    .option('--print-debuginfo', 'print locations (ONNX node names)')
    .option('--elide-large-constants [elements]', 'print constants with more elements than this as dense_resource<__elided__> (default 16)')
    .action((file: string, o: Record<string, unknown>) => {
      const elide = o.elideLargeConstants;
      if (typeof elide === 'string' && !/^\d+$/.test(elide)) throw new UsageError(`invalid element count '${elide}' for --elide-large-constants`);
      const emit = o.emit as string;
      if (!isEmitLevel(emit)) throw new UsageError(`unknown --emit level '${emit}' (expected ${EMIT_LEVELS.join(' or ')})`);
      let text: string;
      try {
        text = runImport(file, {
          emit,
          binds: (o.bind as string[] | undefined) ?? [],
          inputShapes: (o.inputShape as string[] | undefined) ?? [],
          generic: Boolean(o.printOpGeneric),
          debugInfo: Boolean(o.printDebuginfo),
          elideLargerThan: elide === undefined ? null : elide === true ? 16 : Number(elide),
        });
      } catch (e) {
        if (e instanceof InputShapeError || e instanceof RunUsageError) throw new UsageError(e.message);
        throw e;
      }
      writeOutput(o.output as string, text);
    });
  const repeat = (v: string, prev: string[] = []): string[] => [...prev, v];
  program
    .command('run')
    .description('evaluate a .mlir or .onnx model with the reference interpreter, or run a .npub blob with the runtime')
    .argument('<model>', 'input .mlir, .onnx or .npub file')
    .option('-f, --function <name>', 'function to run (default: main, or the only function)')
    .option('-i, --input <name=file>', 'bind an input to a .npy or TensorProto .pb file (repeatable)', repeat)
    .option('--bind <name=file>', 'freeze an input into a constant before evaluation (repeatable)', repeat)
    .option('--emit <level>', `lower to this level before evaluating: ${EMIT_LEVELS.join(' or ')} (default: as loaded)`)
    .option('-p, --pass-pipeline <passes>', 'run these passes (after --emit) before evaluating')
    .option('-d, --output-dir <dir>', 'write each result to <dir>/<name>.npy (atomically)')
    .option('--allow-unregistered-dialect', 'accept ops of unknown dialects when loading .mlir')
    .action((file: string, o: Record<string, unknown>) => {
      if (isBlobPath(file)) {
        runBlobCommand(file, o);
        return;
      }
      const emit = o.emit as string | undefined;
      if (emit !== undefined && !isEmitLevel(emit)) throw new UsageError(`unknown --emit level '${emit}' (expected ${EMIT_LEVELS.join(' or ')})`);
      const pipeline = [emit ? EMIT_PIPELINES[emit] : '', (o.passPipeline as string | undefined) ?? ''].filter((p) => p !== '').join(',');
      let result: ReturnType<typeof runModel>;
      try {
        result = runModel(file, {
          function: o.function as string | undefined,
          inputs: (o.input as string[] | undefined) ?? [],
          binds: (o.bind as string[] | undefined) ?? [],
          outputDir: o.outputDir as string | undefined,
          allowUnregistered: Boolean(o.allowUnregisteredDialect),
          pipeline,
        });
      } catch (e) {
        if (e instanceof RunUsageError) throw new UsageError(e.message);
        throw e;
      }
      if (o.outputDir === undefined) process.stdout.write(summarizeOutputs(result.outputs));
    });
  program
    .command('compile')
    .description('compile a model for an NPU target: print target-legal tosa or nir, or write a .npub blob')
    .argument('[model]', 'input .onnx model or .mlir file at the onnx, tosa or partitioned nir level (- for stdin)')
    .option('-t, --target <name>', `target NPU: ${targetNames().join(', ')}`)
    .option('--emit <level>', `what to produce: ${COMPILE_EMIT_LEVELS.join(' or ')} (text; default tosa), or blob (default when -o ends in .npub)`)
    .option('--print-pipeline', "print the target's tosa pass pipeline (derived from its capabilities) and exit")
    .option('--no-cpu-fallback', 'fail on an op the NPU cannot run, naming the capability it lacks')
    .option('--bind <name=file>', 'freeze an input into a constant (.npy or .pb) before lowering (repeatable)', repeat)
    .option('--input-shape <name=dims>', 'static shape for a graph input, e.g. input=1x3x224x224 (repeatable)', repeat)
    .option('-o, --output <file>', 'output file, written atomically (default: stdout; a blob needs -o FILE.npub, or -o - for stdout)')
    .option('--print-ir-after-all', 'print the IR after every pass (stderr)')
    .option('--pass-statistics', 'print pass statistics (stderr)')
    .option('--pass-remarks', 'print why passes rewrote what they did (stderr)')
    .option('--timing', 'print an execution time report of loading and every pass (stderr)')
    .option('--print-debuginfo', 'print locations')
    .option('--elide-large-constants [elements]', 'print constants with more elements than this as dense_resource<__elided__> (default 16)')
    .action((file: string | undefined, o: Record<string, unknown>) => {
      const elide = o.elideLargeConstants;
      if (typeof elide === 'string' && !/^\d+$/.test(elide)) throw new UsageError(`invalid element count '${elide}' for --elide-large-constants`);
      try {
        const target = resolveTarget(o.target as string | undefined).name;
        if (o.printPipeline) {
          process.stdout.write(targetPipelineText(target, { cpuFallback: o.cpuFallback !== false }) + '\n');
          return;
        }
        if (file === undefined) throw new UsageError('missing input model (or use --print-pipeline)');
        const output = o.output as string | undefined;
        const emit = o.emit as string | undefined;
        const blob = emitsBlob(emit, output);
        if (blob && output === undefined) throw new UsageError('a blob is binary: give -o FILE.npub (or -o - to write it to stdout)');
        if (!blob && emit !== undefined && output !== undefined && isBlobPath(output)) {
          throw new UsageError(`--emit ${emit} prints text, but -o '${output}' names a blob: drop --emit (or use --emit blob)`);
        }
        const result = compile(file, {
          target,
          cpuFallback: o.cpuFallback !== false,
          emit: blob ? 'blob' : (emit ?? 'tosa'),
          binds: (o.bind as string[] | undefined) ?? [],
          inputShapes: (o.inputShape as string[] | undefined) ?? [],
          printIrAfterAll: Boolean(o.printIrAfterAll),
          passStatistics: Boolean(o.passStatistics),
          timing: Boolean(o.timing),
          remarks: Boolean(o.passRemarks),
          debugInfo: Boolean(o.printDebuginfo),
          elideLargerThan: elide === undefined ? null : elide === true ? 16 : Number(elide),
        });
        writeOutput(output ?? '-', blob ? result.blob! : result.output);
      } catch (e) {
        if (e instanceof CompileUsageError || e instanceof InputShapeError || e instanceof RunUsageError) throw new UsageError(e.message);
        throw e;
      }
    });
  program
    .command('inspect')
    .description('print a .npub blob: header, manifest, each NPU segment disassembled, each CPU segment as tosa')
    .argument('<blob>', 'input .npub file')
    .option('--json', 'print as JSON')
    .option('--cost', "add the target's cost estimate per NPU operation and per segment")
    .option('--segment <name>', 'show only this segment (e.g. main_npu1)')
    .action((file: string, o: Record<string, unknown>) => {
      process.stdout.write(inspectBlobFile(file, { json: Boolean(o.json), cost: Boolean(o.cost), segment: o.segment as string | undefined }));
    });
  program
    .command('golden')
    .description('compile a model to a blob and write inputs and the exact expected outputs for device tests')
    .argument('<model>', 'input .onnx model or .mlir file')
    .option('-t, --target <name>', `target NPU: ${targetNames().join(', ')}`)
    .option('-o, --output <dir>', 'golden directory to write (whole or not at all)')
    .option('--inputs <dir>', 'use <dir>/<name>.npy (or <dir>/<k>/<name>.npy for several sets) as inputs')
    .option('--seed <n>', 'seed of the random inputs (default 0)')
    .option('--count <k>', 'number of random input sets (default 1)')
    .option('--no-cpu-fallback', 'fail on an op the NPU cannot run, naming the capability it lacks')
    .option('--bind <name=file>', 'freeze an input into a constant (.npy or .pb) before lowering (repeatable)', repeat)
    .option('--input-shape <name=dims>', 'static shape for a graph input, e.g. input=1x3x224x224 (repeatable)', repeat)
    .action((file: string, o: Record<string, unknown>) => {
      if (o.output === undefined) throw new UsageError('missing -o DIR (the golden directory to write)');
      if (o.inputs !== undefined && (o.seed !== undefined || o.count !== undefined)) throw new UsageError('--inputs and --seed/--count exclude each other');
      try {
        const target = resolveTarget(o.target as string | undefined).name;
        const r = runGolden(file, {
          target,
          outputDir: o.output as string,
          inputsDir: o.inputs as string | undefined,
          seed: o.seed === undefined ? undefined : parseCount(o.seed as string, '--seed', 0),
          count: o.count === undefined ? undefined : parseCount(o.count as string, '--count', 1),
          cpuFallback: o.cpuFallback !== false,
          binds: (o.bind as string[] | undefined) ?? [],
          inputShapes: (o.inputShape as string[] | undefined) ?? [],
        });
        const g = r.golden;
        const sets = `${g.sets.length} input ${g.sets.length === 1 ? 'set' : 'sets'}`;
        process.stdout.write(`${r.dir}: ${g.blob.file} for ${g.target} (${g.blob.size} bytes, sha256 ${g.blob.sha256.slice(0, 16)}), ${sets}, expected outputs verified against the target-legal tosa evaluation\n`);
      } catch (e) {
        if (e instanceof CompileUsageError || e instanceof InputShapeError || e instanceof RunUsageError) throw new UsageError(e.message);
        throw e;
      }
    });
  program
    .command('check')
    .description('compare outputs (a device\'s, or recomputed from the blob) with a golden directory')
    .argument('<dir>', 'golden directory made by npuc golden')
    .option('--outputs <dir>', "device outputs: <dir>/<k>/<name>.npy (or <dir>/<name>.npy for one input set); default: re-run the blob")
    .option('--tolerance <lsb>', 'allowed |error| in LSBs (default 0: bit-exact)')
    .option('--junit <file>', 'also write a JUnit XML report (atomically)')
    .option('--json', 'print the results as JSON')
    .action((dir: string, o: Record<string, unknown>) => {
      const tolerance = o.tolerance === undefined ? 0 : parseCount(o.tolerance as string, '--tolerance', 0);
      const r = runCheck(dir, { outputsDir: o.outputs as string | undefined, tolerance });
      if (o.junit !== undefined) writeOutput(o.junit as string, junitReport(r));
      process.stdout.write(o.json ? checkJson(r) : formatCheck(r));
      process.stderr.write(checkErrors(r));
      if (!r.pass) setExit(1);
    });
  program
    .command('targets')
    .description('list the NPU targets, their capabilities, the tosa pass pipeline derived from them and whether they have a blob backend')
    .option('--json', 'print as JSON')
    .action((o: Record<string, unknown>) => {
      process.stdout.write(describeTargetsWithBackends(Boolean(o.json)));
    });
  return program;
}

class UsageError extends Error {}

/** A non-negative integer flag value (at least `min`); a usage error otherwise. */
function parseCount(v: string, flag: string, min: number): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min) throw new UsageError(`invalid ${flag} '${v}': expected an integer >= ${min}`);
  return Number(v);
}

/** `npuc run model.npub`: the flags that only apply to IR models are usage errors. */
function runBlobCommand(file: string, o: Record<string, unknown>): void {
  const irOnly: [string, string][] = [['function', '--function'], ['bind', '--bind'], ['emit', '--emit'], ['passPipeline', '--pass-pipeline'], ['allowUnregisteredDialect', '--allow-unregistered-dialect']];
  for (const [k, flag] of irOnly) if (o[k] !== undefined) throw new UsageError(`${flag} does not apply to a blob (${file})`);
  let result: ReturnType<typeof runBlobFile>;
  try {
    result = runBlobFile(file, { inputs: (o.input as string[] | undefined) ?? [], outputDir: o.outputDir as string | undefined });
  } catch (e) {
    if (e instanceof RunUsageError) throw new UsageError(e.message);
    throw e;
  }
  if (o.outputDir === undefined) process.stdout.write(summarizeOutputs(result.outputs));
}

function listPasses(): string {
  const lines: string[] = [];
  for (const p of registeredPasses()) {
    lines.push(`  ${p.name.padEnd(24)} ${p.summary}`);
    for (const [k, o] of Object.entries(p.options ?? {})) {
      lines.push(`      ${`${k}=<${o.type}>`.padEnd(28)} ${o.description} (default: ${o.default})`);
    }
  }
  return `Passes:\n${lines.join('\n')}\n`;
}

/** Source text for quoting a diagnostic's line: small UTF-8 files on disk only. */
function readSourceForDiagnostics(name: string): string | null {
  try {
    if (statSync(name).size > 16 << 20) return null;
    return readFileSync(name, 'utf8');
  } catch {
    return null;
  }
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  // A reader that stops early (`npuc opt big.mlir | head`) closes the pipe: stop
  // quietly, as a tool killed by SIGPIPE does, instead of an unhandled 'error'.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(code);
    throw e;
  });
  const program = buildProgram((c) => (code = c));
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync([...argv]);
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return 2;
    }
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version requests exit 0; everything else commander rejects is a usage error.
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (e instanceof PipelineError || e instanceof UsageError) {
      process.stderr.write(`npuc: error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DiagnosticError) {
      process.stderr.write(new SourceManager(readSourceForDiagnostics).render(e.diagnostic) + '\n');
      return 1;
    }
    if (process.env.NPUC_DEBUG) throw e;
    process.stderr.write(`npuc: internal error: ${(e as Error).message} (set NPUC_DEBUG=1 for a stack trace)\n`);
    return 1;
  }
}
