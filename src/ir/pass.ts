// Passes and the pass manager. A pass is a small function over an op that says
// whether it changed anything; it is registered once, by name, with a summary,
// typed options and named statistics. The manager runs a textual pipeline
// (`canonicalize,cse{opt=1}`), verifies after every pass (Mesa's NIR_PASS
// validates the same way), and offers MLIR's IR-dump, timing and statistics
// instrumentation.

import { Diagnostic, DiagnosticError } from './diagnostics.js';
import type { Operation } from './operation.js';
import { verify, type VerifyOptions } from './verifier.js';

export type PassOptionType = 'bool' | 'int' | 'string';
export type PassOptionValue = boolean | number | string;

export interface PassOptionSpec {
  readonly type: PassOptionType;
  readonly default: PassOptionValue;
  readonly description: string;
}

export interface PassContext {
  readonly options: Readonly<Record<string, PassOptionValue>>;
  /** Adds `n` to a declared statistic. */
  stat(name: string, n?: number): void;
  /** A remark about why a rewrite did (or did not) happen, shown with --pass-remarks. */
  remark(op: Operation, message: string): void;
  /** Stops the pipeline with an error. */
  fail(diagnostic: Diagnostic): never;
}

export interface PassDef {
  readonly name: string;
  readonly summary: string;
  /** The op the pass runs on: every op of this name, outermost first. */
  readonly anchor: string;
  readonly options?: Readonly<Record<string, PassOptionSpec>>;
  /** Statistic names and their descriptions. */
  readonly statistics?: Readonly<Record<string, string>>;
  /** Runs on one anchor op; returns whether the IR changed. */
  readonly run: (op: Operation, ctx: PassContext) => boolean;
}

const passes = new Map<string, PassDef>();

export function registerPass(pass: PassDef): void {
  if (passes.has(pass.name)) throw new Error(`pass '${pass.name}' registered twice`);
  passes.set(pass.name, pass);
}

export function lookupPass(name: string): PassDef | undefined {
  return passes.get(name);
}

