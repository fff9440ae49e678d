/** Types of the Flux runtime's public API (runtime.ts, csv.ts). */
import type { ColumnType } from './interpreter/table.js';

export type { ColumnType };

/**
 * One cell of a result table, by column type: int/uint -> bigint, float -> number,
 * string -> string, bool -> boolean, time -> bigint nanoseconds since the epoch (UTC);
 * null for a missing value. Secrets have already been replaced by `***`.
 */
export type FluxCell = string | number | bigint | boolean | null;

export interface FluxColumn { label: string; type: ColumnType; group: boolean }

export interface FluxTable {
  columns: FluxColumn[];
  rows: FluxCell[][];
  /** Group-key values by column index (undefined for non-key columns); used for empty tables. */
  groupValues?: (FluxCell | undefined)[];
}

export interface FluxResult { name: string; tables: FluxTable[] }
