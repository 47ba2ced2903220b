#include "api/register_json.h"

#include <cctype>

#include "core/industry.h"
#include "core/registers/item.h"
#include "core/registers/people.h"
#include "core/registers/rules.h"
#include "core/registers/target.h"

namespace suiji::api {
namespace {

Json OptText(const std::optional<std::string>& s) { return s ? Json(*s) : Json(); }

std::string UnitName(const service::OrgSnapshot& snap, int64_t id) {
  const Unit* u = snap.FindUnit(id);
  return u ? u->name : "";
}

std::string DepartmentName(const service::OrgSnapshot& snap, int64_t id) {
  const Department* d = snap.FindDepartment(id);
  return d ? d->name : "";
}

std::string PercentEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace

Json ItemHeadJson(const registers::ItemHead& h, const service::OrgSnapshot& snap) {
  return {{"id", h.id},
          {"department_id", h.department_id},
          {"department_name", DepartmentName(snap, h.department_id)},
          {"code", h.code},
          {"name", h.name},
          {"category", h.category},
          {"level", h.level},
          {"life_safety", h.life_safety},
          {"active", h.active},
          {"current_version", h.current_version},
          {"published_version", h.published_version ? Json(*h.published_version) : Json()},
          {"created_at", h.created_at},
          {"updated_at", h.updated_at}};
}

Json ItemVersionJson(const registers::ItemVersion& v) {
  return {{"item_id", v.item_id},
          {"version", v.version},
          {"item", registers::ItemToJson(v.item)},
          {"note", v.note},
          {"created_at", v.created_at},
          {"created_by", v.created_by},
          {"published_at", OptText(v.published_at)},
          {"published_by", v.published_by}};
}

Json ItemViewJson(const service::ItemView& v, const service::OrgSnapshot& snap) {
  Json j = ItemHeadJson(v.head, snap);
  j["item"] = registers::ItemToJson(v.current.item);
  j["version"] = {{"version", v.current.version},
                  {"note", v.current.note},
                  {"created_at", v.current.created_at},
                  {"created_by", v.current.created_by},
                  {"published_at", OptText(v.current.published_at)},
                  {"published_by", v.current.published_by}};
  return j;
}

Json RulesVersionJson(const registers::RulesVersion& v) {
  return {{"department_id", v.department_id},
          {"version", v.version},
          {"rules", registers::RulesToJson(v.rules)},
          {"note", v.note},
          {"created_at", v.created_at},
          {"created_by", v.created_by},
          {"published_at", OptText(v.published_at)},
          {"published_by", v.published_by}};
}

Json RulesViewJson(const service::RulesView& v) {
  Json j = RulesVersionJson(v.current);
  j["published_version"] = v.published_version ? Json(*v.published_version) : Json();
  j["is_default"] = v.current.version == 0;
  return j;
}

Json TargetJson(const registers::TargetRecord& t, const service::OrgSnapshot& snap) {
  Json j = registers::TargetToJson(t.target);
  j["id"] = t.id;
  j["unit_name"] = UnitName(snap, t.target.unit_id);
  const Industry* ind = IndustryByCode(t.target.industry_code);
  j["industry_name"] = ind ? ind->name : "";
  j["created_at"] = t.created_at;
  j["updated_at"] = t.updated_at;
  return j;
}

Json InspectorJson(const registers::InspectorRecord& i, const service::OrgSnapshot& snap) {
  Json j = registers::InspectorToJson(i.inspector);
  j["id"] = i.id;
  j["unit_name"] = UnitName(snap, i.inspector.unit_id);
  j["department_name"] = DepartmentName(snap, i.inspector.department_id);
  j["created_at"] = i.created_at;
  j["updated_at"] = i.updated_at;
  return j;
}

Json ExpertJson(const registers::ExpertRecord& e, const service::OrgSnapshot& snap) {
  Json j = registers::ExpertToJson(e.expert);
  j["id"] = e.id;
  j["department_name"] = DepartmentName(snap, e.expert.department_id);
  j["created_at"] = e.created_at;
  j["updated_at"] = e.updated_at;
  return j;
}

Json ConflictJson(const registers::ConflictRecord& c) {
  Json j = registers::ConflictToJson(c.conflict);
  j["id"] = c.id;
  j["created_at"] = c.created_at;
  j["updated_at"] = c.updated_at;
  j["inspector_name"] = c.parties.inspector_name;
  j["inspector_cert_no"] = c.parties.inspector_cert_no;
  j["target_name"] = c.parties.target_name;
  j["target_key"] = c.parties.target_key;
  j["changeable"] = c.changeable;
  return j;
}

Json HistoryJson(const std::vector<registers::HistoryEntry>& entries,
                 const std::vector<registers::FieldInfo>& fields) {
  Json out = Json::array();
  for (const auto& e : entries) {
    std::string label;
    for (const auto& f : fields)
      if (f.key == e.field) label = f.label;
    out.push_back({{"id", e.id},
                   {"at", e.at},
                   {"actor", e.actor},
                   {"actor_name", e.actor_name},
                   {"action", e.action},
                   {"field", e.field},
                   {"label", label},
                   {"old", OptText(e.old_value)},
                   {"new", OptText(e.new_value)},
                   {"note", e.note}});
  }
  return {{"items", out}};
}

Json ChangesResponse(int from, int to, const registers::Changes& changes) {
  return {{"from", from}, {"to", to}, {"changes", registers::ChangesToJson(changes)}};
}

Json ImportResultJson(const service::ImportResult& r) {
  return {{"register", service::RegisterKindName(r.kind)},
          {"dry_run", r.dry_run},
          {"applied", r.applied},
          {"rows", r.report.rows()},
          {"created", r.created},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"overridden", r.overridden},
          {"sha256", r.sha256},
          {"encoding", r.encoding},
          {"report", r.report.ToJson()}};
}

Response ImportResponse(const service::ImportResult& r) {
  if (Status refused = r.report.ToStatus(); !refused.ok())
    return ErrorResponse(refused, ImportResultJson(r));
  return Response::Json(200, ImportResultJson(r));
}

Json PageJson(Json items, int64_t total, int64_t page, int64_t page_size) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page}, {"page_size", page_size}};
}

StatusOr<std::string> NoteOf(const Json& body, const char* key) {
  ASSIGN_OR_RETURN(auto note,
                   OptionalString(body, key, key == std::string("reason") ? "原因" : "说明"));
  return note ? std::string(registers::TrimText(*note)) : std::string();
}

Response FileResponse(std::string bytes, tabular::Format format, const std::string& chinese_name,
                      const std::string& ascii_name) {
  Response r;
  r.status = 200;
  r.body = std::move(bytes);
  const std::string ext(tabular::FileExtension(format));
  r.SetHeader("Content-Type", std::string(tabular::MimeType(format)));
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + ascii_name + ext +
                                         "\"; filename*=UTF-8''" +
                                         PercentEncode(chinese_name + ext));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace suiji::api
