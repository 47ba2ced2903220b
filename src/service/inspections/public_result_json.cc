#include "service/inspections/public_result_json.h"

namespace suiji::service {

nlohmann::json PublicResultJson(const inspections::PublicResult& p) {
  using Json = nlohmann::json;
  return {{"publication_no", p.publication_no},
          {"credit_code", p.credit_code},
          {"name", p.name},
          {"plan_no", p.plan_no},
          {"plan_name", p.plan_name},
          {"task_no", p.task_no},
          {"task_name", p.task_name},
          {"inspection_type", p.inspection_type},
          {"authority", p.authority},
          {"completed_on", p.completed_on.ToString()},
          {"result", p.result},
          {"remark", p.remark},
          {"published_on", p.published_on.ToString()},
          {"deadline", p.deadline.ToString()},
          {"corrects", p.corrects ? Json(*p.corrects) : Json()}};
}

}  // namespace suiji::service
