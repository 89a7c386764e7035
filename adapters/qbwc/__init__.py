"""The Web Connector's SOAP 1.1 protocol: envelopes in, document/literal replies out, the
WSDL we serve and the .qwc file the user imports into QBWC."""
