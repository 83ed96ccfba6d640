"""Thai knowledge, each piece written once: digits, months, the Buddhist era, the patterns
of reference numbers and receipt-stamp labels, and the look-alikes OCR writes for them.

``digits``    Thai and Arabic digits; the Latin letters and Thai consonants OCR confuses
``dates``     the Buddhist-era offset
``months``    month names, full and abbreviated (the same as PyThaiNLP's)
``patterns``  reference numbers (ที่ …) and receipt-stamp labels (เลขรับ, วันที่, เวลา)

Importing any of them is cheap; only the word lists load PyThaiNLP, on first use.
"""
