"""Task results, counts and failure dumps in Anaplan's own shapes."""

import json
from pathlib import Path

from adapters.anaplan.dumps import DumpReader, RowRejection
from adapters.anaplan.reports import ActionReport
from adapters.anaplan.results import TaskOutcome
from adapters.anaplan.wire import retry_after

FIXTURES = Path(__file__).parent / "fixtures"


def task(name):
    return json.loads((FIXTURES / name).read_text())["task"]


def test_an_import_result_gives_its_row_counts():
    outcome = TaskOutcome.of(task("task_success_response.json"), polls=3, duration_ms=10)
    assert outcome.successful and outcome.result.failure_dump_available
    report = ActionReport.of(outcome.result)
    assert (report.processed, report.loaded, report.ignored, report.failed) == (13, 13, 0, 0)
    assert report.messages == ("blah1: 13 (0/13) rows successful, 0 ignored",)


def test_a_process_result_has_one_result_per_action():
    outcome = TaskOutcome.of(task("process-task-complete.json"), polls=1, duration_ms=1)
    assert outcome.successful
    assert [(n.object_id, n.successful) for n in outcome.result.nested] == [("117000000015", True)]


def test_failed_and_cancelled_tasks_say_why():
    failed = {
        "taskId": "T1",
        "taskState": "COMPLETE",
        "currentStep": "Failed.",
        "result": {
            "successful": False,
            "objectId": "112000000001",
            "details": [{"localMessageText": "No data has been uploaded", "values": []}],
        },
    }
    assert TaskOutcome.of(failed, 1, 1).reason == "No data has been uploaded"
    cancelled = {"taskId": "T2", "taskState": "CANCELLED", "cancelledBy": "ops@example.com"}
    assert TaskOutcome.of(cancelled, 1, 1).reason == "cancelled by ops@example.com"


def test_a_failure_dump_becomes_per_row_reasons():
    data = (FIXTURES / "import-dump-chunk.csv").read_bytes()
    reader = DumpReader(limit=3)
    for start in range(0, len(data), 17):
        reader.feed(data[start : start + 17])
    reader.feed(b"", final=True)
    assert reader.count == 4 and len(reader.rows) == 3
    first, _, third = reader.rows
    assert first.line == 151 and first.status == "W" and not first.rejected
    assert first.reasons == ("Invalid parent",)
    assert dict(first.values)["Column 1"] == "Max Warren"
    assert dict(first.values)["Parent"] == ",,"
    assert third == RowRejection(
        11522,
        "E",
        tuple(
            zip(
                _source_columns(data),
                [
                    "",
                    "Parent",
                    "Code",
                    "Start Date",
                    "Leave Date",
                    "",
                    "",
                    "Start Datesss",
                    "",
                    "",
                    "",
                ],
                strict=True,
            )
        ),
        ("Invalid name: Code",),
    )


def _source_columns(data):
    header = data.split(b"\n")[0].decode()
    return [name.strip('"') for name in header.split(",")][1:-2]


def test_retry_after_takes_seconds_or_a_date():
    assert retry_after("7") == 7
    assert retry_after(None) is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after("soon") is None


def test_a_dump_line_that_is_not_a_number_is_unknown_not_a_crash():
    reader = DumpReader()
    reader.feed("_Status_,A,_Line_,_Error_1_\nE,x,\u00b2,bad\nE,y,12,worse\n".encode(), final=True)
    assert [row.line for row in reader.rows] == [None, 12]  # int("²") raised ValueError
