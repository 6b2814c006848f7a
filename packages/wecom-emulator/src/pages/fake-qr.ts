import { createHash } from 'node:crypto';

const SIZE = 25;

function inFinder(x: number, y: number): boolean {
  const near = (a: number): boolean => a < 7 || a >= SIZE - 7;
  return near(x) && near(y) && !(x >= SIZE - 7 && y >= SIZE - 7);
}

function finderCell(x: number, y: number): boolean {
  const fx = x >= SIZE - 7 ? x - (SIZE - 7) : x;
  const fy = y >= SIZE - 7 ? y - (SIZE - 7) : y;
  const ring = Math.max(Math.abs(fx - 3), Math.abs(fy - 3));
  return ring !== 2;
}

/** A QR-looking square (it encodes nothing): three finder patterns plus cells drawn from a hash of `seed`. */
export function fakeQrSvg(seed: string): string {
  let bits = '';
  for (let i = 0; bits.length < SIZE * SIZE; i++) {
    for (const byte of createHash('sha256').update(`${seed}:${i}`).digest()) bits += byte.toString(2).padStart(8, '0');
  }
  let rects = '';
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const on = inFinder(x, y) ? finderCell(x, y) : bits[y * SIZE + x] === '1';
      if (on) rects += `<rect x="${x}" y="${y}" width="1" height="1"/>`;
    }
  }
  return `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" shape-rendering="crispEdges" role="img" aria-label="QR code (emulated)"><g fill="#1f2329">${rects}</g></svg>`;
}
