#include "store/registers/people_store.h"

#include <nlohmann/json.hpp>

#include "store/json_columns.h"
#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

using nlohmann::json;
using registers::ConflictOfInterest;
using registers::Expert;
using registers::Inspector;

std::string DateOrEmpty(const std::optional<Date>& d) { return registers::DateText(d); }
std::optional<Date> OptDate(const std::string& s) {
  return s.empty() ? std::nullopt : Date::Parse(s);
}

std::string QualificationsJson(const std::vector<registers::Qualification>& q) {
  json out = json::array();
  for (const auto& x : q) out.push_back({{"name", x.name}, {"expires", DateOrEmpty(x.expires)}});
  return out.dump();
}

std::string AbsencesJson(const std::vector<registers::Absence>& a) {
  json out = json::array();
  for (const auto& x : a)
    out.push_back(
        {{"kind", x.kind}, {"from", x.from.ToString()}, {"to", x.to.ToString()}, {"note", x.note}});
  return out.dump();
}

// --- inspectors ----------------------------------------------------------------------------

constexpr std::string_view kInspectorCols =
    "id, department_id, unit_id, name, gender, position, cert_no, cert_expires, citizen_id_masked, specialties, "
    "qualifications, item_scope, status, status_reason, absences, phone, user_id, created_at, updated_at";

StatusOr<StoredInspector> ToInspector(const Row& r) {
  StoredInspector s;
  s.id = r.Int(0);
  Inspector& i = s.inspector;
  i.department_id = r.Int(1);
  i.unit_id = r.Int(2);
  i.name = r.Text(3);
  i.gender = r.Text(4);
  i.position = r.Text(5);
  i.cert_no = r.Text(6);
  i.cert_expires = OptDate(r.Text(7));
  i.citizen_id_masked = r.Text(8);
  i.specialties = StringListFromJson(r.Text(9));
  json quals = json::parse(r.Text(10), nullptr, false);
  json absences = json::parse(r.Text(14), nullptr, false);
  if (!quals.is_array() || !absences.is_array())
    return DataLoss("INSPECTOR_ROW_CORRUPT",
                    "执法检查人员数据已损坏（编号 " + std::to_string(s.id) + "）");
  for (const auto& q : quals)
    i.qualifications.push_back({q.value("name", ""), OptDate(q.value("expires", ""))});
  i.item_scope = StringListFromJson(r.Text(11));
  i.status = r.Text(12);
  i.status_reason = r.Text(13);
  for (const auto& a : absences) {
    auto from = Date::Parse(a.value("from", "")), to = Date::Parse(a.value("to", ""));
    if (!from || !to)
      return DataLoss("INSPECTOR_ROW_CORRUPT",
                      "执法检查人员数据已损坏（编号 " + std::to_string(s.id) + "）");
    i.absences.push_back({a.value("kind", ""), *from, *to, a.value("note", "")});
  }
  i.phone = r.Text(15);
  i.user_id = r.OptInt(16);
  s.created_at = r.Text(17);
  s.updated_at = r.Text(18);
  return s;
}

StatusOr<std::optional<StoredInspector>> OneInspector(Connection& c, const std::string& where,
                                                      const Params& p) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kInspectorCols) +
                                                 " FROM inspectors WHERE " + where,
                                             p));
  if (!row) return std::optional<StoredInspector>();
  ASSIGN_OR_RETURN(auto s, ToInspector(*row));
  return std::optional<StoredInspector>(std::move(s));
}

// --- experts -------------------------------------------------------------------------------

constexpr std::string_view kExpertCols =
    "id, department_id, expert_no, name, organisation, external, title, specialties, service_fields, engaged_from, "
    "engaged_to, phone, active, inactive_reason, created_at, updated_at";

StoredExpert ToExpert(const Row& r) {
  StoredExpert s;
  s.id = r.Int(0);
  Expert& e = s.expert;
  e.department_id = r.Int(1);
  e.expert_no = r.Text(2);
  e.name = r.Text(3);
  e.organisation = r.Text(4);
  e.external = r.Bool(5);
  e.title = r.Text(6);
  e.specialties = StringListFromJson(r.Text(7));
  e.service_fields = StringListFromJson(r.Text(8));
  e.engaged_from = OptDate(r.Text(9));
  e.engaged_to = OptDate(r.Text(10));
  e.phone = r.Text(11);
  e.active = r.Bool(12);
  e.inactive_reason = r.Text(13);
  s.created_at = r.Text(14);
  s.updated_at = r.Text(15);
  return s;
}

