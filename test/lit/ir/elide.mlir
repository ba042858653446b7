// --elide-large-constants[=N] prints dense constants with more than N
// elements (16 by default) as dense_resource<__elided__>, like upstream's
// --mlir-elide-elementsattrs-if-larger=N: splats are never elided, arrays
// (array<...>) and strings never. The output still parses.
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --elide-large-constants | FileCheck %s --check-prefixes=CHECK,NPUC
// RUN: npuc opt --split-input-file --allow-unregistered-dialect --elide-large-constants %s | FileCheck %s --check-prefixes=CHECK,NPUC
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --elide-large-constants=5 | FileCheck %s --check-prefix=FIVE
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --elide-large-constants | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s --check-prefixes=CHECK,NPUC
// Without the flag nothing is elided:
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s --check-prefix=FULL
// A count that is not a number is a usage error (exit code 2):
// RUN: not npuc opt %s --elide-large-constants=lots 2>&1 | FileCheck %s --check-prefix=USAGE
// USAGE: error: invalid element count 'lots' for --elide-large-constants

// CHECK-LABEL: "test.elide"
// CHECK-SAME: a = dense_resource<__elided__> : tensor<20xi32>, b = dense<1> : tensor<100xi32>, c = dense<[1, 2]> : tensor<2xi32>,
// CHECK-SAME: d = dense_resource<__elided__> : tensor<20xf32>, e = dense<{{\[\[}}1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>,
// CHECK-SAME: f = [dense_resource<__elided__> : tensor<20xi32>], g = {h = dense_resource<__elided__> : tensor<20xi32>},
// CHECK-SAME: s = "long string long string long string long string long string",
// CHECK-SAME: t = array<i32: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19>, u = dense<1> : tensor<6xi8>}
// FIVE-LABEL: "test.elide"
// FIVE-SAME: c = dense<[1, 2]> : tensor<2xi32>
// FIVE-SAME: e = dense_resource<__elided__> : tensor<2x3xi8>
// FIVE-SAME: u = dense<1> : tensor<6xi8>
// FULL-LABEL: "test.elide"
// FULL-SAME: a = dense<[0, 1, 2, {{.*}}, 19]> : tensor<20xi32>
"test.elide"() {a = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]> : tensor<20xi32>, b = dense<1> : tensor<100xi32>, c = dense<[1, 2]> : tensor<2xi32>,
                d = dense<[0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5, 18.5, 19.5]> : tensor<20xf32>, e = dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>,
                f = [dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]> : tensor<20xi32>], g = {h = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]> : tensor<20xi32>},
                s = "long string long string long string long string long string", t = array<i32: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19>,
                u = dense<[1, 1, 1, 1, 1, 1]> : tensor<6xi8>} : () -> ()

// -----

// npuc applies the same element limit to dense_resource constants (upstream
// elides their blobs with a separate flag, --mlir-elide-resource-strings-if-larger).
// CHECK-LABEL: "test.elide_resources"
// NPUC-SAME: {big = dense_resource<__elided__> : tensor<20xi8>, small = dense_resource<small> : tensor<3xi8>}
// NPUC: dialect_resources
// NPUC-NEXT: builtin
// NPUC-NEXT: small: "0x01000000010203"
// NPUC-NEXT: }
// FIVE: dense_resource<__elided__> : tensor<20xi8>
"test.elide_resources"() {big = dense_resource<big> : tensor<20xi8>, small = dense_resource<small> : tensor<3xi8>} : () -> ()
{-#
  dialect_resources: {
    builtin: {
      big: "0x0100000000010203040506070809101112131415161718191A1B",
      small: "0x01000000010203"
    }
  }
#-}
