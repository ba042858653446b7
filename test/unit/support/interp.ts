// Tests use the library's reference interpreter.
export { evalFunction, functionsOf } from '../../../src/ir/interpreter.js';
