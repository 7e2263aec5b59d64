/* Tiny test helpers shared by the C tests of libwecom_bot. */
#ifndef WECOM_TEST_SUPPORT_H
#define WECOM_TEST_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wecom_bot.h"

extern int test_failures;

/* Fails the test (but goes on) when `cond` is false. */
#define CHECK(cond)                                                                  \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);       \
      test_failures++;                                                               \
    }                                                                                \
  } while (0)

/* Checks that a call returned `want`; prints the error details when not. */
#define CHECK_RESULT(call, want) check_result((call), (want), #call, __FILE__, __LINE__)
#define CHECK_OK(call) CHECK_RESULT(call, WECOM_RESULT_OK)

bool check_result(wecom_result got, wecom_result want, const char *what, const char *file, int line);

/* The last error's field / message / rule as a static per-call buffer. */
const char *last_field(void);
const char *last_message(void);
const char *last_rule(void);

/* $WECOM_MOCK_URL, or NULL (then the HTTP tests are reported as not run and the test fails). */
const char *mock_url(void);
/* $WECOM_FIXTURES_DIR/name into a static buffer. */
const char *fixture(const char *name);

/* A client of `key` at the mock (no proxy) whose rate window, `max_messages` per `window_ms`
 * waiting at most `max_wait_ms` for a slot, is kept in `store` (a store that cannot be used
 * fails the send rather than falling back to a window of this process); NULL, with the
 * failure counted, when it cannot be made. */
wecom_client *store_client_at_mock(const char *key, const char *store, uint32_t max_messages,
                                   uint64_t window_ms, uint64_t max_wait_ms);

/* A fresh directory $TMPDIR/PREFIX-XXXXXX (/tmp without TMPDIR) into a static buffer; NULL,
 * with the failure counted, when it cannot be made. */
const char *temp_dir(const char *prefix);

#endif
