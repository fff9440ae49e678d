/**
 * Which integrity constraint a database error reports, for either driver: better-sqlite3's
 * extended result codes and PostgreSQL's SQLSTATE classes. The domain layer turns these into
 * InfluxDB errors (src/services.ts) without knowing which database raised them.
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
