#include "service/registers/item_service.h"

#include "core/text.h"
#include "service/audit.h"
#include "service/registers/record_crud.h"
#include "store/registers/item_store.h"

namespace suiji::service {
namespace {

using registers::InspectionItem;

Status ItemNotFound(int64_t id) {
  return NotFound("ITEM_NOT_FOUND", "抽查事项不存在（编号 " + std::to_string(id) + "）");
}

using crud::ChangedFields;

}  // namespace

Status ItemService::Check(const InspectionItem& item) {
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  registers::Problems p = registers::ValidateItem(item, *dicts);
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  if (item.lead_department_id && !snap->FindDepartment(*item.lead_department_id))
    p.push_back({"lead_department_id", "发起部门",
                 "部门不存在（编号 " + std::to_string(*item.lead_department_id) + "）"});
  for (int64_t id : item.cooperating_department_ids)
    if (id > 0 && !snap->FindDepartment(id))
      p.push_back({"cooperating_department_ids", "配合部门",
                   "部门不存在（编号 " + std::to_string(id) + "）"});
  return registers::ProblemsToStatus(p, "ITEM_INVALID");
}

StatusOr<ItemView> ItemService::Load(store::Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto head, store::FindItemHead(c, id));
  if (!head) return ItemNotFound(id);
  ASSIGN_OR_RETURN(auto v, store::FindItemVersion(c, id, head->current_version));
  if (!v)
    return DataLoss("ITEM_VERSION_MISSING",
                    "抽查事项的当前版本缺失（编号 " + std::to_string(id) + "）");
  return ItemView{std::move(*head), std::move(*v)};
}

StatusOr<ItemView> ItemService::Create(const Principal& who, const InspectionItem& item,
                                       const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(item.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  RETURN_IF_ERROR(Check(item));
  const std::string now = ctx_.Now();
  ItemView view;
  Status s =
      store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto existing,
                         store::FindItemHeadByCode(c, item.department_id, item.code));
        if (existing)
          return AlreadyExists("ITEM_CODE_TAKEN", "本部门已有编码为“" + item.code + "”的抽查事项");
        auto id = store::InsertItemHead(c, item, now);
        if (!id.ok())
          return crud::MapUnique(id.status(), "ITEM_CODE_TAKEN",
                                 "本部门已有编码为“" + item.code + "”的抽查事项");
        registers::ItemVersion v{
            *id, 1, item, note.empty() ? "新增" : note, now, ActorName(who), std::nullopt, ""};
        RETURN_IF_ERROR(store::InsertItemVersion(c, v));
        RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, "item.create", "item", std::to_string(*id),
                                    {{"department_id", item.department_id},
                                     {"code", item.code},
                                     {"version", 1},
                                     {"note", v.note}}));
        ASSIGN_OR_RETURN(view, Load(c, *id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return view;
}

StatusOr<ItemView> ItemService::NewVersion(const Principal& who, int64_t id,
                                           const std::optional<InspectionItem>& next_in,
                                           const std::string& note, std::optional<int> base_version,
                                           const char* action) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ItemView before;
  {
    ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
    ASSIGN_OR_RETURN(before, Load(*conn, id));
  }
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(before.head.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  InspectionItem next = next_in ? *next_in : before.current.item;
  if (!next_in) {
    next.active = false;
    next.inactive_reason = note;
  }
  if (next.department_id == 0) next.department_id = before.head.department_id;
  if (next.code.empty()) next.code = before.head.code;
  if (next.department_id != before.head.department_id || next.code != before.head.code)
    return InvalidArgument(
        "ITEM_IDENTITY_IMMUTABLE",
        "事项编码和所属部门是事项的标识，不能修改；如需调整请新增事项并停用原事项");
  RETURN_IF_ERROR(Check(next));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  const std::string now = ctx_.Now();
  ItemView view;
  Status s =
      store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(ItemView cur, Load(c, id));
        if (base_version && *base_version != cur.head.current_version)
          return Aborted("ITEM_VERSION_CONFLICT", "事项已被他人修改（当前为第 " +
                                                      std::to_string(cur.head.current_version) +
                                                      " 版），请刷新后重试");
        registers::Changes changes =
            registers::DiffItems(cur.current.item, next, DepartmentNamer(snap));
        if (changes.empty())
          return FailedPrecondition("ITEM_UNCHANGED", "没有任何修改，未生成新版本");
        const int version = cur.head.current_version + 1;
        std::string why = note;
        if (why.empty()) why = next_in ? "修改" : "停用";
        Status ins = store::InsertItemVersion(
            c, {id, version, next, why, now, ActorName(who), std::nullopt, ""});
        if (ins.reason() == "DB_UNIQUE_VIOLATION")
          return Aborted("ITEM_VERSION_CONFLICT", "事项已被他人修改，请刷新后重试");
        RETURN_IF_ERROR(ins);
        RETURN_IF_ERROR(store::UpdateItemHead(c, id, next, version, now));
        RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, action, "item", std::to_string(id),
                                    {{"department_id", next.department_id},
                                     {"code", next.code},
                                     {"version", version},
                                     {"changed", ChangedFields(changes)},
                                     {"note", why}}));
        ASSIGN_OR_RETURN(view, Load(c, id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return view;
}

StatusOr<ItemView> ItemService::Update(const Principal& who, int64_t id, const InspectionItem& item,
                                       const std::string& note, std::optional<int> base_version) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return NewVersion(who, id, item, note, base_version, "item.update");
}

