/* Tests of the outbox's C API (wecom_outbox_*, issue 13) against the mock server
 * ($WECOM_MOCK_URL), with a SQLite store in a fresh directory:
 *  - texts enqueued while the client's rate window is full go out packed in one message;
 *  - a deliverer started on a background thread delivers what waits and drains on stop;
 *  - a message the server refuses (test-c.sh scripts errcode 93000 for the dead-letter key)
 *    goes to the dead letters, is listed, re-queued and delivered;
 *  - bad messages and bad options are refused, nothing queued.
 * test-c.sh then checks what the mock received for each key. */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"

static const char *dir;
static char store[4200];

/* A client of `key` at the mock with a window of 2 messages per 3 s (waiting for a slot),
 * kept in this test's SQLite file, where its outbox is too. */
static wecom_client *client_for(const char *key) { return store_client_at_mock(key, store, 2, 3000, 10000); }

/* The outbox of `client`, in the client's store. */
static wecom_outbox *outbox_for(const wecom_client *client) {
  wecom_outbox_config *cfg = NULL;
  wecom_outbox *o = NULL;
  CHECK_OK(wecom_outbox_config_new(&cfg));
  CHECK_OK(wecom_outbox_config_set_poll_ms(cfg, 50));
  CHECK_OK(wecom_outbox_config_set_backoff_ms(cfg, 100, 1000));
  CHECK_OK(wecom_outbox_new(client, cfg, &o));
  wecom_outbox_config_free(cfg);
  return o;
}

static void test_packed_through_a_full_window(void) {
  wecom_client *c = client_for("c-outbox-pack-key");
  wecom_outbox *o = outbox_for(c);
  /* Two direct sends fill the window; the five texts queued meanwhile wait for it. */
  CHECK_OK(wecom_client_send_text(c, "direct 1"));
  CHECK_OK(wecom_client_send_text(c, "direct 2"));
  uint64_t ids[5] = {0};
  char content[32];
  for (int i = 0; i < 5; i++) {
    snprintf(content, sizeof content, "alert %d", i + 1);
    CHECK_OK(wecom_outbox_enqueue_text(o, content, &ids[i]));
    CHECK(ids[i] > 0 && (i == 0 || ids[i] > ids[i - 1]));
  }
  /* A bad message is refused at once and never queued. */
  uint64_t id = 99;
  CHECK_RESULT(wecom_outbox_enqueue_text(o, "", &id), WECOM_RESULT_VALIDATION);
  CHECK(id == 0 && strcmp(last_field(), "text.content") == 0);
  wecom_outbox_status s;
  CHECK_OK(wecom_outbox_get_status(o, &s));
  CHECK(s.pending == 5 && s.delivered == 0 && s.sent == 0 && s.dead == 0);

  wecom_outbox_report r = {0};
  CHECK_OK(wecom_outbox_run_until_empty(o, 60000, &r));
  CHECK(r.delivered == 5);
  CHECK(r.sent == 1); /* packed: one request carried all five */
  CHECK_OK(wecom_outbox_get_status(o, &s));
  CHECK(s.pending == 0 && s.oldest_age_ms == 0 && s.delivered == 5 && s.sent == 1 && s.possible_duplicates == 0);
  CHECK_RESULT(wecom_outbox_run_until_empty(o, 0, &r), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "timeout_ms") == 0);
  /* Nothing left: a step is idle. */
  wecom_outbox_step_kind step = 0;
  size_t n = 9;
  CHECK_OK(wecom_outbox_step(o, &step, &n));
  CHECK(step == WECOM_OUTBOX_STEP_IDLE && n == 0);
  wecom_outbox_free(o);
  wecom_client_free(c);
}

