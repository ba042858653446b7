// SSA values: undefined and duplicate names, result counts, types of uses.
// RUN: npuc opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

func.func @undefined() {
  // expected-error @+1 {{use of undeclared SSA value name '%undefined'}}
  "test.op"(%undefined) : (i32) -> ()
  return
}

// -----

func.func @duplicate() {
  // expected-note @+1 {{previously defined here}}
  %0 = "test.op"() : () -> i32
  // expected-error @+1 {{redefinition of SSA value '%0'}}
  %0 = "test.op"() : () -> i32
  return
}

// -----

// expected-note @+1 {{previously defined here}}
func.func @duplicate_arg(%arg0: i32) {
  // expected-error @+1 {{redefinition of SSA value '%arg0'}}
  %arg0 = "test.op"() : () -> i32
  return
}

// -----

func.func @too_many_names() {
  // expected-error @+1 {{operation defines 2 results but was provided 3 to bind}}
  %0:3 = "test.op"() : () -> (i32, i32)
  return
}

// -----

func.func @too_few_names() {
  // expected-error @+1 {{operation defines 2 results but was provided 1 to bind}}
  %0 = "test.op"() : () -> (i32, i32)
  return
}

// -----

func.func @names_for_nothing() {
  // expected-error @+1 {{operation defines 0 results but was provided 2 to bind}}
  %0, %1 = "test.op"() : () -> ()
  return
}

// -----

func.func @bad_result_number() {
  %0:2 = "test.op"() : () -> (i32, i32)
  // expected-error @+1 {{reference to invalid result number '%0#2'}}
  "test.use"(%0#2) : (i32) -> ()
  return
}

// -----

func.func @type_mismatch() {
  %0 = "test.op"() : () -> i32
  // expected-error @+1 {{use of value '%0' expects different type than prior uses: 'i64' vs 'i32'}}
  "test.use"(%0) : (i64) -> ()
  return
}

// -----

// A forward reference in a graph region takes the type of its first use; the
// definition must agree.
"test.graph"() ({
  // expected-error @+1 {{definition of SSA value '%later#0' has type i64, but it was used with type i32}}
  "test.use"(%later) : (i32) -> ()
  %later = "test.def"() : () -> i64
}) : () -> ()

// -----

// Names are scoped by isolated regions: a function cannot see the values of
// another.
func.func @outer() {
  %0 = "test.op"() : () -> i32
  return
}
func.func @inner() {
  // expected-error @+1 {{use of undeclared SSA value name '%0'}}
  "test.use"(%0) : (i32) -> ()
  return
}

// -----

// A value defined inside a region is not visible after it.
func.func @region_scope() {
  "test.region_op"() ({
    %1 = "test.def"() : () -> i32
  }) : () -> ()
  // expected-error @+1 {{use of undeclared SSA value name '%1'}}
  "test.use"(%1) : (i32) -> ()
  return
}

// -----

"test.op"() ({
^bb0:
  "test.x"() : () -> ()
// expected-error @+1 {{redefinition of block '^bb0'}}
^bb0:
  "test.y"() : () -> ()
}) : () -> ()

// -----

// expected-error @+2 {{invalid block name in region with named arguments}}
func.func @entry_label(%a: i32) {
^bb0(%b: i64):
  return
}
