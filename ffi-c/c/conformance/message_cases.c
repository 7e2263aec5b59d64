/* `{"message": M}` cases: build M with the builder API, serialize it, compare the JSON
 * (as structure) or the error with the expectation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

/* `{"image_body": {"md5", "base64_len", "base64_head", "base64_tail"}}`: a large image body
 * checked by its md5, length and both ends instead of in full. */
static bool expect_image_body(const cJSON *want, const cJSON *got, reason_t *r) {
  const cJSON *image = cJSON_GetObjectItemCaseSensitive(got, "image");
  const char *b64 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(image, "base64"));
  const char *md5 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(image, "md5"));
  if (!b64 || !md5) return fail(r, "the body has no image.base64 and image.md5");
  const char *want_md5 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(want, "md5"));
  const char *head = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(want, "base64_head"));
  const char *tail = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(want, "base64_tail"));
  const cJSON *len = cJSON_GetObjectItemCaseSensitive(want, "base64_len");
  if (!want_md5 || !head || !tail || !cJSON_IsNumber(len)) return fail(r, "a malformed image_body expectation");
  size_t n = strlen(b64);
  if (strcmp(md5, want_md5) != 0) return fail(r, "image.md5 is %s, expected %s", md5, want_md5);
  if ((double)n != len->valuedouble) return fail(r, "image.base64 has %zu characters, expected %.0f", n, len->valuedouble);
  if (strncmp(b64, head, strlen(head)) != 0) return fail(r, "image.base64 does not start as expected");
  if (strlen(tail) > n || strcmp(b64 + n - strlen(tail), tail) != 0) return fail(r, "image.base64 does not end as expected");
  return true;
}

bool run_message_case(const cJSON *c, const env_t *env, reason_t *r) {
  const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
  const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
  wecom_message *msg = NULL;
  outcome_t o;
  if (!build_message(cJSON_GetObjectItemCaseSensitive(input, "message"), env, &msg, &o, r)) return false;
  char *json = NULL;
  if (msg) outcome_capture(&o, wecom_message_to_json(msg, &json));
  wecom_message_free(msg);

  const cJSON *error = cJSON_GetObjectItemCaseSensitive(expect, "error");
  if (error) {
    bool ok = expect_error(error, &o, r);
    wecom_string_free(json);
    return ok;
  }
  if (o.code != WECOM_RESULT_OK) {
    wecom_string_free(json);
    return fail(r, "expected a body, got error %s at %s: %s", wecom_result_name(o.code), o.field, o.message);
  }
  cJSON *got = cJSON_Parse(json);
  bool ok;
  const cJSON *want;
  if (!got) ok = fail(r, "the library's JSON does not parse: %.200s", json);
  else if ((want = cJSON_GetObjectItemCaseSensitive(expect, "body_json"))) {
    ok = cJSON_Compare(want, got, true);
    if (!ok) fail(r, "body differs: got %.1500s", json);
  } else if ((want = cJSON_GetObjectItemCaseSensitive(expect, "image_body"))) ok = expect_image_body(want, got, r);
  else ok = fail(r, "an expectation the C runner does not know for a message case");
  cJSON_Delete(got);
  wecom_string_free(json);
  return ok;
}
