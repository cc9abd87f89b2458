// SHA-256 of UTF-8 text as hex, for content hashes of policy rows. From @noble/hashes
// (audited, no dependencies, plain JavaScript), so the core stays free of Node and browser
// APIs and the same function runs in the window, the services and the command line.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
