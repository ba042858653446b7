// Invalid !quant.uniform types. Messages and positions follow upstream's
// quant dialect, except that npuc also rejects a zero point outside the
// storage range (upstream accepts it; no integer kernel can use it).
// RUN: npuc opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// expected-error @+1 {{zero point 128 is outside the storage range [-128:127]}}
"test.op"() : () -> !quant.uniform<i8:f32, 0.5:128>

// -----

// expected-error @+1 {{zero point -1 is outside the storage range [0:255]}}
"test.op"() : () -> !quant.uniform<u8:f32, 0.5:-1>

// -----

// The narrowed range counts, per axis too.
// expected-error @+1 {{zero point -128 is outside the storage range [-127:127]}}
"test.op"() : () -> !quant.uniform<i8<-127:127>:f32:0, {0.5:0, 0.25:-128}>

// -----

// Scales must be positive and finite in the expressed type.
// expected-error @+1 {{scale 0.000000e+00 out of expressed type range [1.401298e-45, 3.402823e+38]}}
"test.op"() : () -> !quant.uniform<i8:f32, 0.0>

// -----

// expected-error @+1 {{scale -1.000000e+00 out of expressed type range [1.401298e-45, 3.402823e+38]}}
"test.op"() : () -> !quant.uniform<i8:f32, -1.0>

// -----

// expected-error @+1 {{scale 1.000000e+05 out of expressed type range [5.960464e-08, 6.550400e+04]}}
"test.op"() : () -> !quant.uniform<i8:f16, 1.0e5>

// -----

// expected-error @+1 {{scale -2.500000e-01 out of expressed type range [1.401298e-45, 3.402823e+38]}}
"test.op"() : () -> !quant.uniform<i8:f32:1, {0.5, -0.25}>

// -----

// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
"test.op"() : () -> !quant.uniform<i8:f32, 1>

// -----

// expected-error @+1 {{illegal storage type minimum: -200}}
"test.op"() : () -> !quant.uniform<i8<-200:127>:f32, 1.0>

// -----

// expected-error @+1 {{illegal storage type maximum: 300}}
"test.op"() : () -> !quant.uniform<i8<-127:300>:f32, 1.0>

// -----

// expected-error @+1 {{illegal storage min and storage max: (10:5)}}
"test.op"() : () -> !quant.uniform<i8<10:5>:f32, 1.0>

// -----

// expected-error @+1 {{illegal storage type size: 64}}
"test.op"() : () -> !quant.uniform<i64:f32, 1.0>

// -----

// expected-error @+1 {{illegal storage type: f32 is not an integer type}}
"test.op"() : () -> !quant.uniform<f32:f32, 1.0>

// -----

// expected-error @+1 {{invalid kind of type specified}}
"test.op"() : () -> !quant.uniform<i8:i32, 1.0>

// -----

// expected-error @+1 {{illegal quantized dimension: -1}}
"test.op"() : () -> !quant.uniform<i8:f32:-1, {1.0}>

// -----

// expected-error @+1 {{unknown quantized type unifrm}}
"test.op"() : () -> !quant.unifrm<i8:f32, 1.0>

// -----

// expected-error @+1 {{expected ',', found '>'}}
"test.op"() : () -> !quant.uniform<i8:f32>

// -----

// expected-error @+1 {{expected '>', found ','}}
"test.op"() : () -> !quant.uniform<i8:f32, 1.0, 2.0>

// -----

// Errors point into the type's body, also on a later line of a multi-line file.
// RUN: not npuc opt %s --split-input-file --allow-unregistered-dialect 2>&1 | FileCheck %s
// expected-error @+4 {{zero point 300 is outside the storage range [-128:127]}}
// CHECK: quant.mlir:[[@LINE+3]]:48: error: zero point 300 is outside the storage range [-128:127]
// CHECK-NEXT: {{^}}"test.op"() : () -> !quant.uniform<i8:f32, 0.5:300>{{$}}
// CHECK-NEXT: {{^}}                                               ^{{$}}
"test.op"() : () -> !quant.uniform<i8:f32, 0.5:300>
