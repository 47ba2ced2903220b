// The register services of one platform (一单两库一细则): built once by Platform over its
// database, clock, entropy, organisations and PII key.
#pragma once

#include "service/registers/context.h"
#include "service/registers/dictionary_service.h"
#include "service/registers/item_service.h"
#include "service/registers/people_service.h"
#include "service/registers/target_service.h"
#include "service/registers/transfer.h"

namespace suiji::service {

class RegisterServices {
 public:
  RegisterServices(store::Database& db, const Clock& clock, EntropySource& entropy, OrgService& org,
                   const PiiCipher& pii)
      : dictionaries_(db, clock),
        ctx_{db, clock, entropy, org, dictionaries_, pii},
        items_(ctx_),
        rules_(ctx_),
        targets_(ctx_),
        inspectors_(ctx_),
        experts_(ctx_),
        conflicts_(ctx_),
        transfer_(ctx_) {}
  RegisterServices(const RegisterServices&) = delete;
  RegisterServices& operator=(const RegisterServices&) = delete;

  DictionaryService& dictionaries() { return dictionaries_; }
  ItemService& items() { return items_; }
  RulesService& rules() { return rules_; }
  TargetService& targets() { return targets_; }
  InspectorService& inspectors() { return inspectors_; }
  ExpertService& experts() { return experts_; }
  ConflictService& conflicts() { return conflicts_; }
  RegisterTransfer& transfer() { return transfer_; }
  RegisterContext& context() { return ctx_; }

 private:
  DictionaryService dictionaries_;
  RegisterContext ctx_;
  ItemService items_;
  RulesService rules_;
  TargetService targets_;
  InspectorService inspectors_;
  ExpertService experts_;
  ConflictService conflicts_;
  RegisterTransfer transfer_;
};

}  // namespace suiji::service
