// Registers every dialect npuc knows. Importing this module is what makes op
// names resolve to their definitions.

import { registerDialect } from '../ir/registry.js';
import { arithDialect } from './arith/ops.js';
import { builtinDialect } from './builtin/ops.js';
import { funcDialect } from './func/ops.js';
import { tosaDialect } from './tosa/ops.js';
import { onnxDialect } from './onnx/ops.js';
import { nirDialect } from './nir/ops.js';

export function registerAllDialects(): void {
  registerDialect(builtinDialect);
  registerDialect(funcDialect);
  registerDialect(arithDialect);
  registerDialect(tosaDialect);
  registerDialect(onnxDialect);
  registerDialect(nirDialect);
}

registerAllDialects();
