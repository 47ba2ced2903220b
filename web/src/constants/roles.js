// Role codes as the server sends them (src/core/authz.h) with their Chinese names and the
// duties each role has on the platform (SPEC §0). The server's role_name wins when present.
export const ROLE_INFO = {
  admin: {
    name: '系统管理员',
    duties: ['维护组织机构、用户账号和角色授权', '配置系统参数与数据字典', '查看审计日志，核验审计链完整性'],
  },
  coordinator: {
    name: '联席会议办公室',
    duties: [
      '查看辖区内各部门的抽查事项、计划、任务和结果',
      '发现可合并的检查对象，组织部门联合抽查',
      '统计计划完成率、按时公示率和检查人员参与情况，督促整改',
    ],
  },
  planner: {
    name: '部门业务人员',
    duties: [
      '维护本部门随机抽查事项清单、检查对象名录库和执法检查人员名录库',
      '制定年度抽查计划和抽查任务',
      '组织随机抽取检查对象和执法检查人员',
    ],
  },
  approver: {
    name: '部门负责人',
    duties: ['审核抽查计划及计划调整', '审批检查人员更换申请', '审核检查结果，审核通过后方可公示'],
  },
  inspector: {
    name: '执法检查人员',
    duties: [
      '查看分配给本人的检查任务',
      '在检查现场（可使用手机）逐项录入检查结果',
      '上传检查证据材料，确认同组人员的检查记录',
    ],
  },
  witness: {
    name: '见证人',
    duties: ['现场见证随机抽取过程', '录入骰子数字等见证值', '对抽取结果签字确认'],
  },
};

/** Chinese name of a grant's role, preferring the server's text. */
export function roleName(grant) {
  return grant.role_name || ROLE_INFO[grant.role]?.name || grant.role;
}

/** Duties of a role code; empty for an unknown role. */
export function roleDuties(role) {
  return ROLE_INFO[role]?.duties || [];
}

/** Human text of a grant's scope, preferring the server's text. */
export function scopeName(grant) {
  if (grant.scope_name) return grant.scope_name;
  if (!grant.scope || grant.scope === 'global') return '全平台';
  return grant.scope;
}