static void test_background_deliverer(void) {
  wecom_client *c = client_for("c-outbox-deliverer-key");
  wecom_outbox *o = outbox_for(c);
  CHECK_OK(wecom_client_send_text(c, "direct 1"));
  CHECK_OK(wecom_client_send_text(c, "direct 2"));
  wecom_message *m = NULL;
  CHECK_OK(wecom_message_markdown_new("**disk** full on db1", &m));
  uint64_t id = 0;
  CHECK_OK(wecom_outbox_enqueue(o, m, &id));
  wecom_message_free(m);
  CHECK_OK(wecom_outbox_enqueue_markdown(o, "**cpu** high on db2", &id));
  CHECK_OK(wecom_outbox_enqueue_markdown(o, "db1 ok", &id));

  wecom_deliverer *d = NULL;
  CHECK_OK(wecom_outbox_start(o, &d));
  wecom_outbox_report r = {0};
  CHECK_OK(wecom_deliverer_stop(d, 30000, &r));
  CHECK(r.delivered == 3 && r.sent == 1);
  CHECK_RESULT(wecom_deliverer_stop(d, 0, NULL), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "deliverer") == 0);
  wecom_deliverer_free(d);
  wecom_outbox_status s;
  CHECK_OK(wecom_outbox_get_status(o, &s));
  CHECK(s.pending == 0 && s.delivered == 3 && s.sent == 1);

  /* A deliverer freed without a stop is told to stop and not waited for. */
  CHECK_OK(wecom_outbox_start(o, &d));
  wecom_deliverer_free(d);
  wecom_outbox_free(o);
  wecom_client_free(c);
}

static void test_dead_letters(void) {
  /* test-c.sh scripts errcode 93000 (the robot was deleted) once for this key. */
  wecom_client *c = client_for("c-outbox-dead-key");
  wecom_outbox *o = outbox_for(c);
  uint64_t id = 0, count = 99;
  CHECK_OK(wecom_outbox_enqueue_text(o, "to a deleted robot", &id));
  wecom_outbox_step_kind step = 0;
  size_t n = 0;
  CHECK_OK(wecom_outbox_step(o, &step, &n));
  CHECK(step == WECOM_OUTBOX_STEP_DEAD_LETTERED && n == 1);
  wecom_outbox_status s;
  CHECK_OK(wecom_outbox_get_status(o, &s));
  CHECK(s.pending == 0 && s.dead == 1);

  wecom_dead_letters *dead = NULL;
  CHECK_OK(wecom_outbox_dead_letters(o, &dead));
  CHECK(wecom_dead_letters_len(dead) == 1);
  CHECK(wecom_dead_letters_id(dead, 0) == id);
  CHECK(wecom_dead_letters_body(dead, 0) && strstr(wecom_dead_letters_body(dead, 0), "to a deleted robot"));
  CHECK(wecom_dead_letters_error(dead, 0) && strstr(wecom_dead_letters_error(dead, 0), "93000"));
  CHECK(strstr(wecom_dead_letters_error(dead, 0), "c-outbox-dead-key") == NULL);
  CHECK(wecom_dead_letters_enqueued_at_ms(dead, 0) > 1700000000000ULL);
  CHECK(wecom_dead_letters_body(dead, 1) == NULL && wecom_dead_letters_id(dead, 1) == 0);
  wecom_dead_letters_free(dead);

  /* Re-queued by id, then delivered (the fault was scripted once). */
  uint64_t unknown = id + 1000;
  CHECK_OK(wecom_outbox_retry_dead(o, &unknown, 1, &count));
  CHECK(count == 0);
  CHECK_OK(wecom_outbox_retry_dead(o, &id, 1, &count));
  CHECK(count == 1);
  wecom_outbox_report r = {0};
  CHECK_OK(wecom_outbox_run_until_empty(o, 60000, &r));
  CHECK(r.delivered == 1 && r.dead == 0);

  /* purge: the dead letters only, or everything waiting too. */
  CHECK_OK(wecom_outbox_enqueue_text(o, "never sent", &id));
  CHECK_OK(wecom_outbox_purge(o, false, &count));
  CHECK(count == 0);
  CHECK_OK(wecom_outbox_purge(o, true, &count));
  CHECK(count == 1);
  CHECK_OK(wecom_outbox_retry_dead(o, NULL, 0, NULL));
  CHECK_OK(wecom_outbox_get_status(o, &s));
  CHECK(s.pending == 0 && s.dead == 0);
  wecom_outbox_free(o);
  wecom_client_free(c);
}

