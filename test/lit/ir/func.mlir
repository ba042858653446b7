// RUN: npuc opt %s | FileCheck %s
// RUN: npuc opt %s | npuc opt | FileCheck %s
// RUN: npuc opt %s --print-op-generic | npuc opt | FileCheck %s

// CHECK-LABEL: func.func @identity(%arg0: tensor<1x8xi8>) -> tensor<1x8xi8> {
// CHECK-NEXT:    return %arg0 : tensor<1x8xi8>
// CHECK-NEXT:  }
func.func @identity(%x: tensor<1x8xi8>) -> tensor<1x8xi8> {
  return %x : tensor<1x8xi8>
}

// CHECK-LABEL: func.func private @declaration(i32, f32 {npuc.arg}) -> (i32 {npuc.res})
func.func private @declaration(i32, f32 {npuc.arg}) -> (i32 {npuc.res})

// CHECK-LABEL: func.func @multi(%arg0: i32, %arg1: i32) -> (i32, i32) attributes {npuc.tag = "x"} {
// CHECK-NEXT:    %0:2 = call @pair(%arg0, %arg1) : (i32, i32) -> (i32, i32)
// CHECK-NEXT:    return %0#1, %0#0 : i32, i32
func.func @multi(%a: i32, %b: i32) -> (i32, i32) attributes {npuc.tag = "x"} {
  %r:2 = func.call @pair(%a, %b) : (i32, i32) -> (i32, i32)
  return %r#1, %r#0 : i32, i32
}

func.func private @pair(i32, i32) -> (i32, i32)
