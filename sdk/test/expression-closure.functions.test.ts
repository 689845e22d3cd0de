import { compileExpression, ExpressionError, type EvaluationEnvironment } from "../src/index.js";

// Edge cases of each built-in function that closures run. Every row is checked twice: the
// closure must give the expected outcome, and so must JSONata's own evaluator, which keeps the
// table honest about what JSONata does.

const CLOCK: EvaluationEnvironment = { now: () => Date.parse("2026-12-07T02:00:00.123Z") };

type Expected = { value: unknown } | { code: string };
type Row = [source: string, variables: Record<string, unknown>, expected: Expected];

const is = (value: unknown): Expected => ({ value });
const fails = (code: string): Expected => ({ code });

function closureOutcome(source: string, variables: object): Expected {
  const compiled = compileExpression(source);

  if (compiled.mode !== "closure") throw new Error(`${source} is not compiled to a closure: ${compiled.fallbackReason}`);
  try {
    return { value: compiled.evaluateSync(variables, CLOCK) };
  } catch (error) {
    return { code: (error as ExpressionError).code };
  }
}

async function engineOutcome(source: string, variables: object): Promise<Expected> {
  try {
    return { value: await compileExpression(source, undefined, { closures: false }).evaluate(variables, CLOCK) };
  } catch (error) {
    return { code: (error as ExpressionError).code };
  }
}

// JSONata's sequences are arrays with a flag; compare them as plain arrays.
function plain(outcome: Expected): Expected {
  return "value" in outcome && Array.isArray(outcome.value) ? { value: [...outcome.value] } : outcome;
}

function checkTable(rows: Row[]): void {
  test.each(rows)("%s", async (source, variables, expected) => {
    const closure = closureOutcome(source, variables);
    const engine = await engineOutcome(source, variables);

    expect(plain(closure)).toEqual(expected);
    expect(plain(engine)).toEqual(expected);
  });
}

describe("$length", () => {
  checkTable([
    ["$length('')", {}, is(0)],
    ["$length(name)", { name: "陳大文" }, is(3)],
    ["$length('😀!')", {}, is(2)],
    ["$length(missing)", {}, is(undefined)],
    ["$length(digits)", { digits: 123 }, fails("T0410")],
    ["$length()", {}, fails("T0411")],
  ]);
});

describe("$substring", () => {
  checkTable([
    ["$substring('hello', 1)", {}, is("ello")],
    ["$substring('hello', -3)", {}, is("llo")],
    ["$substring('hello', 1, 2)", {}, is("el")],
    ["$substring('hello', 1, 0)", {}, is("")],
    ["$substring('hello', -10, 2)", {}, is("he")],
    ["$substring('你好世界', 1, 2)", {}, is("好世")],
    ["$substring('😀ab', 1)", {}, is("ab")],
    ["$substring(missing, 1)", {}, is(undefined)],
    ["$substring('abc', '1')", {}, fails("T0410")],
  ]);
});

describe("$substringBefore and $substringAfter", () => {
  checkTable([
    ["$substringBefore('0912-345', '-')", {}, is("0912")],
    ["$substringBefore('0912345', '-')", {}, is("0912345")],
    ["$substringAfter('0912-345', '-')", {}, is("345")],
    ["$substringAfter('a-b-c', '-')", {}, is("b-c")],
    ["$substringAfter('abc', '')", {}, is("abc")],
    ["$substringBefore(missing, '-')", {}, is(undefined)],
    ["$substringAfter('x', 1)", {}, fails("T0410")],
  ]);
});

describe("$uppercase, $lowercase and $trim", () => {
  checkTable([
    ["$uppercase('straße')", {}, is("STRASSE")],
    ["$lowercase('ÀB')", {}, is("àb")],
    ["$uppercase('中文')", {}, is("中文")],
    ["$uppercase(missing)", {}, is(undefined)],
    ["$trim('  a \\n\\t b  ')", {}, is("a b")],
    ["$trim('\u00a0a')", {}, is("\u00a0a")],
    ["$trim('')", {}, is("")],
    ["$lowercase(true)", {}, fails("T0410")],
  ]);
});

