/* `{"split": ...}` and `{"helper": ...}` cases: the content helpers of the C API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

bool run_split_case(const cJSON *c, cJSON *out, reason_t *r) {
  const cJSON *split = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c, "input"), "split");
  const char *mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(split, "mode"));
  const char *content = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(split, "content"));
  if (!mode || !content) return fail(r, "a malformed split case");
  wecom_string_list *chunks = NULL;
  wecom_result code;
  if (strcmp(mode, "text") == 0) code = wecom_split_text(content, &chunks);
  else if (strcmp(mode, "markdown") == 0) code = wecom_split_markdown(content, &chunks);
  else if (strcmp(mode, "markdown_v2") == 0) code = wecom_split_markdown_v2(content, &chunks);
  else return fail(r, "split mode %s is not text, markdown or markdown_v2", mode);
  outcome_t o;
  outcome_capture(&o, code);
  if (code != WECOM_RESULT_OK) {
    report_error(out, &o);
    return true;
  }
  cJSON *list = cJSON_AddArrayToObject(out, "chunks");
  size_t n = wecom_string_list_len(chunks);
  for (size_t i = 0; i < n; i++) {
    const char *chunk = wecom_string_list_get(chunks, i);
    cJSON_AddItemToArray(list, chunk ? cJSON_CreateString(chunk) : cJSON_CreateNull());
  }
  wecom_string_list_free(chunks);
  return true;
}

/* markdown_table(headers, rows): rows are given to C as one flat cell array plus row lengths. */
static wecom_result call_table(const cJSON *args, char **out, reason_t *r, bool *mapped) {
  const cJSON *headers = cJSON_GetArrayItem(args, 0), *rows = cJSON_GetArrayItem(args, 1);
  *mapped = false;
  if (!cJSON_IsArray(headers) || !cJSON_IsArray(rows)) return (wecom_result)fail(r, "malformed markdown_table args");
  size_t nh = (size_t)cJSON_GetArraySize(headers), nr = (size_t)cJSON_GetArraySize(rows), total = 0;
  const cJSON *row, *cell;
  cJSON_ArrayForEach(row, rows) total += (size_t)cJSON_GetArraySize(row);
  /* Arrays of at least one element, so that the pointers are never NULL. */
  const char **h = calloc(nh + 1, sizeof *h), **cells = calloc(total + 1, sizeof *cells);
  size_t *lens = calloc(nr + 1, sizeof *lens);
  wecom_result code = WECOM_RESULT_OK;
  bool ok = h && cells && lens;
  size_t i = 0, k = 0;
  cJSON_ArrayForEach(cell, headers) {
    if (ok && !(h[i++] = cJSON_GetStringValue(cell))) ok = false;
  }
  i = 0;
  cJSON_ArrayForEach(row, rows) {
    if (ok && !cJSON_IsArray(row)) ok = false;
    if (ok) lens[i++] = (size_t)cJSON_GetArraySize(row);
    cJSON_ArrayForEach(cell, row) {
      if (ok && !(cells[k++] = cJSON_GetStringValue(cell))) ok = false;
    }
  }
  if (ok) {
    *mapped = true;
    code = wecom_markdown_table(h, nh, cells, lens, nr, out);
  } else {
    fail(r, "markdown_table args that are not lists of strings");
  }
  free(h);
  free(cells);
  free(lens);
  return code;
}

bool run_helper_case(const cJSON *c, cJSON *out_json, reason_t *r) {
  const cJSON *helper = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c, "input"), "helper");
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(helper, "name"));
  const cJSON *args = cJSON_GetObjectItemCaseSensitive(helper, "args");
  if (!name || !cJSON_IsArray(args)) return fail(r, "a malformed helper case");
  const char *a0 = cJSON_GetStringValue(cJSON_GetArrayItem(args, 0));
  const cJSON *a1 = cJSON_GetArrayItem(args, 1);
  char *out = NULL;
  wecom_result code;
  if (strcmp(name, "mention") == 0 && a0) {
    code = wecom_mention(a0, &out);
  } else if (strcmp(name, "font_color") == 0 && a0 && cJSON_IsString(a1)) {
    wecom_color color = strcmp(a1->valuestring, "info") == 0      ? WECOM_COLOR_INFO
                        : strcmp(a1->valuestring, "comment") == 0 ? WECOM_COLOR_COMMENT
                        : strcmp(a1->valuestring, "warning") == 0 ? WECOM_COLOR_WARNING
                                                                  : 0; /* 0: the library refuses it */
    code = wecom_font_color(a0, color, &out);
  } else if (strcmp(name, "truncate") == 0 && a0 && cJSON_IsNumber(a1) && a1->valuedouble >= 0) {
    code = wecom_truncate_to_bytes(a0, (size_t)a1->valuedouble, &out);
  } else if (strcmp(name, "to_wecom_markdown") == 0 && a0) {
    code = wecom_to_wecom_markdown(a0, &out);
  } else if (strcmp(name, "to_wecom_markdown_v2") == 0 && a0) {
    code = wecom_to_wecom_markdown_v2(a0, &out);
  } else if (strcmp(name, "to_plain_text") == 0 && a0) {
    code = wecom_to_plain_text(a0, &out);
  } else if (strcmp(name, "markdown_table") == 0) {
    bool mapped;
    code = call_table(args, &out, r, &mapped);
    if (!mapped) return false;
  } else {
    return fail(r, "helper %s with these arguments is not known to the C runner", name);
  }
  outcome_t o;
  outcome_capture(&o, code);
  if (code == WECOM_RESULT_OK) cJSON_AddStringToObject(out_json, "result", out);
  else report_error(out_json, &o);
  wecom_string_free(out);
  return true;
}