Params ExpertParams(const Expert& e) {
  return {e.department_id,
          e.expert_no,
          e.name,
          e.organisation,
          int64_t{e.external},
          e.title,
          StringListToJson(e.specialties),
          StringListToJson(e.service_fields),
          DateOrEmpty(e.engaged_from),
          DateOrEmpty(e.engaged_to),
          e.phone,
          int64_t{e.active},
          e.inactive_reason};
}

// --- conflicts -----------------------------------------------------------------------------

constexpr std::string_view kConflictCols =
    "id, inspector_id, target_id, kind, source, note, valid_from, valid_to, active, inactive_reason, created_at, "
    "updated_at, "
    "(SELECT i.name FROM inspectors i WHERE i.id = conflicts.inspector_id), "
    "(SELECT i.cert_no FROM inspectors i WHERE i.id = conflicts.inspector_id), "
    "(SELECT i.unit_id FROM inspectors i WHERE i.id = conflicts.inspector_id), "
    "(SELECT t.name FROM targets t WHERE t.id = conflicts.target_id), "
    "(SELECT t.natural_key FROM targets t WHERE t.id = conflicts.target_id)";

StoredConflict ToConflict(const Row& r) {
  StoredConflict s;
  s.id = r.Int(0);
  ConflictOfInterest& x = s.conflict;
  x.inspector_id = r.Int(1);
  x.target_id = r.Int(2);
  x.kind = r.Text(3);
  x.source = r.Text(4);
  x.note = r.Text(5);
  x.valid_from = OptDate(r.Text(6));
  x.valid_to = OptDate(r.Text(7));
  x.active = r.Bool(8);
  x.inactive_reason = r.Text(9);
  s.created_at = r.Text(10);
  s.updated_at = r.Text(11);
  s.parties.inspector_name = r.OptText(12).value_or("");
  s.parties.inspector_cert_no = r.OptText(13).value_or("");
  s.parties.inspector_unit_id = r.OptInt(14).value_or(0);
  s.parties.target_name = r.OptText(15).value_or("");
  s.parties.target_key = r.OptText(16).value_or("");
  return s;
}

Params ConflictParams(const ConflictOfInterest& x) {
  return {x.inspector_id,
          x.target_id,
          x.kind,
          x.source,
          x.note,
          DateOrEmpty(x.valid_from),
          DateOrEmpty(x.valid_to),
          int64_t{x.active},
          x.inactive_reason};
}

std::string PageClause(Params& p, int64_t limit, int64_t offset) {
  if (limit <= 0) return "";
  std::string l = sql::Bind(p, limit);
  return " LIMIT " + l + " OFFSET " + sql::Bind(p, offset);
}

}  // namespace

StatusOr<int64_t> InsertInspector(Connection& c, const Inspector& i, const SealedCitizenId& id,
                                  std::string_view now) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO inspectors (department_id, unit_id, name, gender, position, cert_no, "
              "cert_expires, citizen_id_cipher, citizen_id_hash, citizen_id_masked, specialties, "
              "qualifications, item_scope, status, status_reason, absences, phone, user_id, "
              "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
              "$12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
              {i.department_id, i.unit_id, i.name, i.gender, i.position, i.cert_no,
               DateOrEmpty(i.cert_expires), Blob{id.cipher}, id.hash, id.masked,
               StringListToJson(i.specialties), QualificationsJson(i.qualifications),
               StringListToJson(i.item_scope), i.status, i.status_reason, AbsencesJson(i.absences),
               i.phone, OrNull(i.user_id), std::string(now)}));
  return rs.front().Int(0);
}

Status UpdateInspector(Connection& c, int64_t id, const Inspector& i,
                       const std::optional<SealedCitizenId>& change, std::string_view now) {
  RETURN_IF_ERROR(c.Execute(
      "UPDATE inspectors SET department_id = $2, unit_id = $3, name = $4, gender = $5, "
      "position = $6, cert_no = $7, cert_expires = $8, specialties = $9, qualifications = $10, "
      "item_scope = $11, status = $12, status_reason = $13, absences = $14, phone = $15, "
      "user_id = $16, updated_at = $17 WHERE id = $1",
      {id, i.department_id, i.unit_id, i.name, i.gender, i.position, i.cert_no,
       DateOrEmpty(i.cert_expires), StringListToJson(i.specialties),
       QualificationsJson(i.qualifications), StringListToJson(i.item_scope), i.status,
       i.status_reason, AbsencesJson(i.absences), i.phone, OrNull(i.user_id), std::string(now)}));
  if (change)
    RETURN_IF_ERROR(
        c.Execute("UPDATE inspectors SET citizen_id_cipher = $2, citizen_id_hash = $3, "
                  "citizen_id_masked = $4 WHERE id = $1",
                  {id, Blob{change->cipher}, change->hash, change->masked}));
  return OkStatus();
}

