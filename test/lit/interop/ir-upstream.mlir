// REQUIRES: mlir-opt
// The expected output in the ir/ text-format tests is upstream's: their CHECK
// lines pass on what mlir-opt prints for the same inputs, and npuc's output is
// byte for byte mlir-opt's (blank lines aside: mlir-opt ends each module with
// one more). Upstream's own output, read back by upstream, is the same again
// when it goes through npuc first.

// RUN: %mlir-opt %S/../ir/types.mlir --split-input-file --allow-unregistered-dialect | FileCheck %S/../ir/types.mlir
// RUN: %mlir-opt %S/../ir/aliases.mlir --split-input-file --allow-unregistered-dialect | FileCheck %S/../ir/aliases.mlir
// RUN: %mlir-opt %S/../ir/attributes.mlir --split-input-file --allow-unregistered-dialect | FileCheck %S/../ir/attributes.mlir
// RUN: %mlir-opt %S/../ir/dense.mlir --split-input-file --allow-unregistered-dialect | FileCheck %S/../ir/dense.mlir
// RUN: %mlir-opt %S/../ir/dense-resource.mlir --split-input-file --allow-unregistered-dialect | FileCheck %S/../ir/dense-resource.mlir
// RUN: %mlir-opt %S/../ir/elide.mlir --split-input-file --allow-unregistered-dialect --mlir-elide-elementsattrs-if-larger=16 | FileCheck %S/../ir/elide.mlir
// RUN: %mlir-opt %S/../ir/locations.mlir --split-input-file --allow-unregistered-dialect --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %S/../ir/locations.mlir
// RUN: %mlir-opt %S/../ir/generic.mlir --split-input-file --allow-unregistered-dialect | FileCheck %S/../ir/generic.mlir
// RUN: %mlir-opt %S/../ir/generic.mlir --split-input-file --allow-unregistered-dialect --mlir-print-op-generic | FileCheck %S/../ir/generic.mlir --check-prefix=GENERIC

// Byte for byte, pretty and generic:
// RUN: %mlir-opt %S/../ir/types.mlir --split-input-file --allow-unregistered-dialect > %t.types.up
// RUN: npuc opt %S/../ir/types.mlir --split-input-file --allow-unregistered-dialect > %t.types.npuc
// RUN: diff -I '^$' %t.types.up %t.types.npuc
// RUN: %mlir-opt %S/../ir/attributes.mlir --split-input-file --allow-unregistered-dialect > %t.attrs.up
// RUN: npuc opt %S/../ir/attributes.mlir --split-input-file --allow-unregistered-dialect > %t.attrs.npuc
// RUN: diff -I '^$' %t.attrs.up %t.attrs.npuc
// RUN: %mlir-opt %S/../ir/attributes.mlir --split-input-file --allow-unregistered-dialect --mlir-print-op-generic > %t.attrs.gen.up
// RUN: npuc opt %S/../ir/attributes.mlir --split-input-file --allow-unregistered-dialect --print-op-generic > %t.attrs.gen.npuc
// RUN: diff -I '^$' %t.attrs.gen.up %t.attrs.gen.npuc
// RUN: %mlir-opt %S/../ir/dense.mlir --split-input-file --allow-unregistered-dialect > %t.dense.up
// RUN: npuc opt %S/../ir/dense.mlir --split-input-file --allow-unregistered-dialect > %t.dense.npuc
// RUN: diff -I '^$' %t.dense.up %t.dense.npuc
// RUN: %mlir-opt %S/../ir/dense-resource.mlir --split-input-file --allow-unregistered-dialect > %t.res.up
// RUN: npuc opt %S/../ir/dense-resource.mlir --split-input-file --allow-unregistered-dialect > %t.res.npuc
// RUN: diff -I '^$' %t.res.up %t.res.npuc
// RUN: %mlir-opt %S/../ir/locations.mlir --split-input-file --allow-unregistered-dialect --mlir-print-debuginfo --mlir-print-local-scope --mlir-print-op-generic > %t.loc.up
// RUN: npuc opt %S/../ir/locations.mlir --split-input-file --allow-unregistered-dialect --print-debuginfo --print-op-generic > %t.loc.npuc
// RUN: diff -I '^$' %t.loc.up %t.loc.npuc
// RUN: %mlir-opt %S/../ir/generic.mlir --split-input-file --allow-unregistered-dialect > %t.gen.up
// RUN: npuc opt %S/../ir/generic.mlir --split-input-file --allow-unregistered-dialect > %t.gen.npuc
// RUN: diff -I '^$' %t.gen.up %t.gen.npuc
// RUN: %mlir-opt %S/../ir/generic.mlir --split-input-file --allow-unregistered-dialect --mlir-print-op-generic > %t.gen.gen.up
// RUN: npuc opt %S/../ir/generic.mlir --split-input-file --allow-unregistered-dialect --print-op-generic > %t.gen.gen.npuc
// RUN: diff -I '^$' %t.gen.gen.up %t.gen.gen.npuc

// Through npuc and back into upstream: the same module as upstream alone
// (this also covers what upstream prints as `#loc` aliases after the module).
// Upstream reads its own output twice, as it does not always print a fixed
// point (`"f":1:2 to 1:4` and `"f":1:2 to :4` print alike but differ).
// RUN: %mlir-opt %S/../ir/locations.mlir --split-input-file --allow-unregistered-dialect --mlir-print-debuginfo \
// RUN:   | %mlir-opt --split-input-file --allow-unregistered-dialect --mlir-print-debuginfo > %t.loc2.up
// RUN: %mlir-opt %S/../ir/locations.mlir --split-input-file --allow-unregistered-dialect --mlir-print-debuginfo \
// RUN:   | npuc opt --split-input-file --allow-unregistered-dialect --print-debuginfo \
// RUN:   | %mlir-opt --split-input-file --allow-unregistered-dialect --mlir-print-debuginfo > %t.loc2.via-npuc
// RUN: diff %t.loc2.up %t.loc2.via-npuc
