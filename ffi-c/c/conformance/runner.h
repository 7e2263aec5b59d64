/* The C conformance runner: shared declarations.
 *
 * The runner reads every case file of $WECOM_CONFORMANCE_DIR/cases, builds each case through
 * the C API of libwecom_bot (builders and setters; wecom_message_from_json only for the `json`
 * input kind, which is about that entry point), and writes what happened per case id to
 * $WECOM_CONFORMANCE_RESULTS; the harness judges it (see tests/conformance/README.md). JSON is
 * read and written with cJSON (Debian's libcjson-dev). */
#ifndef WECOM_CONFORMANCE_RUNNER_H
#define WECOM_CONFORMANCE_RUNNER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wecom_bot.h"

/** Why a case failed (or could not be run), written by the code that noticed. */
typedef struct {
  char text[2048];
} reason_t;

/** Sets the reason like printf; always returns false (so `return fail(r, ...)` reads well).
 *  A reason is a runner error: the runner could not run the case (reported, and judged a failure). */
bool fail(reason_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** The outcome of a library call: the result code and the error details it left. */
typedef struct {
  wecom_result code;
  char field[512];
  char message[1024];
  bool has_errcode;
  int64_t errcode;
  bool has_status;
  uint16_t status;
} outcome_t;

/** Records `code` and, for a failure, the calling thread's error details. */
void outcome_capture(outcome_t *o, wecom_result code);

/** Adds `"error": {kind, field, errcode, status, message}` for a failed outcome to `out`. */
void report_error(cJSON *out, const outcome_t *o);

/** The runner's environment: the fixtures directory and a scratch directory. */
typedef struct {
  const char *fixtures_dir;
  const char *mock_url;
  char scratch_dir[4096];
} env_t;

/* ---- files and bytes (util.c) -------------------------------------------------------- */

/** Reads a whole file (malloc'd; caller frees); NULL on error. */
unsigned char *read_file(const char *path, size_t *len);
/** Writes a whole file; false on error. */
bool write_file(const char *path, const unsigned char *data, size_t len);
/** Decodes hex (malloc'd; caller frees); NULL when it is not hex. */
unsigned char *hex_decode(const char *hex, size_t *len);
/** `dir/name` into buf; false when it does not fit. */
bool join_path(char *buf, size_t n, const char *dir, const char *name);

/* ---- messages (message_builder.c) ----------------------------------------------------- */

/** Builds message M (wire shape, see the README) with the builder API.
 *  Returns true when the runner could map every field: then either `*out` is the message
 *  (o->code == OK) or the library refused it (o holds the error). Returns false (reason set)
 *  when the input holds something the runner cannot map: a failure, never a skip. */
bool build_message(const cJSON *m, const env_t *env, wecom_message **out, outcome_t *o, reason_t *r);

/* ---- case kinds: each adds the case's outcome to `out` (README, "Runner contract") and
 * returns true, or returns false with r set when it could not run the case ------------- */

/** `{"message": M}` cases: `body` or `error` (message_cases.c). */
bool run_message_case(const cJSON *c, const env_t *env, cJSON *out, reason_t *r);
/** `{"json": TEXT}` cases: wecom_message_from_json, then to_json: `body` or `error` (message_cases.c). */
bool run_json_case(const cJSON *c, cJSON *out, reason_t *r);
/** `{"split": ...}` and `{"helper": ...}` cases: `chunks` / `result` or `error` (helper_cases.c). */
bool run_split_case(const cJSON *c, cJSON *out, reason_t *r);
bool run_helper_case(const cJSON *c, cJSON *out, reason_t *r);
/** `{"send": M}` and `{"upload": U}` cases against the mock: `sent` / `media` or `error` (http_cases.c). */
bool run_send_case(const cJSON *c, const env_t *env, cJSON *out, reason_t *r);
bool run_upload_case(const cJSON *c, const env_t *env, cJSON *out, reason_t *r);

#endif
