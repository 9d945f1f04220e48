"""The programme stage: what the supervisor configures, read and checked.

It owns `program.toml` (and the checker that gives `file:line` for every bad key), the folder `init`
creates, the roster and the identities of participants (`roster`: names, phones, aliases, the draft
roster), the check that an export is this programme's group, the calendar of working days, weeks,
cycles and overrides, and the rule sets of `rules/`. It may import the export stage (records,
invisible marks) and the shared modules, never the store, figures or report.
"""
