#include "core/plans/plan.h"

#include <algorithm>

#include "core/text.h"

namespace suiji::plans {
namespace {

// The plan title keeps the 100 characters it always had; a batch is named in a few words
// (第一季度, 3月). A task made from a batch is titled "<plan title> <batch name>", within the
// task title's 200 characters.
constexpr text::TextRule kPlanTitleRule{100, false};
constexpr text::TextRule kBatchNameRule{50, false};
// Weekly batches over a year are 53; nothing plausible needs more than 100.
constexpr size_t kMaxBatches = 100;

}  // namespace

std::string_view PlanStatusName(PlanStatus s) {
  switch (s) {
    case PlanStatus::kDraft: return "draft";
    case PlanStatus::kSubmitted: return "submitted";
    case PlanStatus::kApproved: return "approved";
    case PlanStatus::kPublished: return "published";
    case PlanStatus::kExecuting: return "executing";
    case PlanStatus::kCompleted: return "completed";
    case PlanStatus::kSuperseded: return "superseded";
  }
  return "";
}

std::string_view PlanStatusDisplayName(PlanStatus s) {
  switch (s) {
    case PlanStatus::kDraft: return "草稿";
    case PlanStatus::kSubmitted: return "待审核";
    case PlanStatus::kApproved: return "已批准";
    case PlanStatus::kPublished: return "已公示";
    case PlanStatus::kExecuting: return "执行中";
    case PlanStatus::kCompleted: return "已完成";
    case PlanStatus::kSuperseded: return "已调整";
  }
  return "";
}

std::optional<PlanStatus> ParsePlanStatus(std::string_view name) {
  for (PlanStatus s :
       {PlanStatus::kDraft, PlanStatus::kSubmitted, PlanStatus::kApproved, PlanStatus::kPublished,
        PlanStatus::kExecuting, PlanStatus::kCompleted, PlanStatus::kSuperseded})
    if (PlanStatusName(s) == name) return s;
  return std::nullopt;
}

std::string_view PlanActionDisplayName(PlanAction a) {
  switch (a) {
    case PlanAction::kSubmit: return "提交审核";
    case PlanAction::kReturn: return "退回修改";
    case PlanAction::kApprove: return "批准";
    case PlanAction::kPublish: return "公示";
    case PlanAction::kStart: return "开始执行";
    case PlanAction::kComplete: return "完成";
  }
  return "";
}

StatusOr<PlanStatus> NextPlanStatus(PlanStatus from, PlanAction action) {
  std::optional<PlanStatus> to;
  switch (action) {
    case PlanAction::kSubmit:
      if (from == PlanStatus::kDraft) to = PlanStatus::kSubmitted;
      break;
    case PlanAction::kReturn:
      if (from == PlanStatus::kSubmitted) to = PlanStatus::kDraft;
      break;
    case PlanAction::kApprove:
      if (from == PlanStatus::kSubmitted) to = PlanStatus::kApproved;
      break;
    case PlanAction::kPublish:
      if (from == PlanStatus::kApproved) to = PlanStatus::kPublished;
      break;
    case PlanAction::kStart:
      if (from == PlanStatus::kPublished) to = PlanStatus::kExecuting;
      break;
    case PlanAction::kComplete:
      if (from == PlanStatus::kExecuting) to = PlanStatus::kCompleted;
      break;
  }
  if (!to)
    return FailedPrecondition("PLAN_STATE_INVALID",
                              "计划当前状态为“" + std::string(PlanStatusDisplayName(from)) +
                                  "”，不能" + std::string(PlanActionDisplayName(action)));
  return *to;
}

Status CheckPlanText(const PlanContent& p) {
  RETURN_IF_ERROR(text::CheckText("计划名称", p.title, kPlanTitleRule));
  if (p.batches.size() > kMaxBatches)
    return InvalidArgument("PLAN_TOO_MANY_BATCHES",
                           "一个计划最多 " + std::to_string(kMaxBatches) + " 个批次");
  for (const Batch& b : p.batches) {
    RETURN_IF_ERROR(text::CheckText("批次名称", b.name, kBatchNameRule));
    RETURN_IF_ERROR(text::CheckText("批次说明", b.note, text::kNote));
  }
  return OkStatus();
}

registers::Problems ValidatePlanContent(const PlanContent& p) {
  registers::Problems out;
  registers::CheckText(out, "title", "计划名称", p.title, true, kPlanTitleRule.max_chars);
  if (p.kind != "年度" && p.kind != "半年度")
    out.push_back({"kind", "计划类型", "应为“年度”或“半年度”"});
  if (p.year < 2000 || p.year > 2100) out.push_back({"year", "计划年度", "年度无效"});
  if (p.batches.empty()) out.push_back({"batches", "抽查批次", "至少应有一个批次"});
  std::vector<int> seqs;
  for (const Batch& b : p.batches) {
    const std::string key = "batches[" + std::to_string(b.seq) + "]";
    const std::string label = "批次“" + (b.name.empty() ? std::to_string(b.seq) : b.name) + "”";
    if (b.seq < 1) out.push_back({key + ".seq", label, "批次序号应从 1 开始"});
    if (std::find(seqs.begin(), seqs.end(), b.seq) != seqs.end())
      out.push_back({key + ".seq", label, "批次序号重复"});
    seqs.push_back(b.seq);
    if (b.name.empty()) out.push_back({key + ".name", label, "批次名称不能为空"});
    if (b.window_from > b.window_to)
      out.push_back({key + ".window", label, "开始日期晚于结束日期"});
    if (b.window_from.year != p.year || b.window_to.year != p.year)
      out.push_back(
          {key + ".window", label, "时间窗口应在计划年度 " + std::to_string(p.year) + " 年内"});
    if (b.item_codes.empty()) out.push_back({key + ".items", label, "至少应选择一个抽查事项"});
    if (b.task_type != kTaskTypeDirected && b.task_type != kTaskTypeUndirected)
      out.push_back({key + ".task_type", label, "抽查类型应为“定向”或“不定向”"});
    if (b.ratio_bp && (*b.ratio_bp <= 0 || *b.ratio_bp > 10000))
      out.push_back({key + ".ratio", label, "抽查比例应大于 0 且不超过 100%"});
  }
  return out;
}

nlohmann::json PlanContentToJson(const PlanContent& p) {
  nlohmann::json batches = nlohmann::json::array();
  for (const Batch& b : p.batches) {
    batches.push_back({{"seq", b.seq},
                       {"name", b.name},
                       {"window_from", b.window_from.ToString()},
                       {"window_to", b.window_to.ToString()},
                       {"items", b.item_codes},
                       {"filter", registers::TargetFilterToJson(b.filter)},
                       {"task_type", b.task_type},
                       {"ratio", b.ratio_bp ? nlohmann::json(registers::PercentText(*b.ratio_bp))
                                            : nlohmann::json()},
                       {"note", b.note}});
  }
  return {{"title", p.title}, {"kind", p.kind}, {"year", p.year}, {"batches", batches}};
}

namespace {

Status Field(std::string_view what) {
  return InvalidArgument("FIELD_INVALID", "计划字段“" + std::string(what) + "”格式不正确");
}

}  // namespace

StatusOr<PlanContent> PlanContentFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Field("计划");
  PlanContent p;
  if (j.contains("title") && !j["title"].is_string()) return Field("计划名称");
  p.title = j.value("title", "");
  if (j.contains("kind") && !j["kind"].is_string()) return Field("计划类型");
  p.kind = j.value("kind", "年度");
  if (!j.contains("year") || !j["year"].is_number_integer()) return Field("计划年度");
  p.year = j["year"].get<int>();
  if (j.contains("batches")) {
    if (!j["batches"].is_array()) return Field("抽查批次");
    int next_seq = 1;
    for (const auto& jb : j["batches"]) {
      if (!jb.is_object()) return Field("抽查批次");
      Batch b;
      b.seq = jb.contains("seq") && jb["seq"].is_number_integer() ? jb["seq"].get<int>() : next_seq;
      next_seq = b.seq + 1;
      b.name = jb.value("name", "");
      auto from = Date::Parse(jb.value("window_from", ""));
      auto to = Date::Parse(jb.value("window_to", ""));
      if (!from || !to)
        return InvalidArgument("FIELD_INVALID",
                               "批次“" + b.name + "”的时间窗口应为 YYYY-MM-DD 日期");
      b.window_from = *from;
      b.window_to = *to;
      if (jb.contains("items")) {
        if (!jb["items"].is_array()) return Field("抽查事项");
        for (const auto& c : jb["items"]) {
          if (!c.is_string()) return Field("抽查事项");
          b.item_codes.push_back(c.get<std::string>());
        }
      }
      if (jb.contains("filter") && !jb["filter"].is_null()) {
        ASSIGN_OR_RETURN(b.filter, registers::TargetFilterFromJson(jb["filter"]));
      }
      b.task_type = jb.value("task_type", std::string(kTaskTypeUndirected));
      if (jb.contains("ratio") && !jb["ratio"].is_null()) {
        std::string text = jb["ratio"].is_string()
                               ? jb["ratio"].get<std::string>()
                               : (jb["ratio"].is_number() ? jb["ratio"].dump() : "");
        auto bp = registers::ParsePercent(text);
        if (!bp)
          return InvalidArgument("FIELD_INVALID",
                                 "批次“" + b.name + "”的抽查比例应为百分数，如 5 或 2.5");
        b.ratio_bp = *bp;
      }
      b.note = jb.value("note", "");
      p.batches.push_back(std::move(b));
    }
  }
  return p;
}

