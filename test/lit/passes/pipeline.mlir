// Pass pipelines, pass options and the pass manager's instrumentation.

// One sweep of the canonicalizer folds, but leaves the new constant where the
// folded op was; the default (10 sweeps) also moves it to the top.
// RUN: npuc opt %s -p "canonicalize{max-iterations=1}" | FileCheck %s --check-prefix=ONE
// RUN: npuc opt %s -p canonicalize | FileCheck %s --check-prefix=DEFAULT
// ONE-LABEL:  func.func @f(%arg0: i32) -> i32 {
// ONE-NEXT:     %[[M:.*]] = arith.muli %arg0, %arg0 : i32
// ONE-NEXT:     %[[M2:.*]] = arith.muli %arg0, %arg0 : i32
// ONE-NEXT:     %[[S:.*]] = arith.addi %[[M]], %[[M2]] : i32
// ONE-NEXT:     %[[C12:.*]] = arith.constant 12 : i32
// ONE-NEXT:     %[[R:.*]] = arith.addi %[[S]], %[[C12]] : i32
// ONE-NEXT:     return %[[R]] : i32
// DEFAULT-LABEL: func.func @f(%arg0: i32) -> i32 {
// DEFAULT-NEXT:    %[[C12:.*]] = arith.constant 12 : i32
// DEFAULT-NEXT:    %[[M:.*]] = arith.muli %arg0, %arg0 : i32

// Not reaching a fixed point is an error with test-convergence.
// RUN: not npuc opt %s -p "canonicalize{max-iterations=1 test-convergence=true}" 2>&1 | FileCheck %s --check-prefix=CONVERGE
// RUN: npuc opt %s -p "canonicalize{test-convergence}" | FileCheck %s --check-prefix=DEFAULT
// CONVERGE: error: canonicalizer failed to converge

// A builtin.module(...) wrapper, as MLIR writes pipelines, and spaces are accepted.
// RUN: npuc opt %s -p "builtin.module( canonicalize , cse )" | FileCheck %s --check-prefix=BOTH
// BOTH-LABEL: func.func @f(%arg0: i32) -> i32 {
// BOTH-NEXT:    %[[C12:.*]] = arith.constant 12 : i32
// BOTH-NEXT:    %[[M:.*]] = arith.muli %arg0, %arg0 : i32
// BOTH-NEXT:    %[[S:.*]] = arith.addi %[[M]], %[[M]] : i32
// BOTH-NEXT:    %[[R:.*]] = arith.addi %[[S]], %[[C12]] : i32
// BOTH-NEXT:    return %[[R]] : i32

// IR dumps go to stderr, before the output on stdout.
// RUN: npuc opt %s -p canonicalize,cse --print-ir-after-all 2>&1 | FileCheck %s --check-prefix=AFTER-ALL
// AFTER-ALL:      // -----// IR Dump After canonicalize //----- //
// AFTER-ALL-NEXT: module {
// AFTER-ALL:        %[[M:.*]] = arith.muli %arg0, %arg0 : i32
// AFTER-ALL-NEXT:   %[[M2:.*]] = arith.muli %arg0, %arg0 : i32
// AFTER-ALL:      // -----// IR Dump After cse //----- //
// AFTER-ALL-NEXT: module {
// AFTER-ALL:        %[[M:.*]] = arith.muli %arg0, %arg0 : i32
// AFTER-ALL-NEXT:   %{{.*}} = arith.addi %[[M]], %[[M]] : i32
// AFTER-ALL-NOT:  IR Dump
// AFTER-ALL:      module {

// RUN: npuc opt %s -p canonicalize,cse --print-ir-before=cse --print-ir-after=cse 2>&1 | FileCheck %s --check-prefix=BEFORE-AFTER
// BEFORE-AFTER-NOT: IR Dump {{.*}} canonicalize
// BEFORE-AFTER:     // -----// IR Dump Before cse //----- //
// BEFORE-AFTER:       arith.muli %arg0, %arg0 : i32
// BEFORE-AFTER-NEXT:  arith.muli %arg0, %arg0 : i32
// BEFORE-AFTER:     // -----// IR Dump After cse //----- //
// BEFORE-AFTER:       arith.muli %arg0, %arg0 : i32
// BEFORE-AFTER-NEXT:  arith.addi
// BEFORE-AFTER-NOT: IR Dump

