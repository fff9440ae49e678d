/**
 * Compound literals: interpolated strings, arrays and dicts, records and property lists (also
 * used for call arguments), parentheses and function literals. Rules as in the official parser.
 */
import type * as ast from "./ast.js";
import { decodeText } from "./literals.js";
import { type Expr, formatSpan, ParserBase, setComments, withComma } from "./parser-base.js";
import type { Token } from "./token.js";

export abstract class CompoundParser extends ParserBase {
  /** `"text ${expr} text"`, read with the scanner in string mode. */
  protected parseStringExpression(): Expr {
    const ts = this.ts;
    const start = ts.expect("QUOTE");
    const parts: ast.StringExpressionPart[] = [];
    for (;;) {
      const t = ts.scanStringPart();
      switch (t.type) {
        case "TEXT": {
          const decoded = decodeText(t.lit);
          if (!decoded.ok) return this.badExpression(t);
          parts.push({ type: "TextPart", ...ts.baseOfToken(t), value: decoded.value });
          break;
        }
        case "STRINGEXPR": {
          const expression = this.parseExpression();
          const end = ts.expect("RBRACE");
          parts.push({ type: "InterpolatedPart", ...ts.base(t.startPos, end.endPos), expression });
          break;
        }
        case "QUOTE":
          return { type: "StringExpression", ...ts.base(start.startPos, t.endPos), parts };
        default:
          ts.errors.push(`got unexpected token in string expression ${formatSpan(t.startPos, t.endPos)}: ${t.type}`);
          return { type: "StringExpression", ...ts.base(start.startPos, t.endPos), parts: [] };
      }
    }
  }

  // Arrays and dicts

  protected parseArrayOrDict(start: Token): Expr {
    const ts = this.ts;
    const next = ts.peek().type;
    if (next === "COLON") {
      ts.consume();
      const end = ts.close("RBRACK");
      return this.listNode("DictExpression", start, end, []);
    }
    if (next === "RBRACK") {
      const end = ts.close("RBRACK");
      return this.listNode("ArrayExpression", start, end, []);
    }
    const first = this.parseExpression();
    if (ts.peek().type === "COLON") {
      ts.consume();
      const val = this.parseExpression();
      return this.parseDictItemsRest(start, first, val);
    }
    return this.parseArrayItemsRest(start, first);
  }

  protected parseArrayItemsRest(start: Token, first: Expr): Expr {
    const ts = this.ts;
    if (ts.peek().type === "RBRACK") return this.listNode("ArrayExpression", start, ts.close("RBRACK"), [first]);
    const items: Expr[] = [withComma(first, ts.expect("COMMA").comments)];
    let lastOffset = ts.peek().start;
    while (ts.more()) {
      const expression = this.parseExpression();
      items.push(withComma(expression, ts.peek().type === "COMMA" ? ts.scan().comments : []));
      // An expression that consumed nothing means a token no rule accepts: stop, as the
      // official parser does, instead of looping on it.
      const offset = ts.peek().start;
      if (offset === lastOffset) break;
      lastOffset = offset;
    }
    return this.listNode("ArrayExpression", start, ts.close("RBRACK"), items);
  }

  protected parseDictItemsRest(start: Token, key: Expr, val: Expr): Expr {
    const ts = this.ts;
    if (ts.peek().type === "RBRACK") return this.listNode("DictExpression", start, ts.close("RBRACK"), [{ key, val }]);
    const items: ast.DictItem[] = [withComma({ key, val }, ts.expect("COMMA").comments)];
    let lastOffset = ts.peek().start;
    while (ts.more()) {
      const k = this.parseExpression();
      ts.expect("COLON");
      const v = this.parseExpression();
      items.push(withComma({ key: k, val: v }, ts.peek().type === "COMMA" ? ts.scan().comments : []));
      const offset = ts.peek().start;
      if (offset === lastOffset) break; // see parseArrayItemsRest
      lastOffset = offset;
    }
    return this.listNode("DictExpression", start, ts.close("RBRACK"), items);
  }

  protected listNode(type: "ArrayExpression", start: Token, end: Token, elements: Expr[]): ast.ArrayExpression;
  protected listNode(type: "DictExpression", start: Token, end: Token, elements: ast.DictItem[]): ast.DictExpression;
  protected listNode(
    type: "ArrayExpression" | "DictExpression",
    start: Token,
    end: Token,
    elements: Expr[] | ast.DictItem[],
  ): ast.ArrayExpression | ast.DictExpression {
    const node = { type, ...this.ts.base(start.startPos, end.endPos), elements } as ast.ArrayExpression | ast.DictExpression;
    setComments(node, "lbrack", start.comments);
    setComments(node, "rbrack", end.comments);
    return node;
  }