StatusOr<ItemView> ItemService::Deactivate(const Principal& who, int64_t id,
                                           const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "停用事项必须说明原因");
  return NewVersion(who, id, std::nullopt, reason, std::nullopt, "item.deactivate");
}

StatusOr<ItemView> ItemService::Publish(const Principal& who, int64_t id, int version) {
  ItemView before;
  {
    ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
    ASSIGN_OR_RETURN(before, Load(*conn, id));
  }
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(before.head.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanApprove, loc));
  const std::string now = ctx_.Now();
  ItemView view;
  Status s =
      store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto v, store::FindItemVersion(c, id, version));
        if (!v)
          return NotFound("ITEM_VERSION_NOT_FOUND",
                          "事项没有第 " + std::to_string(version) + " 版");
        if (v->published_at)
          return FailedPrecondition(
              "ITEM_ALREADY_PUBLISHED",
              "第 " + std::to_string(version) + " 版已于 " + *v->published_at + " 发布");
        RETURN_IF_ERROR(store::MarkItemVersionPublished(c, id, version, now, ActorName(who)));
        RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, "item.publish", "item", std::to_string(id),
                                    {{"code", v->item.code}, {"version", version}}));
        ASSIGN_OR_RETURN(view, Load(c, id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return view;
}

StatusOr<ItemView> ItemService::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return Load(*conn, id);
}

StatusOr<std::vector<registers::ItemVersion>> ItemService::Versions(const Principal& who,
                                                                    int64_t id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto versions, store::ListItemVersions(*conn, id));
  if (versions.empty()) return ItemNotFound(id);
  return versions;
}

StatusOr<registers::ItemVersion> ItemService::Version(const Principal& who, int64_t id,
                                                      int version) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto v, store::FindItemVersion(*conn, id, version));
  if (!v) {
    ASSIGN_OR_RETURN(auto head, store::FindItemHead(*conn, id));
    if (!head) return ItemNotFound(id);
    return NotFound("ITEM_VERSION_NOT_FOUND", "事项没有第 " + std::to_string(version) + " 版");
  }
  return std::move(*v);
}

StatusOr<registers::Changes> ItemService::Diff(const Principal& who, int64_t id, int from, int to) {
  ASSIGN_OR_RETURN(auto a, Version(who, id, from));
  ASSIGN_OR_RETURN(auto b, Version(who, id, to));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  return registers::DiffItems(a.item, b.item, DepartmentNamer(snap));
}

StatusOr<std::pair<std::vector<registers::ItemHead>, int64_t>> ItemService::List(
    const Principal& who, const ItemSearch& search) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  store::ItemListQuery q;
  q.department_ids = search.department_ids;
  q.text = search.text;
  q.category = search.category;
  q.active = search.active;
  q.published = search.published;
  q.offset = search.offset;
  q.limit = search.limit;
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListItemHeads(*conn, q);
}

StatusOr<std::pair<std::vector<PublicItem>, int64_t>> ItemService::PublicList(
    const ItemSearch& search) {
  store::ItemListQuery q;
  q.department_ids = search.department_ids;
  q.text = search.text;
  q.category = search.category;
  q.active = search.active;
  q.published = true;
  q.offset = search.offset;
  q.limit = search.limit;
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto page, store::ListItemHeads(*conn, q));
  std::vector<PublicItem> out;
  for (auto& head : page.first) {
    if (!head.published_version) continue;
    ASSIGN_OR_RETURN(auto v, store::FindItemVersion(*conn, head.id, *head.published_version));
    if (!v) continue;
    out.push_back({std::move(head), std::move(*v)});
  }
  return std::make_pair(std::move(out), page.second);
}

StatusOr<std::vector<registers::ItemVersion>> ItemService::PublicVersions(int64_t id) {
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto versions, store::ListItemVersions(*conn, id));
  std::vector<registers::ItemVersion> out;
  for (auto& v : versions)
    if (v.published_at) out.push_back(std::move(v));
  if (out.empty()) return ItemNotFound(id);
  return out;
}

StatusOr<registers::Changes> ItemService::PublicDiff(int64_t id, int from, int to) {
  ASSIGN_OR_RETURN(auto versions, PublicVersions(id));
  auto find = [&](int n) -> StatusOr<const registers::ItemVersion*> {
    for (const auto& v : versions)
      if (v.version == n) return &v;
    return NotFound("ITEM_VERSION_NOT_FOUND", "事项没有已公布的第 " + std::to_string(n) + " 版");
  };
  ASSIGN_OR_RETURN(const registers::ItemVersion* a, find(from));
  ASSIGN_OR_RETURN(const registers::ItemVersion* b, find(to));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  return registers::DiffItems(a->item, b->item, DepartmentNamer(snap));
}

