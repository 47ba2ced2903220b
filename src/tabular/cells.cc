#include "tabular/cells.h"

#include <limits>

#include "tabular/utf8.h"

namespace suiji::tabular {
namespace {

bool IsTrimmable(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\v' || cp == '\f' ||
         cp == 0xA0 || cp == 0x3000 || cp == 0x200B || cp == 0xFEFF;
}

// Length of the code point ending at s[end-1], or 0 if malformed.
size_t LastCodePointLength(std::string_view s, size_t end) {
  size_t start = end;
  while (start > 0 && end - start < 4) {
    --start;
    if ((static_cast<unsigned char>(s[start]) & 0xC0) != 0x80) break;
  }
  uint32_t cp;
  const int len = internal::DecodeUtf8(s, start, &cp);
  return len > 0 && start + static_cast<size_t>(len) == end ? end - start : 0;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string AsciiLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::optional<Date> MakeDate(std::string_view y, std::string_view m, std::string_view d) {
  if (y.size() != 4 || m.empty() || m.size() > 2 || d.empty() || d.size() > 2) return std::nullopt;
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  const int yy = ToInt(y), mm = ToInt(m), dd = ToInt(d);
  if (!Date::IsValid(yy, mm, dd)) return std::nullopt;
  return Date{yy, mm, dd};
}

}  // namespace

std::string_view TrimCell(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    uint32_t cp;
    const int len = internal::DecodeUtf8(s, b, &cp);
    if (len == 0 || !IsTrimmable(cp)) break;
    b += static_cast<size_t>(len);
  }
  size_t e = s.size();
  while (e > b) {
    const size_t len = LastCodePointLength(s, e);
    if (len == 0) break;
    uint32_t cp;
    internal::DecodeUtf8(s, e - len, &cp);
    if (!IsTrimmable(cp)) break;
    e -= len;
  }
  return s.substr(b, e - b);
}

std::string ToHalfWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    const int len = internal::DecodeUtf8(s, i, &cp);
    if (len == 0) {
      out.push_back(s[i++]);
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (cp == 0x3000) {
      out.push_back(' ');
    } else {
      out.append(s.substr(i, static_cast<size_t>(len)));
    }
    i += static_cast<size_t>(len);
  }
  return out;
}

std::string NormalizeCode(std::string_view s) {
  const std::string half = ToHalfWidth(s);
  std::string out;
  out.reserve(half.size());
  for (size_t i = 0; i < half.size();) {
    uint32_t cp;
    const int len = internal::DecodeUtf8(half, i, &cp);
    if (len == 0) {
      out.push_back(half[i++]);
      continue;
    }
    if (!IsTrimmable(cp)) {
      if (cp >= 'a' && cp <= 'z') {
        out.push_back(static_cast<char>(cp - 'a' + 'A'));
      } else {
        out.append(half, i, static_cast<size_t>(len));
      }
    }
    i += static_cast<size_t>(len);
  }
  return out;
}

std::optional<Date> DateFromExcelSerial(int64_t serial) {
  if (serial < 1 || serial > 2958465 || serial == 60) return std::nullopt;
  // Excel counts 1900-02-29, which did not exist: serials before it are one day later.
  const int64_t base = Date{1899, 12, 30}.DaysSinceEpoch() + (serial < 60 ? 1 : 0);
  return Date::FromDaysSinceEpoch(base + serial);
}

std::optional<Date> ParseDateCell(std::string_view s, bool accept_excel_serial) {
  std::string t = ToHalfWidth(TrimCell(s));
  std::string_view v = t;
  // A time part is accepted only when it is midnight (how date-typed cells export).
  const size_t sp =
      v.find(':') == std::string_view::npos ? std::string_view::npos : v.find_first_of(" T");
  if (v.find(':') != std::string_view::npos) {
    if (sp == std::string_view::npos) return std::nullopt;
    std::string_view time = v.substr(sp + 1);
    while (!time.empty() && time.front() == ' ') time.remove_prefix(1);
    if (time != "00:00" && time != "00:00:00" && time != "0:00" && time != "0:00:00") {
      return std::nullopt;
    }
    v = v.substr(0, sp);
  }
  if (v.size() == 8 && AllDigits(v)) return MakeDate(v.substr(0, 4), v.substr(4, 2), v.substr(6));
  for (char sep : {'-', '/', '.'}) {
    const size_t a = v.find(sep);
    if (a == std::string_view::npos) continue;
    const size_t b = v.find(sep, a + 1);
    if (b == std::string_view::npos || v.find(sep, b + 1) != std::string_view::npos) {
      return std::nullopt;
    }
    return MakeDate(v.substr(0, a), v.substr(a + 1, b - a - 1), v.substr(b + 1));
  }
  const size_t nian = v.find("年");
  if (nian != std::string_view::npos) {
    const size_t yue = v.find("月", nian);
    if (yue == std::string_view::npos) return std::nullopt;
    std::string_view day = v.substr(yue + 3);
    if (day.ends_with("日") || day.ends_with("号")) day.remove_suffix(3);
    return MakeDate(TrimCell(v.substr(0, nian)), TrimCell(v.substr(nian + 3, yue - nian - 3)),
                    TrimCell(day));
  }
  if (accept_excel_serial && AllDigits(v) && v.size() <= 7) return DateFromExcelSerial(ToInt(v));
  return std::nullopt;
}

std::optional<bool> ParseBoolCell(std::string_view s) {
  const std::string t = AsciiLower(ToHalfWidth(TrimCell(s)));
  for (const char* yes : {"是", "y", "yes", "true", "t", "1", "√", "✓", "对"}) {
    if (t == yes) return true;
  }
  for (const char* no : {"否", "n", "no", "false", "f", "0", "×", "✗", "错"}) {
    if (t == no) return false;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseIntCell(std::string_view s) {
  const std::string t = ToHalfWidth(TrimCell(s));
  std::string_view v = t;
  bool negative = false;
  if (!v.empty() && (v.front() == '+' || v.front() == '-')) {
    negative = v.front() == '-';
    v.remove_prefix(1);
  }
  const size_t dot = v.find('.');
  if (dot != std::string_view::npos) {
    const std::string_view frac = v.substr(dot + 1);
    if (frac.empty() || frac.find_first_not_of('0') != std::string_view::npos) return std::nullopt;
    v = v.substr(0, dot);
  }
  if (v.empty()) return std::nullopt;
  // Thousands separators must group by three: "1,234,567".
  if (v.find(',') != std::string_view::npos) {
    const size_t first = v.find(',');
    if (first == 0 || first > 3) return std::nullopt;
    for (size_t i = first; i < v.size(); i += 4) {
      if (v[i] != ',' || i + 4 > v.size()) return std::nullopt;
      if (!AllDigits(v.substr(i + 1, 3))) return std::nullopt;
    }
  }
  uint64_t mag = 0;
  size_t digits = 0;
  for (char c : v) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return std::nullopt;
    ++digits;
    const uint64_t next = mag * 10 + static_cast<uint64_t>(c - '0');
    if (mag > (std::numeric_limits<uint64_t>::max() - 9) / 10) return std::nullopt;
    mag = next;
  }
  if (digits == 0) return std::nullopt;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (mag > limit) return std::nullopt;
  return negative ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
}

}  // namespace suiji::tabular