StatusOr<std::optional<StoredInspector>> FindInspector(Connection& c, int64_t id) {
  return OneInspector(c, "id = $1", {id});
}

StatusOr<std::optional<StoredInspector>> FindInspectorByCertNo(Connection& c,
                                                               std::string_view cert_no) {
  return OneInspector(c, "cert_no = $1", {std::string(cert_no)});
}

StatusOr<std::optional<StoredInspector>> FindInspectorByUser(Connection& c, int64_t user_id) {
  return OneInspector(c, "user_id = $1", {user_id});
}

StatusOr<std::optional<int64_t>> FindInspectorIdByCitizenHash(Connection& c,
                                                              std::string_view hash) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT id FROM inspectors WHERE citizen_id_hash = $1",
                                             {std::string(hash)}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int(0));
}

StatusOr<std::string> LoadCitizenIdCipher(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT citizen_id_cipher FROM inspectors WHERE id = $1",
                                        {id}, "INSPECTOR_NOT_FOUND",
                                        "执法检查人员不存在（编号 " + std::to_string(id) + "）"));
  return row.Bytes(0);
}

StatusOr<std::pair<std::vector<StoredInspector>, int64_t>> ListInspectors(Connection& c,
                                                                          const InspectorQuery& q) {
  Params p;
  std::string where = " WHERE 1 = 1";
  if (q.within_units) {
    if (q.within_units->empty()) where += " AND 1 = 0";
    else where += " AND unit_id IN " + sql::InList(p, *q.within_units);
  }
  if (!q.department_ids.empty())
    where += " AND department_id IN " + sql::InList(p, q.department_ids);
  if (!q.unit_ids.empty()) where += " AND unit_id IN " + sql::InList(p, q.unit_ids);
  if (!q.text.empty()) {
    const std::string t = sql::Bind(p, q.text);
    where += " AND (" + sql::Contains(c.dialect(), "name", t) + " OR " +
             sql::Contains(c.dialect(), "cert_no", t) + ")";
  }
  if (!q.status.empty()) where += " AND status = " + sql::Bind(p, q.status);
  // Qualifications are a JSON array of {"name": …}; the quoted name matches exactly one entry name.
  if (!q.qualification.empty())
    where += " AND " + sql::Contains(c.dialect(), "qualifications",
                                     sql::Bind(p, json(q.qualification).dump()));
  ASSIGN_OR_RETURN(auto total, c.QueryOne("SELECT COUNT(*) FROM inspectors" + where, p, "", ""));
  Params page = p;
  const std::string tail = PageClause(page, q.limit, q.offset);
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kInspectorCols) + " FROM inspectors" +
                                        where + " ORDER BY id" + tail,
                                    page));
  std::vector<StoredInspector> out;
  for (const Row& r : rs.rows) {
    ASSIGN_OR_RETURN(auto s, ToInspector(r));
    out.push_back(std::move(s));
  }
  return std::make_pair(std::move(out), total.Int(0));
}

StatusOr<int64_t> InsertExpert(Connection& c, const Expert& e, std::string_view now) {
  Params p = ExpertParams(e);
  p.emplace_back(std::string(now));
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO experts (department_id, expert_no, name, organisation, external, "
              "title, specialties, service_fields, engaged_from, engaged_to, phone, active, "
              "inactive_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
              "$9, $10, $11, $12, $13, $14, $14) RETURNING id",
              p));
  return rs.front().Int(0);
}

Status UpdateExpert(Connection& c, int64_t id, const Expert& e, std::string_view now) {
  Params p = ExpertParams(e);
  p.emplace_back(std::string(now));
  p.emplace_back(id);
  return c
      .Execute(
          "UPDATE experts SET department_id = $1, expert_no = $2, name = $3, organisation = $4, external = $5, "
          "title = $6, specialties = $7, service_fields = $8, engaged_from = $9, engaged_to = $10, phone = $11, "
          "active = $12, inactive_reason = $13, updated_at = $14 WHERE id = $15",
          p)
      .status();
}

StatusOr<std::optional<StoredExpert>> FindExpert(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kExpertCols) + " FROM experts WHERE id = $1", {id}));
  if (!row) return std::optional<StoredExpert>();
  return std::optional<StoredExpert>(ToExpert(*row));
}

