// Builtin attributes, carried by unregistered test ops. Every expected value is
// what upstream mlir-opt prints for the same input (interop/ir-upstream.mlir
// runs these CHECK lines against it).
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-op-generic | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s

// Integers: untyped literals are i64; signless and signed values print signed
// (so `255 : i8` is `-1 : i8`), unsigned ones unsigned; i1 prints as a bool.
// CHECK-LABEL: "test.integers"
// CHECK-SAME: a = 0 : i64, b = -1 : i64, c = 42 : i32, d = -128 : i8, e = -1 : i8, f = 65535 : ui16, g = -5 : si8,
// CHECK-SAME: h = 7 : index, i = true, j = false, k = 9223372036854775807 : i64, l = -9223372036854775808 : i64,
// CHECK-SAME: m = 18446744073709551615 : ui64, n = 16 : i32, o = 170141183460469231731687303715884105727 : i128,
// CHECK-SAME: p = -3 : i4, q = -1 : i48, r = true, s = 255 : ui8, t = -1 : index}
"test.integers"() {a = 0, b = -1, c = 42 : i32, d = -128 : i8, e = 255 : i8, f = 65535 : ui16, g = -5 : si8,
                   h = 7 : index, i = 1 : i1, j = 0 : i1, k = 9223372036854775807, l = -9223372036854775808,
                   m = 18446744073709551615 : ui64, n = 0x10 : i32, o = 170141183460469231731687303715884105727 : i128,
                   p = -3 : i4, q = 281474976710655 : i48, r = -1 : i1, s = 255 : ui8, t = -1 : index} : () -> ()

// -----

// Floats print with 6 significant digits when that reads back exactly,
// otherwise with as many digits as needed (upper-case `E`), and as the bit
// pattern in hex for NaN, infinities and values whose shortest form has no '.'.
// An untyped float literal is f64.
// CHECK-LABEL: "test.floats"
// CHECK-SAME: a = 1.000000e+00 : f64, b = -2.500000e+00 : f32, c = 1.000000e-01 : f32, d = 1.000000e-01 : f64,
// CHECK-SAME: e = 1.000000e+10 : f32, f = 1.500000e-07 : f64, g = 0x7FC00000 : f32, h = 0x7F800000 : f32,
// CHECK-SAME: i = 0xFF800000 : f32, j = 0x7C00 : f16, k = 0x7FC0 : bf16, l = 3.320310e-01 : bf16,
// CHECK-SAME: m = 6.550400e+04 : f16, n = 3.40282347E+38 : f32, o = -0.000000e+00 : f32, p = 4.940660e-324 : f64,
// CHECK-SAME: q = 0.000000e+00 : f32, r = 1.000000e+00 : f32, s = 1.401300e-45 : f32, t = 1.000000e+02 : f16,
// CHECK-SAME: u = 123456.789 : f64, v = 5.000000e-01 : f16, w = 9.997550e-02 : f16, x = 123456.703 : f32,
// CHECK-SAME: y = 0x4996B438 : f32, z = 1.23456789E-4 : f64}
"test.floats"() {a = 1.0, b = -2.5 : f32, c = 0.1 : f32, d = 0.1 : f64, e = 1.0e10 : f32, f = 1.5e-7 : f64,
                 g = 0x7FC00000 : f32, h = 0x7F800000 : f32, i = 0xFF800000 : f32, j = 0x7C00 : f16, k = 0x7FC0 : bf16,
                 l = 0.333 : bf16, m = 65504.0 : f16, n = 3.4028234663852886e+38 : f32, o = -0.0 : f32,
                 p = 0x0000000000000001 : f64, q = 0.0 : f32, r = 0x3F800000 : f32, s = 1.0e-45 : f32, t = 100.0 : f16,
                 u = 123456.789 : f64, v = 0.5 : f16, w = 0.1 : f16, x = 123456.7 : f32, y = 1234567.0 : f32,
                 z = 0.000123456789 : f64} : () -> ()

// -----

