// dense<...> elements attributes: splats, nested literals, empty, hex, narrow
// floats, and the switch to hex above 100 elements. Expected values are
// upstream mlir-opt's (interop/ir-upstream.mlir runs these CHECK lines on it).
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-op-generic | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s

// A literal whose elements are all equal is a splat, and prints as one; so is
// any one-element literal.
// CHECK-LABEL: "test.splats"
// CHECK-SAME: a = dense<1> : tensor<4xi32>, b = dense<2.000000e+00> : tensor<f32>, c = dense<7> : tensor<i64>,
// CHECK-SAME: d = dense<-1> : tensor<2xi8>, e = dense<1.500000e+00> : tensor<1x1xf64>, f = dense<5> : tensor<1xi32>,
// CHECK-SAME: g = dense<5> : tensor<1xi32>, h = dense<5> : tensor<3xi32>, i = dense<true> : tensor<2xi1>,
// CHECK-SAME: j = dense<0x7FC00000> : tensor<2xf32>, k = dense<-1> : tensor<1x1xi8>, l = dense<-12885> : tensor<4xi16>,
// CHECK-SAME: m = dense<1.000000e+00> : tensor<3xf32>, n = dense<0> : vector<4xi8>}
"test.splats"() {a = dense<1> : tensor<4xi32>, b = dense<2.0> : tensor<f32>, c = dense<7> : tensor<i64>,
                 d = dense<[-1, 255]> : tensor<2xi8>, e = dense<[[1.5]]> : tensor<1x1xf64>, f = dense<5> : tensor<1xi32>,
                 g = dense<[5]> : tensor<1xi32>, h = dense<[5, 5, 5]> : tensor<3xi32>, i = dense<true> : tensor<2xi1>,
                 j = dense<0x7FC00000> : tensor<2xf32>, k = dense<"0xFF"> : tensor<1x1xi8>, l = dense<"0xABCD"> : tensor<4xi16>,
                 m = dense<"0x0000803F"> : tensor<3xf32>, n = dense<[0, 0, 0, 0]> : vector<4xi8>} : () -> ()

// -----

// Nested literals, empty tensors, vectors, and the hex form read back as values.
// CHECK-LABEL: "test.literals"
// CHECK-SAME: a = dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi8>, b = dense<> : tensor<0xf32>, c = dense<[1, 2, 3, 4]> : tensor<4xi8>,
// CHECK-SAME: d = dense<{{\[\[\[}}1]], {{\[\[}}2]]]> : tensor<2x1x1xi16>, e = dense<[1, 2]> : vector<2xi32>, f = dense<[1, 2, 3, 4]> : tensor<4xindex>,
// CHECK-SAME: g = dense<{{\[\[}}513, 1027], [1541, 2055]]> : tensor<2x2xi16>, h = dense<> : tensor<2x0xi8>, i = dense<[true, false, true]> : tensor<3xi1>,
// CHECK-SAME: j = dense<[1, 2, 3]> : tensor<3xi32>, k = dense<[-8, 7]> : tensor<2xi4>, l = dense<[1, 2]> : tensor<2xi48>, m = dense<[0, 255]> : tensor<2xui8>,
// CHECK-SAME: n = dense<> : tensor<1x0xi8>}
"test.literals"() {a = dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>, b = dense<> : tensor<0xf32>, c = dense<"0x01020304"> : tensor<4xi8>,
                   d = dense<[[[1]], [[2]]]> : tensor<2x1x1xi16>, e = dense<[1, 2]> : vector<2xi32>, f = dense<[1, 2, 3, 4]> : tensor<4xindex>,
                   g = dense<"0x0102030405060708"> : tensor<2x2xi16>, h = dense<[[], []]> : tensor<2x0xi8>, i = dense<[true, false, true]> : tensor<3xi1>,
                   j = dense<"0x010000000200000003000000"> : tensor<3xi32>, k = dense<[-8, 7]> : tensor<2xi4>, l = dense<[1, 2]> : tensor<2xi48>,
                   m = dense<[0, 255]> : tensor<2xui8>, n = dense<[[]]> : tensor<1x0xi8>} : () -> ()

// -----

// Floating-point elements: f16, bf16, f32, f64, with hex bit patterns allowed
// element by element.
// CHECK-LABEL: "test.floats"
// CHECK-SAME: a = dense<[1.000000e+00, -2.500000e+00]> : tensor<2xbf16>, b = dense<[5.000000e-01, 6.550400e+04]> : tensor<2xf16>,
// CHECK-SAME: c = dense<[0x7C00, 1.000000e+00]> : tensor<2xf16>, d = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf64>,
// CHECK-SAME: e = dense<[1.000980e-01, 3.320310e-01]> : tensor<2xbf16>, f = dense<[0.000000e+00, -0.000000e+00]> : tensor<2xf32>,
// CHECK-SAME: g = dense<{{\[\[}}1.000000e-01, 2.000000e-01], [3.000000e-01, 4.000000e-01]]> : tensor<2x2xf32>}
"test.floats"() {a = dense<[1.0, -2.5]> : tensor<2xbf16>, b = dense<[0.5, 65504.0]> : tensor<2xf16>,
                 c = dense<[0x7C00, 1.0]> : tensor<2xf16>, d = dense<[1.0, 2.0, 3.0]> : tensor<3xf64>,
                 e = dense<[0.1, 0.333]> : tensor<2xbf16>, f = dense<[0.0, -0.0]> : tensor<2xf32>,
                 g = dense<[[0.1, 0.2], [0.3, 0.4]]> : tensor<2x2xf32>} : () -> ()

// -----

// Up to 100 elements print as a literal; above that, non-splat data prints
// as hex, which reads back as the same attribute.
// CHECK-LABEL: "test.sizes"
// CHECK-SAME: a = dense<[0, 1, 2, 3, {{.*}}, 97, 98, 99]> : tensor<100xi8>
// CHECK-SAME: b = dense<"0x000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F6061626364"> : tensor<101xi8>
// CHECK-SAME: c = dense<3> : tensor<1000xi32>
"test.sizes"() {a = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99]> : tensor<100xi8>,
                b = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100]> : tensor<101xi8>,
                c = dense<3> : tensor<1000xi32>} : () -> ()
