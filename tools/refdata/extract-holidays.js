// Writes data/calendar/cn-holidays.csv from the npm package chinese-days, used purely as a
// data source. Run from a directory outside the repo where `npm i chinese-days` was done:
//   node /path/to/repo/tools/refdata/extract-holidays.js FIRST_YEAR LAST_YEAR > cn-holidays.csv
// Node standard library only.
'use strict';
const fs = require('fs');
const path = require('path');

const pkgDir = path.join(process.cwd(), 'node_modules', 'chinese-days');
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
const first = Number(process.argv[2] || 2004);
const last = Number(process.argv[3] || 2026);

// chinese-days labels some festivals without the 节 suffix; the notices say 清明节, 端午节, 中秋节.
const kNames = {
  '元旦': '元旦', '春节': '春节', '清明': '清明节', '劳动节': '劳动节', '端午': '端午节',
  '中秋': '中秋节', '国庆节': '国庆节',
  '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日': '抗战胜利70周年纪念日',
};

const rows = [];
for (let y = first; y <= last; y++) {
  const data = JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', 'years', `${y}.json`), 'utf8'));
  for (const [kind, key] of [['holiday', 'holidays'], ['workday', 'workdays']]) {
    for (const [date, value] of Object.entries(data[key])) {
      const raw = value.split(',')[1];
      const name = kNames[raw];
      if (!name) throw new Error(`unknown festival name ${raw} on ${date}`);
      rows.push(`${date},${kind},${name}`);
    }
  }
}
rows.sort();
const today = new Date().toISOString().slice(0, 10);
process.stdout.write(
    `# 国务院办公厅部分节假日安排（放假调休），${first}—${last}年。\n` +
    `# holiday = 放假日（含放假期间的周六、周日）；workday = 调休上班日（周六或周日上班）。\n` +
    `# 一年的安排须整年收录：某年只要有一行，即视为该年已收录。\n` +
    `# Source: npm chinese-days ${version} (dist/years/YYYY.json), extracted ${today}\n` +
    `#   by tools/refdata/extract-holidays.js. Years 2019-2026 cross-checked against the text of\n` +
    `#   the State Council notices (see data/README.md and src/core/calendar_test.cc).\n` +
    `date,kind,name\n` + rows.join('\n') + '\n');
