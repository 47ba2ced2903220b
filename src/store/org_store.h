// Organisation tables: regions, departments, units. SQL lives only in src/store.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/org.h"
#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

Status UpsertRegion(Connection& c, const Region& r);
StatusOr<std::vector<Region>> ListRegions(Connection& c);
StatusOr<std::optional<Region>> FindRegion(Connection& c, std::string_view code);

// Returns the new id. AlreadyExists (DB_UNIQUE_VIOLATION) when the code is taken.
StatusOr<int64_t> InsertDepartment(Connection& c, const Department& d, std::string_view now);
StatusOr<std::vector<Department>> ListDepartments(Connection& c);
StatusOr<std::optional<Department>> FindDepartment(Connection& c, int64_t id);
StatusOr<std::optional<Department>> FindDepartmentByCode(Connection& c, std::string_view code);

StatusOr<int64_t> InsertUnit(Connection& c, const Unit& u, std::string_view now);
// All units, or those of one department, ordered by id (parents before children).
StatusOr<std::vector<Unit>> ListUnits(Connection& c, std::optional<int64_t> department_id = {});
StatusOr<std::optional<Unit>> FindUnit(Connection& c, int64_t id);

}  // namespace suiji::store
