// Syntax errors: each chunk holds one, reported at the right place with the
// expected message. Like MLIR, a missing or wrong token is reported just after
// what precedes it (so a missing `}` at the end of a chunk points at its last
// line of code).
// RUN: npuc opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// expected-error @+1 {{expected SSA operand, found ':'}}
"test.op"( : () -> ()

// -----

// expected-error @+1 {{expected type, found end of file}}
"test.op"() : () ->

// -----

// expected-error @+1 {{expected attribute value, found '}'}}
"test.op"() {a = } : () -> ()

// -----

// expected-error @+1 {{expected ')', found '->'}}
"test.op"() : (i32 -> ()

// -----

// expected-error @+1 {{expected ']', found '}'}}
"test.op"() {a = [1, 2} : () -> ()

// -----

// expected-error @+1 {{expected '=', found '"test.op"'}}
%0 "test.op"() {} : () -> i32

// -----

// expected-error @+1 {{expected operation name, found '='}}
%0 = = "test.op"() : () -> i32

// -----

func.func @missing_close() {
  // expected-error @+1 {{expected '}' to close the region, found end of file}}
  "test.op"() : () -> ()

// -----

// expected-error @+1 {{expected ':', found end of file}}
"test.op"()

// -----

// expected-error @+1 {{expected function type}}
"test.op"() : i32

// -----

// expected-error @+1 {{expected 2 operand type(s) but had 1}}
"test.op"(%a, %b) : (i32) -> ()

// -----

// expected-error @+1 {{unexpected character '$'}}
"test.op"() $ : () -> ()

// -----

// expected-error @+1 {{@ identifier expected to start with letter or '_'}}
"test.op"() {a = @} : () -> ()

// -----

// expected-error @+1 {{expected '"' in string literal}}
"test.op"() {a = "unterminated} : () -> ()

// -----

// A string may not span lines.
// expected-error @+1 {{expected '"' in string literal}}
"test.op"() {a = "first line
second line"} : () -> ()

// -----

// expected-error @+1 {{unknown escape in string literal: '\q'}}
"test.op"() {a = "bad\q"} : () -> ()

// -----

// expected-error @+1 {{expected location, found end of file}}
"test.op"() : () -> () loc(

// -----

// expected-error @+1 {{expected SSA result name without '#', found '%0#1'}}
%0#1 = "test.op"() : () -> i32

// -----

// expected-error @+1 {{expected a result count of at least 1}}
%0:0 = "test.op"() : () -> ()

// -----

// expected-error @+1 {{empty operation name is invalid}}
"" () : () -> ()

// -----

// expected-error @+1 {{malformed '!' symbol (unbalanced '<...>'?)}}
"test.op"() : () -> !foo.bar<1, 2

// -----

// expected-error @+1 {{successors are not supported}}
"test.br"() [^bb1] : () -> ()

// -----

// expected-error @+1 {{unknown file metadata section 'whatever'}}
{-# whatever: {} #-}

// -----

// Nesting deeper than the parser can follow is an error at the point reached,
// never a crash.
// RUN: node -e 'const n = 20000; process.stdout.write(`"test.deep"() {a = ${"[".repeat(n)}${"]".repeat(n)}} : () -> ()\n`)' > %t.deep.mlir
// RUN: not npuc opt %t.deep.mlir --allow-unregistered-dialect 2>&1 | FileCheck %s --check-prefix=DEEP
// DEEP: deep.mlir:1:{{[0-9]+}}: error: nesting is too deep to parse
// DEEP-NOT: at {{.*}}.js
"test.ok"() : () -> ()
