// Upstream interop: mlir-opt reads what npuc prints for the nir dialect
// (generic form, opaque types), and npuc reads mlir-opt's output back, in
// both its default and its generic printing, to the same IR.
// REQUIRES: mlir-opt
// RUN: npuc opt %S/roundtrip.mlir | %mlir-opt --allow-unregistered-dialect | npuc opt | FileCheck %S/roundtrip.mlir
// RUN: npuc opt %S/roundtrip.mlir | %mlir-opt --allow-unregistered-dialect --mlir-print-op-generic | npuc opt | FileCheck %S/roundtrip.mlir
// RUN: %mlir-opt --allow-unregistered-dialect %S/run.mlir > /dev/null
