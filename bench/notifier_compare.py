"""The two halves of bench/notifier-compare.sh that are Python:

    python notifier_compare.py notifier ALERTS_TSV CAP_SECONDS
        (in the venv that has wecom-notifier) sends every alert of ALERTS_TSV through
        wecom_notifier.WeComNotifier as its README shows: one notifier, every alert submitted at
        once with async_send=True (its per-webhook queue and 20-per-60-s limiter take over),
        then each SendResult.wait()ed for, all within CAP_SECONDS of the first submission.
        The webhook URL comes from $NOTIFIER_WEBHOOK_URL (never the command line: it holds the
        key). Prints one JSON object: how many the notifier reported sent, failed, unfinished,
        its error strings counted, and the seconds from the first submission to the last result.

    python3 notifier_compare.py count ALERTS_TSV < RECORDS_JSON
        (the standard library only) reads the mock's records of one key and prints one JSON
        object: alerts delivered exactly once (each alert's text, tag and filler whole, found
        once across the delivered messages), alerts missing, duplicated, the messages delivered,
        the requests made and the 45009 answers.
"""

import collections
import json
import os
import re
import sys
import time

# An alert is "p<producer>-<nnnn> " then a run of x: found whole, it is this token.
ALERT = re.compile(r"p\d-\d{4} x*")


def read_alerts(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]


def notifier(alerts_path, cap):
    from wecom_notifier import WeComNotifier

    url = os.environ["NOTIFIER_WEBHOOK_URL"]
    alerts = read_alerts(alerts_path)
    bot = WeComNotifier()
    t0 = time.monotonic()
    results = []
    for kind, content in alerts:
        send = bot.send_text if kind == "text" else bot.send_markdown
        results.append(send(webhook_url=url, content=content, async_send=True))
    submitted = time.monotonic() - t0
    for r in results:
        r.wait(max(0.0, t0 + cap - time.monotonic()))
    elapsed = time.monotonic() - t0
    done = [r for r in results if r.success is not None]
    print(json.dumps({
        "alerts": len(alerts),
        "submitted_s": round(submitted, 3),
        "reported_sent": sum(r.success is True for r in done),
        "reported_failed": sum(r.success is False for r in done),
        "unfinished": len(results) - len(done),
        "errors": dict(collections.Counter(r.error for r in done if r.success is False)),
        "elapsed_s": round(elapsed, 3),
    }))
    # Daemon threads: what is unfinished at the cap is abandoned when the process exits.
    sys.stdout.flush()
    os._exit(0)


def count(alerts_path):
    alerts = [content for _, content in read_alerts(alerts_path)]
    records = json.load(sys.stdin)
    codes = collections.Counter((r.get("reply") or {}).get("json", {}).get("errcode") for r in records)
    delivered = [r["body_json"] for r in records if r["delivered"]]
    found = collections.Counter()
    for body in delivered:
        found.update(ALERT.findall(body[body["msgtype"]]["content"]))
    wanted = set(alerts)
    print(json.dumps({
        "alerts": len(alerts),
        "once": sum(found[a] == 1 for a in alerts),
        "missing": sum(found[a] == 0 for a in alerts),
        "duplicated": sum(found[a] > 1 for a in alerts),
        "stray": sum(n for token, n in found.items() if token not in wanted),
        "messages": len(delivered),
        "msgtypes": dict(collections.Counter(b["msgtype"] for b in delivered)),
        "requests": len(records),
        "e45009": codes.get(45009, 0),
    }))


if __name__ == "__main__":
    if sys.argv[1:2] == ["notifier"] and len(sys.argv) == 4:
        notifier(sys.argv[2], float(sys.argv[3]))
    elif sys.argv[1:2] == ["count"] and len(sys.argv) == 3:
        count(sys.argv[2])
    else:
        sys.exit(__doc__)
