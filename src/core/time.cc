#include "core/time.h"

#include <cstdio>

namespace suiji {
namespace {

// Howard Hinnant's civil-date algorithms (public domain descriptions of the arithmetic).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ParseDigits(std::string_view s, int& out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

bool Date::IsValid(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int dim = kDays[month - 1];
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && leap) dim = 29;
  return day <= dim;
}

int64_t Date::DaysSinceEpoch() const {
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::FromDaysSinceEpoch(int64_t days) {
  int64_t z = days;
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::IsoWeekday() const {
  // 1970-01-01 was a Thursday (ISO index 3).
  int64_t w = (DaysSinceEpoch() + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w);
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> Date::Parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  Date d;
  if (!ParseDigits(t.substr(0, 4), d.year) || !ParseDigits(t.substr(5, 2), d.month) ||
      !ParseDigits(t.substr(8, 2), d.day))
    return std::nullopt;
  if (!IsValid(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

Date ChinaDate(Timestamp t) {
  auto local = t + kChinaUtcOffset;
  auto days = std::chrono::floor<std::chrono::days>(local);
  return Date::FromDaysSinceEpoch(days.time_since_epoch().count());
}

Timestamp ChinaMidnight(Date d) {
  return Timestamp(std::chrono::days(d.DaysSinceEpoch())) - kChinaUtcOffset;
}

std::string FormatTimestamp(Timestamp t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  Date d = Date::FromDaysSinceEpoch(days.time_since_epoch().count());
  int64_t ms = (t - days).count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day,
                static_cast<int>(ms / 3600000), static_cast<int>(ms / 60000 % 60),
                static_cast<int>(ms / 1000 % 60), static_cast<int>(ms % 1000));
  return buf;
}

std::optional<Timestamp> ParseTimestamp(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)
  if (t.size() < 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':') return std::nullopt;
  auto date = Date::Parse(t.substr(0, 10));
  if (!date) return std::nullopt;
  int hh, mm, ss;
  if (!ParseDigits(t.substr(11, 2), hh) || !ParseDigits(t.substr(14, 2), mm) ||
      !ParseDigits(t.substr(17, 2), ss) || hh > 23 || mm > 59 || ss > 60)
    return std::nullopt;
  size_t pos = 19;
  int ms = 0;
  if (pos < t.size() && t[pos] == '.') {
    size_t start = ++pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    std::string_view frac = t.substr(start, pos - start);
    if (frac.empty()) return std::nullopt;
    for (size_t i = 0; i < 3; ++i) ms = ms * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  }
  int offset_min = 0;
  std::string_view zone = t.substr(pos);
  if (zone == "Z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!ParseDigits(zone.substr(1, 2), oh) || !ParseDigits(zone.substr(4, 2), om))
      return std::nullopt;
    offset_min = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  using namespace std::chrono;
  return Timestamp(days(date->DaysSinceEpoch())) + hours(hh) + minutes(mm) + seconds(ss) +
         milliseconds(ms) - minutes(offset_min);
}

}  // namespace suiji
