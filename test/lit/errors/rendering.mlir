// How errors are shown: `file:line:col: error: message`, the source line, and
// a caret under the column; notes the same way after their error; tabs
// expanded to 8-column stops in both lines. The exit code is 1, and stdout
// has no module.
// RUN: not npuc opt %s --allow-unregistered-dialect > %t.out 2> %t.err
// RUN: FileCheck %s --input-file=%t.err --match-full-lines --strict-whitespace
// RUN: count 0 < %t.out

// CHECK:{{.*}}rendering.mlir:[[@LINE+8]]:3: error: redefinition of SSA value '%0'
// CHECK-NEXT:  %0 = "test.b"() : () -> i32
// CHECK-NEXT:  ^
// CHECK-NEXT:{{.*}}rendering.mlir:[[@LINE+4]]:3: note: previously defined here
// CHECK-NEXT:  %0 = "test.a"() : () -> i32
// CHECK-NEXT:  ^
func.func @f() {
  %0 = "test.a"() : () -> i32
  %0 = "test.b"() : () -> i32
  return
}

// One error per chunk with --split-input-file; each is reported, and tabs are
// expanded.
// RUN: printf 'func.func @f() {\n\t\t"test.use"(%%%%x) : (i32) -> ()\n\treturn\n}\n// -----\n"test.op"() {a = 2 : f32} : () -> ()\n' > %t.tabs.mlir
// RUN: not npuc opt %t.tabs.mlir --split-input-file --allow-unregistered-dialect 2>&1 | FileCheck %s --check-prefix=TABS --match-full-lines --strict-whitespace
// TABS:{{.*}}tabs.mlir:2:14: error: use of undeclared SSA value name '%x'
// TABS-NEXT:                "test.use"(%x) : (i32) -> ()
// TABS-NEXT:                           ^
// TABS-NEXT:{{.*}}tabs.mlir:6:18: error: unexpected decimal integer literal for a floating point value
// TABS-NEXT:"test.op"() {a = 2 : f32} : () -> ()
// TABS-NEXT:                 ^
// TABS-NEXT:{{.*}}tabs.mlir:6:18: note: add a trailing dot to make the literal a float
// TABS-NEXT:"test.op"() {a = 2 : f32} : () -> ()
// TABS-NEXT:                 ^

// Input from stdin is called <stdin>.
// RUN: printf '"test.op"() {a = [1, 2} : () -> ()\n' | not npuc opt --allow-unregistered-dialect 2>&1 | FileCheck %s --check-prefix=STDIN --match-full-lines --strict-whitespace
// STDIN:<stdin>:1:23: error: expected ']', found '}'
// STDIN-NEXT:"test.op"() {a = [1, 2} : () -> ()
// STDIN-NEXT:                      ^

// A missing file is an error with the file name, not a crash.
// RUN: not npuc opt %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: cannot read '{{.*}}does-not-exist.mlir': no such file
// MISSING-NOT: at {{.*}}.js
