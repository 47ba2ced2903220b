// Stored, witnessed, signed draws (DRAW-SPEC, SPEC §DRAW): commit → witnesses and source
// values → reveal (exactly once) → replacements with approval → the public bundle.
//
// Invariants kept here:
//   - the outcome is computed only at the reveal, from the committed snapshot, the entered
//     source values and the server secret, which stays sealed (SecretBox) until then;
//   - a source value, once entered, never changes; a draw is revealed at most once; there is no
//     redraw (Redraw() always refuses);
//   - a replacement needs a reason from the closed list and a decision by an approver other
//     than the requester; its result is computed by the engine (DRAW-SPEC §6);
//   - every step is one transaction with its audit entry; audit verification re-runs stored
//     draws (AuditChecks()) so tampering with a stored draw is detected.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/draw/bundle.h"
#include "core/draw/draw_state.h"
#include "core/draw/inspector_assignment.h"
#include "core/draw/records.h"
#include "core/draw/target_draw.h"
#include "core/entropy.h"
#include "core/status.h"
#include "core/time.h"
#include "service/audit.h"
#include "service/crypto.h"
#include "service/org_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

// Closed lists of replacement reasons (DRAW-SPEC §6).
const std::vector<std::string>& TargetReplacementReasons();
const std::vector<std::string>& InspectorReplacementReasons();

struct TargetDrawRequest {
  std::string title;
  int64_t department_id = 0;
  std::vector<std::string> source_names;
  std::vector<draw::StratumSpec> strata;
  draw::Pool pool;
  bool confidential = false;
  // The year the draw number carries (a task's year: its window's start); nullopt: today's.
  std::optional<int> year = std::nullopt;
  // For a task's draw: the directory row (targets.id) of each pool record, by the pool's index;
  // empty otherwise. Stored with the pool (store::PoolEntry), so the reveal locks these rows.
  std::vector<int64_t> target_ids = {};
  // Set by CommitTargetsIn when it succeeds: the prepared draw, which then holds the pool (`pool`
  // is empty). Once the caller's transaction has committed, DrawService::KeepPrepared keeps it
  // for the reveal; if the transaction is retried instead, CommitTargetsIn takes the pool back.
  std::unique_ptr<draw::TargetDraw> prepared = nullptr;
};

struct AssignDrawRequest {
  std::string title;
  int64_t department_id = 0;
  std::optional<int64_t> parent_draw_id;
  std::vector<std::string> source_names;
  // People per target, 1..1000 (at least 2 unless supplementary or experts), and the most
  // targets one person may be assigned, 1..100000: checked by CommitAssign (DRAW_PER_TASK_INVALID,
  // DRAW_PER_TASK_TOO_FEW, DRAW_CAP_INVALID), so callers pass what they were given.
  int64_t per_task = 2;
  int64_t cap = 1;
  std::vector<draw::TaskEligibility> tasks;
  bool confidential = false;
  // A supplementary draw fills the rest of unfilled teams: per_task may then be 1.
  bool supplementary = false;
  // Experts (专家) rather than inspectors: one per target is enough.
  bool experts = false;
  std::optional<int> year = std::nullopt;  // as in TargetDrawRequest
};

struct DrawView {
  draw::DrawRecord row;
  std::vector<std::string> source_names;
  std::vector<std::optional<std::string>> source_values;  // by position; nullopt = not entered
  std::vector<draw::DrawWitnessRecord> witnesses;
  std::vector<draw::DrawReplacementRecord> replacements;
  std::string department_name;
};

// The current result after approved replacements.
struct DrawOutcome {
  draw::DrawKind kind = draw::DrawKind::kTargets;
  // targets: stratum -> selected ids (replacements applied, in draw order then replacements)
  std::vector<std::pair<std::string, std::vector<std::string>>> selected;
  // targets: the directory row each selected id was committed as (TargetDrawRequest::target_ids),
  // parallel to `selected`; empty when the stored pool carries no target ids.
  std::vector<std::vector<int64_t>> selected_target_ids;
  // assign: task -> inspectors, unfilled
  struct Team {
    std::string task;
    std::vector<std::string> inspectors;
    bool unfilled = false;
  };
  std::vector<Team> teams;
};

// A step that changed a draw's result (its reveal, an approved replacement): the draw after the
// step and the result the step computed, so that whatever depends on the result (a task's locked
// targets and teams) is updated from it in the same transaction without computing it again.
// `outcome` is empty when the step did not change the result (a rejected replacement).
struct DrawChange {
  DrawView view;
  std::optional<DrawOutcome> outcome;
};

