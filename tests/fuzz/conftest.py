"""Fuzz runs stay short in the suite; set MLC_FUZZ_EXAMPLES to search longer by hand, e.g.
`MLC_FUZZ_EXAMPLES=5000 pytest tests/fuzz`. Anything a long run finds is added to the
test it came from as an @example, so the suite keeps it for good."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile(
    "mlc", max_examples=int(os.environ.get("MLC_FUZZ_EXAMPLES", "100")), print_blob=True
)
settings.load_profile("mlc")
