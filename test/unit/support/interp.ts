// Tests use the library's reference interpreter. The library locates an op's
// evaluation failure in a DiagnosticError; tests that check a kernel's own
// error (e.g. a TOSA REQUIRE) get the underlying error back.

import { DiagnosticError } from '../../../src/ir/diagnostics.js';
import { evalFunction as evalLocated } from '../../../src/ir/interpreter.js';
import type { Operation } from '../../../src/ir/operation.js';

export { functionsOf } from '../../../src/ir/interpreter.js';

export function evalFunction(fn: Operation, args: readonly unknown[]): unknown[] {
  try {
    return evalLocated(fn, args);
  } catch (e) {
    if (e instanceof DiagnosticError && e.cause !== undefined) throw e.cause;
    throw e;
  }
}
