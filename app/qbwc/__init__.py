"""The QuickBooks Web Connector side: the SOAP endpoint, sessions, and the work sources
that decide what each session sends to QuickBooks."""
