#include "store/plans/proposal_lock.h"

namespace suiji::store {

StatusOr<bool> LockOpenProposal(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE joint_proposals SET status = status WHERE id = $1 "
                                        "AND status = 'open'",
                                        {id}));
  return n == 1;
}

}  // namespace suiji::store
