/* `{"message": M}` cases: build M with the builder API and serialize it; `{"json": TEXT}`
 * cases: parse TEXT with wecom_message_from_json and serialize it. The outcome is the body
 * the library wrote, or its error. */
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

bool run_json_case(const cJSON *c, cJSON *out, reason_t *r) {
  const cJSON *text = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c, "input"), "json");
  if (!cJSON_IsString(text)) return fail(r, "input.json is not a string");
  wecom_message *msg = NULL;
  outcome_t o;
  outcome_capture(&o, wecom_message_from_json(text->valuestring, &msg));
  char *json = NULL;
  if (o.code == WECOM_RESULT_OK) outcome_capture(&o, wecom_message_to_json(msg, &json));
  wecom_message_free(msg);
  if (o.code == WECOM_RESULT_OK) cJSON_AddStringToObject(out, "body", json);
  else report_error(out, &o);
  wecom_string_free(json);
  return true;
}