static void test_bad_options(void) {
  wecom_outbox_config *cfg = NULL;
  CHECK_OK(wecom_outbox_config_new(&cfg));
  CHECK_RESULT(wecom_outbox_config_set_store(cfg, "postgres://db"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "store") == 0);
  /* A store nothing listens on: refused when opened, or (once the core has the Redis outbox)
   * when written; either way no message is queued and the password is never shown. */
  CHECK_OK(wecom_outbox_config_set_store(cfg, "redis://app:Hunter2Secret@127.0.0.1:1/0"));
  wecom_client *c = client_for("c-outbox-redis-down-key");
  wecom_outbox *o = NULL;
  uint64_t id = 0;
  wecom_result r = wecom_outbox_new(c, cfg, &o);
  if (r == WECOM_RESULT_OK) {
    CHECK_RESULT(wecom_outbox_enqueue_text(o, "not queued", &id), WECOM_RESULT_STORE);
  } else {
    CHECK((r == WECOM_RESULT_INVALID_ARGUMENT || r == WECOM_RESULT_STORE) && o == NULL);
  }
  CHECK(strstr(last_message(), "Hunter2Secret") == NULL);
  CHECK(strstr(last_message(), "c-outbox-redis-down-key") == NULL);
  wecom_outbox_free(o);
  /* The store of the config overrides the client's: "memory" holds this process's queue. */
  CHECK_OK(wecom_outbox_config_set_store(cfg, "memory"));
  CHECK_OK(wecom_outbox_new(c, cfg, &o));
  CHECK_OK(wecom_outbox_enqueue_text(o, "in memory", &id));
  wecom_outbox_status s;
  CHECK_OK(wecom_outbox_get_status(o, &s));
  CHECK(s.pending == 1);
  CHECK_OK(wecom_outbox_purge(o, true, NULL));
  wecom_outbox_free(o);
  wecom_client_free(c);
  CHECK_RESULT(wecom_outbox_config_set_on_uncertain(cfg, 7), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "policy") == 0);
  CHECK_RESULT(wecom_outbox_config_set_lease_ms(cfg, 0), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_outbox_config_set_backoff_ms(cfg, 2000, 1000), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_OK(wecom_outbox_config_set_on_uncertain(cfg, WECOM_ON_UNCERTAIN_DEAD_LETTER));
  CHECK_OK(wecom_outbox_config_set_packing(cfg, false));
  CHECK_OK(wecom_outbox_config_set_separator(cfg, "\n---\n"));
  CHECK_OK(wecom_outbox_config_set_max_age_ms(cfg, 3600000));
  wecom_outbox_config_free(cfg);
}

int main(void) {
  if (!mock_url()) {
    fprintf(stderr, "WECOM_MOCK_URL is not set: the outbox tests cannot run\n");
    return 1;
  }
  dir = temp_dir("wecom-c-outbox");
  if (!dir) return 1;
  snprintf(store, sizeof store, "sqlite:%s/outbox.sqlite3", dir);
  test_packed_through_a_full_window();
  test_background_deliverer();
  test_dead_letters();
  test_bad_options();
  static const char *const files[] = {"outbox.sqlite3", "outbox.sqlite3-wal", "outbox.sqlite3-shm"};
  char path[4200];
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  CHECK(rmdir(dir) == 0);
  printf("test_outbox: %s (%d failed checks)\n", test_failures ? "FAILED" : "ok", test_failures);
  return test_failures ? 1 : 0;
}
