"""Anaplan Integration API v2.0 simulator (auth service, OAuth, bulk and transactional API).

    sim = AnaplanSimulator(SimConfig(token_lifetime=60))
    sim.add_user("me@example.com", "pw")
    model = sim.tenant.add_workspace("WS").add_model("Plan", Calendar(first_year=2027))
    ...seed lists, modules, exports, imports, processes on `model`...
    urls = await sim.start()          # urls.api ends in /2/0; urls.auth; urls.control
    ...
    await sim.stop()

Nothing here imports the product; the JSON comes from the Anaplan references.
"""

from .calendar import Calendar
from .config import SimConfig
from .definitions import TABULAR_MULTI_COLUMN, TABULAR_SINGLE_COLUMN, SourceFormat
from .faults import FaultRule
from .modules import LINE_ITEMS, TIME, VERSIONS
from .server import AnaplanSimulator, SimUrls
from .tasks import TaskTiming

__all__ = [
    "LINE_ITEMS",
    "TABULAR_MULTI_COLUMN",
    "TABULAR_SINGLE_COLUMN",
    "TIME",
    "VERSIONS",
    "AnaplanSimulator",
    "Calendar",
    "FaultRule",
    "SimConfig",
    "SimUrls",
    "SourceFormat",
    "TaskTiming",
]
