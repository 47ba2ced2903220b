// Time as the domain sees it: an injected Clock, civil dates, and the fixed China Standard
// Time offset (UTC+8, no daylight saving) that decides what "today" means for deadlines,
// certificate expiry and working days.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace suiji {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Source of the current time. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// A clock tests set by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override {
    std::lock_guard lock(mu_);
    return now_;
  }
  void Set(Timestamp t) {
    std::lock_guard lock(mu_);
    now_ = t;
  }
  void Advance(std::chrono::milliseconds d) {
    std::lock_guard lock(mu_);
    now_ += d;
  }

 private:
  mutable std::mutex mu_;
  Timestamp now_;
};

// A calendar date (proleptic Gregorian). Ordered, hashable by value.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Days since 1970-01-01 (negative before).
  int64_t DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(int64_t days);
  // 0 = Monday ... 6 = Sunday (ISO).
  int IsoWeekday() const;
  Date AddDays(int64_t n) const { return FromDaysSinceEpoch(DaysSinceEpoch() + n); }
  // "2026-11-21".
  std::string ToString() const;
  // Strict "YYYY-MM-DD" of a real date; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);
  static bool IsValid(int year, int month, int day);

  // clang-tidy 14 mistakes the defaulted <=>'s comparison with literal 0 for a null pointer.
  friend auto operator<=>(const Date&, const Date&) = default;  // NOLINT(modernize-use-nullptr)
};

inline constexpr std::chrono::hours kChinaUtcOffset{8};

// The date in China (UTC+8) at instant t.
Date ChinaDate(Timestamp t);
// Midnight at the start of `d` in China, as an instant.
Timestamp ChinaMidnight(Date d);

// "2026-11-21T02:13:00.123Z" (UTC, millisecond precision). The storage format of instants.
std::string FormatTimestamp(Timestamp t);
// Parses the format above (also accepts no fraction, or "+08:00"-style offsets).
std::optional<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace suiji
