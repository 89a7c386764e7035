"""The metrics other modules increment: names, labels and what a scrape shows."""

from __future__ import annotations

from prometheus_client import REGISTRY

from app import metrics


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_web_connector_cycles_and_qbxml_statuses_are_counted_by_closed_label_sets():
    before = value("mlc_qbwc_cycles_total", outcome="connection_error")
    metrics.qbwc_cycle(metrics.CycleOutcome.CONNECTION_ERROR)
    assert value("mlc_qbwc_cycles_total", outcome="connection_error") == before + 1
    calls = value("mlc_qbwc_calls_total", method="sendRequestXML")
    metrics.qbwc_call("sendRequestXML")
    assert value("mlc_qbwc_calls_total", method="sendRequestXML") == calls + 1
    stale = value("mlc_qbxml_responses_total", status_code="3200")
    metrics.qbxml_status(3200)
    assert value("mlc_qbxml_responses_total", status_code="3200") == stale + 1


def test_anaplan_requests_and_task_durations():
    limited = value("mlc_anaplan_requests_total", status="429")
    metrics.anaplan_request(429)
    assert value("mlc_anaplan_requests_total", status="429") == limited + 1
    labels = {"kind": "export", "result": "COMPLETE"}
    count = value("mlc_anaplan_task_duration_seconds_count", **labels)
    metrics.anaplan_task("export", "COMPLETE", 42.0)
    assert value("mlc_anaplan_task_duration_seconds_count", **labels) == count + 1
    assert value("mlc_anaplan_task_duration_seconds_bucket", le="60.0", **labels) >= 1
