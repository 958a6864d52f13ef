"""Legal references: document symbols, Vietnamese dates and citations between documents.

The pure core (:mod:`cchc.legal.symbols`) parses "số, ký hiệu" such as ``2074/QĐ-UBND``
or ``1492-KL/TU``, dates such as "ngày 20 tháng 12 năm 2021" and whole citations
("Căn cứ Quyết định số ... ngày ... của ...") without importing Django.
"""
