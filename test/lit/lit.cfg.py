# lit configuration for npuc's IR tests. Run with LLVM's lit:
#   lit -sv test/lit
import os
import shutil

import lit.formats

config.name = "npuc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.excludes = ["Inputs", "lit.cfg.py"]

repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
llvm_bin = os.environ.get("LLVM_BIN", "/usr/lib/llvm-22/bin")

# npuc from this checkout; FileCheck, not, count from LLVM.
config.environment["PATH"] = os.pathsep.join(
    [os.path.join(repo, "bin"), llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))]
)
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"
for var in ("HOME", "NODE_OPTIONS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%npuc", os.path.join(repo, "bin", "npuc")))

mlir_opt = shutil.which("mlir-opt", path=llvm_bin) or shutil.which("mlir-opt")
if mlir_opt:
    config.available_features.add("mlir-opt")
    config.substitutions.append(("%mlir-opt", mlir_opt))

# ONNX's backend test models (Debian libonnx-testdata), for `npuc import` tests.
onnx_testdata = os.environ.get("ONNX_TESTDATA", "/usr/share/libonnx-testdata/data/node")
config.substitutions.append(("%onnx_testdata", onnx_testdata))
if os.path.isdir(onnx_testdata):
    config.available_features.add("onnx-testdata")
