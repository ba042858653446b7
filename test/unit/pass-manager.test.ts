// The pass registry, textual pipelines, the pass manager's verify-after-each-
// pass rule and its instrumentation (statistics, timing, IR dumps, remarks).

import { describe, expect, it } from 'vitest';
import {
  Diagnostic,
  DiagnosticError,
  Operation,
  PassManager,
  PipelineError,
  formatStatisticsReport,
  formatTimingReport,
  lookupPass,
  parseModule,
  parsePipeline,
  printOp,
  printPipeline,
  registerPass,
  registeredPasses,
  type PassDef,
} from '../../src/index.js';

// Test passes, registered once for this file.
const breakIr: PassDef = {
  name: 'test-break-ir',
  summary: 'Deliberately breaks the IR: moves each function return before the op defining its operand',
  anchor: 'func.func',
  run(fn) {
    const body = fn.regions[0]!.blocks[0];
    const ret = body?.last;
    if (!body || !ret) return false;
    const def = ret.operands[0]?.definingOp;
    if (!def) return false;
    body.insertBefore(ret, def);
    return true;
  },
};
const counting: PassDef = {
  name: 'test-count-ops',
  summary: 'Counts ops per function',
  anchor: 'func.func',
  options: {
    scale: { type: 'int', default: 1, description: 'multiplier' },
    label: { type: 'string', default: 'ops', description: 'a string option' },
    verbose: { type: 'bool', default: false, description: 'a flag' },
  },
  statistics: { 'num-ops': 'Ops seen', 'num-funcs': 'Functions seen' },
  run(fn, ctx) {
    let n = 0;
    fn.walk((op) => void (op !== fn && n++));
    ctx.stat('num-ops', n * (ctx.options.scale as number));
    ctx.stat('num-funcs');
    if (ctx.options.verbose) ctx.remark(fn, `${n} ${ctx.options.label as string}`);
    return false;
  },
};
const failing: PassDef = {
  name: 'test-fail',
  summary: 'Fails with a diagnostic',
  anchor: 'builtin.module',
  run(m, ctx): boolean {
    return ctx.fail(new Diagnostic('error', 'this pass always fails', m.loc));
  },
};
const badStat: PassDef = {
  name: 'test-bad-stat',
  summary: 'Bumps an undeclared statistic',
  anchor: 'builtin.module',
  run(_m, ctx) {
    ctx.stat('undeclared');
    return false;
  },
};
for (const p of [breakIr, counting, failing, badStat]) if (!lookupPass(p.name)) registerPass(p);

const src = `func.func @f(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %a = arith.addi %x, %c0 : i32
  %b = arith.muli %a, %a : i32
  %c = arith.muli %a, %a : i32
  %s = arith.addi %b, %c : i32
  return %s : i32
}
func.func private @dead() -> i32`;

const load = (): Operation => parseModule(src, { file: 'pm.mlir' });

describe('pipeline text', () => {
  it('parses names, options and defaults', () => {
    const p = parsePipeline('canonicalize{max-iterations=3}, cse ,test-count-ops{scale=2 label=things verbose}');
    expect(p.map((e) => e.pass.name)).toEqual(['canonicalize', 'cse', 'test-count-ops']);
    expect(p[0]!.options).toEqual({ 'max-iterations': 3, 'test-convergence': false });
    expect(p[1]!.options).toEqual({});
    expect(p[2]!.options).toEqual({ scale: 2, label: 'things', verbose: true });
    expect(parsePipeline('test-count-ops')[0]!.options).toEqual({ scale: 1, label: 'ops', verbose: false });
    expect(parsePipeline('test-count-ops{verbose=false scale=-4}')[0]!.options).toMatchObject({ verbose: false, scale: -4 });
    expect(parsePipeline('test-count-ops{verbose=1}')[0]!.options.verbose).toBe(true);
  });

  it('accepts the builtin.module(...) wrapper and an empty pipeline', () => {
    expect(parsePipeline('builtin.module(canonicalize,cse)').map((e) => e.pass.name)).toEqual(['canonicalize', 'cse']);
    expect(parsePipeline('')).toEqual([]);
    expect(parsePipeline('   ')).toEqual([]);
  });

  it('prints back only the options that differ from their defaults', () => {
    const text = 'canonicalize{max-iterations=3},cse,test-count-ops{label=x}';
    expect(printPipeline(parsePipeline(text))).toBe(text);
    expect(printPipeline(parsePipeline('canonicalize{max-iterations=10}'))).toBe('canonicalize');
  });

  it.each([
    ['no-such-pass', /unknown pass 'no-such-pass'/],
    ['cse{bogus=1}', /pass 'cse' has no option 'bogus'/],
    ['canonicalize{max-iterations=x}', /expects an integer, got 'x'/],
    ['canonicalize{max-iterations=1.5}', /expects an integer/],
    ['canonicalize{test-convergence=yes}', /expects true or false, got 'yes'/],
    ['canonicalize{max-iterations=1', /missing '}'/],
    ['cse cse', /expected ',' between passes/],
    ['cse,', /expected a pass name after ','/],
    ['cse,,dce', /expected a pass name/],
    [',cse', /expected a pass name at offset 0/],
    ['cse}', /expected ','/],
    ['builtin.module(cse', /unknown pass 'builtin.module'/],
  ])('rejects %j', (text, message) => {
    expect(() => parsePipeline(text)).toThrow(PipelineError);
    expect(() => parsePipeline(text)).toThrow(message);
  });

  it('refuses to register a pass name twice and lists passes sorted', () => {
    expect(() => registerPass({ ...counting })).toThrow(/registered twice/);
    const names = registeredPasses().map((p) => p.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['canonicalize', 'cse', 'dce', 'symbol-dce']));
  });
});

