"""The QuickBooks Desktop product the company file is opened in (what HostQuery returns
and what QBWC reports as qbXMLMajorVers/MinorVers)."""

from dataclasses import dataclass

_ALL_VERSIONS = (
    "1.0", "1.1", "2.0", "2.1", "3.0", "4.0", "4.1", "5.0", "6.0", "7.0",
    "8.0", "9.0", "10.0", "11.0", "12.0", "13.0", "14.0", "15.0", "16.0",
)  # fmt: skip


@dataclass(frozen=True)
class Product:
    name: str
    major_version: int
    minor_version: int
    country: str
    supported_qbxml_versions: tuple[str, ...]

    @property
    def highest_qbxml(self) -> tuple[int, int]:
        major, minor = self.supported_qbxml_versions[-1].split(".")
        return int(major), int(minor)


def _up_to(last: str) -> tuple[str, ...]:
    return _ALL_VERSIONS[: _ALL_VERSIONS.index(last) + 1]


ENTERPRISE_24 = Product("QuickBooks Enterprise Solutions 24.0", 34, 0, "US", _up_to("16.0"))
PRO_2014 = Product("QuickBooks Pro 2014", 24, 0, "US", _up_to("13.0"))
