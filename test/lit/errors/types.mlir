// Malformed and invalid types.
// RUN: npuc opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// expected-error @+1 {{expected type, found 'f31'}}
"test.op"() {a = 1 : f31} : () -> ()

// -----

// expected-error @+1 {{expected type, found '2'}}
"test.op"() {a = tensor<2x>} : () -> ()

// -----

// expected-error @+1 {{expected type, found '?x'}}
"test.op"() {a = tensor<*x?xf32>} : () -> ()

// -----

// expected-error @+1 {{invalid tensor element type tensor<3xf32>}}
"test.op"() {a = tensor<2xtensor<3xf32>>} : () -> ()

// -----

// expected-error @+1 {{dynamic dimensions are not allowed here}}
"test.op"() {a = vector<?xf32>} : () -> ()

// -----

// expected-error @+1 {{expected '>', found end of file}}
"test.op"() : () -> tensor<2xf32

// -----

// expected-error @+1 {{expected '->', found ':'}}
"test.op"() {a = (i32) : i32} : () -> ()

// -----

// expected-error @+1 {{undefined symbol alias id 'undefined_type'}}
"test.op"() : () -> !undefined_type

// -----

!a = i32
// expected-error @+1 {{redefinition of type alias id 'a'}}
!a = i64

// -----

// expected-error @+1 {{integer bitwidth is limited to 16777215 bits}}
"test.op"() : () -> i16777216

// -----

// Upstream accepts i0; npuc does not model zero-width integers.
// expected-error @+1 {{zero-width integer types are not supported}}
"test.op"() : () -> i0

// -----

// A type where an operand of another type is expected: the generic form's
// function type must match the operand count.
func.func @f(%arg0: i32) {
  // expected-error @+1 {{use of value '%arg0' expects different type than prior uses: 'i64' vs 'i32'}}
  "test.op"(%arg0) : (i64) -> ()
  return
}
