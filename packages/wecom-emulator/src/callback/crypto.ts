import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeCom's callback crypto (C2.3), with `node:crypto` only:
 * - msg_signature = lowercase hex SHA-1 of [token, timestamp, nonce, encrypt] sorted as strings and joined;
 * - AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes, standard base64 out;
 * - plaintext = random(16) ‖ uint32 big-endian byte length of msg ‖ msg (UTF-8) ‖ receiveid;
 * - PKCS#7 padding to a multiple of **32** bytes (pad 1–32), added and stripped by hand: Node's own
 *   unpadding assumes 16-byte blocks and throws ERR_OSSL_BAD_DECRYPT for pads above 16 (the padding quirk).
 */

export const PAD_BLOCK = 32;

export class CallbackCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackCryptoError';
  }
}

/** The 32-byte AES key of a 43-character EncodingAESKey. Throws CallbackCryptoError for anything else. */
export function aesKeyOf(encodingAESKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) throw new CallbackCryptoError('invalid EncodingAESKey: must be 43 characters of base64');
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new CallbackCryptoError('invalid EncodingAESKey: does not decode to 32 bytes');
  return key;
}

export function isEncodingAESKey(value: string): boolean {
  try {
    aesKeyOf(value);
    return true;
  } catch {
    return false;
  }
}

/** msg_signature: sha1hex(sort([token, timestamp, nonce, encrypt]).join('')). */
export function signature(token: string, timestamp: string | number, nonce: string | number, encrypt: string): string {
  const parts = [token, String(timestamp), String(nonce), encrypt].sort();
  return createHash('sha1').update(parts.join('')).digest('hex');
}

/** Constant-time comparison of a received msg_signature with the expected one. */
export function verifySignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function pkcs7Pad(data: Buffer, block = PAD_BLOCK): Buffer {
  const n = block - (data.length % block);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Strips a 1–32 PKCS#7 pad; throws on a pad that is out of range or inconsistent. */
export function pkcs7Unpad(data: Buffer, block = PAD_BLOCK): Buffer {
  const n = data.length > 0 ? (data[data.length - 1] ?? 0) : 0;
  if (n < 1 || n > block || n > data.length) throw new CallbackCryptoError(`bad padding (${n})`);
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw new CallbackCryptoError('bad padding');
  }
  return data.subarray(0, data.length - n);
}

/** Encrypts `message` for `receiveId` (the corp id for self-built apps and the sync tool). */
export function encrypt(encodingAESKey: string, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  if (random.length !== 16) throw new CallbackCryptoError('random must be 16 bytes');
  const key = aesKeyOf(encodingAESKey);
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const plain = pkcs7Pad(Buffer.concat([random, length, msg, Buffer.from(receiveId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface Decrypted {
  message: string;
  receiveId: string;
  random: Buffer;
  /** The PKCS#7 pad value that was stripped (1–32). */
  pad: number;
}

/** Decrypts an `Encrypt` / `echostr` value. Throws CallbackCryptoError on malformed input. */
export function decrypt(encodingAESKey: string, encrypted: string): Decrypted {
  const key = aesKeyOf(encodingAESKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % PAD_BLOCK !== 0) throw new CallbackCryptoError('ciphertext length is not a multiple of 32 bytes');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  const plain = pkcs7Unpad(padded);
  if (plain.length < 20) throw new CallbackCryptoError('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new CallbackCryptoError('message length out of range');
  return {
    random: Buffer.from(plain.subarray(0, 16)),
    message: plain.subarray(20, 20 + length).toString('utf8'),
    receiveId: plain.subarray(20 + length).toString('utf8'),
    pad,
  };
}
