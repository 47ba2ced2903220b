// Sections of the public portal shown in its navigation and on the home page. Add an entry only
// together with its route (router/index.js, child of "/"): the portal never shows links to pages
// that do not exist. `text` describes the section on the home page (omit for the home itself).
export const PORTAL_SECTIONS = [
  { name: 'portal-home', title: '首页' },
  {
    name: 'portal-draws',
    title: '随机抽取记录',
    text: '每次随机抽取的承诺值、随机数来源与取值、见证人、抽取结果、替换记录和平台签名；可按统一社会信用代码查询与本单位有关的抽取。',
  },
  {
    name: 'portal-verify',
    title: '验证抽取记录',
    text: '选择一份抽取记录文件，在浏览器中重新计算整个抽取过程并核对平台签名，文件不会上传。',
  },
];
