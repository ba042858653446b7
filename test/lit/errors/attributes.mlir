// Malformed and invalid attributes: numbers, dense elements, strings.
// RUN: npuc opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// Integers must fit their type (any bit pattern of the width, signed or not).
// expected-error @+1 {{integer constant out of range for attribute of type i8}}
"test.op"() {a = 256 : i8} : () -> ()

// -----

// expected-error @+1 {{integer constant out of range for attribute of type i8}}
"test.op"() {a = -129 : i8} : () -> ()

// -----

// expected-error @+1 {{integer constant out of range for attribute of type i64}}
"test.op"() {a = 99999999999999999999} : () -> ()

// -----

// expected-error @+1 {{integer constant out of range for attribute of type ui8}}
"test.op"() {a = -1 : ui8} : () -> ()

// -----

// expected-error @+1 {{integer constant out of range for attribute of type si8}}
"test.op"() {a = 128 : si8} : () -> ()

// -----

// expected-error @+1 {{integer constant out of range for attribute of type i1}}
"test.op"() {a = 2 : i1} : () -> ()

// -----

// A float needs a '.' (or hex bits): `2 : f32` is not a float literal.
// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
"test.op"() {a = 2 : f32} : () -> ()

// -----

// expected-error @+1 {{floating point value not valid for specified type i32}}
"test.op"() {a = 1.5 : i32} : () -> ()

// -----

// expected-error @+1 {{hexadecimal float literal should not have a leading minus}}
"test.op"() {a = -0x3F800000 : f32} : () -> ()

// -----

// expected-error @+1 {{hexadecimal float constant out of range for type}}
"test.op"() {a = 0x7FC0000000 : f32} : () -> ()

// -----

// `true` and `false` take no type.
// expected-error @+1 {{expected '}', found ':'}}
"test.op"() {a = true : i1} : () -> ()

// -----

// expected-error @+1 {{duplicate key 'a' in dictionary attribute}}
"test.op"() {a = 1, a = 2} : () -> ()

// -----

// expected-error @+1 {{undefined symbol alias id 'undefined_alias'}}
"test.op"() {a = #undefined_alias} : () -> ()

// -----

// expected-error @+1 {{expected integer or float type, got tensor<2xf32>}}
"test.op"() {a = array<tensor<2xf32>: 1>} : () -> ()

// -----

// expected-error @+1 {{element type bitwidth must be a multiple of 8}}
"test.op"() {a = array<i4: 1, 2>} : () -> ()

// -----

// expected-error @+1 {{'affine_map' attributes are not supported}}
"test.op"() {a = affine_map<(d0) -> (d0)>} : () -> ()

// -----

// dense<"0x...">: hex digits only, and exactly one element or all of them.
// expected-error @+1 {{expected string containing hex digits starting with `0x`}}
"test.op"() {a = dense<"0xZZ"> : tensor<1xi8>} : () -> ()

// -----

// expected-error @+1 {{expected string containing hex digits starting with `0x`}}
"test.op"() {a = dense<"0x123"> : tensor<1xi8>} : () -> ()

// -----

// expected-error @+1 {{expected string containing hex digits starting with `0x`}}
"test.op"() {a = dense<"1234"> : tensor<2xi8>} : () -> ()

// -----

// expected-error @+1 {{elements hex data size is invalid for provided type: 'tensor<3xi8>'}}
"test.op"() {a = dense<"0x0102"> : tensor<3xi8>} : () -> ()

// -----

// expected-error @+1 {{elements hex data size is invalid for provided type: 'tensor<2xf32>'}}
"test.op"() {a = dense<"0x0000803F0000"> : tensor<2xf32>} : () -> ()

// -----

// Dense literals must match the type's shape.
// expected-error @+1 {{inferred shape of elements literal ([2]) does not match type ([3])}}
"test.op"() {a = dense<[1, 2]> : tensor<3xi8>} : () -> ()

// -----

// expected-error @+1 {{inferred shape of elements literal ([2, 2]) does not match type ([4])}}
"test.op"() {a = dense<[[1, 2], [3, 4]]> : tensor<4xi8>} : () -> ()

// -----

// expected-error @+1 {{tensor literal is invalid; ranks are not consistent between elements}}
"test.op"() {a = dense<[[1, 2], [3]]> : tensor<2x2xi8>} : () -> ()

// -----

// expected-error @+1 {{tensor literal is invalid; ranks are not consistent between elements}}
"test.op"() {a = dense<[1, [2]]> : tensor<2xi8>} : () -> ()

// -----

// expected-error @+1 {{parsed zero elements, but type ('tensor<2xi8>') expected at least 1}}
"test.op"() {a = dense<> : tensor<2xi8>} : () -> ()

// -----

// expected-error @+1 {{elements literal type must have static shape}}
"test.op"() {a = dense<1> : tensor<?xi8>} : () -> ()

// -----

// expected-error @+1 {{elements literal must be a shaped type}}
"test.op"() {a = dense<1> : i32} : () -> ()

// -----

// Elements must fit and match the element type.
// expected-error @+1 {{integer constant out of range for type}}
"test.op"() {a = dense<[1, 300]> : tensor<2xi8>} : () -> ()

// -----

// expected-error @+1 {{expected unsigned integer elements, but parsed negative value}}
"test.op"() {a = dense<-1> : tensor<2xui8>} : () -> ()

// -----

// expected-error @+1 {{expected integer elements, but parsed floating-point}}
"test.op"() {a = dense<[1, 2.5]> : tensor<2xi32>} : () -> ()

// -----

// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
"test.op"() {a = dense<[1.0, 2]> : tensor<2xf32>} : () -> ()

// -----

// expected-error @+1 {{expected floating point literal}}
"test.op"() {a = dense<true> : tensor<2xf32>} : () -> ()

// -----

// expected-error @+1 {{expected i1 type for 'true' or 'false' values}}
"test.op"() {a = dense<true> : tensor<2xi8>} : () -> ()

// -----

// expected-error @+1 {{hexadecimal float constant out of range for type}}
"test.op"() {a = dense<0x7FC0000000> : tensor<2xf32>} : () -> ()

// -----

// expected-error @+1 {{dense_resource requires a statically shaped tensor or vector type}}
"test.op"() {a = dense_resource<blob> : tensor<?xi8>} : () -> ()

// -----

"test.op"() {a = dense_resource<blob> : tensor<2xi8>} : () -> ()
{-#
  dialect_resources: {
    builtin: {
      // expected-error @+1 {{expected hex string blob for key 'blob'}}
      blob: "0x0102"
    }
  }
#-}

// -----

"test.op"() {a = dense_resource<blob> : tensor<2xi8>} : () -> ()
{-#
  dialect_resources: {
    builtin: {
      // expected-error @+1 {{expected hex string blob for key 'blob' to encode alignment in first 4 bytes, but got non-power-of-2 value: 3}}
      blob: "0x030000000102"
    }
  }
#-}

// -----

// Symbol names start with a letter or `_` unless quoted.
// expected-error @+1 {{@ identifier expected to start with letter or '_'}}
"test.op"() {a = @9lives} : () -> ()

// -----

// expected-error @+1 {{expected '}', found '-'}}
"test.op"() {a = @with-dash} : () -> ()
