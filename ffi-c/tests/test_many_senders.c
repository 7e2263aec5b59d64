/* The shared quota's many-senders scenario (issue 12) from the C API: SENDERS processes (fork),
 * each with its own XDG_STATE_HOME, send PER_SENDER texts each to one robot, the rate window
 * kept in one store (argv[1], e.g. sqlite:/tmp/x/shared.sqlite3), at a mock that allows 20
 * messages per 2 s per key (test-c.sh starts it with --rate-limit 20/2) with the clients set
 * the same. Nothing but the store can coordinate the processes: without it they would overrun
 * the mock's window and earn 45009s.
 * Each process checks that every send succeeded; test-c.sh then reads the mock's records for
 * KEY: every message delivered once, no 45009 answer, each sender's messages in its order. */
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

#define SENDERS 4
#define PER_SENDER 15
#define KEY "c-many-senders-key"

/* One sender: its own state directory, its own client, PER_SENDER texts "cN MM" in order. */
static int sender(int n, const char *store, const char *state) {
  CHECK(mkdir(state, 0700) == 0);
  CHECK(setenv("XDG_STATE_HOME", state, 1) == 0);
  wecom_client *c = store_client_at_mock(KEY, store, 20, 2000, 30000);
  char content[32];
  for (int i = 1; i <= PER_SENDER && c; i++) {
    snprintf(content, sizeof content, "c%d %02d", n, i);
    CHECK_OK(wecom_client_send_text(c, content));
  }
  wecom_client_free(c);
  return test_failures ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc != 3 || !mock_url()) {
    fprintf(stderr, "usage: WECOM_MOCK_URL=URL test_many_senders STORE STATE_DIR (test-c.sh runs it)\n");
    return 2;
  }
  const char *store = argv[1], *states = argv[2];
  pid_t pids[SENDERS];
  for (int n = 0; n < SENDERS; n++) {
    char state[4096];
    snprintf(state, sizeof state, "%s/state-c%d", states, n + 1);
    fflush(NULL);
    pids[n] = fork();
    if (pids[n] == 0) exit(sender(n + 1, store, state));
    CHECK(pids[n] > 0);
  }
  for (int n = 0; n < SENDERS; n++) {
    int status = 0;
    if (pids[n] <= 0) continue;
    CHECK(waitpid(pids[n], &status, 0) == pids[n]);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "sender c%d failed (status %d)\n", n + 1, status);
      test_failures++;
    }
  }
  if (test_failures) {
    fprintf(stderr, "test_many_senders: %d failure(s)\n", test_failures);
    return 1;
  }
  printf("many senders: %d processes x %d texts sent through %s\n", SENDERS, PER_SENDER, store);
  return 0;
}
