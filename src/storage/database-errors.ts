/**
 * What a database error means, for either driver (better-sqlite3's extended result codes,
 * PostgreSQL's SQLSTATE codes): which integrity constraint it reports, which the domain layer
 * turns into InfluxDB errors (src/services.ts), and whether trying again may succeed, which the
 * group committer does (src/storage/group-commit.ts).
 */
export type ConstraintViolation = 'missing reference' | 'duplicate';

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
