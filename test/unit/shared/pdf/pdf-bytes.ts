// Reading back what jsPDF wrote, for the tests: the raw file as text and the page content streams.
import { inflateSync } from 'node:zlib';

// The standard fonts are WinAnsi (Windows-1252) encoded; so are the strings in the content streams.
// Node's TextDecoder('windows-1252') decodes as Latin-1, so 0x80–0x9F are mapped here.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

const winAnsi = {
  decode(bytes: Uint8Array): string {
    let text = '';
    for (const byte of bytes)
      text += byte >= 0x80 && byte <= 0x9f ? CP1252_80_9F[byte - 0x80] : String.fromCharCode(byte);
    return text;
  },
};

export function pdfText(bytes: Uint8Array): string {
  return winAnsi.decode(bytes);
}

/** Every stream of the file, inflated when it is compressed, decoded as Windows-1252. */
export function pdfStreams(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes);
  const text = raw.toString('latin1');
  const streams: string[] = [];
  const pattern = /<<((?:(?!<<|>>)[^])*)>>\s*stream\r?\n/g; // flat stream dictionaries
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('\nendstream', start);
    let data = raw.subarray(start, end);
    if ((match[1] ?? '').includes('/FlateDecode')) data = inflateSync(data);
    streams.push(winAnsi.decode(data));
  }
  return streams;
}

/** The strings drawn with Tj, page by page order of the file. */
export function drawnText(bytes: Uint8Array): string[] {
  return pdfStreams(bytes).flatMap((stream) =>
    [...stream.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1')),
  );
}

export function pageCount(bytes: Uint8Array): number {
  return (pdfText(bytes).match(/\/Type \/Page(?!s)/g) ?? []).length;
}
