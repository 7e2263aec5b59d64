/* Tests of the C API of libwecom_bot beyond the conformance vectors: versions, result codes,
 * error details, ownership (free(NULL), out-parameters), invalid UTF-8, wrong-type setters,
 * the webhook key never shown, and the HTTP calls against the mock server ($WECOM_MOCK_URL),
 * including one client shared by many threads.
 *
 * Over 600 lines on purpose: scripts/test-c.sh runs this one program under each build (shared,
 * ASan + UBSan, valgrind) against one scripted mock and counts its records afterwards; the
 * outbox and many-senders tests, which need a mock of their own, are separate programs. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"

/* A distinctive key: it must never appear in any error text. */
static const char *const SECRET_KEY = "c-api-t3st-DISTINCTIVE-k3yc4n4ry-5ecretkey-9f3a";

static void test_versions_and_codes(void) {
  CHECK(strcmp(wecom_version(), WECOM_BOT_VERSION) == 0);
  char expect[32];
  snprintf(expect, sizeof expect, "%d.%d.%d", WECOM_BOT_VERSION_MAJOR, WECOM_BOT_VERSION_MINOR, WECOM_BOT_VERSION_PATCH);
  CHECK(strcmp(expect, WECOM_BOT_VERSION) == 0);
  static const char *const names[] = {"ok", "validation", "api", "rate_limited", "http_status", "timeout",
                                      "transport", "decode", "io", "invalid_argument", "panic", "store"};
  for (uint32_t i = 0; i < sizeof names / sizeof *names; i++) CHECK(strcmp(wecom_result_name(i), names[i]) == 0);
  CHECK(strcmp(wecom_result_name(12), "unknown") == 0);
  CHECK(strcmp(wecom_result_name(UINT32_MAX), "unknown") == 0);
  CHECK(WECOM_RESULT_VALIDATION == 1 && WECOM_RESULT_INVALID_ARGUMENT == 9 && WECOM_RESULT_PANIC == 10);
  CHECK(WECOM_RESULT_STORE == 11);
}

static void test_free_null_is_a_no_op(void) {
  wecom_client_free(NULL);
  wecom_client_config_free(NULL);
  wecom_message_free(NULL);
  wecom_media_free(NULL);
  wecom_string_list_free(NULL);
  wecom_string_free(NULL);
}

static void test_error_details(void) {
  wecom_message *m = NULL;
  CHECK_OK(wecom_message_text_new("", &m));
  char *json = (char *)1; /* must be reset to NULL on failure */
  CHECK_RESULT(wecom_message_to_json(m, &json), WECOM_RESULT_VALIDATION);
  CHECK(json == NULL);
  CHECK(wecom_error_code() == WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "text.content") == 0);
  CHECK(strcmp(last_rule(), "required") == 0);
  CHECK(strlen(last_message()) > 0);
  /* snprintf semantics: the full length is returned, the copy is cut and NUL-terminated. */
  char small[5];
  size_t full = wecom_error_field(small, sizeof small);
  CHECK(full == strlen("text.content"));
  CHECK(strcmp(small, "text") == 0);
  CHECK(wecom_error_field(NULL, 0) == full);
  int64_t errcode = 42;
  CHECK(!wecom_error_errcode(&errcode) && errcode == 42);
  uint16_t status;
  CHECK(!wecom_error_status(&status));
  /* A too-long text carries its limit. */
  char long_text[2050];
  memset(long_text, 'a', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = 0;
  wecom_message_free(m);
  CHECK_OK(wecom_message_text_new(long_text, &m));
  CHECK_RESULT(wecom_message_validate(m), WECOM_RESULT_VALIDATION);
  uint64_t limit = 0;
  CHECK(wecom_error_limit(&limit) && limit == 2048);
  CHECK(strcmp(last_rule(), "max_bytes") == 0);
  /* A success clears the details. */
  CHECK_OK(wecom_message_msgtype(m) ? WECOM_RESULT_OK : WECOM_RESULT_PANIC);
  wecom_message_free(m);
  CHECK_OK(wecom_message_markdown_new("ok", &m));
  CHECK(wecom_error_code() == WECOM_RESULT_OK);
  CHECK(strcmp(last_field(), "") == 0 && strcmp(last_message(), "") == 0);
  wecom_message_free(m);
}

static void test_invalid_utf8_and_null(void) {
  wecom_message *m = (wecom_message *)1;
  CHECK_RESULT(wecom_message_text_new("bad \xff\xfe bytes", &m), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(m == NULL);
  CHECK(strcmp(last_field(), "content") == 0);
  CHECK_RESULT(wecom_message_text_new(NULL, &m), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "content") == 0);
  CHECK_RESULT(wecom_message_text_new("x", NULL), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "out_message") == 0);
  /* A truncated UTF-8 sequence at the end. */
  CHECK_RESULT(wecom_message_markdown_new("\xe4\xbd", &m), WECOM_RESULT_INVALID_ARGUMENT);
  char *s = NULL;
  CHECK_RESULT(wecom_mention("\xc0\x80", &s), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(s == NULL);
}

