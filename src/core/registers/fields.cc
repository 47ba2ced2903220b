#include "core/registers/fields.h"

#include "core/text.h"

namespace suiji::registers {

Status ProblemsToStatus(const Problems& problems, std::string reason) {
  if (problems.empty()) return OkStatus();
  std::string msg;
  for (const auto& p : problems) {
    if (!msg.empty()) msg += "；";
    msg += p.label + "：" + p.message;
  }
  return InvalidArgument(std::move(reason), std::move(msg));
}

nlohmann::json ProblemsToJson(const Problems& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems)
    out.push_back({{"field", p.field}, {"label", p.label}, {"message", p.message}});
  return out;
}

nlohmann::json ChangesToJson(const Changes& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes)
    out.push_back(
        {{"field", c.field}, {"label", c.label}, {"old", c.old_value}, {"new", c.new_value}});
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += kListSeparator;
    out += s;
  }
  return out;
}

std::string_view TrimText(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() &&
        (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() &&
        (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  auto flush = [&](size_t end) {
    std::string_view part = TrimText(text.substr(start, end - start));
    if (!part.empty()) out.emplace_back(part);
  };
  for (size_t i = 0; i < text.size();) {
    size_t sep = 0;
    if (text[i] == ';' || text[i] == '\n' || text[i] == '\r') sep = 1;
    else if (text.substr(i).starts_with(kListSeparator)) sep = kListSeparator.size();
    if (sep) {
      flush(i);
      i += sep;
      start = i;
    } else {
      ++i;
    }
  }
  flush(text.size());
  return out;
}

std::string BoolText(bool b) { return b ? "是" : "否"; }

std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : std::string(); }

std::string PercentText(int basis_points) {
  std::string out = std::to_string(basis_points / 100);
  int frac = basis_points % 100;
  if (frac) {
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10) out += static_cast<char>('0' + frac % 10);
  }
  return out;
}

std::optional<int> ParsePercent(std::string_view text) {
  text = TrimText(text);
  if (text.ends_with("%")) text.remove_suffix(1);
  else if (text.ends_with("％")) text.remove_suffix(std::string_view("％").size());
  text = TrimText(text);
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t whole = 0;
  int frac = 0, frac_digits = 0;
  bool dot = false, any = false;
  for (char c : text) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      any = true;
      if (dot) {
        if (++frac_digits > 2) return std::nullopt;
        frac = frac * 10 + (c - '0');
      } else {
        whole = whole * 10 + (c - '0');
      }
    } else {
      return std::nullopt;
    }
  }
  if (!any || whole > 1'000'000) return std::nullopt;
  if (frac_digits == 1) frac *= 10;
  return static_cast<int>(whole * 100 + frac);
}

size_t CharCount(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string NamedPeriodsText(const std::vector<NamedPeriod>& periods) {
  std::vector<std::string> parts;
  for (const auto& p : periods) {
    std::string s = p.name;
    if (p.from || p.to) s += "(" + DateText(p.from) + "~" + DateText(p.to) + ")";
    parts.push_back(std::move(s));
  }
  return JoinList(parts);
}

StatusOr<std::vector<NamedPeriod>> ParseNamedPeriods(std::string_view text) {
  std::vector<NamedPeriod> out;
  for (const std::string& raw : SplitList(text)) {
    std::string part = raw;
    // Full-width brackets and tildes are what Chinese input methods produce.
    for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"（", "("},
                            {"）", ")"},
                            {"～", "~"},
                            {"至", "~"}}) {
      for (size_t pos; (pos = part.find(from)) != std::string::npos;)
        part.replace(pos, from.size(), to);
    }
    auto bad = [&] {
      return InvalidArgument(
          "PERIOD_TEXT_INVALID",
          "“" + raw + "”格式不正确，应为“名称”或“名称(开始日期~结束日期)”，日期格式 YYYY-MM-DD");
    };
    NamedPeriod p;
    auto open = part.find('(');
    if (open == std::string::npos) {
      if (part.find(')') != std::string::npos) return bad();
      p.name = std::string(TrimText(part));
    } else {
      if (part.back() != ')') return bad();
      p.name = std::string(TrimText(std::string_view(part).substr(0, open)));
      std::string_view range = std::string_view(part).substr(open + 1, part.size() - open - 2);
      auto tilde = range.find('~');
      if (tilde == std::string_view::npos) return bad();
      std::string_view from = TrimText(range.substr(0, tilde)),
                       to = TrimText(range.substr(tilde + 1));
      if (!from.empty()) {
        p.from = Date::Parse(from);
        if (!p.from) return bad();
      }
      if (!to.empty()) {
        p.to = Date::Parse(to);
        if (!p.to) return bad();
      }
    }
    if (p.name.empty()) return bad();
    out.push_back(std::move(p));
  }
  return out;
}

void CheckText(Problems& p, const char* key, const char* label, const std::string& value,
               bool required, size_t max_chars, bool multiline) {
  if (value.empty()) {
    if (required) p.push_back({key, label, "不能为空"});
    return;
  }
  if (auto v = text::FindTextViolation(value, {max_chars, multiline}))
    p.push_back({key, label, v->problem});
}

}  // namespace suiji::registers
