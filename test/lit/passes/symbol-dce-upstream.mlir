// REQUIRES: mlir-opt
// Upstream mlir-opt's symbol-dce agrees with the CHECK lines of symbol-dce.mlir.
// RUN: %mlir-opt %S/symbol-dce.mlir --symbol-dce --split-input-file --allow-unregistered-dialect | FileCheck %S/symbol-dce.mlir
// RUN: %mlir-opt %S/symbol-dce.mlir --symbol-dce --split-input-file --allow-unregistered-dialect | FileCheck %S/symbol-dce.mlir --check-prefix=GONE
