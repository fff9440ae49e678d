/**
 * What a database error means, for either driver (better-sqlite3's extended result codes,
 * PostgreSQL's SQLSTATE codes): which integrity constraint it reports, which the domain layer
 * turns into InfluxDB errors (src/services.ts), and whether trying again may succeed, which the
 * group committer does (src/storage/group-commit.ts).
 */
export type ConstraintViolation = 'missing reference' | 'duplicate';

/**
 * Input the database cannot hold (PostgreSQL only: SQLite stores any text): a NUL character in a
 * text value, or a value beyond one of its limits (a name too long for its index). Our own
 * statements stay far inside PostgreSQL's other limits, so these come from the request.
 */
export type UnstorableInput = 'nul character' | 'beyond a limit';

const UNSTORABLE: Record<string, UnstorableInput> = {
  '22021': 'nul character', // character_not_in_repertoire: "invalid byte sequence for encoding UTF8: 0x00"
  '54000': 'beyond a limit', // program_limit_exceeded: "index row size ... exceeds ... maximum"
};

export function unstorableInput(e: unknown): UnstorableInput | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(UNSTORABLE, code) ? UNSTORABLE[code] : undefined;
}

const CODES: Record<string, ConstraintViolation> = {
  SQLITE_CONSTRAINT_FOREIGNKEY: 'missing reference',
  '23503': 'missing reference', // foreign_key_violation
  SQLITE_CONSTRAINT_UNIQUE: 'duplicate',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'duplicate',
  '23505': 'duplicate', // unique_violation
};

export function constraintViolation(e: unknown): ConstraintViolation | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(CODES, code) ? CODES[code] : undefined;
}

/**
 * A deadlock or serialization failure (PostgreSQL shared by several instances: two batches
 * taking the same rows or unique keys in different orders). The database rolled the statement
 * back; the same write, run again, usually succeeds.
 */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