describe("$pad", () => {
  checkTable([
    ["$pad('5', 3, '0')", {}, is("500")],
    ["$pad('5', -3, '0')", {}, is("005")],
    ["$pad('abc', 2)", {}, is("abc")],
    ["$pad('a', 5, 'xy')", {}, is("axyxy")],
    ["$pad('a', 4.9)", {}, is("a   ")],
    ["$pad('世', -3, '界')", {}, is("界界世")],
    ["$pad('a', 3, '')", {}, is("a  ")],
    ["$pad(missing, 3)", {}, is(undefined)],
    ["$pad('a', 1e300)", {}, fails("D0000")],
  ]);
});

describe("$contains", () => {
  checkTable([
    ["$contains('hello', 'ell')", {}, is(true)],
    ["$contains('hello', '')", {}, is(true)],
    ["$contains('hello', 'x')", {}, is(false)],
    ["$contains(missing, 'x')", {}, is(undefined)],
    ["$contains('x', missing)", {}, is(undefined)],
    ["$contains('x', 1)", {}, fails("T0410")],
  ]);
});

describe("$split and $join", () => {
  checkTable([
    ["$split('a,b,c', ',')", {}, is(["a", "b", "c"])],
    ["$split('a,b,c', ',', 2)", {}, is(["a", "b"])],
    ["$split('abc', '')", {}, is(["a", "b", "c"])],
    ["$split('a,b', ',', 0)", {}, is([])],
    ["$split('a,b', ',', -1)", {}, fails("D3020")],
    ["$split(missing, ',')", {}, is(undefined)],
    ["$join(['a', 'b'], '-')", {}, is("a-b")],
    ["$join([])", {}, is("")],
    ["$join('a')", {}, is("a")],
    ["$join(['a', 1])", {}, fails("T0412")],
    ["$join(missing)", {}, is(undefined)],
  ]);
});

describe("$replace", () => {
  checkTable([
    ["$replace('a-b-c', '-', '+')", {}, is("a+b+c")],
    ["$replace('a-b-c', '-', '+', 1)", {}, is("a+b-c")],
    ["$replace('a-b-c', '-', '+', 0)", {}, is("a-b-c")],
    ["$replace('a-b', '-', '$0')", {}, is("a$0b")],
    ["$replace('abc', '', 'x')", {}, fails("D3010")],
    ["$replace('abc', 'b', 'x', -1)", {}, fails("D3011")],
    ["$replace(missing, 'b', 'x')", {}, is(undefined)],
    ["$replace('a-b', '-', missing)", {}, is("aundefinedb")],
  ]);
});

describe("$number", () => {
  checkTable([
    ["$number('42')", {}, is(42)],
    ["$number('-1.5e2')", {}, is(-150)],
    ["$number('0x1F')", {}, is(31)],
    ["$number('0b101')", {}, is(5)],
    ["$number('0o17')", {}, is(15)],
    ["$number(true)", {}, is(1)],
    ["$number(' 42')", {}, fails("D3030")],
    ["$number('1e999')", {}, fails("D3030")],
    ["$number('')", {}, fails("D3030")],
    ["$number(null)", {}, fails("T0410")],
    ["$number(missing)", {}, is(undefined)],
  ]);
});

describe("$string", () => {
  checkTable([
    ["$string(1/3)", {}, is("0.333333333333333")],
    ["$string(total)", { total: 0.1 + 0.2 }, is("0.3")],
    ["$string(1e21)", {}, is("1e+21")],
    ["$string(order)", { order: { id: 7, items: [1.5] } }, is('{"id":7,"items":[1.5]}')],
    ["$string(order, true)", { order: { id: 7 } }, is('{\n  "id": 7\n}')],
    ["$string('x')", {}, is("x")],
    ["$string(null)", {}, is("null")],
    ["$string(0/0)", {}, fails("D3001")],
    ["$string([0/0])", {}, is("[null]")],
    ["$string(missing)", {}, is(undefined)],
  ]);
});

