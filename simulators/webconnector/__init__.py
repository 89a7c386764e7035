"""A QuickBooks Web Connector stand-in that drives a QBWC SOAP service over real HTTP."""

from simulators.webconnector.agent import DEFAULT_OWNER_ID, WebConnectorAgent
from simulators.webconnector.report import CallRecord, CycleReport, MessageRecord, Outcome
from simulators.webconnector.transport import AgentFaults

__all__ = [
    "DEFAULT_OWNER_ID",
    "AgentFaults",
    "CallRecord",
    "CycleReport",
    "MessageRecord",
    "Outcome",
    "WebConnectorAgent",
]