// Bools, strings and unit. Strings print with MLIR's escapes: `\\` doubled,
// every other non-printable byte (and `"`) as `\XX`; bytes that are not
// UTF-8 survive.
// CHECK-LABEL: "test.misc"
// CHECK-SAME: a = true, b = false, c = "hello", d = "esc\22ape\\d\0A\09\00\FF", e, f = "\E2\82\AC", g = "\E2\82\AC",
// CHECK-SAME: h = "", i = "typed" : i32, j = "\7F~ "}
"test.misc"() {a = true, b = false, c = "hello", d = "esc\"ape\\d\n\t\00\FF", e = unit, f = "\E2\82\AC", g = "€",
               h = "", i = "typed" : i32, j = "\7f~ "} : () -> ()

// -----

// Arrays and dictionaries. Inside an array (only there) `: i64` and `: f64`
// are left out. Dictionary keys print sorted, quoted when not identifiers.
// CHECK-LABEL: "test.containers"
// CHECK-SAME: a = [], b = [1, "two", [3.000000e+00 : f32]], c = {}, d = {"a-b" = 3 : i8, "quoted key" = 2 : i8, x = {y = {z = 1 : i8}}},
// CHECK-SAME: e = [1, 2, 3 : i32, 1.000000e+00, 2.000000e+00, 0x7FF8000000000000 : f64, 1.500000e+00 : f32, [4], {k = 5 : i64}, true],
// CHECK-SAME: f = 7 : i64, g = 1.500000e+00 : f64, h = {{\[\[\[\]\]\]}}, i = [unit, @s]}
"test.containers"() {a = [], b = [1, "two", [3.0 : f32]], c = {}, d = {x = {y = {z = 1 : i8}}, "quoted key" = 2 : i8, "a-b" = 3 : i8},
                     e = [1, 2 : i64, 3 : i32, 1.0, 2.0 : f64, 0x7FF8000000000000 : f64, 1.5 : f32, [4], {k = 5}, true],
                     f = 7, g = 1.5, h = [[[]]], i = [unit, @s]} : () -> ()

// -----

// Dense arrays.
// CHECK-LABEL: "test.dense_arrays"
// CHECK-SAME: a = array<i64: 1, -2, 3>, b = array<f32: 1.000000e+00, -5.000000e-01, 2.500000e+10>, c = array<i32>,
// CHECK-SAME: d = array<i1: true, false>, e = array<i8: -128, 127>, f = array<f64: 1.000000e-01>, g = array<i16: 5>,
// CHECK-SAME: h = array<f16: 1.000000e+00, 0x7C00>, i = array<bf16: 2.000000e+00>, j = array<f32>}
"test.dense_arrays"() {a = array<i64: 1, -2, 3>, b = array<f32: 1.0, -0.5, 2.5e10>, c = array<i32>, d = array<i1: true, false>,
                       e = array<i8: -128, 127>, f = array<f64: 0.1>, g = array<i16: 5>, h = array<f16: 1.0, 0x7C00>,
                       i = array<bf16: 2.0>, j = array<f32>} : () -> ()

// -----

// Symbol references, flat and nested, bare and quoted.
// CHECK-LABEL: "test.symbols"
// CHECK-SAME: {a = @sym, b = @a::@b, c = @a::@b::@c, d = @"quoted sym", e = @"a-b"::@c, f = [@x, @y::@z]}
"test.symbols"() {a = @sym, b = @a::@b, c = @a::@b::@c, d = @"quoted sym", e = @"a-b"::@c, f = [@x, @y::@z]} : () -> ()

// -----

// Dialect attributes npuc does not model keep their text; quoted attribute and
// op names too.
// CHECK-LABEL: "test.opaque_attrs"
// CHECK-SAME: {a = #foo.bar<[1, 2]>, b = #foo.plain, "weird.name-x" = #foo<"quoted">}
"test.opaque_attrs"() {a = #foo.bar<[1, 2]>, b = #foo.plain, "weird.name-x" = #foo<"quoted">} : () -> ()
// CHECK: "test.op-with\22quote"() : () -> ()
"test.op-with\"quote"() : () -> ()
