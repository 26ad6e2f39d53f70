// labels.Parse: the lexer and parser of k8s.io/apimachinery/pkg/labels/selector.go, token for
// token, so errors quote the same literals.

import {
  freezeSelector,
  invalidText,
  newRequirement,
  type LabelRequirement,
  type LabelSelector,
  type ParseResult,
  type SelectionOperator,
} from "./labelSelector";
import { validateLabelKey } from "./labelValidation";

const BINARY_OPERATORS: readonly SelectionOperator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];

const Token = {
  Error: 0,
  EndOfString: 1,
  ClosedPar: 2,
  Comma: 3,
  DoesNotExist: 4,
  DoubleEquals: 5,
  Equals: 6,
  GreaterThan: 7,
  Identifier: 8,
  In: 9,
  LessThan: 10,
  NotEquals: 11,
  NotIn: 12,
  OpenPar: 13,
} as const;
type Token = (typeof Token)[keyof typeof Token];

const STRING_TO_TOKEN: Readonly<Record<string, Token>> = {
  ")": Token.ClosedPar,
  ",": Token.Comma,
  "!": Token.DoesNotExist,
  "==": Token.DoubleEquals,
  "=": Token.Equals,
  ">": Token.GreaterThan,
  in: Token.In,
  "<": Token.LessThan,
  "!=": Token.NotEquals,
  notin: Token.NotIn,
  "(": Token.OpenPar,
};

interface ScannedItem {
  readonly tok: Token;
  readonly literal: string;
}

const isWhitespace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecialSymbol = (ch: string): boolean => "=!(),><".includes(ch) && ch !== "";

function lookupToken(s: string): Token | undefined {
  return Object.hasOwn(STRING_TO_TOKEN, s) ? STRING_TO_TOKEN[s] : undefined;
}

