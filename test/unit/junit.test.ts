// `npuc check --junit`: the report is well-formed XML (checked by a strict
// little parser below), has one <testsuite> per input set and one
// <testcase> per output tensor, a <failure> with the counts for each failed
// tensor, and escapes whatever the names hold.

import { describe, expect, it } from 'vitest';
import type { CheckResult, TensorCheck } from '../../src/driver/check.js';
import type { GoldenJson } from '../../src/driver/golden.js';
import { junitReport, xmlEscape } from '../../src/driver/junit.js';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict parser for the XML subset a JUnit report uses: one prolog,
 * elements, attributes in double quotes, character data, the five named
 * entities and numeric character references. Throws on anything malformed
 * (unbalanced or crossed tags, '<' or a bare '&' in text, duplicate
 * attributes, characters XML 1.0 forbids, trailing content).
 */
function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(src.slice(i, i + 30))}`);
  };
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(src)) fail('character not allowed in XML');
  const decode = (s: string): string => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) fail('bare &');
    return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (named[e]) return named[e];
      return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    });
  };
  const ws = (): void => {
    while (/\s/.test(src[i] ?? '')) i++;
  };
  const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  if (!src.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) fail('missing XML declaration');
  i = src.indexOf('?>') + 2;
  const element = (): XmlElement => {
    ws();
    if (src[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      const a = name();
      ws();
      if (src[i] !== '=') fail('expected =');
      i++;
      ws();
      if (src[i] !== '"') fail('expected "');
      const end = src.indexOf('"', i + 1);
      if (end < 0) fail('unterminated attribute');
      const raw = src.slice(i + 1, end);
      if (raw.includes('<')) fail('< in attribute');
      if (a in el.attrs) fail(`duplicate attribute ${a}`);
      el.attrs[a] = decode(raw);
      i = end + 1;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      el.text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith('</', i)) {
        i += 2;
        const n = name();
        if (n !== el.name) fail(`</${n}> closes <${el.name}>`);
        ws();
        if (src[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  const root = element();
  ws();
  if (i !== src.length) fail('content after the root element');
  return root;
}

const golden = (model: string): GoldenJson => ({
  format: 'npuc-golden',
  formatVersion: 1,
  npuc: '0.1.0',
  target: 'ethos-u55',
  model,
  options: { target: 'ethos-u55' },
  inputs: { source: 'random', seed: 0 },
  blob: { file: 'model.npub', size: 100, sha256: 'ab'.repeat(32) },
  sets: [],
});

const tc = (set: number, name: string, over: Partial<TensorCheck> = {}): TensorCheck => ({
  set,
  name,
  file: null,
  elements: 8,
  mismatches: 0,
  maxErrorLsb: 0,
  pass: true,
  error: null,
  ...over,
});

function result(sets: TensorCheck[][], model = 'net.onnx', tolerance = 0): CheckResult {
  return { dir: 'golden', golden: golden(model), source: { kind: 'runtime' }, tolerance, sets, pass: sets.every((s) => s.every((t) => t.pass)) };
}

describe('xmlEscape', () => {
  it('escapes markup in attributes and text', () => {
    expect(xmlEscape(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(xmlEscape(`a<b>&"c'`, false)).toBe(`a&lt;b&gt;&amp;"c'`);
  });
  it('keeps line breaks in attributes as character references, and in text as they are', () => {
    expect(xmlEscape('x\ny\tz')).toBe('x&#10;y&#9;z');
    expect(xmlEscape('x\ny', false)).toBe('x\ny');
  });
  it('replaces characters XML 1.0 forbids', () => {
    expect(xmlEscape('a\u0000b\u001bc\uFFFEd\uD800e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(xmlEscape('😀é')).toBe('😀é');
  });
});

