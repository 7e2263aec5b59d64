"""The storm's alerts, one generator for the storms that must send the same alerts
(scripts/outbox-storm.sh, bench/notifier-compare.sh):

    python3 scripts/storm_alerts.py DIR PER

writes DIR/alerts-1.tsv … DIR/alerts-4.tsv, one per producer, PER lines each:
`KIND<TAB>CONTENT`, KIND text or markdown in runs of 10–40, CONTENT "p<producer>-<n> " then
filler, 60–400 bytes. Seeded: the same alerts every run."""

import random
import sys


def main() -> None:
    out, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(13)
    for p in range(1, 5):
        kind, left, lines = "text", 0, []
        for i in range(1, n + 1):
            if left == 0:
                kind, left = rng.choice(["text", "markdown"]), rng.randint(10, 40)
            left -= 1
            tag = f"p{p}-{i:04d} "
            size = rng.randint(60, 400)
            lines.append(f"{kind}\t{tag}{'x' * (size - len(tag))}")
        with open(f"{out}/alerts-{p}.tsv", "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
