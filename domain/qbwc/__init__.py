"""The Web Connector session as pure decisions: version negotiation, the work budget,
the session state folded from its events, and the percent-done rule."""
