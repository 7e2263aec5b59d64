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

void report_error(cJSON *out, const outcome_t *o) {
  cJSON *e = cJSON_AddObjectToObject(out, "error");
  cJSON_AddStringToObject(e, "kind", wecom_result_name(o->code));
  if (o->field[0]) cJSON_AddStringToObject(e, "field", o->field);
  if (o->has_errcode) cJSON_AddNumberToObject(e, "errcode", (double)o->errcode);
  if (o->has_status) cJSON_AddNumberToObject(e, "status", o->status);
  cJSON_AddStringToObject(e, "message", o->message);
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
