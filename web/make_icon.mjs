// Draws the app's icon as a PNG at build time, so no binary image lives in the
// repository: the app's primary blue with a white figure (head and shoulders), in the
// app's own colours. Usage: node make_icon.mjs SIZE OUT.png
import fs from 'node:fs';
import zlib from 'node:zlib';

const size = Number(process.argv[2]);
const out = process.argv[3];
const blue = [20, 80, 170];  // the light theme's accent (app/theme.cpp)

// Coverage of a point by a shape given as a signed distance (negative inside), smoothed
// over one pixel so the edges are not jagged.
const cover = (distance) => Math.min(1, Math.max(0, 0.5 - distance));

function whiteAt(x, y) {
  const u = (x + 0.5) / size, v = (y + 0.5) / size;
  const head = Math.hypot(u - 0.5, v - 0.37) - 0.15;
  // Shoulders: the top half of an ellipse, cut off at the icon's lower edge area.
  const dx = (u - 0.5) / 0.28, dy = (v - 0.86) / 0.26;
  const shoulders = Math.max((Math.hypot(dx, dy) - 1) * 0.26, v - 0.80);
  return Math.max(cover(head * size), cover(shoulders * size));
}

const rows = [];
for (let y = 0; y < size; ++y) {
  const row = Buffer.alloc(1 + size * 3);  // filter byte 0, then RGB
  for (let x = 0; x < size; ++x) {
    const w = whiteAt(x, y);
    for (let c = 0; c < 3; ++c) row[1 + x * 3 + c] = Math.round(blue[c] * (1 - w) + 255 * w);
  }
  rows.push(row);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; ++k) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8;  // bits per channel
header[9] = 2;  // RGB
fs.writeFileSync(out, Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
  chunk('IEND', Buffer.alloc(0)),
]));
