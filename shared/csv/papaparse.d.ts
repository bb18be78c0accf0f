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

  /** Only what a header-less, untyped parse of a string uses: rows of strings. */
  export interface ParseConfig {
    /** '' or absent: guess among `delimitersToGuess`. */
    delimiter?: string;
    delimitersToGuess?: string[];
    header?: false;
    dynamicTyping?: false;
    skipEmptyLines?: boolean | 'greedy';
    /** Parse only this many rows. */
    preview?: number;
  }

  export interface ParseError {
    type: 'Quotes' | 'Delimiter' | 'FieldMismatch';
    /** 'MissingQuotes', 'InvalidQuotes', 'UndetectableDelimiter', 'TooFewFields', 'TooManyFields'. */
    code: string;
    message: string;
    /** Row index, when the error concerns one row. */
    row?: number;
  }

  export interface ParseResult {
    data: string[][];
    errors: ParseError[];
    meta: { delimiter: string };
  }

  /** Synchronous when given a string and no callbacks. */
  export function parse(input: string, config?: ParseConfig): ParseResult;

  const Papa: { unparse: typeof unparse; parse: typeof parse };
  export default Papa;
}
