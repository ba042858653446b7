#!/usr/bin/env node
// Runs the ONNX backend node tests listed in test/conformance/supported.txt (or
// the test names given as arguments) through the onnx reference evaluator and
// prints a table. Needs `npm run build` first. Exit 1 when any test fails.
// Environment: ONNX_TEST_DATA overrides the data directory.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ONNX_TEST_DIR, formatConformance, readTestList, runConformance } from '../dist/src/driver/conformance.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const tests = args.length > 0 ? args : readTestList(join(root, 'test/conformance/supported.txt'));
const results = runConformance(tests, process.env.ONNX_TEST_DATA ?? DEFAULT_ONNX_TEST_DIR);
process.stdout.write(formatConformance(results));
process.exitCode = results.every((r) => r.status === 'pass') ? 0 : 1;
