#include "service/registers/dictionary_service.h"

#include "service/audit.h"
#include "store/registers/history_store.h"

namespace suiji::service {

StatusOr<std::shared_ptr<const registers::DictionarySet>> DictionaryService::Current() {
  std::lock_guard lock(mu_);
  const auto now = clock_.Now();
  if (cached_ && now - loaded_at_ < std::chrono::seconds(5) && now >= loaded_at_) return cached_;
  auto set = std::make_shared<registers::DictionarySet>(registers::DictionarySet::Builtin());
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto stored, store::LatestDictionaryVersions(*conn));
  for (const auto& s : stored) {
    auto d = registers::DictionaryFromJson(nlohmann::json::parse(s.body, nullptr, false));
    if (!d.ok())
      return DataLoss("DICTIONARY_CORRUPT",
                      "字典“" + s.name + "”第 " + std::to_string(s.version) + " 版已损坏");
    // A stored version older than the compiled one (after an upgrade) does not win.
    if (set->Find(d->name) && d->version > set->Get(d->name).version)
      set->Put(std::move(d).value());
  }
  cached_ = std::move(set);
  loaded_at_ = now;
  return cached_;
}

StatusOr<registers::Dictionary> DictionaryService::Configure(const Principal& who,
                                                             const registers::Dictionary& next) {
  RETURN_IF_ERROR(Authorize(who, Permission::kOrgAdmin, ResourceLocation::Anywhere()));
  {
    std::lock_guard lock(mu_);
    cached_.reset();
  }
  ASSIGN_OR_RETURN(auto current, Current());
  RETURN_IF_ERROR(current->CheckSuccessor(next));
  const std::string now = FormatTimestamp(clock_.Now());
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        Status ins = store::InsertDictionaryVersion(
            c,
            {next.name, next.version, registers::DictionaryToJson(next).dump(), now, who.username});
        if (ins.reason() == "DB_UNIQUE_VIOLATION")
          return Aborted("DICTIONARY_VERSION_CONFLICT", "字典已被他人修改，请刷新后重试");
        RETURN_IF_ERROR(ins);
        return RecordAudit(c, clock_, who, "dictionary.configure", "dictionary", next.name,
                           {{"version", next.version},
                            {"entries", registers::DictionaryToJson(next)["entries"]}})
            .status();
      });
  RETURN_IF_ERROR(s);
  std::lock_guard lock(mu_);
  cached_.reset();
  return next;
}

}  // namespace suiji::service
