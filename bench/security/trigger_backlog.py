#!/usr/bin/env python3
"""Issue 13 item 7, the trigger backlog: how long one new visitor's optimization waits behind a
flood of qualifying visitors.

Against a running Tailor (TAILOR_RATE_LIMIT_CLIENT raised so one client may flood it), it posts
VISITORS analytics-minded visitors who all qualify for a plan, as fast as it can in batches, then
one content explorer ("probe") whose profile calls for a different plan. It reports how long the
flood took to post, and the probe's wait: from the moment its events were acknowledged to the
moment its optimization job was created (the job's created_at in /api/metrics). Run it against
two builds side by side with bench/security/trigger-backlog.sh.

    trigger_backlog.py BASE_URL [VISITORS]
"""
import json
import sys
import threading
import time
import urllib.request

BASE = sys.argv[1].rstrip("/")
VISITORS = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
PER_BATCH = 150  # three events each: 450 events, under the 500 a batch may hold
THREADS = 4


def post(events):
    body = json.dumps({"events": events}).encode()
    request = urllib.request.Request(BASE + "/api/track", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        if reply.status != 200:
            raise SystemExit(f"POST /api/track answered {reply.status}")


def analytics_visitor(user):
    return [
        {"event": "page_view", "section": "analytics_dashboard", "time_spent": 170, "user_id": user},
        {"event": "section_dwell", "section": "quick_metrics", "time_spent": 30, "user_id": user},
        {"event": "section_dwell", "section": "hero", "time_spent": 12, "user_id": user},
    ]


def flood():
    batches = [[e for i in range(start, min(start + PER_BATCH, VISITORS)) for e in analytics_visitor(f"flood-{i}")]
               for start in range(0, VISITORS, PER_BATCH)]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not batches:
                    return
                batch = batches.pop()
            post(batch)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def probe_job(user, deadline):
    while time.time() < deadline:
        with urllib.request.urlopen(BASE + "/api/metrics", timeout=30) as reply:
            metrics = json.load(reply)
        for job in metrics.get("recent_jobs", []):
            if job.get("user_id") == user:
                return job
        time.sleep(0.2)
    return None


def main():
    started = time.time()
    flood()
    flooded = time.time()
    post([{"event": "page_view", "section": s, "time_spent": t, "user_id": "probe", "session_id": "p1"}
          for s, t in (("technical_deep_dive", 240), ("case_studies", 180), ("architecture_details", 150))])
    acknowledged = time.time()
    job = probe_job("probe", acknowledged + 300)
    print(f"flood: {VISITORS} qualifying visitors ({VISITORS * 3} events) posted in {flooded - started:.1f} s")
    if job is None:
        print("probe: no optimization job within 300 s")
        return 1
    print(f"probe: its optimization job was created {job['created_at'] / 1000 - acknowledged:.2f} s after its events were acknowledged"
          f" (job {job['status']}, variant {job['variant']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
