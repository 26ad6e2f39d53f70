// encoding/base64 of Go 1.23 (StdEncoding.Decode, decodeQuantum): where Go's CorruptInputError
// points for a []byte field's base64 text, e.g. Secret `data` values.

import { utf8Bytes } from "../../util/canonical";

export { utf8Bytes };

const isBase64Char = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
const isNewline = (c: number | undefined): boolean => c === 10 || c === 13;
const PAD = 61;

/** The byte offset of Go's CorruptInputError, or undefined when the text decodes. */
export function base64ErrorOffset(text: string): number | undefined {
  const src = utf8Bytes(text);
  let si = 0;
  // Go's fast paths only ever consume whole valid quanta, so decoding quantum by quantum
  // (decodeQuantum) meets the same first error at the same offset.
  while (si < src.length) {
    let j = 0;
    let end = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = src[si] as number;
      si++;
      if (isBase64Char(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD) return si - 1;
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== PAD) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) return si;
      end = true;
      break;
    }
    if (end) return undefined;
  }
  return undefined;
}
