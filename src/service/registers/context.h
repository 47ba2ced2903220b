// What every register service shares: the database, clock, entropy, organisations, the
// dictionaries in force and the PII cipher; and small helpers for scope checks and history.
#pragma once

#include <functional>
#include <string>

#include "core/authz.h"
#include "core/entropy.h"
#include "core/time.h"
#include "service/org_service.h"
#include "service/pii_cipher.h"
#include "service/registers/dictionary_service.h"
#include "store/database.h"
#include "store/registers/history_store.h"

namespace suiji::service {

struct RegisterContext {
  store::Database& db;
  const Clock& clock;
  EntropySource& entropy;
  OrgService& org;
  DictionaryService& dictionaries;
  const PiiCipher& pii;

  // "Today" in China decides certificate expiry and validity periods.
  Date Today() const { return ChinaDate(clock.Now()); }
  std::string Now() const { return FormatTimestamp(clock.Now()); }
};

// Register contents are shared by design (the item list and rules are public, the target
// directory is the region's common directory): reading needs kRegisterRead in some scope.
// Inspector records, which hold personal data, are filtered by scope in their service.
Status RequireRegisterRead(const Principal& who);

// The principal as recorded in history rows and audit entries.
std::string ActorName(const Principal& who);
store::HistoryContext HistoryFor(const Principal& who, std::string at, std::string note);

// Name lookups over one org snapshot, for diffs and descriptions ("花园路市场监管所").
std::function<std::string(int64_t)> UnitNamer(std::shared_ptr<const OrgSnapshot> snap);
std::function<std::string(int64_t)> DepartmentNamer(std::shared_ptr<const OrgSnapshot> snap);

// The unit and all units below it.
std::vector<int64_t> UnitSubtree(const OrgSnapshot& snap, int64_t unit_id);

}  // namespace suiji::service
