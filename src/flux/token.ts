import type { Comment, Position } from "./ast.js";

/**
 * Token kinds, named exactly as the official scanner prints them, because those names appear
 * verbatim in syntax error messages ("expected RPAREN, got EOF").
 */
export type TokenType =
  | "ILLEGAL"
  | "EOF"
  | "COMMENT"
  // keywords
  | "AND"
  | "OR"
  | "NOT"
  | "IMPORT"
  | "PACKAGE"
  | "RETURN"
  | "OPTION"
  | "BUILTIN"
  | "TESTCASE"
  | "IF"
  | "THEN"
  | "ELSE"
  | "EXISTS"
  // identifiers and literals
  | "IDENT"
  | "INT"
  | "FLOAT"
  | "STRING"
  | "REGEX"
  | "TIME"
  | "DURATION"
  // operators and punctuation
  | "ADD"
  | "SUB"
  | "MUL"
  | "DIV"
  | "MOD"
  | "POW"
  | "EQ"
  | "LT"
  | "GT"
  | "LTE"
  | "GTE"
  | "NEQ"
  | "REGEXEQ"
  | "REGEXNEQ"
  | "ASSIGN"
  | "ARROW"
  | "LPAREN"
  | "RPAREN"
  | "LBRACK"
  | "RBRACK"
  | "LBRACE"
  | "RBRACE"
  | "COMMA"
  | "DOT"
  | "COLON"
  | "PIPE_FORWARD"
  | "PIPE_RECEIVE"
  | "QUESTION_MARK"
  // string interpolation: `"` starts/ends, `${` opens a part, TEXT is literal text between
  | "QUOTE"
  | "STRINGEXPR"
  | "TEXT"
  // `@name` before a statement
  | "ATTRIBUTE";

/** Reserved words. `true`, `false`, `with`, `test`, `in` and `empty` are plain identifiers. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ["and", "AND"],
  ["or", "OR"],
  ["not", "NOT"],
  ["import", "IMPORT"],
  ["package", "PACKAGE"],
  ["return", "RETURN"],
  ["option", "OPTION"],
  ["builtin", "BUILTIN"],
  ["testcase", "TESTCASE"],
  ["if", "IF"],
  ["then", "THEN"],
  ["else", "ELSE"],
  ["exists", "EXISTS"],
]);

export interface Token {
  type: TokenType;
  /** The token's exact source text. */
  lit: string;
  /** UTF-8 byte offsets into the source, end exclusive. */
  start: number;
  end: number;
  startPos: Position;
  endPos: Position;
  /** Comments written between the previous token and this one. */
  comments: Comment[];
}
