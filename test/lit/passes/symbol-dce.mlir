// RUN: npuc opt %s -p symbol-dce --split-input-file --allow-unregistered-dialect | FileCheck %s
// RUN: npuc opt %s -p symbol-dce --split-input-file --allow-unregistered-dialect | FileCheck %s --check-prefix=GONE

// Public functions are roots; private functions they reference, directly or
// transitively, stay; private functions nothing live references go, even
// when other dead private functions reference them.
// CHECK-LABEL: func.func @root(%arg0: i32) -> i32 {
// CHECK-NEXT:    %{{.*}} = call @first(%arg0) : (i32) -> i32
// CHECK-LABEL: func.func private @first(%arg0: i32) -> i32 {
// CHECK-NEXT:    %{{.*}} = call @second(%arg0) : (i32) -> i32
// CHECK-LABEL: func.func private @second(i32) -> i32
// CHECK-LABEL: func.func @public_unreferenced() {
// CHECK-LABEL: func.func private @recursive_live() {
// CHECK-NEXT:    call @recursive_live() : () -> ()
// GONE-NOT: @dead
// GONE-NOT: @dead_callee
// GONE-NOT: @dead_recursive
func.func @root(%x: i32) -> i32 {
  %r = func.call @first(%x) : (i32) -> i32
  func.call @recursive_live() : () -> ()
  return %r : i32
}
func.func private @first(%x: i32) -> i32 {
  %r = func.call @second(%x) : (i32) -> i32
  return %r : i32
}
func.func private @second(i32) -> i32
func.func @public_unreferenced() {
  return
}
func.func private @recursive_live() {
  func.call @recursive_live() : () -> ()
  return
}
func.func private @dead() {
  func.call @dead_callee() : () -> ()
  return
}
func.func private @dead_callee()
func.func private @dead_recursive() {
  func.call @dead_recursive() : () -> ()
  return
}

// -----

// Ops that are not symbols are roots: a reference in any attribute keeps the
// symbol alive. Nested modules are cleaned up as well; their public symbols stay.
// CHECK-LABEL: "foo.user"() {refs = [@by_attr]} : () -> ()
// CHECK-LABEL: func.func private @by_attr() {
// CHECK-LABEL: module @inner {
// CHECK-NEXT:    func.func @inner_public() {
// CHECK-NEXT:      call @inner_private() : () -> ()
// CHECK:         func.func private @inner_private() {
// CHECK-NEXT:      return
// CHECK-NEXT:    }
// CHECK-NEXT:  }
// GONE-NOT: @inner_dead
// GONE-NOT: @outer_dead
"foo.user"() {refs = [@by_attr]} : () -> ()
func.func private @by_attr() {
  return
}
func.func private @outer_dead() {
  return
}
module @inner {
  func.func @inner_public() {
    func.call @inner_private() : () -> ()
    return
  }
  func.func private @inner_private() {
    return
  }
  func.func private @inner_dead() {
    return
  }
}
