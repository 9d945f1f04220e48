"""The translation catalogs (`<lang>/LC_MESSAGES/whatsapp_ingest.po` and the compiled `.mo`).

For maintainers (needs Babel, in the `test` extra):

    python -m whatsapp_ingest.locale check     # every `_()` text of the package is in every catalog
    python -m whatsapp_ingest.locale missing   # add the missing msgids to each .po (msgstr to fill in)
    python -m whatsapp_ingest.locale compile   # .po → .mo (the tests fail while a .mo is stale)
"""
