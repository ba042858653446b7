// Large inputs are handled in bounded time and memory: a ~50 MB module whose
// one constant is a 25 MB dense<"0x..."> blob, a module of 100k ops, and a
// 50 MB blob of the wrong size (a located error). Nothing crashes or hangs.

// RUN: node -e 'const n = 25 << 20, b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = (i * 7) & 255; process.stdout.write(`"test.blob"() {value = dense<"0x${b.toString("hex")}"> : tensor<${n}xi8>} : () -> ()\n`)' > %t.blob.mlir
// RUN: npuc opt %t.blob.mlir --allow-unregistered-dialect | npuc opt --allow-unregistered-dialect --elide-large-constants | FileCheck %s --check-prefix=BLOB
// RUN: rm %t.blob.mlir
// BLOB: "test.blob"() {value = dense_resource<__elided__> : tensor<26214400xi8>} : () -> ()

// The same blob declared one byte short of its data: an error on line 1 at
// `dense`, without the (too long) source line.
// RUN: node -e 'const n = 25 << 20; process.stdout.write(`"test.blob"() {value = dense<"0x${"AB".repeat(n)}"> : tensor<${n - 1}xi8>} : () -> ()\n`)' > %t.bad-blob.mlir
// RUN: not npuc opt %t.bad-blob.mlir --allow-unregistered-dialect 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: bad-blob.mlir:1:24: error: elements hex data size is invalid for provided type: 'tensor<26214399xi8>'
// BAD-NOT: at {{.*}}.js
// RUN: rm %t.bad-blob.mlir

// 100k ops in one function, each using the previous one's result.
// RUN: node -e 'const n = 100000, l = ["func.func @many(%%a: i32) -> i32 {"]; let p = "%%a"; for (let i = 0; i < n; i++) { l.push(`  %%v${i} = "test.step"(${p}) {i = ${i} : i32} : (i32) -> i32`); p = `%%v${i}`; } l.push(`  return ${p} : i32`, "}"); process.stdout.write(l.join("\n") + "\n")' > %t.many.mlir
// RUN: npuc opt %t.many.mlir --allow-unregistered-dialect | FileCheck %s --check-prefix=MANY
// MANY: func.func @many(%arg0: i32) -> i32 {
// MANY-NEXT: %0 = "test.step"(%arg0) {i = 0 : i32} : (i32) -> i32
// MANY: %99999 = "test.step"(%99998) {i = 99999 : i32} : (i32) -> i32
// MANY-NEXT: return %99999 : i32
