// --verify-diagnostics: checks emitted diagnostics against annotations in the
// source, as MLIR does:
//
//   // expected-error @+1 {{unknown op}}
//   // expected-note @below {{defined here}}
//   %0 = ... // expected-error {{on this line}}
//
// Every diagnostic (notes included) must match an annotation on its line whose
// text it contains, and every annotation must be matched.

import { FileLineColLoc, fileLocationOf } from './attributes.js';
import { Diagnostic, type Severity } from './diagnostics.js';

interface Expectation {
  severity: Severity;
  line: number;
  text: string;
  /** Where the annotation itself is, for "was not produced" errors. */
  at: FileLineColLoc;
  matched: boolean;
}

const annotation = /expected-(error|warning|note|remark)\s*(?:@([+-]\d+|above|below))?\s*\{\{(.*?)\}\}/g;

/** Reads the annotations of one buffer; `lineOffset` as for the parser. */
export function collectExpectations(text: string, file: string, lineOffset = 0): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((lineText, i) => {
    const line = i + 1 + lineOffset;
    for (const m of lineText.matchAll(annotation)) {
      const where = m[2];
      let target = line;
      if (where === 'above') target = line - 1;
      else if (where === 'below') target = line + 1;
      else if (where) target = line + Number(where);
      out.push({
        severity: m[1] as Severity,
        line: target,
        text: m[3]!,
        at: new FileLineColLoc(file, line, (m.index ?? 0) + 1),
        matched: false,
      });
    }
  });
  return out;
}

/**
 * Matches `diagnostics` against `expectations`; returns the errors to report
 * (empty when everything matched).
 */
export function checkExpectations(diagnostics: readonly Diagnostic[], expectations: Expectation[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const visit = (d: Diagnostic): void => {
    const loc = fileLocationOf(d.loc);
    const hit = expectations.find(
      (e) => !e.matched && e.severity === d.severity && loc !== null && e.line === loc.line && d.message.includes(e.text),
    );
    if (hit) hit.matched = true;
    else problems.push(new Diagnostic('error', `unexpected ${d.severity}: ${d.message}`, d.loc));
    for (const n of d.notes) visit(n);
  };
  diagnostics.forEach(visit);
  for (const e of expectations) {
    if (!e.matched) problems.push(new Diagnostic('error', `expected ${e.severity} "${e.text}" was not produced`, e.at));
  }
  return problems;
}
