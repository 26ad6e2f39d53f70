// Arithmetic expansion `$(( ))` of the simulated shell: integers, variables, + - * / %,
// comparisons, && ||, parentheses, unary minus and !. Division by zero gives 0 (ash would fail).

/** `$(( ))`: integers, variables, + - * / %, comparisons, parentheses, unary minus and !. */
export function evalArith(text: string, lookup: (name: string) => string | undefined): number {
  const tokens = text.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const value = (name: string): number => Math.trunc(Number(lookup(name) ?? 0)) || 0;
  const primary = (): number => {
    const t = tokens[i++];
    if (t === undefined) return 0;
    if (t === "(") {
      const v = expr(0);
      i++;
      return v;
    }
    if (t === "-") return -primary();
    if (t === "+") return primary();
    if (t === "!") return primary() === 0 ? 1 : 0;
    return /^\d/.test(t) ? Number(t) : value(t);
  };
  const prec: Record<string, number> = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 4,
    ">": 4,
    "<=": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
  };
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return b === 0 ? 0 : Math.trunc(a / b);
      case "%":
        return b === 0 ? 0 : a % b;
      case "<":
        return Number(a < b);
      case ">":
        return Number(a > b);
      case "<=":
        return Number(a <= b);
      case ">=":
        return Number(a >= b);
      case "==":
        return Number(a === b);
      case "!=":
        return Number(a !== b);
      case "&&":
        return Number(a !== 0 && b !== 0);
      default:
        return Number(a !== 0 || b !== 0);
    }
  };
  function expr(min: number): number {
    let left = primary();
    for (;;) {
      const op = peek();
      const p = op === undefined ? undefined : prec[op];
      if (p === undefined || p <= min) return left;
      i++;
      left = apply(op as string, left, expr(p));
    }
  }
  return expr(0);
}
