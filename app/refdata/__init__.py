"""Reference data of a connection, as operators check and align it: ping both systems,
validate the mapping against them, report drift between the QuickBooks lists and the
Anaplan lists, push QuickBooks accounts and classes to Anaplan, and ask QuickBooks to
create missing classes. The decisions are pure (domain/chart.py, domain/members.py,
domain/mapping_check.py, domain/drift.py, domain/list_push.py); these services fetch what
they need and record what they did."""
