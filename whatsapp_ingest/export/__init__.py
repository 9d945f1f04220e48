"""The export stage: one file from the inbox → records, knowing nothing of any programme.

It owns reading the bytes (Android .txt, iPhone .zip, encodings, size and zip-bomb bounds), the
header shapes of every WhatsApp version and language (`formats`), deciding the date order from the
file's own evidence (`dateorder`), splitting the text into messages with their file and line
(`parse`), and telling WhatsApp's own notices and placeholders from people's messages with the
wording tables in `languages/` (`classify`). It imports only the shared `records` and `errors`.
"""