export function registeredPasses(): PassDef[] {
  return [...passes.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export interface PipelineEntry {
  readonly pass: PassDef;
  readonly options: Record<string, PassOptionValue>;
}

/** Thrown for a malformed pipeline string or unknown pass/option (a usage error). */
export class PipelineError extends Error {}

/**
 * Parses `name{key=value key2=value2},name2`. A surrounding
 * `builtin.module(...)` is accepted as MLIR writes it; passes know their anchor.
 */
export function parsePipeline(text: string): PipelineEntry[] {
  let src = text.trim();
  const wrapped = /^builtin\.module\((.*)\)$/s.exec(src);
  if (wrapped) src = wrapped[1]!.trim();
  const entries: PipelineEntry[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  while (i < src.length) {
    skipSpace();
    const m = /^[A-Za-z0-9_.\-]+/.exec(src.slice(i));
    if (!m) throw new PipelineError(`expected a pass name at offset ${i} of pipeline '${text}'`);
    const name = m[0];
    i += name.length;
    const pass = lookupPass(name);
    if (!pass) throw new PipelineError(`unknown pass '${name}' (see 'npuc opt --list-passes')`);
    const options: Record<string, PassOptionValue> = {};
    for (const [k, spec] of Object.entries(pass.options ?? {})) options[k] = spec.default;
    skipSpace();
    if (src[i] === '{') {
      const close = src.indexOf('}', i);
      if (close < 0) throw new PipelineError(`missing '}' after options of pass '${name}'`);
      const body = src.slice(i + 1, close).trim();
      i = close + 1;
      for (const item of body.length ? body.split(/\s+/) : []) {
        const eq = item.indexOf('=');
        const key = eq < 0 ? item : item.slice(0, eq);
        const raw = eq < 0 ? 'true' : item.slice(eq + 1);
        const spec = pass.options?.[key];
        if (!spec) throw new PipelineError(`pass '${name}' has no option '${key}'`);
        options[key] = parseOptionValue(name, key, spec, raw);
      }
    }
    entries.push({ pass, options });
    skipSpace();
    if (i < src.length) {
      if (src[i] !== ',') throw new PipelineError(`expected ',' between passes at offset ${i} of pipeline '${text}'`);
      i++;
      skipSpace();
      if (i >= src.length) throw new PipelineError(`expected a pass name after ',' in pipeline '${text}'`);
    }
  }
  return entries;
}

function parseOptionValue(pass: string, key: string, spec: PassOptionSpec, raw: string): PassOptionValue {
  switch (spec.type) {
    case 'bool':
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new PipelineError(`option '${key}' of pass '${pass}' expects true or false, got '${raw}'`);
    case 'int': {
      if (!/^-?\d+$/.test(raw)) throw new PipelineError(`option '${key}' of pass '${pass}' expects an integer, got '${raw}'`);
      return Number(raw);
    }
    default:
      return raw;
  }
}

export function printPipeline(entries: readonly PipelineEntry[]): string {
  return entries
    .map(({ pass, options }) => {
      const changed = Object.entries(options).filter(([k, v]) => pass.options?.[k]?.default !== v);
      return changed.length ? `${pass.name}{${changed.map(([k, v]) => `${k}=${v}`).join(' ')}}` : pass.name;
    })
    .join(',');
}

export interface PassManagerOptions extends VerifyOptions {
  verifyEach?: boolean;
  printIrBefore?: readonly string[];
  printIrAfter?: readonly string[];
  printIrAfterAll?: boolean;
  /** Where IR dumps, remarks and reports go (stderr in the CLI). */
  log?: (text: string) => void;
  /** Prints the module for IR dumps. */
  printModule?: (op: Operation) => string;
  remarks?: boolean;
}

export interface PassTiming {
  readonly name: string;
  readonly ms: number;
}

export interface PassRunReport {
  readonly timings: PassTiming[];
  /** Per pass, in pipeline order: statistic name to value. */
  readonly statistics: { pass: PassDef; values: Map<string, number> }[];
}

export class PassManager {
  constructor(
    private readonly pipeline: readonly PipelineEntry[],
    private readonly opts: PassManagerOptions = {},
  ) {}

  /** Runs the pipeline on `module`; throws DiagnosticError if a pass or the verifier fails. */
  run(module: Operation): PassRunReport {
    const log = this.opts.log ?? ((t: string) => process.stderr.write(t));
    const dump = (when: 'Before' | 'After', entry: PipelineEntry): void => {
      const text = this.opts.printModule ? this.opts.printModule(module) : '';
      log(`// -----// IR Dump ${when} ${entry.pass.name} //----- //\n${text}\n`);
    };
    const report: PassRunReport = { timings: [], statistics: [] };
    for (const entry of this.pipeline) {
      const { pass } = entry;
      if (this.opts.printIrBefore?.includes(pass.name)) dump('Before', entry);
      const values = new Map<string, number>();
      for (const s of Object.keys(pass.statistics ?? {})) values.set(s, 0);
      const ctx: PassContext = {
        options: entry.options,
        stat: (name, n = 1) => {
          if (!values.has(name)) throw new Error(`pass '${pass.name}' has no statistic '${name}'`);
          values.set(name, values.get(name)! + n);
        },
        remark: (op, message) => {
          if (this.opts.remarks) log(`${op.loc}: remark: [${pass.name}] ${message}\n`);
        },
        fail: (d) => {
          throw new DiagnosticError(d);
        },
      };
      const start = performance.now();
      for (const anchor of anchorsOf(module, pass.anchor)) pass.run(anchor, ctx);
      report.timings.push({ name: pass.name, ms: performance.now() - start });
      report.statistics.push({ pass, values });
      if (this.opts.verifyEach !== false) {
        const problems = verify(module, this.opts);
        if (problems.length) {
          const d = problems[0]!;
          d.attachNote(`the IR no longer verifies after pass '${pass.name}'`);
          throw new DiagnosticError(d);
        }
      }
      if (this.opts.printIrAfterAll || this.opts.printIrAfter?.includes(pass.name)) dump('After', entry);
    }
    return report;
  }
}

/** Every op named `anchor` in `root` (including root), outermost first, not nested in each other's walk. */
function anchorsOf(root: Operation, anchor: string): Operation[] {
  const found: Operation[] = [];
  root.walk((op) => {
    if (op.name === anchor) {
      found.push(op);
      return 'skip';
    }
    return undefined;
  });
  return found;
}

/** MLIR-style execution time report. */
export function formatTimingReport(timings: readonly PassTiming[]): string {
  const total = timings.reduce((s, t) => s + t.ms, 0);
  const rule = '===' + '-'.repeat(73) + '===';
  const lines = [rule, '                         ... Execution time report ...', rule];
  lines.push(`  Total Execution Time: ${(total / 1000).toFixed(4)} seconds`, '', '  ----Wall Time----  ----Name----');
  for (const t of [...timings, { name: 'Total', ms: total }]) {
    const pct = total > 0 ? (100 * t.ms) / total : 0;
    lines.push(`  ${(t.ms / 1000).toFixed(4).padStart(8)} (${pct.toFixed(1).padStart(5)}%)  ${t.name}`);
  }
  return lines.join('\n') + '\n';
}

/** MLIR-style pass statistics report. */
export function formatStatisticsReport(stats: PassRunReport['statistics']): string {
  const rule = '===' + '-'.repeat(73) + '===';
  const lines = [rule, '                         ... Pass statistics report ...', rule];
  for (const { pass, values } of stats) {
    lines.push(`'${pass.name}'`);
    for (const [name, v] of values) lines.push(`  (S) ${String(v).padStart(4)} ${name} - ${pass.statistics?.[name] ?? ''}`);
  }
  return lines.join('\n') + '\n';
}
