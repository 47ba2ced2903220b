#include "store/registers/history_store.h"

namespace suiji::store {
namespace {

constexpr std::string_view kInsertHistory =
    "INSERT INTO register_history (register, record_id, at, actor, actor_id, action, field, old_value, new_value, "
    "note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

}  // namespace

Status AppendHistoryEvent(Connection& c, std::string_view register_name, int64_t record_id,
                          std::string_view action, const HistoryContext& ctx) {
  return c
      .Execute(kInsertHistory,
               {std::string(register_name), record_id, ctx.at, ctx.actor, OrNull(ctx.actor_id),
                std::string(action), std::string(), Value(), Value(), ctx.note})
      .status();
}

Status AppendHistoryChanges(Connection& c, std::string_view register_name, int64_t record_id,
                            std::string_view action, const registers::Changes& changes,
                            const HistoryContext& ctx) {
  for (const auto& ch : changes) {
    RETURN_IF_ERROR(c.Execute(kInsertHistory, {std::string(register_name), record_id, ctx.at,
                                               ctx.actor, OrNull(ctx.actor_id), std::string(action),
                                               ch.field, ch.old_value, ch.new_value, ctx.note}));
  }
  return OkStatus();
}

// The acting person's name, for people reading a history (login names mean little to them).
constexpr std::string_view kActorName =
    "COALESCE((SELECT u.display_name FROM users u WHERE u.id = actor_id), '')";

StatusOr<std::vector<HistoryEntry>> ListHistory(Connection& c, std::string_view register_name,
                                                int64_t record_id) {
  // Rows of the record itself, and the range rows of the import that created it.
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT id, register, record_id, at, actor, actor_id, action, field, old_value, "
              "new_value, note, " +
                  std::string(kActorName) +
                  " FROM register_history WHERE register = $1 AND record_id = $2 "
                  "AND record_id_last IS NULL "
                  "UNION ALL SELECT id, register, $2, at, actor, actor_id, action, field, "
                  "old_value, new_value, note, " +
                  std::string(kActorName) +
                  " FROM register_history WHERE register = $1 AND record_id <= $2 "
                  "AND record_id_last >= $2 ORDER BY 1",
              {std::string(register_name), record_id}));
  std::vector<HistoryEntry> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4), r.OptInt(5), r.Text(6),
                   r.Text(7), r.OptText(8), r.OptText(9), r.Text(10), r.Text(11)});
  return out;
}

StatusOr<std::vector<StoredDictionary>> LatestDictionaryVersions(Connection& c) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT d.name, d.version, d.body, d.created_at, d.created_by "
                           "FROM dictionary_versions d WHERE d.version = "
                           "(SELECT MAX(version) FROM dictionary_versions x WHERE x.name = d.name) "
                           "ORDER BY d.name"));
  std::vector<StoredDictionary> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Text(0), static_cast<int>(r.Int(1)), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

Status InsertDictionaryVersion(Connection& c, const StoredDictionary& d) {
  return c
      .Execute(
          "INSERT INTO dictionary_versions (name, version, body, created_at, created_by) "
          "VALUES ($1, $2, $3, $4, $5)",
          {d.name, int64_t{d.version}, d.body, d.created_at, d.created_by})
      .status();
}

}  // namespace suiji::store
