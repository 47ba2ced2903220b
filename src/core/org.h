// Organisations (SPEC §ORG): GB/T 2260 regions, departments and their unit trees.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace suiji {

struct Region {
  std::string code;         // "410105"
  std::string name;         // "金水区"
  std::string parent_code;  // "" for a province
  std::string level;        // province | city | county | township
};

struct Department {
  int64_t id = 0;
  std::string code;        // stable short code, e.g. "JS-SCJG"
  std::string name;        // "郑州市金水区市场监督管理局"
  std::string short_name;  // "区市场监管局"
  std::string region_code;
  bool active = true;
};

struct Unit {
  int64_t id = 0;
  int64_t department_id = 0;
  std::optional<int64_t> parent_id;
  std::string code;
  std::string name;         // "花园路市场监管所"
  std::string kind;         // 科室 / 分局 / 市场监管所 / 执法大队
  std::string level;        // 市 / 区 / 所
  std::string region_code;  // the jurisdiction (a township code for a 所)
  bool active = true;
};

}  // namespace suiji