// What the public may see of a draw (SPEC §PORTAL 随机抽取记录, §DRAW). Its commitment (plan_hash,
// the pool's root, commit, sources_decl, the declared sources) is public from commit time for
// every draw: that is what makes it checkable. Its full record — the bundle with pool, result,
// replacements — once published: at the reveal, or, for a confidential draw (保密任务), when
// Publish() is called after the inspections. Nothing of it is ever answered with "not found".
enum class PublicAccess {
  kFull,          // published: the bundle and everything in it
  kCommitment,    // committed, not revealed yet: the commitment and the ceremony so far
  kConfidential,  // confidential and not published: the commitment (and result_hash once revealed)
};
PublicAccess PublicAccessOf(const draw::DrawRecord& row);
// Why the public cannot have the full record yet: PermissionDenied DRAW_CONFIDENTIAL or
// FailedPrecondition DRAW_NOT_REVEALED; OK for kFull.
Status PublicRecordStatus(const draw::DrawRecord& row);

struct PublicDraw {
  DrawView view;  // complete: the edge shows only what `access` allows
  PublicAccess access = PublicAccess::kCommitment;
};

class DrawService {
 public:
  DrawService(store::Database& db, const Clock& clock, EntropySource& entropy, OrgService& org,
              const SigningKey& key, const SecretBox& box)
      : db_(db), clock_(clock), entropy_(entropy), org_(org), key_(key), box_(box) {}

  StatusOr<DrawView> CommitTargets(const Principal& who, TargetDrawRequest request);
  StatusOr<DrawView> CommitAssign(const Principal& who, const AssignDrawRequest& request);
  // The same inside the caller's write transaction (a task commits its draw and its own state
  // together); return the new draw's id. The request's pool moves into the engine instead of
  // being copied (a million records at province scale). Refused, the pool is back in `request`
  // — except after the engine refused the pool itself (a validation error, which is not
  // retried); committed, it is in `request.prepared`, which a retried transaction's next call
  // takes it back from. After the transaction commits, pass the request to KeepPrepared.
  StatusOr<int64_t> CommitTargetsIn(store::Connection& c, const Principal& who,
                                    TargetDrawRequest& request);
  // Keeps the prepared draw of a target draw whose commit (CommitTargetsIn with `request`) has
  // been committed, so that its reveal in this process computes the draw from it instead of
  // reading the stored pool and preparing it again (ADR 0019). One draw at a time: it replaces
  // the one kept before; it is dropped at its reveal, by DropPrepared, or once kKeepPreparedFor
  // has passed. The stored pool stays the record: the audit check and the bundle read it.
  void KeepPrepared(int64_t draw_id, TargetDrawRequest& request);
  // Frees the kept prepared draw, if any (a new commit does this before it reads its pool, so
  // that two pools are never held at once).
  void DropPrepared();
  static constexpr std::chrono::hours kKeepPreparedFor{2};
  StatusOr<int64_t> CommitAssignIn(store::Connection& c, const Principal& who,
                                   AssignDrawRequest request);
  StatusOr<DrawView> LoadIn(store::Connection& c, int64_t draw_id) { return LoadById(c, draw_id); }

  StatusOr<DrawView> AddWitness(const Principal& who, const std::string& draw_no,
                                const std::string& name, const std::string& organisation);
  StatusOr<DrawView> EnterSourceValue(const Principal& who, const std::string& draw_no,
                                      int position, const std::string& value);
  // Reveals the draw inside the caller's write transaction (the ceremony, service/ceremony.h,
  // runs it together with what depends on the result). Values given here fill positions not
  // yet entered (by position, "" = keep entered value). The draw is computed exactly once: from
  // the prepared draw kept at its commit (KeepPrepared), else from the stored pool, read once.
  // `on_outcome`, when given, is told the outcome as soon as it is computed, before the draw is
  // written (the ceremony starts reading what it will lock: LockFactsPrefetch).
  StatusOr<DrawChange> RevealIn(
      store::Connection& c, const Principal& who, const std::string& draw_no,
      const std::vector<std::string>& values,
      const std::function<void(const DrawOutcome&)>& on_outcome = nullptr);
  // Always refuses: a revealed draw is immutable (DRAW-SPEC §6).
  Status Redraw(const Principal& who, const std::string& draw_no);
  StatusOr<DrawView> Publish(const Principal& who, const std::string& draw_no);

