/** The access and portability package (Art. 15, Art. 20): its content, as JSON and as CSV. */
export * from './package';
export { ACCESS_CSV_COLUMNS, accessPackageCsv } from './csv';
