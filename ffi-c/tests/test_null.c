/* Passes NULL to every pointer parameter of every function of wecom_bot.h (the call list,
 * null_calls.inc, is generated from the header by gen_null_calls.py) and checks the documented
 * outcome: WECOM_RESULT_INVALID_ARGUMENT naming that argument, with every out-parameter left
 * NULL; NULL / 0 / false from getters; nothing from _free. Then passes invalid UTF-8 to every
 * string parameter (invalid_argument naming it; paths, which may be any bytes, just fail).
 * A crash fails the test too.
 *
 * With an argument (the output of `nm -D --defined-only libwecom_bot.so`, one symbol name a
 * line, read from standard input) it also checks that the header declares exactly the
 * functions the library exports. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wecom_bot.h"

static int failures = 0;
static int calls = 0;

/* Storage for valid arguments of the types gen_null_calls.py knows (some unused today). */
#define MAYBE_UNUSED __attribute__((unused))
static MAYBE_UNUSED char buf[16];
static char *out_string;
static MAYBE_UNUSED size_t out_size;
static MAYBE_UNUSED int64_t out_i64;
static MAYBE_UNUSED uint64_t out_u64;
static MAYBE_UNUSED uint16_t out_u16;
static wecom_client *out_client;
static wecom_client_config *out_config;
static wecom_message *out_message;
static wecom_media *out_media;
static wecom_string_list *out_list;
static wecom_outbox *out_outbox;
static wecom_outbox_config *out_outbox_config;
static wecom_deliverer *out_deliverer;
static wecom_dead_letters *out_dead_letters;
static MAYBE_UNUSED wecom_outbox_status out_status;
static MAYBE_UNUSED wecom_outbox_report out_report;
static MAYBE_UNUSED wecom_outbox_step_kind out_step;

static void reset_outs(void) {
  out_string = (char *)&out_string; /* anything but NULL: must come back NULL */
  out_client = (wecom_client *)&out_client;
  out_config = (wecom_client_config *)&out_config;
  out_message = (wecom_message *)&out_message;
  out_media = (wecom_media *)&out_media;
  out_list = (wecom_string_list *)&out_list;
  out_outbox = (wecom_outbox *)&out_outbox;
  out_outbox_config = (wecom_outbox_config *)&out_outbox_config;
  out_deliverer = (wecom_deliverer *)&out_deliverer;
  out_dead_letters = (wecom_dead_letters *)&out_dead_letters;
}

static int outs_cleared_or_untouched(void) {
  /* An out-parameter that was passed is NULL after a failure; one that was not passed
   * (because it was the NULL argument, or the function has none) keeps its marker. */
  int ok = 1;
  ok &= out_string == NULL || out_string == (char *)&out_string;
  ok &= out_client == NULL || out_client == (wecom_client *)&out_client;
  ok &= out_config == NULL || out_config == (wecom_client_config *)&out_config;
  ok &= out_message == NULL || out_message == (wecom_message *)&out_message;
  ok &= out_media == NULL || out_media == (wecom_media *)&out_media;
  ok &= out_list == NULL || out_list == (wecom_string_list *)&out_list;
  ok &= out_outbox == NULL || out_outbox == (wecom_outbox *)&out_outbox;
  ok &= out_outbox_config == NULL || out_outbox_config == (wecom_outbox_config *)&out_outbox_config;
  ok &= out_deliverer == NULL || out_deliverer == (wecom_deliverer *)&out_deliverer;
  ok &= out_dead_letters == NULL || out_dead_letters == (wecom_dead_letters *)&out_dead_letters;
  return ok;
}

#define EXPECT_INVALID(label, call, arg)                                                      \
  do {                                                                                        \
    reset_outs();                                                                             \
    wecom_result r_ = (call);                                                                 \
    char field_[128];                                                                         \
    wecom_error_field(field_, sizeof field_);                                                 \
    calls++;                                                                                  \
    if (r_ != WECOM_RESULT_INVALID_ARGUMENT || strcmp(field_, (arg)) != 0 || !outs_cleared_or_untouched()) { \
      fprintf(stderr, "%s: returned %s naming %s (expected invalid_argument naming %s)\n", label, \
              wecom_result_name(r_), field_, (arg));                                          \
      failures++;                                                                             \
    }                                                                                         \
  } while (0)
/* An optional pointer: NULL is accepted (the call may still fail for another reason). */
#define EXPECT_ACCEPTED(label, call, arg)                                                     \
  do {                                                                                        \
    wecom_result r_ = (call);                                                                 \
    char field_[128];                                                                         \
    wecom_error_field(field_, sizeof field_);                                                 \
    calls++;                                                                                  \
    if (r_ == WECOM_RESULT_PANIC || (r_ == WECOM_RESULT_INVALID_ARGUMENT && strcmp(field_, (arg)) == 0)) { \
      fprintf(stderr, "%s: returned %s naming %s (NULL is allowed there)\n", label,          \
              wecom_result_name(r_), field_);                                                 \
      failures++;                                                                             \
    }                                                                                         \
  } while (0)
