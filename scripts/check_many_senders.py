"""Judges a many-senders run (issue 12) from the mock's records of one key:
every message delivered exactly once, no 45009 answer, each sender's messages in its order.

    python3 scripts/check_many_senders.py MOCK_URL KEY EXPECTED

Messages are "SENDER NUMBER" (e.g. "c2 07"); a sender's numbers must arrive increasing.
Exit 1 with the reason when the run is wrong."""

import collections
import json
import sys
import urllib.parse
import urllib.request


def main(url: str, key: str, expected: int) -> None:
    with urllib.request.urlopen(f"{url}/_mock/records?key={urllib.parse.quote(key)}") as answer:
        records = json.load(answer)
    codes = collections.Counter((r.get("reply") or {}).get("json", {}).get("errcode") for r in records)
    delivered = [r["body_json"]["text"]["content"] for r in records if r["delivered"]]
    print(f"{len(records)} requests, answers {dict(codes)}, {len(delivered)} delivered")
    if codes.get(45009, 0):
        sys.exit(f"{codes[45009]} answers were 45009: the store did not coordinate the senders")
    if len(delivered) != expected or len(set(delivered)) != expected:
        sys.exit(f"{len(delivered)} delivered ({len(set(delivered))} distinct), expected each of {expected} once")
    senders = collections.defaultdict(list)
    for content in delivered:
        sender, number = content.rsplit(" ", 1)
        senders[sender].append(int(number))
    for sender, numbers in senders.items():
        if numbers != sorted(numbers):
            sys.exit(f"{sender}: out of order: {numbers}")
    print(f"{len(senders)} senders, each in its own order")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
