"""What QuickBooks Desktop's parser rejects although Intuit's union schema accepts it.

The XSD covers every edition; qbxmlops140.xml marks these fields "not in QBD" and the
Desktop parser answers them with the generic parse error. rollbackOnError is in the
onError enumeration but Desktop refuses it (is2qb "QBXML Message Information").
"""

from lxml import etree

NOT_IN_DESKTOP = {
    "JournalEntryAdd": {"Memo"},
    "JournalDebitLine": {"TaxAmount", "ItemSalesTaxRef"},
    "JournalCreditLine": {"TaxAmount", "ItemSalesTaxRef"},
    "JournalLineMod": {"TaxAmount", "ItemSalesTaxRef"},
    "AccountAdd": {"DetailAccountType", "SalesTaxCodeRef"},
    "AccountMod": {"DetailAccountType", "SalesTaxCodeRef"},
}


def accepted_by_desktop(root: etree._Element) -> bool:
    messages = root.find("QBXMLMsgsRq")
    if messages is None or messages.get("onError") == "rollbackOnError":
        return False
    return not any(_rejected(element) for element in root.iter())


def _rejected(element: etree._Element) -> bool:
    parent = element.getparent()
    if parent is None or not isinstance(element.tag, str):
        return False
    return element.tag in NOT_IN_DESKTOP.get(parent.tag, ())
