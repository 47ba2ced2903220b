// Identifier checks (SPEC §ID): 统一社会信用代码 (GB 32100-2015) with its embedded organisation
// code (GB 11714), the 15-digit 注册号 (GS15-2006, ISO 7064 MOD 11,10), and the 18-digit
// 公民身份号码 (GB 11643-1999); plus generators for test and demo data and the masking of citizen
// IDs.
//
// Every Check* function returns OK, or InvalidArgument whose reason() is one of the stable codes in
// `id_reason` and whose message() is one Chinese sentence naming the failing position, e.g.
// "第3位含非法字符“I”" or "校验位应为“Y”，实际为“3”". Positions count characters from 1.
//
// Case and spacing: the checks are strict. A code is valid only in its canonical form, exactly as
// the standards print it (upper-case letters, no spaces); a lower-case letter is reported as such
// (*_LOWERCASE) rather than silently accepted, because a stored code must compare equal to the
// published one. Input layers (import, web forms, `suiji id check --normalize`) call
// NormalizeIdInput() first and store the normalised form.
//
// All functions are pure and thread-safe. Nothing here reads a clock: the citizen-ID check takes
// "today" as a parameter.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace suiji {

namespace id_reason {
inline constexpr char kUsccLength[] = "USCC_LENGTH";
inline constexpr char kUsccLowercase[] = "USCC_LOWERCASE";
inline constexpr char kUsccIllegalChar[] = "USCC_ILLEGAL_CHAR";
inline constexpr char kUsccDepartment[] = "USCC_DEPARTMENT";
inline constexpr char kUsccCategory[] = "USCC_CATEGORY";
inline constexpr char kUsccRegion[] = "USCC_REGION";
inline constexpr char kUsccOrgCode[] = "USCC_ORG_CODE";
inline constexpr char kUsccCheck[] = "USCC_CHECK";

inline constexpr char kOrgCodeLength[] = "ORG_CODE_LENGTH";
inline constexpr char kOrgCodeIllegalChar[] = "ORG_CODE_ILLEGAL_CHAR";
inline constexpr char kOrgCodeCheck[] = "ORG_CODE_CHECK";

inline constexpr char kRegNoLength[] = "REGNO_LENGTH";
inline constexpr char kRegNoIllegalChar[] = "REGNO_ILLEGAL_CHAR";
inline constexpr char kRegNoRegion[] = "REGNO_REGION";
inline constexpr char kRegNoCheck[] = "REGNO_CHECK";

inline constexpr char kCitizenIdLength[] = "CITIZEN_ID_LENGTH";
inline constexpr char kCitizenIdLegacy[] = "CITIZEN_ID_LEGACY_15";
inline constexpr char kCitizenIdLowercase[] = "CITIZEN_ID_LOWERCASE";
inline constexpr char kCitizenIdIllegalChar[] = "CITIZEN_ID_ILLEGAL_CHAR";
inline constexpr char kCitizenIdRegion[] = "CITIZEN_ID_REGION";
inline constexpr char kCitizenIdBirthDate[] = "CITIZEN_ID_BIRTH_DATE";
inline constexpr char kCitizenIdBirthInFuture[] = "CITIZEN_ID_BIRTH_IN_FUTURE";
inline constexpr char kCitizenIdCheck[] = "CITIZEN_ID_CHECK";

// Generators given bad parts (see the generator functions below).
inline constexpr char kIdPartInvalid[] = "ID_PART_INVALID";
}  // namespace id_reason

enum class IdKind { kUscc, kRegistrationNumber, kCitizenId };

// "uscc", "regno", "citizen" (the CLI's --kind values); nullopt otherwise.
std::optional<IdKind> ParseIdKind(std::string_view name);
// 统一社会信用代码 / 注册号 / 公民身份号码.
std::string_view IdKindName(IdKind kind);

// Trims whitespace (ASCII and U+3000), maps full-width ASCII (U+FF01..U+FF5E) to ASCII and
// upper-cases a-z. Leaves every other character alone, so the checks can still name it.
std::string NormalizeIdInput(std::string_view raw);

// --- 统一社会信用代码, GB 32100-2015 ---------------------------------------------------------

// One row of the standard's table of 登记管理部门 (position 1) and 机构类别 (position 2).
struct UsccCategory {
  char department;                   // '1'..'9', 'A', 'N', 'Y'
  char category;                     // '1'..'9'
  std::string_view department_name;  // e.g. "工商"
  std::string_view category_name;    // e.g. "企业"
};

// The whole table, in the standard's order.
std::span<const UsccCategory> UsccCategories();
// The row for the first two characters of `code` (a full code or just the pair).
std::optional<UsccCategory> UsccCategoryOf(std::string_view code);

Status CheckUscc(std::string_view code);

// The 18th character for 17 characters over the USCC alphabet.
StatusOr<char> UsccCheckChar(std::string_view first17);

// Builds a valid code: `department_category` is a pair from UsccCategories() (e.g. "91"),
// `region` six digits (e.g. "350100", or "100000" for national registration), `org_body` the
// eight-character organisation-code body over the USCC alphabet. Computes both check characters.
StatusOr<std::string> MakeUscc(std::string_view department_category, std::string_view region,
                               std::string_view org_body);

// --- 组织机构代码, GB 11714 -----------------------------------------------------------------

// Nine characters, or the printed form with a hyphen before the check ("M000100Y-4").
Status CheckOrganizationCode(std::string_view code);
// The 9th character ('0'..'9' or 'X') for an 8-character body of digits and upper-case letters.
StatusOr<char> OrganizationCodeCheckChar(std::string_view body8);

// --- 注册号, GS15-2006 ----------------------------------------------------------------------

Status CheckRegistrationNumber(std::string_view code);
// The 15th digit for 14 digits (ISO 7064 MOD 11,10).
StatusOr<char> RegistrationNumberCheckDigit(std::string_view first14);

// --- 公民身份号码, GB 11643-1999 -------------------------------------------------------------

// `today` is the date in China against which the birth date must not be in the future.
Status CheckCitizenId(std::string_view code, Date today);

// The 18th character ('0'..'9' or 'X') for 17 digits.
StatusOr<char> CitizenIdCheckChar(std::string_view first17);

// Builds a valid number from a six-digit address code, a birth date and a sequence 0..999
// (odd for men, even for women).
StatusOr<std::string> MakeCitizenId(std::string_view region, Date birth, int sequence);

// Shows the first six and last four characters and masks the rest with '*':
// "11010519491231002X" -> "110105********002X". Shorter input is masked entirely.
std::string MaskCitizenId(std::string_view code);

// Dispatches to the check for `kind` (`today` is used by the citizen-ID check only).
Status CheckId(IdKind kind, std::string_view code, Date today);

}  // namespace suiji