StatusOr<std::optional<StoredExpert>> FindExpertByNo(Connection& c, std::string_view expert_no) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kExpertCols) +
                                                 " FROM experts WHERE expert_no = $1",
                                             {std::string(expert_no)}));
  if (!row) return std::optional<StoredExpert>();
  return std::optional<StoredExpert>(ToExpert(*row));
}

StatusOr<std::pair<std::vector<StoredExpert>, int64_t>> ListExperts(Connection& c,
                                                                    const ExpertQuery& q) {
  Params p;
  std::string where = " WHERE 1 = 1";
  if (!q.department_ids.empty())
    where += " AND department_id IN " + sql::InList(p, q.department_ids);
  if (!q.text.empty()) {
    const std::string t = sql::Bind(p, q.text);
    where += " AND (" + sql::Contains(c.dialect(), "name", t) + " OR " +
             sql::Contains(c.dialect(), "organisation", t) + " OR " +
             sql::Contains(c.dialect(), "specialties", t) + ")";
  }
  if (q.active) where += " AND active = " + sql::Bind(p, int64_t{*q.active});
  ASSIGN_OR_RETURN(auto total, c.QueryOne("SELECT COUNT(*) FROM experts" + where, p, "", ""));
  Params page = p;
  const std::string tail = PageClause(page, q.limit, q.offset);
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kExpertCols) + " FROM experts" + where +
                                        " ORDER BY id" + tail,
                                    page));
  std::vector<StoredExpert> out;
  for (const Row& r : rs.rows) out.push_back(ToExpert(r));
  return std::make_pair(std::move(out), total.Int(0));
}

StatusOr<int64_t> InsertConflict(Connection& c, const ConflictOfInterest& x, std::string_view now) {
  Params p = ConflictParams(x);
  p.emplace_back(std::string(now));
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO conflicts (inspector_id, target_id, kind, source, note, valid_from, "
              "valid_to, active, inactive_reason, created_at, updated_at) VALUES ($1, $2, $3, "
              "$4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
              p));
  return rs.front().Int(0);
}

Status UpdateConflict(Connection& c, int64_t id, const ConflictOfInterest& x,
                      std::string_view now) {
  Params p = ConflictParams(x);
  p.emplace_back(std::string(now));
  p.emplace_back(id);
  return c
      .Execute(
          "UPDATE conflicts SET inspector_id = $1, target_id = $2, kind = $3, source = $4, note = $5, "
          "valid_from = $6, valid_to = $7, active = $8, inactive_reason = $9, updated_at = $10 WHERE id = $11",
          p)
      .status();
}

StatusOr<std::optional<StoredConflict>> FindConflict(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kConflictCols) +
                                                 " FROM conflicts WHERE id = $1",
                                             {id}));
  if (!row) return std::optional<StoredConflict>();
  return std::optional<StoredConflict>(ToConflict(*row));
}

StatusOr<std::optional<StoredConflict>> FindConflictByKey(Connection& c, int64_t inspector_id,
                                                          int64_t target_id,
                                                          std::string_view kind) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kConflictCols) +
                          " FROM conflicts WHERE inspector_id = $1 AND target_id = $2 AND "
                          "kind = $3",
                      {inspector_id, target_id, std::string(kind)}));
  if (!row) return std::optional<StoredConflict>();
  return std::optional<StoredConflict>(ToConflict(*row));
}

StatusOr<std::pair<std::vector<StoredConflict>, int64_t>> ListConflicts(Connection& c,
                                                                        const ConflictQuery& q) {
  Params p;
  std::string where = " WHERE 1 = 1";
  if (!q.inspector_ids.empty()) where += " AND inspector_id IN " + sql::InList(p, q.inspector_ids);
  if (!q.target_ids.empty()) where += " AND target_id IN " + sql::InList(p, q.target_ids);
  if (q.active) where += " AND active = " + sql::Bind(p, int64_t{*q.active});
  if (q.within_units) {
    if (q.within_units->empty()) where += " AND 1 = 0";
    else
      where += " AND inspector_id IN (SELECT id FROM inspectors WHERE unit_id IN " +
               sql::InList(p, *q.within_units) + ")";
  }
  ASSIGN_OR_RETURN(auto total, c.QueryOne("SELECT COUNT(*) FROM conflicts" + where, p, "", ""));
  Params page = p;
  const std::string tail = PageClause(page, q.limit, q.offset);
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kConflictCols) + " FROM conflicts" +
                                        where + " ORDER BY id" + tail,
                                    page));
  std::vector<StoredConflict> out;
  for (const Row& r : rs.rows) out.push_back(ToConflict(r));
  return std::make_pair(std::move(out), total.Int(0));
}

}  // namespace suiji::store
