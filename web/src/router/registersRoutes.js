// Console routes of the registers (一单两库一细则), children of "/console". meta.menu names the
// console menu entry a page belongs to (detail pages highlight their list's entry).
const ItemList = () => import('@/views/console/registers/ItemList.vue');
const ItemDetail = () => import('@/views/console/registers/ItemDetail.vue');
const ItemEdit = () => import('@/views/console/registers/ItemEdit.vue');
const TargetList = () => import('@/views/console/registers/TargetList.vue');
const TargetDetail = () => import('@/views/console/registers/TargetDetail.vue');
const TargetEdit = () => import('@/views/console/registers/TargetEdit.vue');
const InspectorList = () => import('@/views/console/registers/InspectorList.vue');
const InspectorDetail = () => import('@/views/console/registers/InspectorDetail.vue');
const InspectorEdit = () => import('@/views/console/registers/InspectorEdit.vue');
const ExpertList = () => import('@/views/console/registers/ExpertList.vue');
const ConflictList = () => import('@/views/console/registers/ConflictList.vue');
const RulesView = () => import('@/views/console/registers/RulesView.vue');
const RulesEdit = () => import('@/views/console/registers/RulesEdit.vue');
const TransferView = () => import('@/views/console/registers/TransferView.vue');

export const registersRoutes = [
  // 一单: random-inspection item list
  { path: 'registers/items', name: 'reg-items', component: ItemList, meta: { title: '随机抽查事项清单', menu: 'reg-items' } },
  { path: 'registers/items/new', name: 'reg-item-new', component: ItemEdit, meta: { title: '新增抽查事项', menu: 'reg-items' } },
  { path: 'registers/items/:id(\\d+)', name: 'reg-item', component: ItemDetail, meta: { title: '抽查事项', menu: 'reg-items' } },
  { path: 'registers/items/:id(\\d+)/edit', name: 'reg-item-edit', component: ItemEdit, meta: { title: '修改抽查事项', menu: 'reg-items' } },
  // 两库: targets and inspectors
  { path: 'registers/targets', name: 'reg-targets', component: TargetList, meta: { title: '检查对象名录库', menu: 'reg-targets' } },
  { path: 'registers/targets/new', name: 'reg-target-new', component: TargetEdit, meta: { title: '新增检查对象', menu: 'reg-targets' } },
  { path: 'registers/targets/:id(\\d+)', name: 'reg-target', component: TargetDetail, meta: { title: '检查对象', menu: 'reg-targets' } },
  { path: 'registers/targets/:id(\\d+)/edit', name: 'reg-target-edit', component: TargetEdit, meta: { title: '修改检查对象', menu: 'reg-targets' } },
  { path: 'registers/inspectors', name: 'reg-inspectors', component: InspectorList, meta: { title: '执法检查人员名录库', menu: 'reg-inspectors' } },
  { path: 'registers/inspectors/new', name: 'reg-inspector-new', component: InspectorEdit, meta: { title: '新增执法检查人员', menu: 'reg-inspectors' } },
  { path: 'registers/inspectors/:id(\\d+)', name: 'reg-inspector', component: InspectorDetail, meta: { title: '执法检查人员', menu: 'reg-inspectors' } },
  { path: 'registers/inspectors/:id(\\d+)/edit', name: 'reg-inspector-edit', component: InspectorEdit, meta: { title: '修改执法检查人员', menu: 'reg-inspectors' } },
  // 专家库 and 回避
  { path: 'registers/experts', name: 'reg-experts', component: ExpertList, meta: { title: '专家名录库', menu: 'reg-experts' } },
  { path: 'registers/conflicts', name: 'reg-conflicts', component: ConflictList, meta: { title: '回避关系', menu: 'reg-conflicts' } },
  // 一细则
  { path: 'registers/rules', name: 'reg-rules', component: RulesView, meta: { title: '抽查细则', menu: 'reg-rules' } },
  { path: 'registers/rules/:dept(\\d+)/edit', name: 'reg-rules-edit', component: RulesEdit, meta: { title: '修改抽查细则', menu: 'reg-rules' } },
  // import / export
  { path: 'registers/transfer', name: 'reg-transfer', component: TransferView, meta: { title: '导入导出', menu: 'reg-transfer' } },
];