describe("$boolean, $not and $exists", () => {
  checkTable([
    ["$boolean(0)", {}, is(false)],
    ["$boolean('0')", {}, is(true)],
    ["$boolean([])", {}, is(false)],
    ["$boolean([0, ''])", {}, is(false)],
    ["$boolean([0, 1])", {}, is(true)],
    ["$boolean(settings)", { settings: {} }, is(false)],
    ["$boolean(null)", {}, is(false)],
    ["$boolean(missing)", {}, is(undefined)],
    ["$not('')", {}, is(true)],
    ["$not(missing)", {}, is(undefined)],
    ["$exists(missing)", {}, is(false)],
    ["$exists(nothing)", { nothing: null }, is(true)],
    ["$exists()", {}, fails("T0410")],
  ]);
});

describe("$round, $floor, $ceil and $abs", () => {
  checkTable([
    ["$round(2.5)", {}, is(2)],
    ["$round(3.5)", {}, is(4)],
    ["$round(-2.5)", {}, is(-2)],
    ["$round(1.005, 2)", {}, is(1)],
    ["$round(2.675, 2)", {}, is(2.68)],
    ["$round(125, -1)", {}, is(120)],
    ["$round(135, -1)", {}, is(140)],
    ["$round(-0.4)", {}, is(0)],
    ["$floor(-1.5)", {}, is(-2)],
    ["$ceil(1.2)", {}, is(2)],
    ["$abs(-3)", {}, is(3)],
    ["$abs(missing)", {}, is(undefined)],
    ["$floor('1')", {}, fails("T0410")],
  ]);
});

describe("$sum, $count, $max, $min and $average", () => {
  checkTable([
    ["$sum([])", {}, is(0)],
    ["$sum([1, 2, 3.5])", {}, is(6.5)],
    ["$sum(orders.amount)", { orders: [{ amount: 10 }, { amount: 5 }] }, is(15)],
    ["$sum(5)", {}, is(5)],
    ["$sum(['a'])", {}, fails("T0412")],
    ["$sum(missing)", {}, is(undefined)],
    ["$count(missing)", {}, is(0)],
    ["$count('a')", {}, is(1)],
    ["$count([1, [2, 3]])", {}, is(2)],
    ["$max([3, 1, 2])", {}, is(3)],
    ["$min([3, 1, 2])", {}, is(1)],
    ["$max([])", {}, is(undefined)],
    ["$average([1, 2])", {}, is(1.5)],
    ["$average([])", {}, is(undefined)],
  ]);
});

describe("$formatNumber", () => {
  checkTable([
    ["$formatNumber(1234.5, '#,##0.00')", {}, is("1,234.50")],
    ["$formatNumber(0.5, '0%')", {}, is("50%")],
    ["$formatNumber(-3, '0;(0)')", {}, is("(3)")],
    ["$formatNumber(-3, '0')", {}, is("-3")],
    ["$formatNumber(1234567, '#,##,###')", {}, is("12,34,567")],
    ["$formatNumber(12345, '0.00e0')", {}, is("1.23e4")],
    ["$formatNumber(0.00012, '0.0e0')", {}, is("1.2e-4")],
    ["$formatNumber(2.5, '0')", {}, is("2")],
    ["$formatNumber(1, '#,,#')", {}, fails("D3089")],
    ["$formatNumber(1, '0;0;0')", {}, fails("D3080")],
    ["$formatNumber(missing, '#')", {}, is(undefined)],
    ["$formatNumber('1', '#')", {}, fails("T0410")],
  ]);
});

describe("$now and $millis", () => {
  checkTable([
    ["$now()", {}, is("2026-12-07T02:00:00.123Z")],
    ["$millis()", {}, is(Date.parse("2026-12-07T02:00:00.123Z"))],
    ["$millis() - $millis()", {}, is(0)],
  ]);
});
