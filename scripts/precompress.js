// Writes .br and .gz copies of the built static assets at maximum compression, so the
// server sends them precompressed instead of compressing on every request at a fast level.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = process.argv[2] || 'target/site';
const wanted = /\.(wasm|js|css|svg)$/;
let before = 0, after = 0;
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (wanted.test(e.name)) {
      const data = fs.readFileSync(p);
      const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
      const gz = zlib.gzipSync(data, { level: 9 });
      fs.writeFileSync(p + '.br', br);
      fs.writeFileSync(p + '.gz', gz);
      before += data.length; after += br.length;
      console.log(`${p}: ${data.length} raw, ${gz.length} gzip, ${br.length} brotli`);
    }
  }
}
walk(root);
console.log(`total: ${before} raw, ${after} brotli`);
