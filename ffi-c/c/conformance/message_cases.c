/* `{"message": M}` cases: build M with the builder API and serialize it; the outcome is the
 * body the library wrote, or its error. */
#include "runner.h"

bool run_message_case(const cJSON *c, const env_t *env, cJSON *out, reason_t *r) {
  const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
  wecom_message *msg = NULL;
  outcome_t o;
  if (!build_message(cJSON_GetObjectItemCaseSensitive(input, "message"), env, &msg, &o, r)) return false;
  char *json = NULL;
  if (msg) outcome_capture(&o, wecom_message_to_json(msg, &json));
  wecom_message_free(msg);
  if (o.code == WECOM_RESULT_OK) cJSON_AddStringToObject(out, "body", json);
  else report_error(out, &o);
  wecom_string_free(json);
  return true;
}
