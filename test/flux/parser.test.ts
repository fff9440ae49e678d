/**
 * Focused tests of the Flux parser's own guarantees: positions, several errors reported at once,
 * the nesting bound, no exceptions and linear time on hostile input. Tree shapes in general are
 * checked against the official parser in parser-oracle.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Expression, File, VariableAssignment } from "../../src/flux/ast.js";
import { MAX_NESTING, parse, syntaxErrors } from "../../src/flux/parser.js";

function initOf(file: File, index = 0): Expression {
  const statement = file.body[index];
  assert.equal(statement?.type, "VariableAssignment");
  return (statement as VariableAssignment).init;
}

function errorMessages(source: string): string[] {
  return syntaxErrors(parse(source)).map((e) => e.message);
}

describe("parse: positions", () => {
  it("gives 1-based line/column spans with exclusive ends", () => {
    const file = parse('x = 1\n  y = "ab"\n');
    assert.deepEqual(file.body[1]!.location, { start: { line: 2, column: 3 }, end: { line: 2, column: 11 } });
    assert.deepEqual(initOf(file, 1).location, { start: { line: 2, column: 7 }, end: { line: 2, column: 11 } });
    assert.deepEqual(file.location, { start: { line: 1, column: 1 }, end: { line: 2, column: 11 } });
  });

  it("counts columns in UTF-8 bytes, like the official parser", () => {
    const init = initOf(parse('a = "é" + b'));
    assert.equal(init.type, "BinaryExpression");
    if (init.type !== "BinaryExpression") return;
    assert.deepEqual(init.left.location, { start: { line: 1, column: 5 }, end: { line: 1, column: 9 } });
    assert.deepEqual(init.right.location.start, { line: 1, column: 12 });
  });

  it("spans multi-line strings and attaches comments to the next token's node", () => {
    const file = parse('// about x\nx = "a\nb" // tail\n');
    const statement = file.body[0] as VariableAssignment;
    assert.deepEqual(statement.location.end, { line: 3, column: 3 });
    assert.deepEqual(statement.id.comments, [{ text: "// about x\n" }]);
    assert.deepEqual(file.eof, [{ text: "// tail\n" }]);
  });
});

describe("parse: tree shapes the interpreter relies on", () => {
  it("binds |> tighter than arithmetic and unary minus tighter than ^", () => {
    const sum = initOf(parse("x = 1 + 2 |> f()"));
    assert.ok(sum.type === "BinaryExpression" && sum.operator === "+" && sum.right.type === "PipeExpression");
    const pow = initOf(parse("x = -a.b ^ 2"));
    assert.ok(pow.type === "BinaryExpression" && pow.operator === "^" && pow.left.type === "UnaryExpression");
  });

  it("tells regexp literals from division by context", () => {
    const division = initOf(parse("x = a / b / c"));
    assert.ok(division.type === "BinaryExpression" && division.operator === "/");
    const match = initOf(parse("x = s =~ /a\\/b/"));
    assert.ok(match.type === "BinaryExpression" && match.right.type === "RegexpLiteral");
    assert.equal(match.right.type === "RegexpLiteral" && match.right.value, "a/b");
  });

  it("decodes string escapes and splits interpolation into parts", () => {
    assert.deepEqual(initOf(parse('x = "t\\x41\\n\\${no}"')), {
      type: "StringLiteral",
      location: { start: { line: 1, column: 5 }, end: { line: 1, column: 20 } },
      value: "tA\n${no}",
    });
    const expr = initOf(parse('x = "a${b}c"'));
    assert.ok(expr.type === "StringExpression");
    assert.deepEqual(expr.parts.map((p) => p.type), ["TextPart", "InterpolatedPart", "TextPart"]);
  });

  it("keeps 64-bit integers exact as decimal strings", () => {
    assert.deepEqual(initOf(parse("x = 9223372036854775807")).type, "IntegerLiteral");
    assert.equal((initOf(parse("x = 9223372036854775807")) as { value: string }).value, "9223372036854775807");
  });
});

describe("syntaxErrors", () => {
  it("is empty for a valid script", () => {
    assert.deepEqual(syntaxErrors(parse('import "strings"\nx = strings.toUpper(v: "a") |> f()\n')), []);
  });

  it("reports several errors at once, each with line and column", () => {
    const errors = syntaxErrors(parse("x = f(a: 1 b: 2)\ny = 2018-02-30\nz = {a: 1, : 2}\n"));
    assert.deepEqual(errors, [
      { line: 1, column: 5, message: "expected comma in property list, got COLON" },
      { line: 1, column: 13, message: "missing property key" },
      { line: 2, column: 5, message: "invalid date time literal, missing time offset" },
      { line: 3, column: 12, message: "missing property key" },
    ]);
  });

  it("reports bad tokens, unterminated strings and missing closers", () => {
    assert.deepEqual(errorMessages("x = 1 $ 2"), ["invalid statement: $"]);
    assert.deepEqual(errorMessages('x = "abc'), ["got unexpected token in string expression @1:9-1:9: EOF"]);
    assert.deepEqual(errorMessages("x = (1 + 2"), ["expected RPAREN, got EOF"]);
    assert.deepEqual(errorMessages("x = |> f()"), ["invalid token for primary expression: PIPE_FORWARD"]);
  });

  it("reports malformed attribute parameters (the official parser panics on them)", () => {
    assert.deepEqual(errorMessages("@a(1 x = 1"), ["extra attributes not associated with anything"]);
    assert.deepEqual(errorMessages("@a(x: 1) x = 1"), ["invalid token for primary expression: COLON"]);
    assert.deepEqual(errorMessages('@a("s", 2) x = 1'), []);
  });

  it("stops on a literal where a parameter name belongs (the official parser panics there)", () => {
    const messages = errorMessages("f = (a, 1) => a");
    assert.ok(messages.some((m) => m.startsWith("expected IDENT, got INT")), messages.join("; "));
  });
});

describe("parse: hostile input", () => {
  const nestings: Array<[string, (n: number) => string]> = [
    ["parentheses", (n) => "(".repeat(n) + "1" + ")".repeat(n)],
    ["arrays", (n) => "[".repeat(n) + "1" + "]".repeat(n)],
    ["records", (n) => "x = " + "{a: ".repeat(n) + "1" + "}".repeat(n)],
    ["calls", (n) => "f(a: ".repeat(n) + "1" + ")".repeat(n)],
    ["functions", (n) => "x = " + "() => ".repeat(n) + "1"],
    ["blocks", (n) => "f = " + "() => { return ".repeat(n) + "1" + " }".repeat(n)],
    ["interpolations", (n) => 'x = ' + '"${'.repeat(n) + "1" + '}"'.repeat(n)],
    ["conditionals", (n) => "x = " + "if a then ".repeat(n) + "1" + " else 2".repeat(n)],
    ["types", (n) => "builtin f : " + "[".repeat(n) + "int" + "]".repeat(n)],
    ["unclosed brackets", (n) => "x = " + "([".repeat(n)],
  ];
  for (const [name, build] of nestings) {
    it(`bounds nesting of ${name} with an error instead of overflowing the stack`, () => {
      const source = build(5_000);
      const file = parse(source);
      assert.ok(syntaxErrors(file).some((e) => e.message === "Program is nested too deep"));
      assert.ok(file.body.length > 0);
    });
  }

  it("accepts nesting up to the bound", () => {
    const depth = MAX_NESTING - 2; // the statement and its value are two levels
    assert.deepEqual(errorMessages("(".repeat(depth) + "1" + ")".repeat(depth)), []);
    assert.ok(errorMessages("(".repeat(depth + 1) + "1" + ")".repeat(depth + 1)).includes("Program is nested too deep"));
  });

  it("handles long operator chains without recursion", () => {
    for (const source of ["x = " + "-".repeat(100_000) + "1", "x = " + "not ".repeat(50_000) + "true"]) {
      assert.deepEqual(errorMessages(source), []);
    }
  });

  it("never throws on random token soup", () => {
    const pieces = ["(", ")", "[", "]", "{", "}", '"', "${", "}", "/", "\\", "a", "1", "1.5", "1h", ",", ":", "=", "=>", "|>",
      "<-", "with", "if", "then", "else", "@x", "!", "$", "\n", "// c\n", "2020-01-01", "é", "return", "option", "import"];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const source = Array.from({ length: 1 + Math.floor(random() * 60) }, () => pieces[Math.floor(random() * pieces.length)]).join(" ");
      assert.doesNotThrow(() => syntaxErrors(parse(source)), source);
    }
  });

  it("parses in time linear in the input size", () => {
    const statement = 'from(bucket: "b") |> range(start: -1h) |> filter(fn: (r) => r.a == "x" and r.b =~ /c\\d/) |> map(fn: (r) => ({r with s: "${r.a}"}))\n';
    // Best of three, so a busy machine does not make the check flaky.
    const time = (source: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        parse(source);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    parse(statement.repeat(200)); // warm up the JIT
    const small = Math.max(time(statement.repeat(500)), 1);
    const large = time(statement.repeat(4000));
    // 8x the input; allow generous noise from a shared machine but not quadratic growth (64x).
    assert.ok(large < small * 24, `500 statements: ${small.toFixed(0)} ms, 4000 statements: ${large.toFixed(0)} ms`);
  });

  it("parses pathological token runs quickly", () => {
    for (const source of ['x = "' + "a".repeat(200_000), "$".repeat(100_000), "x = /" + "a\\/".repeat(50_000), "x = " + "1 + ".repeat(50_000) + "1"]) {
      const start = performance.now();
      parse(source);
      assert.ok(performance.now() - start < 5_000, `too slow on ${source.slice(0, 20)}...`);
    }
  });
});
