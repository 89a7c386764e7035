"""Mappings over HTTP: CSV upload as an event, download, structural validation."""

from __future__ import annotations

from domain.access import Scope
from domain.events import MappingImported
from tests.support.ops import new_connection

GOOD = (
    "kind,anaplan_member,quickbooks_name\n"
    "account,Salaries & Wages,6000 Salaries\n"
    "account,Rent,6100 Rent\n"
    "class,CC-110 Advisory,Advisory:East\n"
)
BAD = (
    "kind,anaplan_member,quickbooks_name\n"
    "acount,Rent,6100 Rent\n"
    "account,Travel\n"
    "class,East,East\n"
    "class,east,West\n"
)
CSV = {"Content-Type": "text/csv"}


async def test_an_uploaded_mapping_is_recorded_and_downloads_as_uploaded(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    reply = await operator.put(f"/connections/{cid}/mapping", data=GOOD, headers=CSV)
    assert reply.status == 200
    assert reply.body == {
        "valid": True,
        "accounts": 2,
        "classes": 1,
        "match_same_names": True,
        "problems": [],
    }
    events = await service.container.store.read_stream(f"mapping-{cid}")
    assert [e.type for e in events] == ["MappingImported"]
    assert isinstance(events[0].event, MappingImported) and events[0].metadata.tenant_id == "acme"
    download = await operator.get(f"/connections/{cid}/mapping")
    assert download.status == 200 and download.headers["Content-Type"].startswith("text/csv")
    assert download.body == GOOD


async def test_the_latest_upload_is_the_mapping_in_force(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    await operator.put(f"/connections/{cid}/mapping", data=GOOD, headers=CSV)
    second = "kind,anaplan_member,quickbooks_name\nclass,CC-200,Tax\n"
    reply = await operator.put(
        f"/connections/{cid}/mapping?match_same_names=false", data=second, headers=CSV
    )
    assert reply.body["match_same_names"] is False
    assert (await operator.get(f"/connections/{cid}/mapping")).body == second


async def test_a_file_with_problems_is_refused_whole_with_every_problem(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    reply = await operator.put(f"/connections/{cid}/mapping", data=BAD, headers=CSV)
    assert reply.status == 422
    problems = reply.body["problems"]
    assert len(problems) == 3
    assert problems[0].startswith("line 2: kind must be")
    assert problems[1].startswith("line 3: expected 3 non-empty values")
    assert "mapped twice" in problems[2]
    assert await service.container.store.read_stream(f"mapping-{cid}") == []
    assert (await operator.get(f"/connections/{cid}/mapping")).status == 404


async def test_validation_reports_problems_without_storing_anything(api):
    reader = await api(Scope.READ, "acme")
    ok = await reader.post("/mappings/validate", data=GOOD, headers=CSV)
    assert ok.status == 200 and ok.body["valid"] is True and ok.body["accounts"] == 2
    bad = await reader.post("/mappings/validate", data=BAD, headers=CSV)
    assert bad.status == 200 and bad.body["valid"] is False and len(bad.body["problems"]) == 3
    header = await reader.post("/mappings/validate", data="a,b\n", headers=CSV)
    assert header.body["problems"] == [
        "the first line must be kind,anaplan_member,quickbooks_name, not a,b"
    ]


async def test_a_spreadsheet_bom_is_accepted_and_binary_is_refused(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    bom = await operator.put(
        f"/connections/{cid}/mapping", data=("\ufeff" + GOOD).encode(), headers=CSV
    )
    assert bom.status == 200
    binary = await operator.put(f"/connections/{cid}/mapping", data=b"\xff\xfe\x00k", headers=CSV)
    assert binary.status == 422 and "UTF-8" in binary.body["detail"]


async def test_uploading_needs_the_operator_scope_and_the_right_tenant(api, service):
    cid = await new_connection(service.container, "acme", "books")
    reader = await api(Scope.READ, "acme")
    assert (await reader.put(f"/connections/{cid}/mapping", data=GOOD, headers=CSV)).status == 403
    intruder = await api(Scope.ADMIN, "globex")
    upload = await intruder.put(f"/connections/{cid}/mapping", data=GOOD, headers=CSV)
    assert upload.status == 404
    operator = await api(Scope.OPERATOR, "acme")
    await operator.put(f"/connections/{cid}/mapping", data=GOOD, headers=CSV)
    assert (await intruder.get(f"/connections/{cid}/mapping")).status == 404


async def test_files_the_csv_module_cannot_read_are_problems_and_nothing_is_kept(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    header = "kind,anaplan_member,quickbooks_name\n"
    for body in ('account,"' + "x" * 200_000 + '",b\n', "account,Rent\x00,6100 Rent\n"):
        for path in (f"/connections/{cid}/mapping", "/mappings/validate"):
            method = operator.put if path.endswith("/mapping") else operator.post
            reply = await method(path, data=header + body, headers=CSV)
            assert reply.status in (200, 422) and reply.body["problems"], reply.body
    assert await service.container.store.read_stream(f"mapping-{cid}") == []
