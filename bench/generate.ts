// Generates a synthetic module for the IR benchmarks: `funcs` functions of
// `opsPerFunc` ops each, mixing constants, integer arithmetic, tensor
// constants and calls, in npuc's and MLIR's pretty syntax.

export function generateModule(funcs: number, opsPerFunc: number): { text: string; ops: number } {
  const out: string[] = ['module {'];
  let ops = 1;
  for (let f = 0; f < funcs; f++) {
    out.push(`  func.func @f${f}(%arg0: i32, %arg1: i32) -> i32 {`);
    ops++;
    let last = '%arg0';
    for (let i = 0; i < opsPerFunc - 1; i++) {
      const k = i % 5;
      if (k === 0) out.push(`    %${i} = arith.constant ${(i * 7919) % 1000} : i32`);
      else if (k === 1) out.push(`    %${i} = arith.addi ${last}, %${i - 1} : i32`);
      else if (k === 2) out.push(`    %${i} = arith.muli %${i - 1}, %arg1 : i32`);
      else if (k === 3) out.push(`    %${i} = arith.constant dense<[${i % 127}, -3, 5, 7]> : tensor<4xi8>`);
      else out.push(`    %${i} = arith.subi %${i - 3}, ${last} : i32`);
      if (k !== 3) last = `%${i}`;
      ops++;
    }
    out.push(`    return ${last} : i32`, '  }');
    ops++;
  }
  out.push('}', '');
  return { text: out.join('\n'), ops };
}
