/* The C side of bench/run.sh: N text messages over one keep-alive client of libwecom_bot
 * (limiter off, no retries), after one warm-up message. Prints one JSON object; exits 1 on any
 * failed request.
 *
 *   bench_send BASE_URL KEY N
 *
 * CPU: getrusage(RUSAGE_SELF) around the loop (user + system time of every thread). Built by
 * bench/run.sh against the stripped library installed by `cmake --install` (pkg-config). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <wecom_bot.h>

static double secs(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long status_kib(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  size_t n = strlen(field);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, field, n) == 0 && line[n] == ':') kib = strtol(line + n + 1, NULL, 10);
  if (f) fclose(f);
  return kib;
}

static int fail(const char *what, wecom_result r) {
  char msg[512];
  wecom_error_message(msg, sizeof msg);
  fprintf(stderr, "bench_send: %s: result %d: %s\n", what, (int)r, msg);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: bench_send BASE_URL KEY N\n");
    return 2;
  }
  long n = strtol(argv[3], NULL, 10);
  wecom_client_config *config = NULL;
  wecom_client *client = NULL;
  wecom_result r;
  if ((r = wecom_client_config_new(&config))) return fail("config", r);
  if ((r = wecom_client_config_set_base_url(config, argv[1]))) return fail("base_url", r);
  if ((r = wecom_client_config_disable_rate_limit(config))) return fail("rate limit", r);
  if ((r = wecom_client_config_set_store(config, "memory"))) return fail("store", r);
  if ((r = wecom_client_config_set_retry(config, 1, 200, 5000))) return fail("retry", r);
  if ((r = wecom_client_new_with_config(argv[2], config, &client))) return fail("client", r);
  wecom_client_config_free(config);
  if ((r = wecom_client_send_text(client, "warm-up"))) return fail("warm-up", r);

  char text[64];
  struct rusage ru0, ru1;
  getrusage(RUSAGE_SELF, &ru0);
  double t0 = now();
  for (long i = 0; i < n; i++) {
    snprintf(text, sizeof text, "benchmark message %ld", i);
    if ((r = wecom_client_send_text(client, text))) return fail("send", r);
  }
  double wall = now() - t0;
  getrusage(RUSAGE_SELF, &ru1);
  wecom_client_free(client);
  printf("{\"messages\": %ld, \"wall_s\": %.6f, \"user_s\": %.6f, \"sys_s\": %.6f, \"peak_rss_kib\": %ld}\n", n, wall,
         secs(ru1.ru_utime) - secs(ru0.ru_utime), secs(ru1.ru_stime) - secs(ru0.ru_stime), status_kib("VmHWM"));
  return 0;
}