// --- 一细则 ---------------------------------------------------------------------------------

StatusOr<RulesView> RulesService::Load(store::Connection& c, int64_t department_id) {
  ASSIGN_OR_RETURN(auto versions, store::ListRulesVersions(c, department_id));
  RulesView view;
  if (versions.empty()) {
    view.current.department_id = department_id;
    view.current.rules = registers::DefaultRules(department_id);
    return view;
  }
  for (const auto& v : versions)
    if (v.published_at) view.published_version = v.version;
  view.current = std::move(versions.back());
  return view;
}

StatusOr<RulesView> RulesService::Get(const Principal& who, int64_t department_id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(department_id));
  (void)loc;
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return Load(*conn, department_id);
}

StatusOr<RulesView> RulesService::Save(const Principal& who, int64_t department_id,
                                       const registers::DepartmentRules& in,
                                       const std::string& note, std::optional<int> base_version) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  registers::DepartmentRules rules = in;
  if (rules.department_id == 0) rules.department_id = department_id;
  if (rules.department_id != department_id)
    return InvalidArgument("RULES_DEPARTMENT_MISMATCH", "细则所属部门与请求的部门不一致");
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  RETURN_IF_ERROR(
      registers::ProblemsToStatus(registers::ValidateRules(rules, *dicts), "RULES_INVALID"));
  const std::string now = ctx_.Now();
  RulesView view;
  Status s =
      store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(RulesView cur, Load(c, department_id));
        if (base_version && *base_version != cur.current.version)
          return Aborted("RULES_VERSION_CONFLICT", "细则已被他人修改（当前为第 " +
                                                       std::to_string(cur.current.version) +
                                                       " 版），请刷新后重试");
        registers::Changes changes = registers::DiffRules(cur.current.rules, rules);
        if (changes.empty() && cur.current.version > 0)
          return FailedPrecondition("RULES_UNCHANGED", "没有任何修改，未生成新版本");
        const int version = cur.current.version + 1;
        const std::string why = note.empty() ? (version == 1 ? "制定" : "修改") : note;
        Status ins = store::InsertRulesVersion(
            c, {department_id, version, rules, why, now, ActorName(who), std::nullopt, ""});
        if (ins.reason() == "DB_UNIQUE_VIOLATION")
          return Aborted("RULES_VERSION_CONFLICT", "细则已被他人修改，请刷新后重试");
        RETURN_IF_ERROR(ins);
        RETURN_IF_ERROR(RecordAudit(
            c, ctx_.clock, who, "rules.update", "department_rules", std::to_string(department_id),
            {{"version", version}, {"changed", ChangedFields(changes)}, {"note", why}}));
        ASSIGN_OR_RETURN(view, Load(c, department_id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return view;
}

StatusOr<RulesView> RulesService::Publish(const Principal& who, int64_t department_id,
                                          int version) {
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanApprove, loc));
  const std::string now = ctx_.Now();
  RulesView view;
  Status s =
      store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto v, store::FindRulesVersion(c, department_id, version));
        if (!v || version <= 0)
          return NotFound("RULES_VERSION_NOT_FOUND",
                          "细则没有第 " + std::to_string(version) + " 版");
        if (v->published_at)
          return FailedPrecondition(
              "RULES_ALREADY_PUBLISHED",
              "第 " + std::to_string(version) + " 版已于 " + *v->published_at + " 发布");
        RETURN_IF_ERROR(
            store::MarkRulesVersionPublished(c, department_id, version, now, ActorName(who)));
        RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, "rules.publish", "department_rules",
                                    std::to_string(department_id), {{"version", version}}));
        ASSIGN_OR_RETURN(view, Load(c, department_id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return view;
}

StatusOr<std::vector<registers::RulesVersion>> RulesService::Versions(const Principal& who,
                                                                      int64_t department_id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(department_id));
  (void)loc;
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListRulesVersions(*conn, department_id);
}

StatusOr<registers::RulesVersion> RulesService::Version(const Principal& who, int64_t department_id,
                                                        int version) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  if (version == 0) {
    registers::RulesVersion v;
    v.department_id = department_id;
    v.rules = registers::DefaultRules(department_id);
    v.note = "默认策略";
    return v;
  }
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto v, store::FindRulesVersion(*conn, department_id, version));
  if (!v || version < 0)
    return NotFound("RULES_VERSION_NOT_FOUND", "细则没有第 " + std::to_string(version) + " 版");
  return std::move(*v);
}

StatusOr<registers::Changes> RulesService::Diff(const Principal& who, int64_t department_id,
                                                int from, int to) {
  ASSIGN_OR_RETURN(auto a, Version(who, department_id, from));
  ASSIGN_OR_RETURN(auto b, Version(who, department_id, to));
  return registers::DiffRules(a.rules, b.rules);
}

}  // namespace suiji::service