static void test_setters_check_the_message_type(void) {
  wecom_message *text = NULL, *card = NULL, *news_card = NULL;
  CHECK_OK(wecom_message_text_new("hi", &text));
  CHECK_RESULT(wecom_card_set_main_title_title(text, "t"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "message") == 0);
  CHECK_RESULT(wecom_message_news_add_article(text, "t", "u"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_OK(wecom_message_text_notice_new(&card));
  CHECK_RESULT(wecom_card_set_card_image_url(card, "u"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_card_add_vertical_content(card, "t"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_message_text_add_mention(card, "u"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_OK(wecom_message_news_notice_new(&news_card));
  CHECK_RESULT(wecom_card_set_emphasis_content_title(news_card, "1"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_card_set_sub_title_text(news_card, "1"), WECOM_RESULT_INVALID_ARGUMENT);
  /* Index out of range. */
  CHECK_RESULT(wecom_card_jump_set_url(card, 0, "u"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "index") == 0);
  CHECK_OK(wecom_card_add_jump(card, "more"));
  CHECK_OK(wecom_card_jump_set_type(card, 0, 1));
  CHECK_OK(wecom_card_jump_set_url(card, 0, "https://example.com"));
  CHECK_RESULT(wecom_card_jump_set_url(card, 1, "u"), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_card_jump_set_url(card, SIZE_MAX, "u"), WECOM_RESULT_INVALID_ARGUMENT);
  /* The card validates once its required parts are there, with the field named until then. */
  CHECK_RESULT(wecom_message_validate(card), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "template_card.main_title.title") == 0);
  CHECK_OK(wecom_card_set_main_title_title(card, "title"));
  CHECK_RESULT(wecom_message_validate(card), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "template_card.card_action") == 0);
  CHECK_OK(wecom_card_set_card_action_url(card, "https://example.com"));
  CHECK_RESULT(wecom_message_validate(card), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "template_card.card_action.type") == 0);
  CHECK_OK(wecom_card_set_card_action_type(card, 1));
  CHECK_OK(wecom_message_validate(card));
  /* NaN is refused by validation, never a crash. */
  CHECK_OK(wecom_card_set_card_image_url(news_card, "https://example.com/a.png"));
  CHECK_OK(wecom_card_set_card_image_aspect_ratio(news_card, 0.0 / 0.0));
  CHECK_OK(wecom_card_set_main_title_title(news_card, "t"));
  CHECK_OK(wecom_card_set_card_action_type(news_card, 1));
  CHECK_OK(wecom_card_set_card_action_url(news_card, "u"));
  CHECK_RESULT(wecom_message_validate(news_card), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "template_card.card_image.aspect_ratio") == 0);
  CHECK(strcmp(wecom_message_msgtype(news_card), "template_card") == 0);
  wecom_message_free(text);
  wecom_message_free(card);
  wecom_message_free(news_card);
}

static void test_helpers(void) {
  wecom_string_list *chunks = NULL;
  CHECK_OK(wecom_split_text("", &chunks));
  CHECK(wecom_string_list_len(chunks) == 0 && wecom_string_list_get(chunks, 0) == NULL);
  wecom_string_list_free(chunks);
  static char big[5000];
  for (size_t i = 0; i < sizeof big - 1; i++) big[i] = (i % 100 == 99) ? '\n' : 'x';
  CHECK_OK(wecom_split_text(big, &chunks));
  size_t n = wecom_string_list_len(chunks), total = 0;
  CHECK(n == 3);
  for (size_t i = 0; i < n; i++) {
    CHECK(strlen(wecom_string_list_get(chunks, i)) <= 2048);
    total += strlen(wecom_string_list_get(chunks, i));
  }
  CHECK(total == sizeof big - 1);
  CHECK(wecom_string_list_get(chunks, n) == NULL);
  wecom_string_list_free(chunks);

  char *s = NULL;
  CHECK_OK(wecom_font_color("ok", WECOM_COLOR_INFO, &s));
  CHECK(s && strcmp(s, "<font color=\"info\">ok</font>") == 0);
  wecom_string_free(s);
  CHECK_RESULT(wecom_font_color("ok", 7, &s), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "color") == 0);
  const char *headers[] = {"name", "state"};
  const char *cells[] = {"a|b", "up", "lonely"};
  size_t lens[] = {2, 1};
  CHECK_OK(wecom_markdown_table(headers, 2, cells, lens, 2, &s));
  CHECK(s && strcmp(s, "| name | state |\n| --- | --- |\n| a\\|b | up |\n| lonely |  |\n") == 0);
  wecom_string_free(s);
  CHECK_OK(wecom_truncate_to_bytes("广州", 4, &s));
  CHECK(s && strcmp(s, "广") == 0);
  wecom_string_free(s);
}

/* Mentions choose the mechanism of the type; conversion; markdown_v2 splitting (issue #15). */
static void test_content(void) {
  wecom_message *md = NULL;
  char *s = NULL;
  CHECK_OK(wecom_message_markdown_new("**down**", &md));
  CHECK_OK(wecom_message_mention(md, "alice"));
  CHECK_OK(wecom_message_to_json(md, &s));
  CHECK(s && strcmp(s, "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"**down**\\n<@alice>\"}}") == 0);
  wecom_string_free(s);
  CHECK_OK(wecom_message_mention_mobile(md, "13800001111"));
  CHECK_RESULT(wecom_message_validate(md), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "markdown.mentioned_mobile_list") == 0);
  CHECK_OK(wecom_message_mention_followup(md, "see above"));
  CHECK_OK(wecom_message_validate(md));
  wecom_message_free(md);
  wecom_message *file = NULL;
  CHECK_OK(wecom_message_file_new("MEDIA", &file));
  CHECK_RESULT(wecom_message_mention(file, "alice"), WECOM_RESULT_INVALID_ARGUMENT);
  wecom_message_free(file);

  CHECK_OK(wecom_to_wecom_markdown("![chart](https://example.com/c.png)", &s));
  CHECK(s && strcmp(s, "[chart](https://example.com/c.png)") == 0);
  wecom_string_free(s);
  CHECK_OK(wecom_to_wecom_markdown_v2("<b>ok</b>", &s));
  CHECK(s && strcmp(s, "ok") == 0);
  wecom_string_free(s);
  CHECK_OK(wecom_to_plain_text("**a** [b](https://example.com)", &s));
  CHECK(s && strcmp(s, "a b (https://example.com)") == 0);
  wecom_string_free(s);

  const char *heads[] = {"a", "b", "c"}, *cells[] = {"1", "2", "3"};
  size_t lens[] = {3};
  wecom_table_align aligns[] = {WECOM_TABLE_ALIGN_LEFT, WECOM_TABLE_ALIGN_CENTER, WECOM_TABLE_ALIGN_RIGHT};
  CHECK_OK(wecom_markdown_table_aligned(heads, 3, cells, lens, 1, aligns, 3, &s));
  CHECK(s && strcmp(s, "| a | b | c |\n| :--- | :---: | ---: |\n| 1 | 2 | 3 |\n") == 0);
  wecom_string_free(s);
  CHECK_OK(wecom_markdown_table_aligned(heads, 3, cells, lens, 1, NULL, 0, &s));
  CHECK(s && strcmp(s, "| a | b | c |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n") == 0);
  wecom_string_free(s);
  wecom_table_align bad[] = {7};
  CHECK_RESULT(wecom_markdown_table_aligned(heads, 3, cells, lens, 1, bad, 1, &s), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(s == NULL);

  static char table[20000];
  strcpy(table, "| h |\n| --- |\n");
  while (strlen(table) < sizeof table - 16) strcat(table, "| row |\n");
  wecom_string_list *chunks = NULL;
  CHECK_OK(wecom_split_markdown_v2(table, &chunks));
  CHECK(wecom_string_list_len(chunks) > 1);
  for (size_t i = 0; i < wecom_string_list_len(chunks); i++) {
    CHECK(strncmp(wecom_string_list_get(chunks, i), "| h |\n| --- |\n", 14) == 0);
    CHECK(strlen(wecom_string_list_get(chunks, i)) <= 4096);
  }
  wecom_string_list_free(chunks);
}

static void test_media_rules_and_env(void) {
  size_t len = 0;
  FILE *f = fopen(fixture("voice-3s.amr"), "rb");
  CHECK(f != NULL);
  static unsigned char voice[64 * 1024];
  if (f) {
    len = fread(voice, 1, sizeof voice, f);
    fclose(f);
  }
  uint64_t ms = 0;
  CHECK_OK(wecom_amr_duration_ms(voice, len, &ms));
  CHECK(ms == 3000);
  CHECK_OK(wecom_validate_upload(WECOM_MEDIA_KIND_VOICE, voice, len));
  CHECK_RESULT(wecom_validate_upload(WECOM_MEDIA_KIND_VOICE, voice, 5), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "media") == 0 && strcmp(last_rule(), "min_bytes") == 0);
  CHECK_RESULT(wecom_amr_duration_ms((const unsigned char *)"#!AMX\n", 6, &ms), WECOM_RESULT_VALIDATION);
  CHECK_RESULT(wecom_validate_upload(0, voice, len), WECOM_RESULT_INVALID_ARGUMENT);

  wecom_client *c = (wecom_client *)1;
  unsetenv("WECOM_BOT_WEBHOOK");
  unsetenv("WECOM_BOT_KEY");
  CHECK_RESULT(wecom_client_from_env(&c), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(c == NULL);
  setenv("WECOM_BOT_KEY", SECRET_KEY, 1);
  CHECK_OK(wecom_client_from_env(&c));
  wecom_client_free(c);
  setenv("WECOM_BOT_KEY", "DISTINCTIVE key with spaces", 1);
  CHECK_RESULT(wecom_client_from_env(&c), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strstr(last_message(), "DISTINCTIVE") == NULL);
  unsetenv("WECOM_BOT_KEY");
}

/* A fixed pseudo-random sequence (xorshift), so that every run tests the same inputs. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 32);
}

/* Hostile inputs: huge lists and strings, deep and random JSON, random content for the
 * splitters. Nothing may crash or panic; every refusal is a clear error. */
static void test_hostile_inputs(void) {
  wecom_message *card = NULL;
  CHECK_OK(wecom_message_text_notice_new(&card));
  CHECK_OK(wecom_card_set_main_title_title(card, "t"));
  CHECK_OK(wecom_card_set_card_action_type(card, 1));
  CHECK_OK(wecom_card_set_card_action_url(card, "u"));
  for (int i = 0; i < 10000; i++) CHECK_OK(wecom_card_add_horizontal_content(card, "k"));
  CHECK_RESULT(wecom_message_validate(card), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "template_card.horizontal_content_list") == 0 && strcmp(last_rule(), "max_items") == 0);
  CHECK_OK(wecom_card_horizontal_content_set_type(card, 9999, INT64_MIN));
  wecom_message_free(card);

  size_t big = 3u << 20;
  char *huge = malloc(big + 1);
  CHECK(huge != NULL);
  if (!huge) return;
  memset(huge, 'z', big);
  huge[big] = 0;
  wecom_message *m = NULL;
  CHECK_OK(wecom_message_markdown_new(huge, &m));
  CHECK_RESULT(wecom_message_validate(m), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_rule(), "max_bytes") == 0);
  wecom_message_free(m);
  wecom_string_list *chunks = NULL;
  CHECK_OK(wecom_split_markdown(huge, &chunks));
  CHECK(wecom_string_list_len(chunks) == (big + 4095) / 4096);
  wecom_string_list_free(chunks);

  /* Deep nesting: refused by the JSON parser's depth limit, never a stack overflow. */
  size_t depth = 100000;
  for (size_t i = 0; i < depth; i++) huge[i] = '[';
  huge[depth] = 0;
  CHECK_RESULT(wecom_message_from_json(huge, &m), WECOM_RESULT_VALIDATION);
  CHECK(m == NULL);

  /* Random JSON-ish text. */
  static const char alphabet[] = "{}[]\":,0123456789.-eEtrufalsn \\/msgtypecontnewsarticles_";
  for (int round = 0; round < 300; round++) {
    size_t n = rng() % 200;
    for (size_t i = 0; i < n; i++) huge[i] = alphabet[rng() % (sizeof alphabet - 1)];
    huge[n] = 0;
    wecom_result r = wecom_message_from_json(huge, &m);
    CHECK(r == WECOM_RESULT_OK || r == WECOM_RESULT_VALIDATION);
    wecom_message_free(m);
  }
  /* Random text for the splitters: chunks within the limit, and text chunks concatenate back. */
  static const char text_alphabet[] = "ab \n`\xe4\xb8\xad";
  for (int round = 0; round < 40; round++) {
    size_t n = rng() % 9000, i = 0;
    while (i < n) {
      uint32_t pick = rng() % 6;
      if (pick == 5 && i + 3 <= n) { /* a whole 3-byte character */
        memcpy(huge + i, "\xe4\xb8\xad", 3);
        i += 3;
      } else if (pick == 4 && i + 4 <= n) {
        memcpy(huge + i, "```\n", 4);
        i += 4;
      } else {
        huge[i++] = text_alphabet[pick % 4];
      }
    }
    huge[i] = 0;
    CHECK_OK(wecom_split_text(huge, &chunks));
    size_t total = 0;
    for (size_t k = 0; k < wecom_string_list_len(chunks); k++) {
      const char *chunk = wecom_string_list_get(chunks, k);
      CHECK(strlen(chunk) <= 2048 && strncmp(chunk, huge + total, strlen(chunk)) == 0);
      total += strlen(chunk);
    }
    CHECK(total == i);
    wecom_string_list_free(chunks);
    CHECK_OK(wecom_split_markdown(huge, &chunks));
    for (size_t k = 0; k < wecom_string_list_len(chunks); k++) CHECK(strlen(wecom_string_list_get(chunks, k)) <= 4096);
    wecom_string_list_free(chunks);
  }
  free(huge);
  printf("hostile inputs: done\n");
}

