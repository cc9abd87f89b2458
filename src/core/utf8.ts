// Case files are UTF-8 (a BOM is allowed), wherever they are opened: the command line and the
// window. Anything else — GBK/GB18030 from Notepad or Excel, UTF-16 — is refused with one
// instruction, never read as garbled text (issue 12). Nothing is guessed.

export const NOT_UTF8_MESSAGE = '文件不是 UTF-8 编码（可能是 GBK/GB18030），请另存为 UTF-8';

/** The text of UTF-8 bytes (a leading BOM dropped), or null when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    // fatal: a byte sequence that is not UTF-8 is an error, not U+FFFD.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}
