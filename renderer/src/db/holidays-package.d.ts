/** The real date-holidays package under the name the renderer build gives it (electron.vite.config.ts). */
declare module 'date-holidays/package' {
  import Holidays from 'date-holidays';
  export default Holidays;
}
