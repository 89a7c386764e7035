"""The hardened XML parser every untrusted document goes through."""

from __future__ import annotations

import pytest

from adapters import xmlsafe

XXE = (
    '<?xml version="1.0" encoding="{encoding}"?>'
    '<!DOCTYPE r [<!ENTITY s SYSTEM "file:///etc/passwd"><!ENTITY i "inner">]><r>&s;&i;</r>'
)


def parse(data: bytes, max_depth: int = 8) -> object:
    return xmlsafe.parse(data, max_bytes=2**20, max_depth=max_depth)


@pytest.mark.parametrize("encoding", ["UTF-16", "UTF-16-LE", "UTF-16-BE", "UTF-32"])
def test_a_dtd_is_refused_in_encodings_the_byte_check_cannot_read(encoding):
    with pytest.raises(xmlsafe.UnsafeXml, match="document type declarations"):
        parse(XXE.format(encoding=encoding).encode(encoding.replace("-LE", "-le")))


def test_a_doctype_without_entities_is_refused_too():
    with pytest.raises(xmlsafe.UnsafeXml, match="document type declarations"):
        parse('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r><r/>'.encode("utf-16"))


def test_utf16_without_a_dtd_is_read():
    root = parse('<?xml version="1.0" encoding="UTF-16"?><r>é</r>'.encode("utf-16"))
    assert root.text == "é"


@pytest.mark.parametrize("siblings", [1, 500])
def test_depth_is_counted_from_the_root_whatever_the_width(siblings):
    def nested(levels: int) -> bytes:
        leaves = "<x/>" * siblings
        return ("<a>" * (levels - 1) + leaves + "</a>" * (levels - 1)).encode()

    assert parse(nested(8)).tag == "a"  # eight levels: the leaves are the eighth
    with pytest.raises(xmlsafe.UnsafeXml, match="nested deeper than 8 levels"):
        parse(nested(9))


def test_a_deep_branch_after_many_shallow_ones_is_found():
    shallow = "<b><c/></b>" * 2000
    with pytest.raises(xmlsafe.UnsafeXml, match="nested deeper"):
        parse(f"<r>{shallow}{'<d>' * 8}{'</d>' * 8}</r>".encode())
