// The printable 检查通知书 as an HTML page (a browser prints it: Ctrl+P). Used by the API route
// GET /api/v1/tasks/{id}/notices/{target} and by `suiji task notice`. Depends on core only.
#pragma once

#include <string>
#include <string_view>

#include "core/plans/notice.h"

namespace suiji::render {

// The whole page (UTF-8, <!doctype html> … </html>). Every interpolated value goes through
// EscapeHtml; pure and thread-safe.
std::string NoticeHtml(const plans::InspectionNotice& notice);

// `text` safe inside an HTML element or a double- or single-quoted attribute: & < > " ' escaped.
std::string EscapeHtml(std::string_view text);

// 2026年3月5日.
std::string ChineseDate(const Date& d);

}  // namespace suiji::render
