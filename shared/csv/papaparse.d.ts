/**
 * The part of papaparse 5.x this project calls. Declared here rather than with @types/papaparse,
 * whose `/// <reference types="node" />` would pull Node's globals (Buffer, process…) into the
 * renderer's type-check (tsconfig.web.json) as soon as shared/ imports papaparse.
 */
declare module 'papaparse' {
  export interface UnparseConfig {
    /** Force quotes around every cell, chosen columns, or cells a function picks. */
    quotes?: boolean | boolean[] | ((value: unknown, columnIndex: number) => boolean);
    quoteChar?: string;
    escapeChar?: string;
    delimiter?: string;
    header?: boolean;
    newline?: string;
    skipEmptyLines?: boolean | 'greedy';
    columns?: string[];
    /** true: prefix "'" to text cells matching /^[=+\-@\t\r].*$/ (numbers and booleans excluded). */
    escapeFormulae?: boolean | RegExp;
  }

  export interface UnparseObject {
    fields: string[];
    data: unknown[][] | Record<string, unknown>[];
  }

  export function unparse(
    data: unknown[][] | Record<string, unknown>[] | UnparseObject,
    config?: UnparseConfig,
  ): string;

  const Papa: { unparse: typeof unparse };
  export default Papa;
}
