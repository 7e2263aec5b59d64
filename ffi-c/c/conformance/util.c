/* Files, hex, paths and error capture for the conformance runner. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

bool fail(reason_t *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->text, sizeof r->text, fmt, ap);
  va_end(ap);
  return false;
}

void outcome_capture(outcome_t *o, wecom_result code) {
  memset(o, 0, sizeof *o);
  o->code = code;
  if (code == WECOM_RESULT_OK) return;
  wecom_error_field(o->field, sizeof o->field);
  wecom_error_message(o->message, sizeof o->message);
  o->has_errcode = wecom_error_errcode(&o->errcode);
  o->has_status = wecom_error_status(&o->status);
}

bool expect_error(const cJSON *error, const outcome_t *o, reason_t *r) {
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive(error, "kind");
  if (!cJSON_IsString(kind)) return fail(r, "the expectation has no error kind");
  if (o->code == WECOM_RESULT_OK) return fail(r, "expected error %s, but the call succeeded", kind->valuestring);
  const char *got = wecom_result_name(o->code);
  if (strcmp(got, kind->valuestring) != 0)
    return fail(r, "expected error %s, got %s (%s)", kind->valuestring, got, o->message);
  const cJSON *field = cJSON_GetObjectItemCaseSensitive(error, "field");
  if (cJSON_IsString(field) && strcmp(field->valuestring, o->field) != 0)
    return fail(r, "expected field %s, got %s (%s)", field->valuestring, o->field, o->message);
  const cJSON *errcode = cJSON_GetObjectItemCaseSensitive(error, "errcode");
  if (cJSON_IsNumber(errcode) && (!o->has_errcode || o->errcode != (int64_t)errcode->valuedouble))
    return fail(r, "expected errcode %.0f, got %s%lld (%s)", errcode->valuedouble, o->has_errcode ? "" : "none ",
                (long long)o->errcode, o->message);
  const cJSON *status = cJSON_GetObjectItemCaseSensitive(error, "status");
  if (cJSON_IsNumber(status) && (!o->has_status || o->status != (uint16_t)status->valuedouble))
    return fail(r, "expected HTTP status %.0f, got %s%u (%s)", status->valuedouble, o->has_status ? "" : "none ",
                (unsigned)o->status, o->message);
  return true;
}

unsigned char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  unsigned char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap) break;
    unsigned char *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) *len = n;
  return buf;
}

bool write_file(const char *path, const unsigned char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return false;
  bool ok = fwrite(data, 1, len, f) == len;
  return fclose(f) == 0 && ok;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

unsigned char *hex_decode(const char *hex, size_t *len) {
  size_t n = strlen(hex);
  if (n % 2) return NULL;
  unsigned char *out = malloc(n / 2 + 1);
  if (!out) return NULL;
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(out);
      return NULL;
    }
    out[i] = (unsigned char)(hi * 16 + lo);
  }
  *len = n / 2;
  return out;
}

bool join_path(char *buf, size_t n, const char *dir, const char *name) {
  int w = snprintf(buf, n, "%s/%s", dir, name);
  return w > 0 && (size_t)w < n;
}
