"""qbXML with lxml: rendering requests in the schema's element order, validating them
against Intuit's 13.0 schema, and parsing responses with a hardened parser."""
