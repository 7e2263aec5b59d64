/* Tiny test helpers shared by the C tests of libwecom_bot. */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

int test_failures = 0;

bool check_result(wecom_result got, wecom_result want, const char *what, const char *file, int line) {
  if (got == want) return true;
  char message[512];
  wecom_error_message(message, sizeof message);
  fprintf(stderr, "%s:%d: %s returned %s, expected %s (%s)\n", file, line, what, wecom_result_name(got),
          wecom_result_name(want), message);
  test_failures++;
  return false;
}

const char *last_field(void) {
  static _Thread_local char buf[512];
  wecom_error_field(buf, sizeof buf);
  return buf;
}

const char *last_message(void) {
  static _Thread_local char buf[1024];
  wecom_error_message(buf, sizeof buf);
  return buf;
}

const char *last_rule(void) {
  static _Thread_local char buf[64];
  wecom_error_rule(buf, sizeof buf);
  return buf;
}

const char *mock_url(void) {
  const char *url = getenv("WECOM_MOCK_URL");
  return url && *url ? url : NULL;
}

const char *fixture(const char *name) {
  static char buf[4096];
  const char *dir = getenv("WECOM_FIXTURES_DIR");
  snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "tests/fixtures", name);
  return buf;
}

wecom_client *store_client_at_mock(const char *key, const char *store, uint32_t max_messages,
                                   uint64_t window_ms, uint64_t max_wait_ms) {
  wecom_client_config *cfg = NULL;
  wecom_client *c = NULL;
  CHECK_OK(wecom_client_config_new(&cfg));
  CHECK_OK(wecom_client_config_set_base_url(cfg, mock_url()));
  CHECK_OK(wecom_client_config_set_proxy_mode(cfg, WECOM_PROXY_MODE_NONE));
  CHECK_OK(wecom_client_config_set_store(cfg, store));
  CHECK_OK(wecom_client_config_set_on_store_error(cfg, WECOM_ON_STORE_ERROR_FAIL));
  CHECK_OK(wecom_client_config_set_rate_limit(cfg, max_messages, window_ms, WECOM_RATE_POLICY_WAIT, max_wait_ms));
  CHECK_OK(wecom_client_new_with_config(key, cfg, &c));
  wecom_client_config_free(cfg);
  return c;
}

const char *temp_dir(const char *prefix) {
  static char buf[4096];
  const char *tmp = getenv("TMPDIR");
  snprintf(buf, sizeof buf, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
  if (mkdtemp(buf)) return buf;
  fprintf(stderr, "cannot make a directory %s\n", buf);
  test_failures++;
  return NULL;
}
