/* `{"send": M, "key": K}` and `{"upload": U, "key": K}` cases: a client for key K and base URL
 * $WECOM_MOCK_URL, configured from the case's "client" settings, talks to the mock server (the
 * harness scripts the mock and checks what it received after the runner exits). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner.h"

/* Makes the case's client; false (reason set) when a setting is unknown or refused. */
static bool make_client(const cJSON *c, const env_t *env, const char *key, wecom_client **out, outcome_t *o, reason_t *r) {
  *out = NULL;
  if (!env->mock_url) return fail(r, "WECOM_MOCK_URL is not set (HTTP cases run under the harness)");
  wecom_client_config *cfg = NULL;
  if (wecom_client_config_new(&cfg) != WECOM_RESULT_OK) return fail(r, "wecom_client_config_new failed");
  bool ok = wecom_client_config_set_base_url(cfg, env->mock_url) == WECOM_RESULT_OK;
  const cJSON *settings = cJSON_GetObjectItemCaseSensitive(c, "client"), *s;
  cJSON_ArrayForEach(s, settings) {
    if (!ok) break;
    if (strcmp(s->string, "multipart_boundary") == 0 && cJSON_IsString(s)) {
      ok = wecom_client_config_set_multipart_boundary(cfg, s->valuestring) == WECOM_RESULT_OK;
    } else if (strcmp(s->string, "retry") == 0 && cJSON_IsBool(s)) {
      /* false: one attempt only; true: the default policy. */
      if (cJSON_IsFalse(s)) ok = wecom_client_config_set_retry(cfg, 1, 200, 5000) == WECOM_RESULT_OK;
    } else if (strcmp(s->string, "timeout_ms") == 0 && cJSON_IsNumber(s) && s->valuedouble > 0) {
      ok = wecom_client_config_set_timeout_ms(cfg, (uint64_t)s->valuedouble) == WECOM_RESULT_OK;
    } else {
      wecom_client_config_free(cfg);
      return fail(r, "client setting %s is not known to the C runner", s->string);
    }
  }
  if (!ok) {
    wecom_client_config_free(cfg);
    return fail(r, "a client setting was refused");
  }
  outcome_capture(o, wecom_client_new_with_config(key, cfg, out));
  wecom_client_config_free(cfg);
  return true;
}

/* Reports a finished HTTP call: `sent`, `media` (an upload) or `error`. */
static bool report_http(cJSON *out, const outcome_t *o, bool upload, const wecom_media *media) {
  if (o->code != WECOM_RESULT_OK) {
    report_error(out, o);
  } else if (upload) {
    cJSON *m = cJSON_AddObjectToObject(out, "media");
    cJSON_AddStringToObject(m, "kind", wecom_media_kind_of(media) == WECOM_MEDIA_KIND_VOICE ? "voice" : "file");
    const char *id = media ? wecom_media_id(media) : NULL;
    cJSON_AddStringToObject(m, "media_id", id ? id : "");
  } else {
    cJSON_AddTrueToObject(out, "sent");
  }
  return true;
}

bool run_send_case(const cJSON *c, const env_t *env, cJSON *out, reason_t *r) {
  const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
  const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "key"));
  if (!key) return fail(r, "a send case without a key");
  outcome_t o;
  wecom_client *client = NULL;
  if (!make_client(c, env, key, &client, &o, r)) return false;
  if (client) {
    wecom_message *msg = NULL;
    if (!build_message(cJSON_GetObjectItemCaseSensitive(input, "send"), env, &msg, &o, r)) {
      wecom_client_free(client);
      return false;
    }
    if (msg) outcome_capture(&o, wecom_client_send(client, msg));
    wecom_message_free(msg);
    wecom_client_free(client);
  }
  return report_http(out, &o, false, NULL);
}

/* The upload's content, as bytes (malloc'd); NULL with reason set when it cannot be made. */
static unsigned char *upload_content(const cJSON *u, const env_t *env, size_t *len, reason_t *r) {
  const char *fixture = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "fixture"));
  const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "text"));
  const cJSON *gen = cJSON_GetObjectItemCaseSensitive(u, "generate");
  if (fixture) {
    char path[4096];
    unsigned char *data = join_path(path, sizeof path, env->fixtures_dir, fixture) ? read_file(path, len) : NULL;
    if (!data) fail(r, "cannot read fixture %s", fixture);
    return data;
  }
  if (text) {
    *len = strlen(text);
    unsigned char *data = malloc(*len + 1);
    if (data) memcpy(data, text, *len + 1);
    return data;
  }
  const cJSON *size = cJSON_GetObjectItemCaseSensitive(gen, "size");
  if (cJSON_IsNumber(size) && size->valuedouble >= 0) {
    const char *hex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(gen, "header_hex"));
    size_t hlen = 0;
    unsigned char *header = hex ? hex_decode(hex, &hlen) : NULL;
    if (hex && !header) {
      fail(r, "generate.header_hex is not hex");
      return NULL;
    }
    *len = (size_t)size->valuedouble;
    unsigned char *data = calloc(*len + 1, 1);
    if (data && header) memcpy(data, header, hlen < *len ? hlen : *len);
    free(header);
    return data;
  }
  fail(r, "an upload with no fixture, text or generate content");
  return NULL;
}

bool run_upload_case(const cJSON *c, const env_t *env, cJSON *out, reason_t *r) {
  const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
  const cJSON *u = cJSON_GetObjectItemCaseSensitive(input, "upload");
  const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "key"));
  const char *kind_name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "kind"));
  const char *filename = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "filename"));
  const char *source = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "source"));
  bool missing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "missing"));
  if (!key || !kind_name || !filename || !source) return fail(r, "a malformed upload case");
  wecom_media_kind kind = strcmp(kind_name, "voice") == 0 ? WECOM_MEDIA_KIND_VOICE
                          : strcmp(kind_name, "file") == 0 ? WECOM_MEDIA_KIND_FILE
                                                           : 0; /* 0: the library refuses it */
  bool by_path = strcmp(source, "path") == 0;
  if (!by_path && strcmp(source, "bytes") != 0) return fail(r, "upload source %s is not path or bytes", source);
  if (missing && !by_path) return fail(r, "a missing upload must come from a path");

  outcome_t o;
  wecom_client *client = NULL;
  if (!make_client(c, env, key, &client, &o, r)) return false;
  wecom_media *media = NULL;
  bool ok = true;
  if (client) {
    size_t len = 0;
    unsigned char *data = missing ? NULL : upload_content(u, env, &len, r);
    char dir[4096], path[4096];
    if (!missing && !data) ok = false;
    /* A path upload: the content is written to a fresh directory under the given filename. */
    if (ok && by_path) {
      static unsigned counter = 0;
      char leaf[32];
      snprintf(leaf, sizeof leaf, "upload-%u", counter++);
      if (!join_path(dir, sizeof dir, env->scratch_dir, leaf) || mkdir(dir, 0700) != 0 || !join_path(path, sizeof path, dir, filename)) ok = fail(r, "cannot make %s", dir);
      else if (!missing && !write_file(path, data, len)) ok = fail(r, "cannot write %s", path);
    }
    if (ok) {
      if (by_path) outcome_capture(&o, wecom_client_upload_path(client, kind, path, &media));
      else outcome_capture(&o, wecom_client_upload_bytes(client, kind, data, len, filename, &media));
    }
    if (ok && by_path && !missing) remove(path);
    if (ok && by_path) rmdir(dir);
    free(data);
    wecom_client_free(client);
  }
  if (ok) ok = report_http(out, &o, true, media);
  wecom_media_free(media);
  return ok;
}