  // Records and property lists

  protected parseObjectLiteral(): ast.ObjectExpression {
    const ts = this.ts;
    const start = ts.open("LBRACE", "RBRACE");
    const body = this.parseObjectBody();
    const end = ts.close("RBRACE");
    const node: ast.ObjectExpression = { type: "ObjectExpression", ...ts.base(start.startPos, end.endPos), properties: body.properties };
    setComments(node, "lbrace", start.comments);
    if (body.with) node.with = body.with;
    setComments(node, "rbrace", end.comments);
    return node;
  }

  protected parseObjectBody(): { with?: ast.WithSource; properties: ast.Property[] } {
    const ts = this.ts;
    const t = ts.peek();
    if (t.type === "STRING") {
      return { properties: this.parsePropertyListSuffix(this.parseStringLiteral()) };
    }
    if (t.type !== "IDENT") return { properties: this.parsePropertyList() };
    const ident = this.parseIdentifier();
    const next = ts.peek();
    if (next.type !== "IDENT") return { properties: this.parsePropertyListSuffix(ident) };
    // `{r with ...}`; another identifier in that place is an (unnamed) error.
    if (next.lit !== "with") ts.errors.push("");
    const withToken = ts.consume();
    const { type: _type, ...source } = ident;
    const withSource: ast.WithSource = source;
    setComments(withSource, "with", withToken.comments);
    return { with: withSource, properties: this.parsePropertyList() };
  }

  protected parsePropertyListSuffix(key: ast.PropertyKey): ast.Property[] {
    const ts = this.ts;
    const properties = [this.parsePropertySuffix(key)];
    if (!ts.more()) return properties;
    const t = ts.peek();
    if (t.type !== "COMMA") {
      ts.errors.push(`expected comma in property list, got ${t.type}`);
    } else {
      setComments(properties[0]!, "comma", ts.consume().comments);
    }
    return properties.concat(this.parsePropertyList());
  }

  protected parsePropertyList(): ast.Property[] {
    const ts = this.ts;
    const properties: ast.Property[] = [];
    const commaErrors: string[] = [];
    while (ts.more()) {
      const t = ts.peek();
      let property: ast.Property;
      if (t.type === "IDENT") property = this.parsePropertySuffix(this.parseIdentifier());
      else if (t.type === "STRING") property = this.parsePropertySuffix(this.parseStringLiteral());
      else property = this.parseInvalidProperty();
      if (ts.more()) {
        const next = ts.peek();
        if (next.type !== "COMMA") commaErrors.push(`expected comma in property list, got ${next.type}`);
        else setComments(property, "comma", ts.consume().comments);
      }
      properties.push(property);
    }
    ts.errors.push(...commaErrors);
    return properties;
  }

  protected parsePropertySuffix(key: ast.PropertyKey): ast.Property {
    const ts = this.ts;
    let value: Expr | null = null;
    let separator: ast.Comment[] = [];
    if (ts.peek().type === "COLON") {
      separator = ts.consume().comments;
      value = this.parsePropertyValue() ?? null;
    }
    const end = (value ?? key).location.end;
    const property: ast.Property = { type: "Property", ...ts.base(key.location.start, end), key, value };
    setComments(property, "separator", separator);
    return property;
  }

  protected parseInvalidProperty(): ast.Property {
    const ts = this.ts;
    const t = ts.peek();
    const ownErrors: string[] = [];
    let value: Expr | null = null;
    if (t.type === "COLON") {
      ownErrors.push("missing property key");
      ts.consume();
      value = this.parsePropertyValue() ?? null;
    } else if (t.type === "COMMA") {
      ownErrors.push("missing property in property list");
    } else {
      ownErrors.push(`unexpected token for property key: ${t.type} (${t.lit})`);
      // Skip to the next comma, colon or closer; a colon still introduces a value.
      this.parseExpressionWhileMore(["COMMA", "COLON"]);
      if (ts.peek().type === "COLON") {
        ts.consume();
        value = this.parsePropertyValue() ?? null;
      }
    }
    ts.errors.push(...ownErrors);
    const base = ts.base(t.startPos, ts.peek().startPos);
    const key: ast.StringLiteral = { type: "StringLiteral", ...ts.base(t.startPos, t.startPos), value: "<invalid>" };
    return { type: "Property", ...base, key, value };
  }

