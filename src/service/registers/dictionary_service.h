// The dictionaries in force (SPEC §ENUM): the built-in version 1 of each, replaced by the latest
// version an administrator configured. Cached for a few seconds, like the org snapshot, so
// servers sharing one database converge quickly.
#pragma once

#include <memory>
#include <mutex>

#include "core/authz.h"
#include "core/registers/dictionary.h"
#include "core/time.h"
#include "store/database.h"

namespace suiji::service {

class DictionaryService {
 public:
  DictionaryService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  StatusOr<std::shared_ptr<const registers::DictionarySet>> Current();
  // Stores the next version of an extensible dictionary (kOrgAdmin, platform-wide; audited).
  // Errors as DictionarySet::CheckSuccessor; Aborted DICTIONARY_VERSION_CONFLICT on a race.
  StatusOr<registers::Dictionary> Configure(const Principal& who,
                                            const registers::Dictionary& next);

 private:
  store::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::shared_ptr<const registers::DictionarySet> cached_;
  Timestamp loaded_at_{};
};

}  // namespace suiji::service
