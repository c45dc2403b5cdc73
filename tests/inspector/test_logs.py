"""Log formats are detected and counted; each finding fires on the pattern it names and links its guide."""

import json

import pytest

from inspector.logs import LogError, chart, explain_log

pytestmark = pytest.mark.django_db


def combined(client, second, method, path, status, agent="Mozilla/5.0"):
    return (
        f'{client} - - [10/Oct/2024:13:{second // 60:02d}:{second % 60:02d} +0000] "{method} {path} HTTP/1.1" '
        f'{status} 512 "-" "{agent}"'
    )


ALB = (
    "h2 2024-10-10T13:55:36.123456Z app/my-lb/50dc6c495c0c9188 192.0.2.1:2817 10.0.0.1:80 0.000 0.001 0.000 "
    '{status} 200 34 366 "GET https://example.com:443/api/items?page=2 HTTP/2.0" "curl/8.5.0" '
    "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/tg/73e2d6bc24d8a067 "
    '"Root=1-58337262-36d228ad5d99923122bbe354" "example.com" "-" 0 2024-10-10T13:55:36.100000Z "forward" "-" "-" '
    '"10.0.0.1:80" "200" "-" "-"'
)


def cloudflare(status, uri="/", method="GET", ns=1728568536000000000):
    return json.dumps(
        {
            "ClientIP": "192.0.2.9",
            "ClientRequestMethod": method,
            "ClientRequestURI": uri,
            "EdgeResponseStatus": status,
            "EdgeStartTimestamp": ns,
        }
    )


def test_combined_log_counts_codes_classes_and_top_paths():
    lines = [combined("192.0.2.1", i, "GET", f"/p{i % 2}", 200) for i in range(6)]
    lines += [combined("192.0.2.2", 10, "GET", "/gone", 404), "a line that is not a log line"]
    summary = explain_log("\n".join(lines))
    assert summary.log_format == "combined" and summary.total == 7 and summary.skipped == [8]
    rows = {code: (count, paths) for code, count, paths in summary.code_rows()}
    assert rows[200] == (6, [("/p0", 3), ("/p1", 3)]) and rows[404] == (1, [("/gone", 1)])
    assert [(row.name, row.count) for row in summary.by_class()] == [("2xx", 6), ("4xx", 1)]


def test_alb_lines_are_detected_and_read_by_elb_status_code():
    summary = explain_log("\n".join(ALB.format(status=s) for s in (200, 460, 460)))
    assert summary.log_format == "alb"
    assert [(code, count) for code, count, _ in summary.code_rows()] == [(200, 1), (460, 2)]
    assert summary.records[0].path == "/api/items"
    assert any(f.title.startswith("460") and ("460 guide", "/codes/460/") in f.links for f in summary.findings)


def test_cloudflare_json_lines_are_detected_with_nanosecond_timestamps():
    summary = explain_log("\n".join([cloudflare(200), cloudflare(499, "/search?q=x"), cloudflare(503)]))
    assert summary.log_format == "cloudflare"
    assert summary.records[1].path == "/search" and summary.records[0].time.year == 2024


def test_client_closed_bursts_are_warnings_linked_to_the_guide():
    lines = [combined("192.0.2.3", i, "GET", "/report", 499) for i in range(6)]
    finding = next(f for f in explain_log("\n".join(lines)).findings if f.title.startswith("499"))
    assert finding.level == "warning" and "Up to 6 of them fell within one minute" in finding.message
    spread = [combined("192.0.2.3", i * 120, "GET", "/report", 499) for i in range(3)]
    assert next(f for f in explain_log("\n".join(spread)).findings if f.title.startswith("499")).level == "info"


def test_server_error_share_warns_from_one_percent():
    lines = [combined("192.0.2.4", i, "GET", "/", 200) for i in range(99)] + [
        combined("192.0.2.4", 99, "GET", "/", 502)
    ]
    finding = next(f for f in explain_log("\n".join(lines)).findings if f.title.startswith("5xx"))
    assert finding.level == "warning" and finding.title == "5xx: 1.0% of requests"
    assert ("502 guide", "/codes/502/") in finding.links


def test_redirect_chains_are_two_redirects_in_a_row_for_one_client():
    lines = [
        combined("192.0.2.5", 0, "GET", "/old", 301),
        combined("192.0.2.5", 1, "GET", "/older", 301),
        combined("192.0.2.5", 2, "GET", "/new", 200),
        combined("192.0.2.6", 0, "GET", "/old", 301),
        combined("192.0.2.6", 30, "GET", "/older", 301),
    ]
    finding = next(f for f in explain_log("\n".join(lines)).findings if f.title.startswith("Redirect chains"))
    assert finding.title == "Redirect chains: 1" and "/old (301) → /older (301) → /new (200)" in finding.message


def test_302_after_post_points_to_303_and_307():
    lines = [combined("192.0.2.7", 0, "POST", "/login", 302), combined("192.0.2.7", 9, "GET", "/", 302)]
    finding = next(f for f in explain_log("\n".join(lines)).findings if f.title.startswith("302 after POST"))
    assert finding.title == "302 after POST: 1" and ("302 vs 303", "/compare/302-vs-303/") in finding.links


def test_304_ratio_is_reported_among_successful_gets():
    lines = [combined("192.0.2.8", i, "GET", "/a.css", 304) for i in range(3)] + [
        combined("192.0.2.8", 9, "GET", "/a.css", 200)
    ]
    finding = next(f for f in explain_log("\n".join(lines)).findings if f.title.startswith("304 ratio"))
    assert finding.title == "304 ratio: 75.0%" and "longer max-age" in finding.message


def test_quiet_logs_have_only_the_304_note():
    lines = [combined("192.0.2.9", i * 10, "GET", "/", 200) for i in range(5)]
    assert [f.title for f in explain_log("\n".join(lines)).findings] == ["304 ratio: 0.0%"]


def test_chart_bars_scale_to_the_largest_count():
    lines = [combined("192.0.2.1", i, "GET", "/", 200) for i in range(4)] + [combined("192.0.2.1", 5, "GET", "/", 404)]
    drawing = chart(explain_log("\n".join(lines)))
    bars = {bar.code: bar for bar in drawing["bars"]}
    assert abs(bars[200].width - 4 * bars[404].width) <= 2 and bars[404].css_class == "bar-4xx"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Paste some access log lines"),
        ("hello\nworld", "No line looks like"),
    ],
)
def test_unreadable_logs_say_why(text, message):
    with pytest.raises(LogError, match=message):
        explain_log(text)
