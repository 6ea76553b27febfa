// After a build: gives the CSS, JS and wasm content-hashed names (tracker.<hash>.css …) and
// writes target/site/hash.txt, which the server reads to link them; then writes .br and .gz
// copies of every static asset at maximum compression, so the server sends them
// precompressed instead of compressing on every request at a fast level.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');

const root = process.argv[2] || 'target/site';
const pkg = path.join(root, 'pkg');
const hashed = /^tracker\.[0-9a-f]{16}\.(css|js|wasm)(\.br|\.gz)?$/;
for (const name of fs.readdirSync(pkg)) {
  if (hashed.test(name)) fs.unlinkSync(path.join(pkg, name));
}
const sources = { css: 'tracker.css', js: 'tracker.js', wasm: fs.existsSync(path.join(pkg, 'tracker.wasm')) ? 'tracker.wasm' : 'tracker_bg.wasm' };
const lines = [];
for (const [kind, name] of Object.entries(sources)) {
  const p = path.join(pkg, name);
  if (!fs.existsSync(p)) continue;
  const data = fs.readFileSync(p);
  const hash = crypto.createHash('sha256').update(data).digest('hex').slice(0, 16);
  fs.writeFileSync(path.join(pkg, `tracker.${hash}.${kind}`), data);
  lines.push(`${kind}: ${hash}`);
}
fs.writeFileSync(path.join(root, 'hash.txt'), lines.join('\n') + '\n');

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
