// Sections of the public portal shown in its navigation and on the home page. Add an entry only
// together with its route (router/index.js, child of "/"): the portal never shows links to pages
// that do not exist. `text` describes the section on the home page (omit for the home itself).
export const PORTAL_SECTIONS = [
  { name: 'portal-home', title: '首页' },
  {
    name: 'portal-plans',
    title: '抽查计划',
    text: '各部门经审核公示的年度随机抽查计划：抽查批次、检查时间、抽查事项、抽查类型和比例，计划调整的版本与理由。',
  },
  {
    name: 'portal-items',
    title: '抽查事项清单',
    text: '各部门公布的随机抽查事项清单：检查依据、检查对象、检查内容、检查方式和抽查比例，每个事项的历次公布版本及版本间的变化。',
  },
  {
    name: 'portal-tasks',
    title: '抽查任务公告',
    text: '已完成随机抽取的抽查任务：检查部门、检查时间、抽查事项和被抽中的检查对象名单（保密任务检查结束后公开），并可查看抽取记录。',
  },
  {
    name: 'portal-results',
    title: '抽查结果',
    text: '各部门随机抽查的检查结果，检查完成后 20 个工作日内公示：按统一社会信用代码或企业名称查询，更正记录与原记录一并公开。',
  },
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