function lex(input: string): ScannedItem[] {
  let pos = 0;
  // read() returns "" at the end, like the Go lexer's 0 byte.
  const read = (): string => (pos < input.length ? (input[pos++] as string) : "");
  const items: ScannedItem[] = [];
  for (;;) {
    let ch = read();
    while (ch !== "" && isWhitespace(ch)) ch = read();
    if (ch === "") {
      items.push({ tok: Token.EndOfString, literal: "" });
      return items;
    }
    pos--;
    if (isSpecialSymbol(ch)) {
      let buffer = "";
      let last: ScannedItem | undefined;
      for (;;) {
        const c = read();
        if (c === "") break;
        if (isSpecialSymbol(c)) {
          buffer += c;
          const tok = lookupToken(buffer);
          if (tok !== undefined) {
            last = { tok, literal: buffer };
          } else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: Token.Error, literal: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = "";
      for (;;) {
        const c = read();
        if (c === "") break;
        if (isSpecialSymbol(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      items.push({ tok: lookupToken(buffer) ?? Token.Identifier, literal: buffer });
    }
  }
}

class SelectorParseError {
  constructor(readonly message: string) {}
}

class Parser {
  private position = 0;
  constructor(private readonly items: readonly ScannedItem[]) {}

  // In the Values context `in`/`notin` are plain identifiers (`x in (in)`).
  private lookahead(values: boolean): ScannedItem {
    return this.asContext(this.items[this.position] as ScannedItem, values);
  }

  private consume(values: boolean): ScannedItem {
    return this.asContext(this.items[this.position++] as ScannedItem, values);
  }

  private asContext(item: ScannedItem, values: boolean): ScannedItem {
    if (values && (item.tok === Token.In || item.tok === Token.NotIn))
      return { tok: Token.Identifier, literal: item.literal };
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead(true);
      if (tok === Token.Identifier || tok === Token.DoesNotExist) {
        const r = this.parseRequirement();
        requirements.push(r);
        const next = this.consume(true);
        if (next.tok === Token.EndOfString) return requirements;
        if (next.tok === Token.Comma) {
          const after = this.lookahead(true);
          if (after.tok !== Token.Identifier && after.tok !== Token.DoesNotExist)
            throw new SelectorParseError(`found '${after.literal}', expected: identifier after ','`);
        } else {
          throw new SelectorParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
        }
      } else if (tok === Token.EndOfString) {
        return requirements;
      } else {
        throw new SelectorParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    try {
      const { key, operator } = this.parseKeyAndInferOperator();
      if (operator === "exists" || operator === "!") return this.build(key, operator, []);
      const op = this.parseOperator();
      const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
      return this.build(key, op, [...values].sort());
    } catch (e) {
      if (e instanceof SelectorParseError)
        throw new SelectorParseError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
  }

  private build(key: string, op: SelectionOperator, values: string[]): LabelRequirement {
    const r = newRequirement(key, op, values);
    if (!r.ok) throw new SelectorParseError(r.error);
    return r.value;
  }

  private parseKeyAndInferOperator(): { key: string; operator: SelectionOperator | undefined } {
    let operator: SelectionOperator | undefined;
    let item = this.consume(true);
    if (item.tok === Token.DoesNotExist) {
      operator = "!";
      item = this.consume(true);
    }
    if (item.tok !== Token.Identifier)
      throw new SelectorParseError(`found '${item.literal}', expected: identifier`);
    const keyErrs = validateLabelKey(item.literal);
    // The parser validates with a nil field path, which prints as "<nil>".
    if (keyErrs.length > 0)
      throw new SelectorParseError(invalidText("<nil>", JSON.stringify(item.literal), keyErrs.join("; ")));
    const next = this.lookahead(true).tok;
    if ((next === Token.EndOfString || next === Token.Comma) && operator !== "!") operator = "exists";
    return { key: item.literal, operator };
  }

  private parseOperator(): SelectionOperator {
    const { tok, literal } = this.consume(false);
    switch (tok) {
      case Token.In:
        return "in";
      case Token.Equals:
        return "=";
      case Token.DoubleEquals:
        return "==";
      case Token.GreaterThan:
        return "gt";
      case Token.LessThan:
        return "lt";
      case Token.NotIn:
        return "notin";
      case Token.NotEquals:
        return "!=";
      default:
        throw new SelectorParseError(`found '${literal}', expected: ${BINARY_OPERATORS.join(", ")}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== Token.OpenPar) throw new SelectorParseError(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead(true);
    if (tok === Token.Identifier || tok === Token.Comma) {
      const s = this.parseIdentifiersList();
      if (this.consume(true).tok !== Token.ClosedPar)
        throw new SelectorParseError(`found '${literal}', expected: ')'`);
      return s;
    }
    if (tok === Token.ClosedPar) {
      this.consume(true);
      return new Set([""]);
    }
    throw new SelectorParseError(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume(true);
      if (tok === Token.Identifier) {
        s.add(literal);
        const next = this.lookahead(true);
        if (next.tok === Token.Comma) continue;
        if (next.tok === Token.ClosedPar) return s;
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or ')'`);
      } else if (tok === Token.Comma) {
        if (s.size === 0) s.add(""); // "(,"
        const next = this.lookahead(true).tok;
        if (next === Token.ClosedPar) {
          s.add(""); // ",)"
          return s;
        }
        if (next === Token.Comma) {
          this.consume(true);
          s.add(""); // ",,"
        }
      } else {
        throw new SelectorParseError(`found '${literal}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(true).tok;
    if (next === Token.EndOfString || next === Token.Comma) return new Set([""]);
    const { tok, literal } = this.consume(true);
    if (tok === Token.Identifier) return new Set([literal]);
    throw new SelectorParseError(`found '${literal}', expected: identifier`);
  }
}

/**
 * labels.Parse: `app=web`, `app==web`, `tier!=db`, `env in (a,b)`, `env notin (c)`, `foo`, `!foo`,
 * `n>3`, comma-separated. The empty string selects everything.
 */
export function parseLabelSelector(text: string): ParseResult<LabelSelector> {
  try {
    const requirements = new Parser(lex(text)).parse();
    return { ok: true, value: freezeSelector(requirements) };
  } catch (e) {
    if (e instanceof SelectorParseError) return { ok: false, error: e.message };
    throw e;
  }
}