static void test_config_and_key_secrecy(void) {
  wecom_client_config *cfg = NULL;
  CHECK_OK(wecom_client_config_new(&cfg));
  CHECK_RESULT(wecom_client_config_set_timeout_ms(cfg, 0), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_client_config_set_retry(cfg, 0, 1, 2), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_client_config_set_rate_limit(cfg, 20, 60000, 99, 0), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_client_config_set_proxy_mode(cfg, 0), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK_RESULT(wecom_client_config_set_tls_roots(cfg, 3), WECOM_RESULT_INVALID_ARGUMENT);
  wecom_client *c = (wecom_client *)1;
  /* Plain http to a host that is not loopback is refused unless allowed. */
  CHECK_OK(wecom_client_config_set_base_url(cfg, "http://example.com"));
  CHECK_RESULT(wecom_client_new_with_config(SECRET_KEY, cfg, &c), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(c == NULL && strcmp(last_field(), "base_url") == 0);
  CHECK_OK(wecom_client_config_set_allow_insecure_http(cfg, true));
  CHECK_OK(wecom_client_new_with_config(SECRET_KEY, cfg, &c));
  wecom_client_free(c);
  CHECK_OK(wecom_client_config_set_base_url(cfg, "ftp://127.0.0.1"));
  CHECK_RESULT(wecom_client_new_with_config(SECRET_KEY, cfg, &c), WECOM_RESULT_INVALID_ARGUMENT);
  /* Nothing listens on port 9 (discard) of loopback: a transport error that must not show the key. */
  CHECK_OK(wecom_client_config_set_base_url(cfg, "http://127.0.0.1:9"));
  CHECK_OK(wecom_client_config_set_retry(cfg, 1, 0, 0));
  CHECK_OK(wecom_client_config_set_proxy_mode(cfg, WECOM_PROXY_MODE_NONE));
  CHECK_OK(wecom_client_new_with_config(SECRET_KEY, cfg, &c));
  wecom_result r = wecom_client_send_text(c, "hello");
  CHECK(r == WECOM_RESULT_TRANSPORT || r == WECOM_RESULT_TIMEOUT);
  CHECK(strstr(last_message(), SECRET_KEY) == NULL);
  CHECK(strstr(last_message(), "DISTINCTIVE") == NULL);
  wecom_client_free(c);
  wecom_client_config_free(cfg);
  /* A malformed webhook URL carrying the key: refused without echoing it. */
  char url[256];
  snprintf(url, sizeof url, "https://qyapi.weixin.qq.com/cgi-bin/webhook/wrong?key=%s", SECRET_KEY);
  CHECK_RESULT(wecom_client_new(url, &c), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strstr(last_message(), "DISTINCTIVE") == NULL);
  CHECK_RESULT(wecom_client_new("bad key with spaces DISTINCTIVE", &c), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strstr(last_message(), "DISTINCTIVE") == NULL);
}

/* ---- against the mock server ------------------------------------------------------------ */

static wecom_client *mock_client(const char *url, const char *key) {
  wecom_client_config *cfg = NULL;
  wecom_client *c = NULL;
  CHECK_OK(wecom_client_config_new(&cfg));
  CHECK_OK(wecom_client_config_set_base_url(cfg, url));
  CHECK_OK(wecom_client_config_disable_rate_limit(cfg));
  CHECK_OK(wecom_client_config_set_proxy_mode(cfg, WECOM_PROXY_MODE_NONE));
  CHECK_OK(wecom_client_new_with_config(key, cfg, &c));
  wecom_client_config_free(cfg);
  return c;
}

static void test_http(void) {
  wecom_client *c = mock_client(mock_url(), "c-api-http-key");
  CHECK_OK(wecom_client_send_text(c, "hello from C"));
  CHECK_OK(wecom_client_send_markdown(c, "**bold**"));
  CHECK_OK(wecom_client_send_markdown_v2(c, "| a |\n| --- |\n| 1 |\n"));
  size_t sent = 99;
  static char big[5000];
  for (size_t i = 0; i < sizeof big - 1; i++) big[i] = (i % 50 == 49) ? '\n' : 'y';
  CHECK_OK(wecom_client_send_text_chunked(c, big, &sent));
  CHECK(sent == 3);
  CHECK_RESULT(wecom_client_send_text_chunked(c, "", &sent), WECOM_RESULT_VALIDATION);
  CHECK(sent == 0);
  CHECK_OK(wecom_client_send_markdown_chunked(c, "# short", &sent));
  CHECK(sent == 1);
  /* The count is optional (the header allows NULL). */
  CHECK_OK(wecom_client_send_text_chunked(c, big, NULL));
  CHECK_OK(wecom_client_send_markdown_chunked(c, "# short", NULL));

  static const unsigned char data[] = "a small report";
  wecom_media *media = NULL;
  CHECK_OK(wecom_client_upload_bytes(c, WECOM_MEDIA_KIND_FILE, data, sizeof data - 1, "report.txt", &media));
  CHECK(media && wecom_media_id(media) && strlen(wecom_media_id(media)) > 0);
  CHECK(wecom_media_kind_of(media) == WECOM_MEDIA_KIND_FILE);
  CHECK(wecom_media_created_at(media) > 0);
  wecom_message *file = NULL;
  CHECK_OK(wecom_message_file_new(wecom_media_id(media), &file));
  CHECK_OK(wecom_client_send(c, file));
  wecom_message_free(file);
  wecom_media_free(media);

  media = (wecom_media *)1;
  CHECK_RESULT(wecom_client_upload_bytes(c, 3, data, sizeof data - 1, "x.txt", &media), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(media == NULL && strcmp(last_field(), "kind") == 0);
  CHECK_RESULT(wecom_client_upload_bytes(c, WECOM_MEDIA_KIND_FILE, data, 5, "x.txt", &media), WECOM_RESULT_VALIDATION);
  CHECK_RESULT(wecom_client_upload_path(c, WECOM_MEDIA_KIND_FILE, "/nonexistent/dir/file.bin", &media), WECOM_RESULT_IO);
  char path[256];
  CHECK(wecom_error_path(path, sizeof path) > 0 && strcmp(path, "/nonexistent/dir/file.bin") == 0);

  CHECK_OK(wecom_client_send_voice(c, fixture("voice-3s.amr"), &media));
  CHECK(wecom_media_kind_of(media) == WECOM_MEDIA_KIND_VOICE);
  wecom_media_free(media);
  CHECK_OK(wecom_client_send_file(c, fixture("banner.jpg"), &media));
  wecom_media_free(media);

  wecom_message *image = NULL;
  CHECK_OK(wecom_message_image_from_path(fixture("icon.png"), &image));
  CHECK_OK(wecom_client_send(c, image));
  wecom_message_free(image);
  CHECK_RESULT(wecom_message_image_from_path(fixture("voice-3s.amr"), &image), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "image.base64") == 0);

  /* A validated JSON body is a complete alternative to the builders. */
  wecom_message *parsed = NULL;
  CHECK_OK(wecom_message_from_json("{\"msgtype\":\"text\",\"text\":{\"content\":\"from json\"}}", &parsed));
  CHECK_OK(wecom_client_send(c, parsed));
  wecom_message_free(parsed);
  CHECK_RESULT(wecom_message_from_json("{\"msgtype\":\"text\",\"text\":{\"content\":1}}", &parsed), WECOM_RESULT_VALIDATION);
  CHECK(strcmp(last_field(), "text.content") == 0);
  CHECK_RESULT(wecom_message_from_json("{\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}", &parsed), WECOM_RESULT_VALIDATION);
  wecom_client_free(c);
}

/* One client, many threads: every send succeeds, and each thread's error details are its own. */
enum { THREADS = 8, SENDS_PER_THREAD = 25 };

typedef struct {
  const wecom_client *client;
  int index;
  int failures;
} thread_arg;

static void *sender(void *p) {
  thread_arg *a = p;
  for (int i = 0; i < SENDS_PER_THREAD; i++) {
    char text[64];
    snprintf(text, sizeof text, "thread %d message %d", a->index, i);
    if (wecom_client_send_text(a->client, text) != WECOM_RESULT_OK) a->failures++;
    /* A failure on this thread leaves its own details, whatever the other threads do. */
    if (wecom_client_send_text(a->client, "") != WECOM_RESULT_VALIDATION) a->failures++;
    char field[64];
    wecom_error_field(field, sizeof field);
    if (wecom_error_code() != WECOM_RESULT_VALIDATION || strcmp(field, "text.content") != 0) a->failures++;
  }
  return NULL;
}

/* ---- wecom_set_log_callback: the library's (masked) log lines reach the caller ---------- */

static struct {
  pthread_mutex_t lock;
  int lines, posts, waits, with_key, bad_target;
  void *user_data;
} logged = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, NULL};

static void collect(void *user_data, wecom_log_level level, const char *target, const char *line) {
  pthread_mutex_lock(&logged.lock);
  logged.lines++;
  logged.user_data = user_data;
  if (level == WECOM_LOG_LEVEL_DEBUG && strncmp(line, "POST ", 5) == 0) logged.posts++;
  if (level == WECOM_LOG_LEVEL_INFO && strcmp(target, "wecom_bot::wait") == 0 && strstr(line, "rate limit")) logged.waits++;
  if (strstr(line, "DISTINCTIVE") || strstr(target, "DISTINCTIVE")) logged.with_key++;
  if (strncmp(target, "wecom_bot", 9) != 0) logged.bad_target++;
  pthread_mutex_unlock(&logged.lock);
}

static void test_log_callback(void) {
  static int marker;
  CHECK_RESULT(wecom_set_log_callback(collect, &marker, 6), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(strcmp(last_field(), "max_level") == 0);
  CHECK_OK(wecom_set_log_callback(collect, &marker, WECOM_LOG_LEVEL_DEBUG));
  /* One message per 3 s: the second send waits for the window, which is announced. */
  wecom_client_config *cfg = NULL;
  wecom_client *c = NULL;
  CHECK_OK(wecom_client_config_new(&cfg));
  CHECK_OK(wecom_client_config_set_base_url(cfg, mock_url()));
  CHECK_OK(wecom_client_config_set_rate_limit(cfg, 1, 3000, WECOM_RATE_POLICY_WAIT, 10000));
  CHECK_OK(wecom_client_new_with_config(SECRET_KEY, cfg, &c));
  wecom_client_config_free(cfg);
  CHECK_OK(wecom_client_send_text(c, "logged 1"));
  CHECK_OK(wecom_client_send_text(c, "logged 2"));
  pthread_mutex_lock(&logged.lock);
  CHECK(logged.posts == 2);
  CHECK(logged.waits == 1);
  CHECK(logged.with_key == 0);
  CHECK(logged.bad_target == 0);
  CHECK(logged.user_data == &marker);
  int before = logged.lines;
  pthread_mutex_unlock(&logged.lock);
  /* Off: no more calls. */
  CHECK_OK(wecom_set_log_callback(NULL, NULL, WECOM_LOG_LEVEL_DEBUG));
  wecom_client_free(c);
  c = mock_client(mock_url(), "c-api-log-off-key");
  CHECK_OK(wecom_client_send_text(c, "not logged"));
  pthread_mutex_lock(&logged.lock);
  CHECK(logged.lines == before);
  pthread_mutex_unlock(&logged.lock);
  wecom_client_free(c);
}

/* A client of the key with a 2-per-minute window (fail fast) kept in `store`. */
static wecom_result store_client(const char *store, wecom_on_store_error on_error, wecom_client **out) {
  wecom_client_config *cfg = NULL;
  CHECK_OK(wecom_client_config_new(&cfg));
  CHECK_OK(wecom_client_config_set_base_url(cfg, mock_url()));
  CHECK_OK(wecom_client_config_set_proxy_mode(cfg, WECOM_PROXY_MODE_NONE));
  CHECK_OK(wecom_client_config_set_rate_limit(cfg, 2, 60000, WECOM_RATE_POLICY_FAIL_FAST, 0));
  wecom_result r = wecom_client_config_set_store(cfg, store);
  if (r == WECOM_RESULT_OK) CHECK_OK(wecom_client_config_set_on_store_error(cfg, on_error));
  if (r == WECOM_RESULT_OK) r = wecom_client_new_with_config("c-api-store-k3yc4n4ry-7d1e", cfg, out);
  wecom_client_config_free(cfg);
  return r;
}

static void test_store(void) {
  const char *dir = temp_dir("wecom-c-store");
  char shared[4200], own[4200];
  if (!dir) return;
  snprintf(shared, sizeof shared, "sqlite:%s/shared.sqlite3", dir);
  snprintf(own, sizeof own, "sqlite:%s/own.sqlite3", dir);
  /* Two messages fill the window kept in the shared file; a second client naming that file is
   * refused by it, one naming a file of its own is not (the process's memory is not the store). */
  wecom_client *a = NULL, *b = NULL, *c = NULL;
  CHECK_OK(store_client(shared, WECOM_ON_STORE_ERROR_FAIL, &a));
  CHECK_OK(wecom_client_send_text(a, "store 1"));
  CHECK_OK(wecom_client_send_text(a, "store 2"));
  CHECK_OK(store_client(shared, WECOM_ON_STORE_ERROR_FAIL, &b));
  CHECK_RESULT(wecom_client_send_text(b, "store 3"), WECOM_RESULT_RATE_LIMITED);
  CHECK_OK(store_client(own, WECOM_ON_STORE_ERROR_FAIL, &c));
  CHECK_OK(wecom_client_send_text(c, "store 3"));
  wecom_client_free(a);
  wecom_client_free(b);
  wecom_client_free(c);
  /* Nothing listens on port 1: `fail` reports the store (password masked), `local` sends. */
  const char *down = "redis://app:Hunter2Secret@127.0.0.1:1/0";
  CHECK_OK(store_client(down, WECOM_ON_STORE_ERROR_FAIL, &a));
  CHECK_RESULT(wecom_client_send_text(a, "not sent"), WECOM_RESULT_STORE);
  CHECK(strstr(last_message(), "Hunter2Secret") == NULL && strstr(last_message(), "***") != NULL);
  wecom_client_free(a);
  CHECK_OK(store_client(down, WECOM_ON_STORE_ERROR_LOCAL, &a));
  CHECK_OK(wecom_client_send_text(a, "sent under a local window"));
  wecom_client_free(a);
  a = NULL;
  CHECK_RESULT(store_client("postgres://db", WECOM_ON_STORE_ERROR_FAIL, &a), WECOM_RESULT_INVALID_ARGUMENT);
  CHECK(a == NULL && strcmp(last_field(), "store") == 0);
  CHECK_RESULT(wecom_client_config_set_on_store_error(NULL, WECOM_ON_STORE_ERROR_FAIL), WECOM_RESULT_INVALID_ARGUMENT);
  static const char *const files[] = {"shared.sqlite3", "shared.sqlite3-wal", "shared.sqlite3-shm",
                                       "own.sqlite3",    "own.sqlite3-wal",    "own.sqlite3-shm"};
  char path[4200];
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  CHECK(rmdir(dir) == 0);
}

/* test-c.sh scripts a 3 s delay for this key: the client gives up after 300 ms, when the
 * request is already out. A refused connection sent nothing. */
static void test_may_have_been_delivered(void) {
  wecom_client_config *cfg = NULL;
  wecom_client *c = NULL;
  CHECK_OK(wecom_client_config_new(&cfg));
  CHECK_OK(wecom_client_config_set_base_url(cfg, mock_url()));
  CHECK_OK(wecom_client_config_set_proxy_mode(cfg, WECOM_PROXY_MODE_NONE));
  CHECK_OK(wecom_client_config_disable_rate_limit(cfg));
  CHECK_OK(wecom_client_config_set_timeout_ms(cfg, 300));
  CHECK_OK(wecom_client_new_with_config("c-api-maybe-key", cfg, &c));
  CHECK_RESULT(wecom_client_send_text(c, "slow answer"), WECOM_RESULT_TIMEOUT);
  CHECK(wecom_error_may_have_been_delivered());
  wecom_client_free(c);
  CHECK_OK(wecom_client_config_set_base_url(cfg, "http://127.0.0.1:9")); /* a success clears it */
  CHECK(!wecom_error_may_have_been_delivered());
  CHECK_OK(wecom_client_config_set_retry(cfg, 1, 0, 0));
  CHECK_OK(wecom_client_new_with_config("c-api-maybe-key", cfg, &c));
  CHECK_RESULT(wecom_client_send_text(c, "nobody home"), WECOM_RESULT_TRANSPORT);
  CHECK(!wecom_error_may_have_been_delivered());
  CHECK_RESULT(wecom_client_send_text(c, ""), WECOM_RESULT_VALIDATION);
  CHECK(!wecom_error_may_have_been_delivered());
  wecom_client_free(c);
  wecom_client_config_free(cfg);
}

static void test_threads(void) {
  wecom_client *c = mock_client(mock_url(), "c-api-threads-key");
  pthread_t threads[THREADS];
  thread_arg args[THREADS];
  for (int i = 0; i < THREADS; i++) {
    args[i] = (thread_arg){.client = c, .index = i, .failures = 0};
    CHECK(pthread_create(&threads[i], NULL, sender, &args[i]) == 0);
  }
  for (int i = 0; i < THREADS; i++) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(args[i].failures == 0);
  }
  wecom_client_free(c);
  /* test-c.sh checks that the mock recorded THREADS * SENDS_PER_THREAD messages for this key. */
  printf("threads: %d sends on one client\n", THREADS * SENDS_PER_THREAD);
}

int main(void) {
  test_versions_and_codes();
  test_free_null_is_a_no_op();
  test_error_details();
  test_invalid_utf8_and_null();
  test_setters_check_the_message_type();
  test_helpers();
  test_content();
  test_media_rules_and_env();
  test_hostile_inputs();
  test_config_and_key_secrecy();
  if (mock_url()) {
    test_http();
    test_log_callback();
    test_store();
    test_may_have_been_delivered();
    test_threads();
  } else {
    fprintf(stderr, "WECOM_MOCK_URL is not set: the HTTP tests cannot run\n");
    test_failures++;
  }
  printf("test_api: %s (%d failed checks)\n", test_failures ? "FAILED" : "ok", test_failures);
  return test_failures ? 1 : 0;
}