registers::Changes DiffPlanContent(const PlanContent& before, const PlanContent& after) {
  registers::Changes out;
  auto add = [&](std::string field, std::string label, std::string a, std::string b) {
    if (a != b) out.push_back({std::move(field), std::move(label), std::move(a), std::move(b)});
  };
  add("title", "计划名称", before.title, after.title);
  add("kind", "计划类型", before.kind, after.kind);
  add("year", "计划年度", std::to_string(before.year), std::to_string(after.year));
  auto find = [](const PlanContent& p, int seq) -> const Batch* {
    for (const Batch& b : p.batches)
      if (b.seq == seq) return &b;
    return nullptr;
  };
  std::vector<int> seqs;
  for (const Batch& b : before.batches) seqs.push_back(b.seq);
  for (const Batch& b : after.batches)
    if (std::find(seqs.begin(), seqs.end(), b.seq) == seqs.end()) seqs.push_back(b.seq);
  std::sort(seqs.begin(), seqs.end());
  auto text = [](const Batch* b) -> std::string {
    if (!b) return "";
    return b->name + "（" + b->window_from.ToString() + "～" + b->window_to.ToString() + "；事项 " +
           registers::JoinList(b->item_codes) + "；" + b->task_type +
           (b->ratio_bp ? "；比例 " + registers::PercentText(*b->ratio_bp) + "%" : "") + "；对象 " +
           registers::TargetFilterToJson(b->filter).dump() +
           (b->note.empty() ? "" : "；" + b->note) + "）";
  };
  for (int seq : seqs)
    add("batches[" + std::to_string(seq) + "]", "批次 " + std::to_string(seq),
        text(find(before, seq)), text(find(after, seq)));
  return out;
}

}  // namespace suiji::plans