#define BAD_UTF8 "bad \xff\xfe utf-8"
#define EXPECT_FAILURE(label, call)                                                            \
  do {                                                                                        \
    reset_outs();                                                                             \
    wecom_result r_ = (call);                                                                 \
    calls++;                                                                                  \
    if (r_ == WECOM_RESULT_OK || r_ == WECOM_RESULT_PANIC || !outs_cleared_or_untouched()) {  \
      fprintf(stderr, "%s: returned %s (expected an error)\n", label, wecom_result_name(r_));  \
      failures++;                                                                             \
    }                                                                                         \
  } while (0)
#define EXPECT_NULL(label, call)                                                    \
  do {                                                                              \
    calls++;                                                                        \
    if ((call) != NULL) { fprintf(stderr, "%s: not NULL\n", label); failures++; }   \
  } while (0)
#define EXPECT_FALSE(label, call)                                                   \
  do {                                                                              \
    calls++;                                                                        \
    if ((call)) { fprintf(stderr, "%s: not false\n", label); failures++; }          \
  } while (0)
#define EXPECT_ZERO(label, call)                                                    \
  do {                                                                              \
    calls++;                                                                        \
    if ((call) != 0) { fprintf(stderr, "%s: not 0\n", label); failures++; }         \
  } while (0)
#define EXPECT_NO_OP(label, call) \
  do {                            \
    calls++;                      \
    call;                         \
  } while (0)
#define EXPECT_NO_CRASH(label, call) \
  do {                               \
    calls++;                         \
    (void)(call);                    \
  } while (0)

#include "null_calls.inc"

static int check_exports(void) {
  /* Every exported wecom_ symbol is declared in the header, and every declared function is
   * exported. */
  int bad = 0, exported = 0;
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = 0;
    if (!*line) continue;
    exported++;
    int found = 0;
    for (size_t i = 0; i < sizeof header_functions / sizeof *header_functions; i++)
      found |= strcmp(header_functions[i], line) == 0;
    if (!found) {
      fprintf(stderr, "exported but not in the header: %s\n", line);
      bad++;
    }
  }
  if (exported != HEADER_FUNCTIONS) {
    fprintf(stderr, "the library exports %d wecom_ functions, the header declares %d\n", exported, HEADER_FUNCTIONS);
    bad++;
  }
  return bad;
}

int main(int argc, char **argv) {
  /* Fixtures: one live object of every kind a function may need beside the NULL argument. */
  static const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static const char *const strings[] = {"a", "b", "c"};
  static const size_t lengths[] = {1, 1};
  wecom_client_config *config = NULL;
  wecom_client *client = NULL;
  wecom_message *text = NULL, *news = NULL, *text_card = NULL, *news_card = NULL;
  wecom_string_list *list = NULL;
  int setup = wecom_client_config_new(&config) | wecom_client_config_set_base_url(config, "http://127.0.0.1:9") |
              wecom_client_new_with_config("null-test-key", config, &client) | wecom_message_text_new("t", &text) |
              wecom_message_news_new(&news) | wecom_message_news_add_article(news, "t", "u") |
              wecom_message_news_add_article(news, "t", "u") | wecom_message_text_notice_new(&text_card) |
              wecom_message_news_notice_new(&news_card) | wecom_split_text("a", &list);
  for (int i = 0; i < 2; i++) {
    setup |= wecom_card_add_horizontal_content(text_card, "k") | wecom_card_add_jump(text_card, "j") |
             wecom_card_add_vertical_content(news_card, "v");
  }
  /* An outbox in this process's memory (nothing is ever queued: every enqueue call of the list
   * lacks an argument), a deliverer on it, and its (empty) dead-letter list. */
  wecom_outbox_config *outbox_config = NULL;
  wecom_outbox *outbox = NULL;
  wecom_deliverer *deliverer = NULL;
  wecom_dead_letters *dead_letters = NULL;
  setup |= wecom_outbox_config_new(&outbox_config) | wecom_outbox_config_set_store(outbox_config, "memory") |
           wecom_outbox_new(client, outbox_config, &outbox) | wecom_outbox_start(outbox, &deliverer) |
           wecom_outbox_dead_letters(outbox, &dead_letters);
  if (setup != WECOM_RESULT_OK) {
    fprintf(stderr, "test_null: setting up the fixtures failed\n");
    return 1;
  }

  run_null_calls(client, config, text, news, text_card, news_card, list, png, strings, lengths, outbox,
                 outbox_config, deliverer, dead_letters);
  wecom_deliverer_stop(deliverer, 0, NULL); /* already stopped by the list: fails, harmlessly */
  wecom_deliverer_free(deliverer);
  wecom_dead_letters_free(dead_letters);
  wecom_outbox_free(outbox);
  wecom_outbox_config_free(outbox_config);
  wecom_string_list_free(list);
  wecom_message_free(text);
  wecom_message_free(news);
  wecom_message_free(text_card);
  wecom_message_free(news_card);
  wecom_client_free(client);
  wecom_client_config_free(config);

  if (calls != NULL_CALLS + UTF8_CALLS) failures++;
  if (argc > 1 && strcmp(argv[1], "--check-exports") == 0) failures += check_exports();
  printf("test_null: %d NULL calls and %d invalid UTF-8 calls over %d functions, %d failed\n", NULL_CALLS, UTF8_CALLS,
         HEADER_FUNCTIONS, failures);
  return failures ? 1 : 0;
}
