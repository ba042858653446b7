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
import { COMPILE_EMIT_LEVELS, CompileUsageError, compile, resolveTarget, targetPipelineText } from '../driver/compile.js';
import { describeTargets, describeTargetsJson } from '../targets/describe.js';
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
    .description('evaluate a function of a .mlir or .onnx model on input tensors with the reference interpreter')
    .argument('<model>', 'input .mlir or .onnx file')
    .option('-f, --function <name>', 'function to run (default: main, or the only function)')
    .option('-i, --input <name=file>', 'bind an input to a .npy or TensorProto .pb file (repeatable)', repeat)
    .option('--bind <name=file>', 'freeze an input into a constant before evaluation (repeatable)', repeat)
    .option('--emit <level>', `lower to this level before evaluating: ${EMIT_LEVELS.join(' or ')} (default: as loaded)`)
    .option('-p, --pass-pipeline <passes>', 'run these passes (after --emit) before evaluating')
    .option('-d, --output-dir <dir>', 'write each result to <dir>/<name>.npy (atomically)')
    .option('--allow-unregistered-dialect', 'accept ops of unknown dialects when loading .mlir')
    .action((file: string, o: Record<string, unknown>) => {
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
    .description('compile a model for an NPU target (for now up to target-legal tosa)')
    .argument('[model]', 'input .onnx model or .mlir file (- for stdin)')
    .option('-t, --target <name>', `target NPU: ${targetNames().join(', ')}`)
    .option('--emit <level>', `level to print: ${COMPILE_EMIT_LEVELS.join(' or ')}`, 'tosa')
    .option('--print-pipeline', "print the target's tosa pass pipeline (derived from its capabilities) and exit")
    .option('--no-cpu-fallback', 'fail on an op the NPU cannot run, naming the capability it lacks')
    .option('--bind <name=file>', 'freeze an input into a constant (.npy or .pb) before lowering (repeatable)', repeat)
    .option('--input-shape <name=dims>', 'static shape for a graph input, e.g. input=1x3x224x224 (repeatable)', repeat)
    .option('-o, --output <file>', 'output file (written atomically)', '-')
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
        const result = compile(file, {
          target,
          cpuFallback: o.cpuFallback !== false,
          emit: o.emit as string,
          binds: (o.bind as string[] | undefined) ?? [],
          inputShapes: (o.inputShape as string[] | undefined) ?? [],
          printIrAfterAll: Boolean(o.printIrAfterAll),
          passStatistics: Boolean(o.passStatistics),
          timing: Boolean(o.timing),
          remarks: Boolean(o.passRemarks),
          debugInfo: Boolean(o.printDebuginfo),
          elideLargerThan: elide === undefined ? null : elide === true ? 16 : Number(elide),
        });
        writeOutput(o.output as string, result.output);
      } catch (e) {
        if (e instanceof CompileUsageError || e instanceof InputShapeError || e instanceof RunUsageError) throw new UsageError(e.message);
        throw e;
      }
    });
  program
    .command('targets')
    .description('list the NPU targets, their capabilities and the tosa pass pipeline derived from them')
    .option('--json', 'print as JSON')
    .action((o: Record<string, unknown>) => {
      process.stdout.write(o.json ? describeTargetsJson() : describeTargets());
    });
  return program;
}

class UsageError extends Error {}

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
