/* The C conformance runner (tests/conformance/README.md, "Runner contract"): runs every case
 * of every case file through the C API and writes what happened per case id to the results
 * file; the harness judges it. Exits 0 once the results are written, whatever they hold.
 *
 *   WECOM_CONFORMANCE_DIR=tests/conformance WECOM_FIXTURES_DIR=tests/fixtures \
 *   WECOM_CONFORMANCE_RESULTS=results/c.json [WECOM_MOCK_URL=http://127.0.0.1:PORT] \
 *   wecom_conformance_c [ID-PREFIX]
 *
 * Normally started by the harness: cargo run -p wecom-bot-conformance -- run --lang c -- RUNNER
 * The optional argument runs only the cases whose id starts with it (for debugging). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one case; adds its outcome to `out`, or returns false with r set when it could not. */
static bool run_case(const cJSON *c, const env_t *env, cJSON *out, reason_t *r) {
  const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
  if (cJSON_GetObjectItemCaseSensitive(input, "message")) return run_message_case(c, env, out, r);
  if (cJSON_GetObjectItemCaseSensitive(input, "split")) return run_split_case(c, out, r);
  if (cJSON_GetObjectItemCaseSensitive(input, "helper")) return run_helper_case(c, out, r);
  if (cJSON_GetObjectItemCaseSensitive(input, "json")) return run_json_case(c, out, r);
  if (cJSON_GetObjectItemCaseSensitive(input, "send")) return run_send_case(c, env, out, r);
  if (cJSON_GetObjectItemCaseSensitive(input, "upload")) return run_upload_case(c, env, out, r);
  return fail(r, "an input the C runner does not know");
}

int main(int argc, char **argv) {
  const char *dir = getenv("WECOM_CONFORMANCE_DIR");
  const char *results_path = getenv("WECOM_CONFORMANCE_RESULTS");
  env_t env = {.fixtures_dir = getenv("WECOM_FIXTURES_DIR"), .mock_url = getenv("WECOM_MOCK_URL")};
  const char *only = argc > 1 ? argv[1] : NULL;
  if (!dir || !results_path || !env.fixtures_dir) {
    fprintf(stderr, "set WECOM_CONFORMANCE_DIR, WECOM_FIXTURES_DIR and WECOM_CONFORMANCE_RESULTS\n");
    return 2;
  }
  const char *tmp = getenv("TMPDIR");
  snprintf(env.scratch_dir, sizeof env.scratch_dir, "%s/wecom-conformance-c-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(env.scratch_dir)) {
    perror("mkdtemp");
    return 2;
  }

  char cases_dir[4096];
  snprintf(cases_dir, sizeof cases_dir, "%s/cases", dir);
  DIR *d = opendir(cases_dir);
  if (!d) {
    perror(cases_dir);
    return 2;
  }
  char *names[256];
  size_t n_names = 0;
  for (struct dirent *e; (e = readdir(d)) && n_names < 256;) {
    size_t len = strlen(e->d_name);
    if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) names[n_names++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n_names, sizeof *names, compare_names);

  cJSON *results = cJSON_CreateObject();
  cJSON_AddStringToObject(results, "language", "c");
  cJSON *outcomes = cJSON_AddArrayToObject(results, "outcomes");
  int ran = 0, runner_errors = 0;
  bool files_ok = true;
  for (size_t i = 0; i < n_names; i++) {
    char path[4096];
    size_t len = 0;
    unsigned char *text = join_path(path, sizeof path, cases_dir, names[i]) ? read_file(path, &len) : NULL;
    cJSON *file = text ? cJSON_ParseWithLength((const char *)text, len) : NULL;
    free(text);
    if (!file) {
      fprintf(stderr, "cannot read or parse %s\n", path);
      files_ok = false;
      continue;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(file, "cases")) {
      const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id"));
      if (!id) id = "(no id)";
      if (only && strncmp(id, only, strlen(only)) != 0) continue;
      reason_t r = {{0}};
      cJSON *out = cJSON_CreateObject();
      cJSON_AddStringToObject(out, "id", id);
      if (!run_case(c, &env, out, &r)) {
        /* Whatever a half-run case added goes: the runner error is its one outcome. */
        cJSON_Delete(out);
        out = cJSON_CreateObject();
        cJSON_AddStringToObject(out, "id", id);
        cJSON_AddStringToObject(out, "runner_error", r.text);
        fprintf(stderr, "runner error %s: %s\n", id, r.text);
        runner_errors++;
      }
      cJSON_AddItemToArray(outcomes, out);
      ran++;
    }
    cJSON_Delete(file);
  }
  for (size_t i = 0; i < n_names; i++) free(names[i]);
  rmdir(env.scratch_dir);

  char *out = cJSON_Print(results);
  FILE *f = fopen(results_path, "w");
  bool written = f && out && fputs(out, f) >= 0;
  if (f && fclose(f) != 0) written = false;
  if (!written) fprintf(stderr, "cannot write %s\n", results_path);
  free(out);
  cJSON_Delete(results);
  printf("%d cases run (%d runner errors); the harness judges the outcomes\n", ran, runner_errors);
  return files_ok && written ? 0 : 1;
}
