/* Tiny test helpers shared by the C tests of libwecom_bot. */
#include "test_support.h"

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
