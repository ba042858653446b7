// dense_resource<name> attributes and the trailing {-# dialect_resources #-}
// section that holds their blobs: the section round-trips (alignment word
// included), blobs used twice print once, unused blobs are dropped, quoted
// keys stay quoted. Checked against upstream in interop/ir-upstream.mlir.
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s --split-input-file --allow-unregistered-dialect --print-op-generic | npuc opt --split-input-file --allow-unregistered-dialect | FileCheck %s

// CHECK-LABEL: func.func @weights() -> tensor<3xi32> {
// CHECK-NEXT:    %[[W:.*]] = "test.weights"() {value = dense_resource<blob1> : tensor<3xi32>} : () -> tensor<3xi32>
// CHECK-NEXT:    "test.use"() {again = dense_resource<blob1> : tensor<3xi32>, other = dense_resource<"quoted-key"> : tensor<2xi8>} : () -> ()
// CHECK-NEXT:    return %[[W]] : tensor<3xi32>
// CHECK-NEXT:  }
// CHECK-NEXT: }
// CHECK-EMPTY:
// CHECK-NEXT: {-#
// CHECK-NEXT:   dialect_resources: {
// CHECK-NEXT:     builtin: {
// CHECK-NEXT:       blob1: "0x04000000010000000200000003000000",
// CHECK-NEXT:       "quoted-key": "0x010000000102"
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT: #-}
func.func @weights() -> tensor<3xi32> {
  %0 = "test.weights"() {value = dense_resource<blob1> : tensor<3xi32>} : () -> tensor<3xi32>
  "test.use"() {again = dense_resource<blob1> : tensor<3xi32>, other = dense_resource<"quoted-key"> : tensor<2xi8>} : () -> ()
  return %0 : tensor<3xi32>
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x04000000010000000200000003000000",
      "quoted-key": "0x010000000102",
      unused: "0x0400000001020304"
    }
  }
#-}

// -----

// An elided resource (as --elide-large-constants prints one) has no blob and
// no resource section.
// CHECK-LABEL: "test.elided"
// CHECK-SAME: {value = dense_resource<__elided__> : tensor<1000xf32>} : () -> ()
// CHECK-NEXT: }
// CHECK-NOT: dialect_resources
"test.elided"() {value = dense_resource<__elided__> : tensor<1000xf32>} : () -> ()