  protected parsePropertyValue(): Expr | undefined {
    const value = this.parseExpressionWhileMore(["COMMA", "COLON"]);
    if (value === undefined) this.ts.errors.push("missing property value");
    return value;
  }

  // Parentheses and function literals

  protected parseParenExpression(): Expr {
    const ts = this.ts;
    const lparen = ts.open("LPAREN", "RPAREN");
    const t = ts.peek();
    if (t.type === "RPAREN") return this.parseFunctionExpression(lparen, ts.close("RPAREN"), []);
    if (t.type === "IDENT") return this.parseParenIdentExpression(lparen, this.parseIdentifier());
    const expression: Expr = this.parseExpressionWhileMore([]) ?? {
      type: "BadExpression",
      location: ts.locationOfToken(t),
      text: t.lit,
      expression: null,
    };
    return this.parenNode(lparen, ts.close("RPAREN"), expression);
  }

  protected parenNode(lparen: Token, rparen: Token, expression: Expr): ast.ParenExpression {
    const node: ast.ParenExpression = { type: "ParenExpression", ...this.ts.base(lparen.startPos, rparen.endPos), expression };
    setComments(node, "lparen", lparen.comments);
    setComments(node, "rparen", rparen.comments);
    return node;
  }

  /** After `( ident`: a function literal's parameters, or a parenthesised expression. */
  protected parseParenIdentExpression(lparen: Token, key: ast.Identifier): Expr {
    const ts = this.ts;
    const t = ts.peek();
    switch (t.type) {
      case "RPAREN": {
        const rparen = ts.close("RPAREN");
        if (ts.peek().type !== "ARROW") return this.parenNode(lparen, rparen, key);
        const param: ast.Property = { type: "Property", ...this.baseOf(key), key, value: null };
        return this.parseFunctionExpression(lparen, rparen, [param]);
      }
      case "ASSIGN": {
        ts.consume();
        const value = this.parseExpression();
        const param: ast.Property = { type: "Property", ...ts.base(key.location.start, value.location.end), key, value };
        setComments(param, "separator", t.comments);
        const params = [param];
        if (ts.peek().type === "COMMA") {
          setComments(param, "comma", ts.scan().comments);
          params.push(...this.parseParameterList());
        }
        return this.parseFunctionExpression(lparen, ts.close("RPAREN"), params);
      }
      case "COMMA": {
        ts.consume();
        const param: ast.Property = { type: "Property", ...this.baseOf(key), key, value: null };
        setComments(param, "comma", t.comments);
        const params = [param, ...this.parseParameterList()];
        return this.parseFunctionExpression(lparen, ts.close("RPAREN"), params);
      }
      default: {
        let expr = this.parseExpressionSuffix(key);
        while (ts.more()) {
          const right = this.parseExpression();
          if (right.type === "BadExpression") {
            this.skipInvalidToken();
            continue;
          }
          expr = this.invalidBinary(expr, right);
        }
        return this.parenNode(lparen, ts.close("RPAREN"), expr);
      }
    }
  }

  protected parseParameterList(): ast.Property[] {
    const ts = this.ts;
    const params: ast.Property[] = [];
    while (ts.more()) {
      const before = ts.peek().start;
      const param = this.parseParameter();
      if (ts.peek().type === "COMMA") setComments(param, "comma", ts.scan().comments);
      params.push(param);
      if (ts.peek().start === before) ts.scan(); // a token that is no parameter: skip it
    }
    return params;
  }

  protected parseParameter(): ast.Property {
    const ts = this.ts;
    const key = this.parseIdentifier();
    if (ts.peek().type !== "ASSIGN") return { type: "Property", ...this.baseOf(key), key, value: null };
    const assign = ts.scan();
    const value = this.parseExpression();
    const param: ast.Property = { type: "Property", ...ts.base(key.location.start, value.location.end), key, value };
    setComments(param, "separator", assign.comments);
    return param;
  }

  protected parseFunctionExpression(lparen: Token, rparen: Token, params: ast.Property[]): ast.FunctionExpression {
    const ts = this.ts;
    const arrow = ts.expectOrSkip("ARROW");
    const body: ast.FunctionBody = ts.peek().type === "LBRACE" ? this.parseBlock() : this.parseExpression();
    const node: ast.FunctionExpression = { type: "FunctionExpression", ...ts.base(lparen.startPos, body.location.end), params, body };
    setComments(node, "lparen", lparen.comments);
    setComments(node, "rparen", rparen.comments);
    setComments(node, "arrow", arrow.comments);
    return node;
  }
}
