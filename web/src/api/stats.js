// 统计分析 (SPEC §STAT). Shape follows src/api/routes_stats.cc:
//   StatsOverview {year, half (1|2|null), region, from, to, today,
//     goals: {participation_bp, frequency_bp, on_time_bp},
//     departments: [{department_id, department_name, region_code,
//       plans: {count, published, published_on_time}, tasks, joint_tasks, joint_share_bp,
//       due, not_entered, in_progress, approved, published, entered, published_on_time, overdue,
//       completion_rate_bp, publication_rate_bp, on_time_rate_bp,
//       problems_by_item: [{item_code, entered, problems, rate_bp}],
//       problems_by_risk: [{risk_class, entered, problems, rate_bp}],
//       inspectors: {certified, participating, participation_bp,
//         below_frequency: [{inspector_id, name, tasks, frequency_bp}]},
//       yearly_cap, targets_over_cap}],
//     trend: [{month, tasks, entered, published}]}
import { API_BASE, http } from './http';

/** GET /stats/overview?year=&half=&region= → StatsOverview. */
export function statsOverview(query = {}, options = {}) {
  return http.get('/stats/overview', { query, ...options });
}

/** The URL of GET /stats/overview.xlsx?year=&half= (the department table as a workbook). */
export function statsOverviewXlsxUrl(query = {}) {
  const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return `${API_BASE}/stats/overview.xlsx?${q}`;
}

/**
 * The URL of GET /stats/report.xlsx?kind=half-year|annual&year=&half= (the half-year 统计表 or the
 * annual summary, as handed upward).
 */
export function statsReportXlsxUrl(query = {}) {
  const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return `${API_BASE}/stats/report.xlsx?${q}`;
}
