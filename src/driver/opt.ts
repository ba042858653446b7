// The `npuc opt` driver as a library function: parse, verify, run a pass
// pipeline, print. The CLI is a thin wrapper around this.

import '../dialects/index.js';
import '../passes/index.js';
import { FileLineColLoc } from '../ir/attributes.js';
import { Diagnostic, DiagnosticError, SourceManager } from '../ir/diagnostics.js';
import { parseModule } from '../ir/parser.js';
import {
  PassManager,
  formatStatisticsReport,
  formatTimingReport,
  parsePipeline,
  type PassTiming,
  type PipelineEntry,
} from '../ir/pass.js';
import { printOp, type PrintOptions } from '../ir/printer.js';
import { verify } from '../ir/verifier.js';
import { checkExpectations, collectExpectations } from '../ir/verify-diagnostics.js';

export interface OptOptions extends PrintOptions {
  pipeline?: string;
  allowUnregistered?: boolean;
  verifyDiagnostics?: boolean;
  splitInputFile?: boolean;
  verifyEach?: boolean;
  printIrAfterAll?: boolean;
  printIrBefore?: readonly string[];
  printIrAfter?: readonly string[];
  timing?: boolean;
  passStatistics?: boolean;
  remarks?: boolean;
}

export interface OptResult {
  /** Printed modules of the chunks that succeeded. */
  output: string;
  /** Rendered diagnostics and reports, for stderr. */
  log: string;
  ok: boolean;
}

/** Splits `// -----` separated input; each chunk keeps its first line number. */
export function splitInput(text: string): { text: string; lineOffset: number; markerEnd?: number }[] {
  const lines = text.split('\n');
  const chunks: { text: string; lineOffset: number; markerEnd?: number }[] = [];
  let start = 0;
  let markerEnd: number | undefined;
  lines.forEach((l, i) => {
    if (/^\s*\/\/ -----/.test(l)) {
      // A chunk keeps the line break before the separator, as MLIR's chunks do.
      chunks.push({ text: lines.slice(start, i).join('\n') + '\n', lineOffset: start, markerEnd });
      start = i + 1;
      markerEnd = l.indexOf('// -----') + '// -----'.length + 1;
    }
  });
  chunks.push({ text: lines.slice(start).join('\n'), lineOffset: start, markerEnd });
  return chunks;
}

/** Runs `npuc opt` on one input text. Throws PipelineError for a bad `-p`. */
export function runOpt(text: string, file: string, opts: OptOptions = {}): OptResult {
  const pipeline: PipelineEntry[] = opts.pipeline ? parsePipeline(opts.pipeline) : [];
  const sources = new SourceManager();
  sources.add(file, text);
  const chunks = opts.splitInputFile ? splitInput(text) : [{ text, lineOffset: 0 }];
  const outputs: string[] = [];
  const log: string[] = [];
  const timings: PassTiming[] = [];
  const stats: ReturnType<PassManager['run']>['statistics'] = [];
  let ok = true;

  for (const chunk of chunks) {
    const diagnostics: Diagnostic[] = [];
    let printed: string | null = null;
    try {
      const t0 = performance.now();
      // Upstream places a chunk's implicit module where the chunk starts: `file:0:0`
      // for the first, just after the `// -----` marker for the others.
      const moduleLoc = 'markerEnd' in chunk && chunk.markerEnd !== undefined ? new FileLineColLoc(file, chunk.lineOffset, chunk.markerEnd) : undefined;
      const module = parseModule(chunk.text, { file, lineOffset: chunk.lineOffset, implicitModuleLoc: moduleLoc });
      const t1 = performance.now();
      const problems = verify(module, { allowUnregistered: opts.allowUnregistered });
      timings.push({ name: 'Parser', ms: t1 - t0 }, { name: 'Verifier', ms: performance.now() - t1 });
      if (problems.length) {
        diagnostics.push(...problems);
      } else {
        const pm = new PassManager(pipeline, {
          verifyEach: opts.verifyEach,
          allowUnregistered: opts.allowUnregistered,
          printIrAfterAll: opts.printIrAfterAll,
          printIrBefore: opts.printIrBefore,
          printIrAfter: opts.printIrAfter,
          remarks: opts.remarks,
          log: (t) => log.push(t),
          printModule: (m) => printOp(m, opts),
        });
        const report = pm.run(module);
        timings.push(...report.timings);
        stats.push(...report.statistics);
        const t2 = performance.now();
        printed = printOp(module, opts);
        timings.push({ name: 'Output', ms: performance.now() - t2 });
      }
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      diagnostics.push(e.diagnostic);
    }
    if (opts.verifyDiagnostics) {
      const expectations = collectExpectations(chunk.text, file, chunk.lineOffset);
      const problems = checkExpectations(diagnostics, expectations);
      for (const p of problems) log.push(sources.render(p) + '\n');
      if (problems.length) ok = false;
    } else {
      for (const d of diagnostics) log.push(sources.render(d) + '\n');
      if (diagnostics.some((d) => d.severity === 'error')) ok = false;
    }
    if (printed !== null) outputs.push(printed);
  }
  if (opts.timing) log.push(formatTimingReport(timings));
  if (opts.passStatistics) log.push(formatStatisticsReport(stats));
  return { output: outputs.join('// -----\n'), log: log.join(''), ok };
}
