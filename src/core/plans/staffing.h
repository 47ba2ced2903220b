// Whether a task's open places can be staffed at all, before anything irreversible (SPEC §NFR
// "capacity is checked before anything irreversible"; seeds 000/003: ≥ 2 people per team, a
// per-person cap per task).
//
// A team (one target, or one joint visit) needs `needed` more people, drawn from its eligible
// people; a person may take at most `capacity` more teams. The most places any assignment
// could fill is a maximum flow (source → team: needed; team → person: 1; person → sink:
// capacity). The draw's random walk fills at most that many; a draw whose caps cannot cover the
// places is refused before its commitment. Pure computation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace suiji::plans {

struct StaffingTeam {
  int needed = 0;
  std::vector<std::string> eligible;  // people (any id), each at most once
};

struct StaffingCheck {
  int64_t needed = 0;    // open places over all teams
  int64_t fillable = 0;  // the most of them any assignment within the caps fills
  int64_t people = 0;    // distinct people eligible for at least one team
  // Places no cap can fill: teams with fewer eligible people than they need, summed.
  int64_t short_of_people = 0;
  int64_t short_teams = 0;  // teams with fewer eligible people than they need
  // The caps, not the people, stand in the way: some places that do have eligible people
  // cannot be filled under the caps. Such a draw is refused before its commitment.
  bool cap_bound() const { return fillable < needed - short_of_people; }
};

// `capacity`: more teams each person may take; a person absent from the map may take none.
StaffingCheck CheckStaffing(const std::vector<StaffingTeam>& teams,
                            const std::map<std::string, int>& capacity);

// The cap for one more assignment draw of a task in which people already hold teams (a
// supplementary round): the draw's cap is uniform (DRAW-SPEC §5), so a person holding `load`
// teams may join only when load + round cap <= cap. Chooses the round cap that lets the most
// places be filled (the larger cap on a tie); people it leaves out are reported as at the cap.
struct RoundCap {
  int cap = 1;
  std::map<std::string, int> capacity;  // who may join, and for how many teams
};
RoundCap CapForRound(const std::vector<StaffingTeam>& teams, const std::map<std::string, int>& load,
                     int cap);

}  // namespace suiji::plans
