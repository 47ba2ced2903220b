#include "core/ids.h"

#include <cstdio>
#include <string>
#include <vector>

namespace suiji {
namespace {

// GB 32100-2015 §4: 31 symbols, digits then upper-case letters without I, O, S, V, Z (they are
// too easily read as 1, 0, 5, U, 2). A symbol's value is its index here.
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
// GB 11714 organisation code: weights of the eight body characters.
constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
// GB 11643-1999: weights 2^(18-i) mod 11, and the check characters for Σ mod 11 = 0..10.
constexpr int kCitizenWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCitizenCheckChars = "10X98765432";

// GB 32100-2015 Table A.1 with the later additions A (中央军委改革和编制办公室) and N (农业).
constexpr UsccCategory kCategories[] = {
    {'1', '1', "机构编制", "机关"},
    {'1', '2', "机构编制", "事业单位"},
    {'1', '3', "机构编制", "中央编办直接管理机构编制的群众团体"},
    {'1', '9', "机构编制", "其他"},
    {'2', '1', "外交", "外国常驻新闻机构"},
    {'2', '9', "外交", "其他"},
    {'3', '1', "司法行政", "律师执业机构"},
    {'3', '2', "司法行政", "公证处"},
    {'3', '3', "司法行政", "基层法律服务所"},
    {'3', '4', "司法行政", "司法鉴定机构"},
    {'3', '5', "司法行政", "仲裁委员会"},
    {'3', '9', "司法行政", "其他"},
    {'4', '1', "文化", "外国在华文化中心"},
    {'4', '9', "文化", "其他"},
    {'5', '1', "民政", "社会团体"},
    {'5', '2', "民政", "民办非企业单位"},
    {'5', '3', "民政", "基金会"},
    {'5', '9', "民政", "其他"},
    {'6', '1', "旅游", "外国旅游部门常驻代表机构"},
    {'6', '2', "旅游", "港澳台地区旅游部门常驻内地（大陆）代表机构"},
    {'6', '9', "旅游", "其他"},
    {'7', '1', "宗教", "宗教活动场所"},
    {'7', '2', "宗教", "宗教院校"},
    {'7', '9', "宗教", "其他"},
    {'8', '1', "工会", "基层工会"},
    {'8', '9', "工会", "其他"},
    {'9', '1', "工商", "企业"},
    {'9', '2', "工商", "个体工商户"},
    {'9', '3', "工商", "农民专业合作社"},
    {'A', '1', "中央军委改革和编制办公室", "军队事业单位"},
    {'A', '9', "中央军委改革和编制办公室", "其他"},
    {'N', '1', "农业", "组级集体经济组织"},
    {'N', '2', "农业", "村级集体经济组织"},
    {'N', '3', "农业", "乡镇级集体经济组织"},
    {'N', '9', "农业", "其他"},
    {'Y', '1', "其他", "其他"},
};

// First two digits of the GB/T 2260 province-level codes. Positions 3-8 of a USCC and 1-6 of a
// 注册号 are the registering authority's region; positions 1-6 of a citizen ID the birth-place
// address. Only the province is checked: all three keep the code of the day they were issued,
// and counties are merged and renumbered after that, so a full-code lookup would reject real IDs.
bool IsProvincePrefix(std::string_view p) {
  static constexpr std::string_view kProvinces[] = {
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
      "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
      "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"};
  for (std::string_view x : kProvinces) {
    if (p == x) return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int UsccValue(char c) {
  const size_t i = kUsccAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

// GB 11714: digits keep their value, letters A..Z count 10..35 (not the USCC alphabet values).
int OrgValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

// Splits UTF-8 into characters, so that a message can name the position a person sees and show
// what they typed. A malformed byte counts as one character.
std::vector<std::string_view> SplitChars(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80           ? 1
                 : (b >> 5) == 0x6  ? 2
                 : (b >> 4) == 0xE  ? 3
                 : (b >> 3) == 0x1E ? 4
                                    : 1;
    if (i + len > s.size()) len = 1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        len = 1;
        break;
      }
    }
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// A character as shown inside a message: “A”, or a description for what cannot be shown.
std::string Quoted(std::string_view ch) {
  if (ch == " ") return "空格";
  if (ch.size() == 1) {
    const auto b = static_cast<unsigned char>(ch[0]);
    if (b < 0x20 || b >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", b);
      return std::string("“") + buf + "”";
    }
  }
  return "“" + std::string(ch) + "”";
}

std::string Quoted(char c) { return Quoted(std::string_view(&c, 1)); }

std::string Pos(size_t index) { return "第" + std::to_string(index + 1) + "位"; }

Status Invalid(const char* reason, std::string message) {
  return InvalidArgument(reason, std::move(message));
}

char UsccCheckCharUnchecked(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += UsccValue(first17[i]) * kUsccWeights[i];
  return kUsccAlphabet[(31 - sum % 31) % 31];
}

char OrgCheckCharUnchecked(std::string_view body8) {
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += OrgValue(body8[i]) * kOrgWeights[i];
  const int c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

char CitizenCheckCharUnchecked(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kCitizenWeights[i];
  return kCitizenCheckChars[sum % 11];
}

// ISO 7064 MOD 11,10 (a hybrid system): the check digit makes the final product ≡ 1 (mod 10).
char RegNoCheckDigitUnchecked(std::string_view first14) {
  int p = 10;
  for (char c : first14) {
    int s = (p + (c - '0')) % 10;
    if (s == 0) s = 10;
    p = (s * 2) % 11;
  }
  return static_cast<char>('0' + (11 - p) % 10);
}

std::string ExpectedActual(char expected, char actual) {
  return "应为" + Quoted(expected) + "，实际为" + Quoted(actual);
}

std::string ListAlternatives(char department) {
  std::string out;
  for (const UsccCategory& c : kCategories) {
    if (c.department != department) continue;
    if (!out.empty()) out += "、";
    out += c.category;
  }
  return out;
}

// The department's name, or empty if `c` is not a department code.
std::string_view DepartmentName(char c) {
  for (const UsccCategory& row : kCategories) {
    if (row.department == c) return row.department_name;
  }
  return {};
}

Status CheckRegion(std::string_view region, const char* reason, std::string_view label) {
  if (region.size() != 6 || !AllDigits(region)) {
    return Invalid(reason, std::string(label) + "“" + std::string(region) + "”应为6位数字");
  }
  // 100000 is the national level (e.g. codes issued by the State Administration for Market
  // Regulation or the central 编办), which GB/T 2260 does not list.
  if (region == "100000" || IsProvincePrefix(region.substr(0, 2))) return OkStatus();
  return Invalid(reason, std::string(label) + "“" + std::string(region) + "”无效：“" +
                             std::string(region.substr(0, 2)) + "”不是省级行政区划代码");
}

}  // namespace

std::optional<IdKind> ParseIdKind(std::string_view name) {
  if (name == "uscc") return IdKind::kUscc;
  if (name == "regno") return IdKind::kRegistrationNumber;
  if (name == "citizen") return IdKind::kCitizenId;
  return std::nullopt;
}

std::string_view IdKindName(IdKind kind) {
  switch (kind) {
    case IdKind::kUscc: return "统一社会信用代码";
    case IdKind::kRegistrationNumber: return "注册号";
    case IdKind::kCitizenId: return "公民身份号码";
  }
  return "";
}

std::string NormalizeIdInput(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::string_view ch : SplitChars(raw)) {
    if (ch.size() == 3) {
      const auto b0 = static_cast<unsigned char>(ch[0]);
      const auto b1 = static_cast<unsigned char>(ch[1]);
      const auto b2 = static_cast<unsigned char>(ch[2]);
      const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      // Chinese input methods produce full-width forms: "９１３５" for "9135", U+3000 for space.
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += ToUpper(static_cast<char>(cp - 0xFEE0));
        continue;
      }
      if (cp == 0x3000) {
        out += ' ';
        continue;
      }
    }
    if (ch.size() == 1) {
      out += ToUpper(ch[0]);
    } else {
      out += ch;
    }
  }
  const size_t first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const size_t last = out.find_last_not_of(" \t\r\n");
  return out.substr(first, last - first + 1);
}

std::span<const UsccCategory> UsccCategories() { return kCategories; }

std::optional<UsccCategory> UsccCategoryOf(std::string_view code) {
  if (code.size() < 2) return std::nullopt;
  for (const UsccCategory& row : kCategories) {
    if (row.department == code[0] && row.category == code[1]) return row;
  }
  return std::nullopt;
}

Status CheckUscc(std::string_view code) {
  const std::vector<std::string_view> chars = SplitChars(code);
  if (chars.size() != 18) {
    return Invalid(id_reason::kUsccLength,
                   "统一社会信用代码长度应为18位，实际为" + std::to_string(chars.size()) + "位");
  }
  for (size_t i = 0; i < chars.size(); ++i) {
    std::string_view ch = chars[i];
    if (ch.size() == 1 && UsccValue(ch[0]) >= 0) continue;
    if (ch.size() == 1 && IsLower(ch[0]) && UsccValue(ToUpper(ch[0])) >= 0) {
      return Invalid(id_reason::kUsccLowercase,
                     Pos(i) + "为小写字母" + Quoted(ch) + "，应为大写" + Quoted(ToUpper(ch[0])));
    }
    std::string message = Pos(i) + "含非法字符" + Quoted(ch);
    if (ch.size() == 1 && std::string_view("IOSVZiosvz").find(ch[0]) != std::string_view::npos) {
      message += "（统一社会信用代码不使用字母I、O、S、V、Z）";
    }
    return Invalid(id_reason::kUsccIllegalChar, std::move(message));
  }
  if (DepartmentName(code[0]).empty()) {
    return Invalid(id_reason::kUsccDepartment,
                   "第1位登记管理部门代码" + Quoted(code[0]) + "无效，应为1—9、A、N、Y之一");
  }
  if (!UsccCategoryOf(code)) {
    return Invalid(id_reason::kUsccCategory, "第2位机构类别代码" + Quoted(code[1]) +
                                                 "不属于登记管理部门" + Quoted(code[0]) + "（" +
                                                 std::string(DepartmentName(code[0])) + "），应为" +
                                                 ListAlternatives(code[0]) + "之一");
  }
  RETURN_IF_ERROR(
      CheckRegion(code.substr(2, 6), id_reason::kUsccRegion, "第3—8位登记管理机关行政区划码"));
  const char org_check = OrgCheckCharUnchecked(code.substr(8, 8));
  if (code[16] != org_check) {
    return Invalid(id_reason::kUsccOrgCode,
                   "组织机构代码校验位错误：第17位" + ExpectedActual(org_check, code[16]));
  }
  const char check = UsccCheckCharUnchecked(code.substr(0, 17));
  if (code[17] != check) {
    return Invalid(id_reason::kUsccCheck, "第18位校验位" + ExpectedActual(check, code[17]));
  }
  return OkStatus();
}

StatusOr<char> UsccCheckChar(std::string_view first17) {
  if (first17.size() != 17) {
    return Invalid(id_reason::kIdPartInvalid, "统一社会信用代码前17位长度应为17位");
  }
  for (size_t i = 0; i < 17; ++i) {
    if (UsccValue(first17[i]) < 0) {
      return Invalid(id_reason::kIdPartInvalid, Pos(i) + "含非法字符" + Quoted(first17[i]));
    }
  }
  return UsccCheckCharUnchecked(first17);
}

StatusOr<std::string> MakeUscc(std::string_view department_category, std::string_view region,
                               std::string_view org_body) {
  if (department_category.size() != 2 || !UsccCategoryOf(department_category)) {
    return Invalid(id_reason::kIdPartInvalid,
                   "登记管理部门和机构类别代码“" + std::string(department_category) + "”无效");
  }
  RETURN_IF_ERROR(CheckRegion(region, id_reason::kIdPartInvalid, "行政区划码"));
  if (org_body.size() != 8) {
    return Invalid(id_reason::kIdPartInvalid, "组织机构代码本体应为8位");
  }
  for (char c : org_body) {
    if (UsccValue(c) < 0) {
      return Invalid(id_reason::kIdPartInvalid, "组织机构代码本体含非法字符" + Quoted(c));
    }
  }
  std::string code = std::string(department_category) + std::string(region) +
                     std::string(org_body) + OrgCheckCharUnchecked(org_body);
  code += UsccCheckCharUnchecked(code);
  return code;
}

Status CheckOrganizationCode(std::string_view code) {
  std::string compact(code);
  if (compact.size() == 10 && compact[8] == '-') compact.erase(8, 1);
  const std::vector<std::string_view> chars = SplitChars(compact);
  if (chars.size() != 9) {
    return Invalid(id_reason::kOrgCodeLength,
                   "组织机构代码长度应为9位，实际为" + std::to_string(chars.size()) + "位");
  }
  for (size_t i = 0; i < 9; ++i) {
    std::string_view ch = chars[i];
    const bool ok =
        ch.size() == 1 && (i < 8 ? OrgValue(ch[0]) >= 0 : (IsDigit(ch[0]) || ch[0] == 'X'));
    if (!ok) return Invalid(id_reason::kOrgCodeIllegalChar, Pos(i) + "含非法字符" + Quoted(ch));
  }
  const char check = OrgCheckCharUnchecked(compact);
  if (compact[8] != check) {
    return Invalid(id_reason::kOrgCodeCheck,
                   "组织机构代码校验位错误：第9位" + ExpectedActual(check, compact[8]));
  }
  return OkStatus();
}

StatusOr<char> OrganizationCodeCheckChar(std::string_view body8) {
  if (body8.size() != 8) return Invalid(id_reason::kIdPartInvalid, "组织机构代码本体应为8位");
  for (size_t i = 0; i < 8; ++i) {
    if (OrgValue(body8[i]) < 0) {
      return Invalid(id_reason::kIdPartInvalid, Pos(i) + "含非法字符" + Quoted(body8[i]));
    }
  }
  return OrgCheckCharUnchecked(body8);
}

Status CheckRegistrationNumber(std::string_view code) {
  const std::vector<std::string_view> chars = SplitChars(code);
  if (chars.size() != 15) {
    return Invalid(id_reason::kRegNoLength,
                   "注册号长度应为15位，实际为" + std::to_string(chars.size()) + "位");
  }
  for (size_t i = 0; i < 15; ++i) {
    if (chars[i].size() != 1 || !IsDigit(chars[i][0])) {
      return Invalid(id_reason::kRegNoIllegalChar,
                     Pos(i) + "含非法字符" + Quoted(chars[i]) + "（注册号只含数字）");
    }
  }
  RETURN_IF_ERROR(CheckRegion(code.substr(0, 6), id_reason::kRegNoRegion, "第1—6位登记机关代码"));
  const char check = RegNoCheckDigitUnchecked(code.substr(0, 14));
  if (code[14] != check) {
    return Invalid(id_reason::kRegNoCheck, "第15位校验位" + ExpectedActual(check, code[14]));
  }
  return OkStatus();
}

StatusOr<char> RegistrationNumberCheckDigit(std::string_view first14) {
  if (first14.size() != 14 || !AllDigits(first14)) {
    return Invalid(id_reason::kIdPartInvalid, "注册号前14位应为14位数字");
  }
  return RegNoCheckDigitUnchecked(first14);
}

Status CheckCitizenId(std::string_view code, Date today) {
  const std::vector<std::string_view> chars = SplitChars(code);
  if (chars.size() == 15 && AllDigits(code)) {
    return Invalid(id_reason::kCitizenIdLegacy,
                   "15位的第一代身份证号码已停止使用，应填写18位公民身份号码");
  }
  if (chars.size() != 18) {
    return Invalid(id_reason::kCitizenIdLength,
                   "公民身份号码长度应为18位，实际为" + std::to_string(chars.size()) + "位");
  }
  for (size_t i = 0; i < 18; ++i) {
    std::string_view ch = chars[i];
    if (ch.size() == 1 && (IsDigit(ch[0]) || (i == 17 && ch[0] == 'X'))) continue;
    if (i == 17 && ch == "x") {
      return Invalid(id_reason::kCitizenIdLowercase, "第18位为小写字母“x”，应为大写“X”");
    }
    return Invalid(id_reason::kCitizenIdIllegalChar, Pos(i) + "含非法字符" + Quoted(ch));
  }
  if (!IsProvincePrefix(code.substr(0, 2)) && code.substr(0, 2) != "83") {
    // 83 is not in GB/T 2260 but is the address code of residence permits for Taiwan residents,
    // which follow GB 11643 too.
    return Invalid(id_reason::kCitizenIdRegion, "第1—6位地址码“" + std::string(code.substr(0, 6)) +
                                                    "”无效：“" + std::string(code.substr(0, 2)) +
                                                    "”不是省级行政区划代码");
  }
  const int year = std::stoi(std::string(code.substr(6, 4)));
  const int month = std::stoi(std::string(code.substr(10, 2)));
  const int day = std::stoi(std::string(code.substr(12, 2)));
  if (!Date::IsValid(year, month, day)) {
    return Invalid(id_reason::kCitizenIdBirthDate,
                   "出生日期无效：第7—14位“" + std::string(code.substr(6, 8)) + "”不是真实日期");
  }
  const Date birth{year, month, day};
  if (birth > today) {
    return Invalid(id_reason::kCitizenIdBirthInFuture,
                   "出生日期无效：" + birth.ToString() + "晚于今天（" + today.ToString() + "）");
  }
  const char check = CitizenCheckCharUnchecked(code.substr(0, 17));
  if (code[17] != check) {
    return Invalid(id_reason::kCitizenIdCheck, "第18位校验位" + ExpectedActual(check, code[17]));
  }
  return OkStatus();
}

StatusOr<char> CitizenIdCheckChar(std::string_view first17) {
  if (first17.size() != 17 || !AllDigits(first17)) {
    return Invalid(id_reason::kIdPartInvalid, "公民身份号码前17位应为17位数字");
  }
  return CitizenCheckCharUnchecked(first17);
}

StatusOr<std::string> MakeCitizenId(std::string_view region, Date birth, int sequence) {
  if (region.size() != 6 || !AllDigits(region)) {
    return Invalid(id_reason::kIdPartInvalid, "地址码应为6位数字");
  }
  if (birth.year < 1000 || !Date::IsValid(birth.year, birth.month, birth.day)) {
    return Invalid(id_reason::kIdPartInvalid, "出生日期无效");
  }
  if (sequence < 0 || sequence > 999) {
    return Invalid(id_reason::kIdPartInvalid, "顺序码应在0—999之间");
  }
  char tail[32];
  std::snprintf(tail, sizeof tail, "%04d%02d%02d%03d", birth.year, birth.month, birth.day,
                sequence);
  std::string code = std::string(region) + tail;
  code += CitizenCheckCharUnchecked(code);
  return code;
}

std::string MaskCitizenId(std::string_view code) {
  const std::vector<std::string_view> chars = SplitChars(code);
  std::string out;
  for (size_t i = 0; i < chars.size(); ++i) {
    const bool shown = chars.size() > 10 && (i < 6 || i + 4 >= chars.size());
    out += shown ? std::string(chars[i]) : std::string("*");
  }
  return out;
}

Status CheckId(IdKind kind, std::string_view code, Date today) {
  switch (kind) {
    case IdKind::kUscc: return CheckUscc(code);
    case IdKind::kRegistrationNumber: return CheckRegistrationNumber(code);
    case IdKind::kCitizenId: return CheckCitizenId(code, today);
  }
  return Internal("unknown IdKind");
}

}  // namespace suiji