describe('verification after each pass', () => {
  it('catches a pass that breaks the IR and names it', () => {
    const m = load();
    let error: unknown;
    try {
      new PassManager(parsePipeline('cse,test-break-ir,dce')).run(m);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DiagnosticError);
    const d = (error as DiagnosticError).diagnostic;
    // The first problem found: the return is no longer last (and its operand no longer dominates it).
    expect(d.message).toMatch(/'func.return' op must be the last operation in the parent block/);
    expect(d.notes.map((n) => n.message)).toContain("the IR no longer verifies after pass 'test-break-ir'");
  });

  it('does not verify between passes with verifyEach: false', () => {
    const m = load();
    expect(() => new PassManager(parsePipeline('test-break-ir'), { verifyEach: false }).run(m)).not.toThrow();
  });

  it('stops the pipeline when a pass fails', () => {
    const m = load();
    const before = printOp(m);
    expect(() => new PassManager(parsePipeline('test-fail,canonicalize')).run(m)).toThrow('this pass always fails');
    expect(printOp(m)).toBe(before); // canonicalize never ran
  });

  it('rejects undeclared statistics', () => {
    expect(() => new PassManager(parsePipeline('test-bad-stat')).run(load())).toThrow(/no statistic 'undeclared'/);
  });

  it('runs each pass on every anchor op', () => {
    const report = new PassManager(parsePipeline('test-count-ops{scale=10}')).run(load());
    const values = report.statistics[0]!.values;
    // @f has 6 ops, @dead none; two functions.
    expect(Object.fromEntries(values)).toEqual({ 'num-ops': 60, 'num-funcs': 2 });
  });
});

describe('instrumentation', () => {
  it('collects statistics per pass, in pipeline order', () => {
    const report = new PassManager(parsePipeline('canonicalize,cse,symbol-dce')).run(load());
    const stats = report.statistics.map(({ pass, values }) => [pass.name, Object.fromEntries(values)]);
    // By hand: canonicalize folds x+0 (1) and erases the constant (1); cse
    // merges the second muli (1); symbol-dce erases @dead (1).
    expect(stats).toEqual([
      ['canonicalize', { 'num-folded': 1, 'num-dce': 1, 'num-patterns': 0 }],
      ['cse', { "num-cse'd": 1, "num-dce'd": 0 }],
      ['symbol-dce', { 'num-dce': 1 }],
    ]);
    const text = formatStatisticsReport(report.statistics);
    expect(text).toContain('... Pass statistics report ...');
    expect(text).toContain("'cse'\n  (S)    1 num-cse'd - Ops replaced by an equivalent dominating op\n");
    expect(text).toContain("'symbol-dce'\n  (S)    1 num-dce - Symbols erased\n");
  });

  it('times every pass and reports a total', () => {
    const report = new PassManager(parsePipeline('canonicalize,cse')).run(load());
    expect(report.timings.map((t) => t.name)).toEqual(['canonicalize', 'cse']);
    for (const t of report.timings) expect(t.ms).toBeGreaterThanOrEqual(0);
    const text = formatTimingReport([
      { name: 'a', ms: 250 },
      { name: 'b', ms: 750 },
    ]);
    expect(text).toContain('Total Execution Time: 1.0000 seconds');
    expect(text).toContain('  0.2500 ( 25.0%)  a\n');
    expect(text).toContain('  0.7500 ( 75.0%)  b\n');
    expect(text).toContain('  1.0000 (100.0%)  Total\n');
    expect(formatTimingReport([])).toContain('0.0000 (  0.0%)  Total');
  });

  it('dumps the IR before and after the named passes, and after all', () => {
    const logs: string[] = [];
    const opts = { log: (t: string) => void logs.push(t), printModule: (m: Operation) => printOp(m) };
    const m = load();
    new PassManager(parsePipeline('canonicalize,cse,dce'), { ...opts, printIrBefore: ['cse'], printIrAfter: ['cse'] }).run(m);
    expect(logs.map((l) => l.split('\n')[0])).toEqual([
      '// -----// IR Dump Before cse //----- //',
      '// -----// IR Dump After cse //----- //',
    ]);
    // Before cse both muli are there, after it one is left.
    expect(logs[0]!.match(/arith\.muli/g)?.length).toBe(2);
    expect(logs[1]!.match(/arith\.muli/g)?.length).toBe(1);
    expect(logs[1]).toContain(printOp(m));

    logs.length = 0;
    new PassManager(parsePipeline('canonicalize,cse'), { ...opts, printIrAfterAll: true }).run(load());
    expect(logs.map((l) => l.split('\n')[0])).toEqual([
      '// -----// IR Dump After canonicalize //----- //',
      '// -----// IR Dump After cse //----- //',
    ]);
  });

  it('prints remarks only when asked', () => {
    const logs: string[] = [];
    new PassManager(parsePipeline('test-count-ops{verbose}'), { log: (t) => void logs.push(t) }).run(load());
    expect(logs).toEqual([]);
    new PassManager(parsePipeline('test-count-ops{verbose label=things}'), { log: (t) => void logs.push(t), remarks: true }).run(load());
    expect(logs).toEqual(['loc("pm.mlir":1:1): remark: [test-count-ops] 6 things\n', 'loc("pm.mlir":9:1): remark: [test-count-ops] 0 things\n']);
  });
});
