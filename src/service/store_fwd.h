// What service headers name of the store without including it: the database a service is built
// on and the connection its …In steps run in (store/database.h defines both). Service headers
// include this instead of store headers, so that the API and the CLI, which see service headers
// only, are not handed the store (tests/layering_test.py checks it).
#pragma once

namespace suiji::store {

class Connection;
class Database;
struct TaskTargetRow;  // store/plans/plan_store.h
struct TargetToLock;   // store/plans/plan_store.h

}  // namespace suiji::store
