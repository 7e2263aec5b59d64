"""The storm's alerts, one generator for every storm (scripts/outbox-storm.sh,
scripts/outbox-crash.sh, bench/notifier-compare.sh):

    python3 scripts/storm_alerts.py DIR PER [--total N] [--seed S]

writes DIR/alerts-1.tsv … DIR/alerts-4.tsv, one per producer, PER lines each (or, with
--total, N lines in all: N // 4 each, one more for the first N % 4): `KIND<TAB>CONTENT`, KIND
text or markdown in runs of 10–40, CONTENT "p<producer>-<n> " then filler, 60–400 bytes.
Seeded (default 13): the same alerts every run."""

import argparse
import random


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("per", type=int, nargs="?", default=0)
    parser.add_argument("--total", type=int)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for p in range(1, 5):
        n = args.per if args.total is None else args.total // 4 + (p <= args.total % 4)
        kind, left, lines = "text", 0, []
        for i in range(1, n + 1):
            if left == 0:
                kind, left = rng.choice(["text", "markdown"]), rng.randint(10, 40)
            left -= 1
            tag = f"p{p}-{i:04d} "
            size = rng.randint(60, 400)
            lines.append(f"{kind}\t{tag}{'x' * (size - len(tag))}")
        with open(f"{args.dir}/alerts-{p}.tsv", "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
