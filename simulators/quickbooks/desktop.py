"""QuickBooks Desktop on the Web Connector's machine: is it running, which company file
is open, is a modal dialog in the way. QBWC opens a session through it and, when that
fails, reports the HRESULT to the web service with connectionError."""

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.faults import FaultPlan
from simulators.quickbooks.hresults import (
    COULD_NOT_START,
    DIFFERENT_FILE_OPEN,
    MODAL_DIALOG,
    NO_COMPANY_FILE_OPEN,
    NOT_RUNNING_NO_FILE,
    HResult,
)
from simulators.quickbooks.latency import LatencyModel
from simulators.quickbooks.product import Product
from simulators.quickbooks.session import QuickBooksSession


class QuickBooksUnavailable(Exception):
    def __init__(self, hresult: HResult) -> None:
        super().__init__(f"{hresult.code} {hresult.message}")
        self.hresult = hresult


class QuickBooksDesktop:
    def __init__(
        self, *companies: CompanyFile, open_file: str | None = "", running: bool = True
    ) -> None:
        """open_file "" opens the first company; None leaves QuickBooks without a file."""
        if not companies:
            raise ValueError("QuickBooksDesktop needs at least one company file")
        self.companies = {company.path.casefold(): company for company in companies}
        self.running = running
        self.open_path = companies[0].path if open_file == "" else open_file
        self.modal_dialog = False
        self.unattended_mode = True

    @property
    def product(self) -> Product:
        return next(iter(self.companies.values())).product

    def open_session(
        self,
        company_file: str = "",
        *,
        faults: FaultPlan | None = None,
        latency: LatencyModel | None = None,
    ) -> QuickBooksSession:
        """company_file "" means "the file open in QuickBooks" (authenticate's "")."""
        company = self._reachable_company(company_file)
        self.running = True
        self.open_path = company.path
        return QuickBooksSession(company, faults=faults, latency=latency)

    def close_quickbooks(self) -> None:
        self.running = False
        self.open_path = None

    def close_company_file(self) -> None:
        self.open_path = None

    def open_company_file(self, path: str) -> None:
        self.running = True
        self.open_path = self._company(path).path

    def _reachable_company(self, requested: str) -> CompanyFile:
        if self.modal_dialog:
            raise QuickBooksUnavailable(MODAL_DIALOG)
        if not self.running:
            return self._start_with(requested)
        if self.open_path is None:
            if not requested:
                raise QuickBooksUnavailable(NO_COMPANY_FILE_OPEN)
            return self._company(requested)
        if requested and requested.casefold() != self.open_path.casefold():
            raise QuickBooksUnavailable(DIFFERENT_FILE_OPEN)
        return self._company(self.open_path)

    def _start_with(self, requested: str) -> CompanyFile:
        if not requested:
            raise QuickBooksUnavailable(NOT_RUNNING_NO_FILE)
        if not self.unattended_mode:
            raise QuickBooksUnavailable(COULD_NOT_START)
        return self._company(requested)

    def _company(self, path: str) -> CompanyFile:
        company = self.companies.get(path.casefold())
        if company is None:
            raise QuickBooksUnavailable(COULD_NOT_START)
        return company