  StatusOr<DrawView> RequestReplacement(const Principal& who, const std::string& draw_no,
                                        const std::optional<std::string>& task,
                                        const std::string& out, const std::string& reason,
                                        const std::string& note);
  // Approves or rejects a replacement inside the caller's write transaction (the ceremony).
  StatusOr<DrawChange> DecideReplacementIn(store::Connection& c, const Principal& who,
                                           const std::string& draw_no, int64_t seq, bool approve,
                                           const std::string& note);

  StatusOr<DrawView> Get(const Principal& who, const std::string& draw_no);
  StatusOr<std::vector<DrawView>> List(const Principal& who, std::optional<int64_t> department_id,
                                       int limit, int offset);
  StatusOr<DrawOutcome> Outcome(const Principal& who, const std::string& draw_no);
  // The bundle of a revealed draw. Readers of the draw's department (RequireReadable) get it from
  // the reveal; everyone else (`who` nullptr, or another department) as PublicRecordStatus says.
  // A target draw's pool is held packed (draw::PackedPool), not as JSON values: serialise it
  // with draw::DumpBundle or draw::BundleTextWriter; it cannot be verified as it is.
  StatusOr<draw::Bundle> Bundle(const Principal* who, const std::string& draw_no);
  // One draw as the public may see it (PublicAccess); NotFound only for a draw that does not exist.
  StatusOr<PublicDraw> GetPublic(const std::string& draw_no);
  // Every committed draw, newest first, as the public may see it; with `candidate`, only
  // published draws whose pool contained it (an enterprise looking for the draws that concern
  // it — a confidential pool is never searched).
  StatusOr<std::vector<PublicDraw>> ListPublic(int limit, int offset,
                                               const std::string& candidate = "");

  // Content checks for VerifyAuditChain (one set per verification): stored draws must still
  // reproduce what was logged, and draws, draw_witnesses, draw_source_values and
  // draw_replacements must hold exactly the rows the entries recorded.
  std::vector<AuditContentCheck> AuditChecks();
  struct AuditLog;  // what the entries of each draw recorded

  // The current result (approved replacements applied), inside the caller's transaction.
  StatusOr<DrawOutcome> OutcomeIn(store::Connection& c, const DrawView& view);

 private:
  StatusOr<DrawView> Load(store::Connection& c, const std::string& draw_no);
  StatusOr<DrawView> LoadById(store::Connection& c, int64_t id);
  Status RequireReadable(const Principal& who, const DrawView& v);
  StatusOr<std::string> NextDrawNo(store::Connection& c, int64_t department_id,
                                   std::optional<int> year);
  // Runs one commit in its own write transaction and loads the committed draw.
  StatusOr<DrawView> CommitAndLoad(
      const std::function<StatusOr<int64_t>(store::Connection&)>& commit);
  // Fills in `row`'s commitment columns (from the plan), the sealed secret, who and when, and
  // inserts it. A numbering race (two commits taking one draw_no) is Aborted, retryable.
  StatusOr<int64_t> InsertCommitted(store::Connection& c, const Principal& who,
                                    draw::DrawRecord& row, const draw::DrawPlan& plan,
                                    const std::string& secret);
  // `to_send`: the pool packed (draw::PackedPool), for writing only; otherwise as records, for
  // the engine (the audit's verification).
  StatusOr<draw::Bundle> BuildBundle(store::Connection& c, const DrawView& v, bool to_send = false);
  StatusOr<std::optional<std::string>> CheckAuditEntry(store::Connection& c, const AuditEntry& e,
                                                       AuditLog& log);
  StatusOr<std::optional<std::string>> CheckAuditedRows(store::Connection& c, const AuditLog& log);

  // A committed target draw's prepared state, kept for its reveal (KeepPrepared).
  struct KeptDraw {
    int64_t draw_id = 0;
    std::unique_ptr<draw::TargetDraw> prepared;
    std::vector<int64_t> target_ids;  // by the prepared pool's index, as CommitTargetsIn stored
    Timestamp since;                  // clock_'s time when kept
  };
  // The kept prepared draw for `draw_id`, taken out (the reveal uses it once), or nullptr when
  // none is kept for it. Drops a kept draw that is past kKeepPreparedFor.
  std::unique_ptr<KeptDraw> TakePrepared(int64_t draw_id);

  store::Database& db_;
  const Clock& clock_;
  EntropySource& entropy_;
  OrgService& org_;
  const SigningKey& key_;
  const SecretBox& box_;
  std::mutex kept_mu_;
  std::unique_ptr<KeptDraw> kept_;  // guarded by kept_mu_
};

}  // namespace suiji::service