describe('junitReport', () => {
  it('is well-formed XML with one suite per input set and one case per output', () => {
    const r = result([
      [tc(0, 'logits'), tc(0, 'probs', { mismatches: 3, maxErrorLsb: 2, pass: false })],
      [tc(1, 'logits'), tc(1, 'probs')],
    ]);
    const root = parseXml(junitReport(r));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1', errors: '0' });
    const suites = root.children;
    expect(suites.map((s) => s.name)).toEqual(['testsuite', 'testsuite']);
    expect(suites.map((s) => s.attrs.name)).toEqual(['net.onnx (ethos-u55) input set 0', 'net.onnx (ethos-u55) input set 1']);
    expect(suites.map((s) => [s.attrs.tests, s.attrs.failures])).toEqual([
      ['2', '1'],
      ['2', '0'],
    ]);
    const props = suites[0]!.children[0]!;
    expect(props.name).toBe('properties');
    expect(Object.fromEntries(props.children.map((p) => [p.attrs.name, p.attrs.value]))).toMatchObject({ target: 'ethos-u55', 'blob-sha256': 'ab'.repeat(32), tolerance: '0 LSB' });
    const cases = suites[0]!.children.slice(1);
    expect(cases.map((c) => [c.name, c.attrs.name, c.attrs.classname])).toEqual([
      ['testcase', 'logits', 'npuc.check.ethos-u55.set0'],
      ['testcase', 'probs', 'npuc.check.ethos-u55.set0'],
    ]);
    expect(cases[0]!.children).toEqual([]);
    const failure = cases[1]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.type).toBe('mismatch');
    expect(failure.attrs.message).toBe('3 of 8 elements differ by more than 0 LSB (max |error| 2 LSB)');
    expect(failure.text).toContain('mismatches: 3');
    expect(failure.text).toContain('max |error|: 2 LSB');
    expect(suites[1]!.children.slice(1).every((c) => c.children.length === 0)).toBe(true);
  });

  it('reports a missing or ill-shaped output as a failure with its reason', () => {
    const r = { ...result([[tc(0, 'y', { pass: false, mismatches: 8, maxErrorLsb: Infinity, error: "output 'y' has shape [2], expected [8] (i8)", file: 'dev/y.npy' })]]), source: { kind: 'device' as const, dir: 'dev' } };
    const root = parseXml(junitReport(r));
    const failure = root.children[0]!.children[1]!.children[0]!;
    expect(failure.attrs).toEqual({ type: 'missing-or-invalid-output', message: "output 'y' has shape [2], expected [8] (i8)" });
    expect(failure.text).toContain('file: dev/y.npy');
    expect(failure.text).toContain('mismatches: -');
  });

  it('escapes names, and stays well-formed whatever they hold', () => {
    const nasty = `a<b>&"c'\u0001]]>\n`;
    const r = result([[tc(0, nasty, { pass: false, mismatches: 1, maxErrorLsb: 0.5 })]], `m&<"'>.onnx`, 0.25);
    const xml = junitReport(r);
    const root = parseXml(xml);
    const suite = root.children[0]!;
    expect(suite.attrs.name).toBe(`m&<"'>.onnx (ethos-u55) input set 0`);
    expect(suite.children[1]!.attrs.name).toBe(`a<b>&"c'\uFFFD]]>\n`);
    expect(suite.children[1]!.children[0]!.text).toContain(`output 'a<b>&"c'\uFFFD]]>\n' of input set 0`);
    expect(suite.children[1]!.children[0]!.attrs.message).toBe('1 of 8 elements differ by more than 0.25 LSB (max |error| 0.500 LSB)');
  });

  it('the little parser rejects what is not well-formed', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>';
    expect(() => parseXml(`${head}<a><b></a></b>`)).toThrow();
    expect(() => parseXml(`${head}<a x="1" x="2"/>`)).toThrow(/duplicate/);
    expect(() => parseXml(`${head}<a>&</a>`)).toThrow(/bare &/);
    expect(() => parseXml(`${head}<a>\u0001</a>`)).toThrow(/not allowed/);
    expect(() => parseXml(`${head}<a/><b/>`)).toThrow(/after the root/);
    expect(parseXml(`${head}<a x="&lt;&#10;"/>`).attrs.x).toBe('<\n');
  });
});
