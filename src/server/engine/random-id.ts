import { randomFillSync } from 'node:crypto';

const ID_BYTES = 15;
/** Ids drawn per call to the OS's CSPRNG: one call costs several microseconds whatever its size. */
const IDS_PER_FILL = 256;

const pool = Buffer.allocUnsafeSlow(ID_BYTES * IDS_PER_FILL);
let offset = pool.length;

/**
 * A new id: 120 bits from the OS's cryptographic random source, as 20 URL-safe characters (session ids and
 * socket ids). The bytes are drawn in batches, and each byte is used for one id only.
 *
 * @example randomId(); // 'n6pBi2QsmlTxmAFK5kEd'
 */
export function randomId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
