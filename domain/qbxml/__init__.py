"""qbXML as the product uses it: requests, responses, status outcomes and the rules
QuickBooks Desktop enforces beyond Intuit's schema. Pure: no XML library here; the
adapters in adapters/qbxml render and parse these values."""
