// Verifier errors: registered op rules, dominance, terminators, isolation,
// symbol tables, and ops npuc does not know.
// RUN: npuc opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

func.func @return_type() -> i32 {
  %0 = "test.op"() : () -> i64
  // expected-error @+1 {{type of return operand 0 (i64) doesn't match function result type (i32) in function @return_type}}
  return %0 : i64
}

// -----

func.func @return_count() -> (i32, i32) {
  %0 = "test.op"() : () -> i32
  // expected-error @+1 {{has 1 operands, but enclosing function (@return_count) returns 2}}
  return %0 : i32
}

// -----

// expected-error @+1 {{entry block must have 1 arguments to match function signature}}
"func.func"() <{function_type = (i32) -> (), sym_name = "entry_count"}> ({
^bb0(%a: i32, %b: i32):
  "func.return"() : () -> ()
}) : () -> ()

// -----

// expected-error @+1 {{type of entry block argument #0(i64) must match the type of the corresponding argument in function signature(i32)}}
"func.func"() <{function_type = (i32) -> (), sym_name = "entry_type"}> ({
^bb0(%a: i64):
  "func.return"() : () -> ()
}) : () -> ()

// -----

// expected-note @+1 {{see existing symbol definition here}}
func.func @twice() {
  return
}
// expected-error @+1 {{redefinition of symbol named 'twice'}}
func.func @twice() {
  return
}

// -----

func.func @use_before_def() {
  // expected-error @+1 {{operand #0 does not dominate this use}}
  "test.use"(%0) : (i32) -> ()
  // expected-note @+1 {{operand defined here (op in the same block)}}
  %0 = "test.def"() : () -> i32
  return
}

// -----

func.func @use_in_own_region() {
  // expected-note @+1 {{operand defined here (op in a parent region)}}
  %0 = "test.op"() ({
    // expected-error @+1 {{operand #0 does not dominate this use}}
    "test.use"(%0) : (i32) -> ()
  }) : () -> i32
  return
}

// -----

// In a function body (an SSA region) an op cannot use its own result; in the
// regions of unregistered ops and in the module body (graph regions) it can.
func.func @self_use() {
  // expected-error @+2 {{operand #0 does not dominate this use}}
  // expected-note @+1 {{operand defined here (op in the same block)}}
  %0 = "test.self"(%0) : (i32) -> i32
  "test.graph"() ({
    %1 = "test.self"(%1) : (i32) -> i32
  }) : () -> ()
  return
}

// -----

func.func @terminator_not_last() {
  // expected-error @+1 {{'func.return' op must be the last operation in the parent block}}
  return
  "test.op"() : () -> ()
}

// -----

// expected-error @+1 {{'func.func' op expects regions to end with a terminator}}
func.func @no_terminator() {
  // expected-note @+1 {{in this block, the last operation is 'arith.constant'}}
  %0 = arith.constant 1 : i32
}

// -----

// expected-error @+1 {{'func.return' op expects parent op 'func.func'}}
"func.return"() : () -> ()

// -----

// Isolated regions cannot see values from outside: the parser reports the use
// as an undeclared name (as MLIR does), so the verifier's isolation check is
// never reached from text.
func.func @outer() {
  %0 = "test.def"() : () -> i32
  "test.wrap"() ({
    func.func @inner() {
      // expected-error @+1 {{use of undeclared SSA value name '%0'}}
      "test.use"(%0) : (i32) -> ()
      return
    }
  }) : () -> ()
  return
}

// -----

// expected-error @+1 {{custom op 'foo.bar' is unknown}}
foo.bar

// -----

// expected-error @+1 {{custom op 'frobnicate' is unknown}}
frobnicate %0 : i32

// -----

// An op of a known dialect that npuc does not define.
// expected-error @+1 {{custom op 'func.frobnicate' is unknown}}
func.frobnicate

// -----

// `"test.op"` is not a registered op: fine here with --allow-unregistered-dialect.
"test.op"() : () -> ()

// RUN: not npuc opt %s --split-input-file 2>&1 | FileCheck %s --check-prefix=NOFLAG
// NOFLAG: verifier.mlir:[[@LINE-3]]:1: error: unregistered operation 'test.op' found in dialect ('test') that does not allow unknown operations (use --allow-unregistered-dialect)
// NOFLAG-NEXT: "test.op"() : () -> ()
// NOFLAG-NEXT: {{^}}^{{$}}
