// `npuc check --junit FILE`: the check as a JUnit XML report, the format CI
// systems (GitLab, Jenkins, GitHub test reporters) show: one <testsuite> per
// input set, one <testcase> per output tensor, a <failure> with the counts
// for each tensor that does not match.

import type { CheckResult, TensorCheck } from './check.js';
import { lsbText } from './compare.js';

/**
 * Text as XML character data (or, with `attribute`, an attribute value):
 * markup characters escaped, characters XML 1.0 does not allow (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD. In an
 * attribute, tabs and line breaks are character references so that they
 * survive attribute-value normalization.
 */
export function xmlEscape(text: string, attribute = true): string {
  const s = text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  if (!attribute) return s.replace(/\r/g, '&#13;');
  return s.replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

/** Why a tensor failed, in one line. */
export function failureMessage(t: TensorCheck, tolerance: number): string {
  if (t.error !== null) return t.error;
  return `${t.mismatches} of ${t.elements} elements differ by more than ${tolerance} LSB (max |error| ${lsbText(t.maxErrorLsb)} LSB)`;
}

function testcase(t: TensorCheck, r: CheckResult): string {
  const open = `    <testcase${attrs({ name: t.name, classname: `npuc.check.${r.golden.target}.set${t.set}`, time: 0 })}`;
  if (t.pass) return `${open}/>`;
  const type = t.error !== null ? 'missing-or-invalid-output' : 'mismatch';
  const body = [
    `output '${t.name}' of input set ${t.set}`,
    `elements: ${t.elements}`,
    `mismatches: ${t.error !== null ? '-' : t.mismatches}`,
    `max |error|: ${t.error !== null ? '-' : lsbText(t.maxErrorLsb)} LSB`,
    `tolerance: ${r.tolerance} LSB`,
    ...(t.file !== null ? [`file: ${t.file}`] : []),
  ].join('\n');
  return `${open}>\n      <failure${attrs({ type, message: failureMessage(t, r.tolerance) })}>${xmlEscape(body, false)}</failure>\n    </testcase>`;
}

/** The JUnit XML report of a check. */
export function junitReport(r: CheckResult): string {
  const all = r.sets.flat();
  const failures = (ts: readonly TensorCheck[]): number => ts.filter((t) => !t.pass).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: `npuc check ${r.dir}`, tests: all.length, failures: failures(all), errors: 0, time: 0 })}>`];
  r.sets.forEach((s, k) => {
    lines.push(`  <testsuite${attrs({ name: `${r.golden.model} (${r.golden.target}) input set ${k}`, tests: s.length, failures: failures(s), errors: 0, skipped: 0, time: 0 })}>`);
    lines.push('    <properties>');
    const props: Record<string, string> = {
      target: r.golden.target,
      model: r.golden.model,
      'blob-sha256': r.golden.blob.sha256,
      outputs: r.source.kind === 'runtime' ? 'npuc runtime' : r.source.dir,
      tolerance: `${r.tolerance} LSB`,
    };
    for (const [name, value] of Object.entries(props)) lines.push(`      <property${attrs({ name, value })}/>`);
    lines.push('    </properties>');
    for (const t of s) lines.push(testcase(t, r));
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