// Printing before a pass that is not in the pipeline prints nothing.
// RUN: npuc opt %s -p canonicalize --print-ir-before=cse 2>&1 | FileCheck %s --check-prefix=NO-DUMP
// NO-DUMP-NOT: IR Dump

// RUN: npuc opt %s -p canonicalize,cse,dce,symbol-dce --timing -o %t.timing.mlir 2>&1 | FileCheck %s --check-prefix=TIMING
// TIMING:      ... Execution time report ...
// TIMING:      Total Execution Time: {{[0-9]+\.[0-9]+}} seconds
// TIMING:      ----Wall Time----  ----Name----
// TIMING-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  Parser
// TIMING-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  Verifier
// TIMING-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  canonicalize
// TIMING-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  cse
// TIMING-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  dce
// TIMING-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  symbol-dce
// TIMING-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  Output
// TIMING-NEXT: {{[0-9.]+}} (100.0%)  Total

// Statistics, counted by hand: canonicalize folds x+0 (one fold), rewrites
// (s+5)+7 into s+12 (one pattern, the reassociation) and erases what that
// leaves dead: the constants 0, 5 and 7 and the old s+5 (four); cse then
// merges the second x*x; symbol-dce erases @unused.
// RUN: npuc opt %s -p canonicalize,cse,symbol-dce --pass-statistics -o %t.stats.mlir 2>&1 | FileCheck %s --check-prefix=STATS
// STATS:      ... Pass statistics report ...
// STATS:      'canonicalize'
// STATS-NEXT:   (S)    1 num-folded - Ops folded to constants or existing values
// STATS-NEXT:   (S)    4 num-dce - Dead ops erased
// STATS-NEXT:   (S)    1 num-patterns - Canonicalization patterns applied
// STATS-NEXT: 'cse'
// STATS-NEXT:   (S)    1 num-cse'd - Ops replaced by an equivalent dominating op
// STATS-NEXT:   (S)    0 num-dce'd - Trivially dead ops erased
// STATS-NEXT: 'symbol-dce'
// STATS-NEXT:   (S)    1 num-dce - Symbols erased

// RUN: npuc opt --list-passes | FileCheck %s --check-prefix=LIST
// Passes are listed by name, each followed by its options.
// LIST:      Passes:
// LIST:        canonicalize
// LIST-NEXT:     max-iterations=<int>
// LIST-NEXT:     test-convergence=<bool>
// LIST:        cse
// LIST-NEXT:   dce
// LIST:        symbol-dce

// Usage errors: unknown passes and options, malformed pipelines.
// RUN: not npuc opt %s -p no-such-pass 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: npuc: error: unknown pass 'no-such-pass'
// RUN: not npuc opt %s -p "canonicalize{max-iterations=1" 2>&1 | FileCheck %s --check-prefix=BRACE
// BRACE: npuc: error: missing '}' after options of pass 'canonicalize'
// RUN: not npuc opt %s -p "cse{bogus=1}" 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: npuc: error: pass 'cse' has no option 'bogus'
// RUN: not npuc opt %s -p "canonicalize{max-iterations=many}" 2>&1 | FileCheck %s --check-prefix=INT
// INT: npuc: error: option 'max-iterations' of pass 'canonicalize' expects an integer, got 'many'
// RUN: not npuc opt %s -p "canonicalize{test-convergence=maybe}" 2>&1 | FileCheck %s --check-prefix=BOOL
// BOOL: npuc: error: option 'test-convergence' of pass 'canonicalize' expects true or false, got 'maybe'
// RUN: not npuc opt %s -p "cse canonicalize" 2>&1 | FileCheck %s --check-prefix=COMMA
// COMMA: npuc: error: expected ',' between passes
// RUN: not npuc opt %s -p "cse," 2>&1 | FileCheck %s --check-prefix=TRAILING
// TRAILING: npuc: error: expected a pass name after ','
// RUN: not npuc opt %s -p ",cse" 2>&1 | FileCheck %s --check-prefix=LEADING
// LEADING: npuc: error: expected a pass name at offset 0

func.func @f(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c5 = arith.constant 5 : i32
  %c7 = arith.constant 7 : i32
  %a = arith.addi %x, %c0 : i32
  %m = arith.muli %a, %a : i32
  %m2 = arith.muli %x, %x : i32
  %s = arith.addi %m, %m2 : i32
  %s5 = arith.addi %s, %c5 : i32
  %s12 = arith.addi %s5, %c7 : i32
  return %s12 : i32
}

func.func private @unused()
