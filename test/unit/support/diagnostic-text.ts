// The text a CLI user sees for a DiagnosticError, for tests that call the
// driver functions directly.

import { DiagnosticError } from '../../../src/ir/diagnostics.js';

/** The DiagnosticError `fn` throws, rendered as `origin: error: message`. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DiagnosticError) return `${e.diagnostic.origin}: error: ${e.diagnostic.message}`;
    throw e;
  }
  throw new Error('expected an error');
}
