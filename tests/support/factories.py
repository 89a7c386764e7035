"""Builders for domain objects the tests need often."""

from __future__ import annotations

from dataclasses import replace

from domain.connection import (
    ActualsImport,
    AnaplanAuth,
    AnaplanSettings,
    ConnectionSettings,
    ExportLayout,
    PlanColumns,
    PlanExport,
    PostingRules,
    QuickBooksSettings,
)


def connection_settings(username: str = "mlc-demo", **changes: object) -> ConnectionSettings:
    settings = ConnectionSettings(
        name="Demo firm",
        quickbooks=QuickBooksSettings(
            qbwc_username=username, file_id="{57F3B9B6-86F1-4FCC-B1FF-967DE1813D20}"
        ),
        anaplan=AnaplanSettings(
            auth=AnaplanAuth.BASIC,
            workspace_id="8a81b09d5e8c6f27015ea4f4a32b0f8f",
            model_id="75A40874E6B64FA3AE0743278996850F",
            username="integration@example.com",
        ),
        plan_export=PlanExport(
            action="GL Plan for QuickBooks",
            layout=ExportLayout.SINGLE_COLUMN,
            columns=PlanColumns(
                account="GL Account",
                cost_center="Cost Center",
                version="Versions",
                period="Time",
                amount="Amount",
            ),
        ),
        actuals_import=ActualsImport(action="Load GL Actuals", data_source="gl_actuals.csv"),
        posting=PostingRules(offset_account="Budget Offset"),
    )
    return replace(settings, **changes)  # type: ignore[arg-type]
