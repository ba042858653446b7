// Malformed input of any kind gives diagnostics, never a stack trace or an
// internal error. The inputs are every prefix of the ir/ tests' modules (cut
// anywhere, mid-token included) and every one-character deletion from one of
// them, one per `// -----` chunk.
// RUN: node -e 'const fs = require("fs"); const out = []; for (const f of process.argv.slice(1)) { const src = fs.readFileSync(f, "utf8").split("\n").filter((l) => !l.trimStart().startsWith("//")).join("\n"); for (let i = 0; i < src.length; i += 3) out.push(src.slice(0, i)); } process.stdout.write(out.join("\n// -----\n"))' %S/../ir/attributes.mlir %S/../ir/types.mlir %S/../ir/dense-resource.mlir > %t.prefixes.mlir
// RUN: not npuc opt %t.prefixes.mlir --split-input-file --allow-unregistered-dialect -o %t.out 2>&1 | FileCheck %s --implicit-check-not="internal error" --implicit-check-not=".js:"
// RUN: node -e 'const fs = require("fs"); const out = []; for (const f of process.argv.slice(1)) { const src = fs.readFileSync(f, "utf8").split("\n").filter((l) => !l.trimStart().startsWith("//")).join("\n"); for (let i = 0; i < src.length; i++) out.push(src.slice(0, i) + src.slice(i + 1)); } process.stdout.write(out.join("\n// -----\n"))' %S/../ir/locations.mlir %S/../ir/generic.mlir > %t.deletions.mlir
// RUN: not npuc opt %t.deletions.mlir --split-input-file --allow-unregistered-dialect --print-debuginfo -o %t.out 2>&1 | FileCheck %s --implicit-check-not="internal error" --implicit-check-not=".js:"
// Also in generic form and through a pass pipeline:
// RUN: not npuc opt %t.deletions.mlir --split-input-file --allow-unregistered-dialect --print-op-generic -p canonicalize,cse -o %t.out 2>&1 | FileCheck %s --implicit-check-not="internal error" --implicit-check-not=".js:"
// CHECK: error:
