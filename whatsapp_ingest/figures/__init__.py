"""The figures stage: everything derived from the stored facts and the programme.

It owns the activeness table, the daily activity, the DL/TDL decisions per cycle, Aktif/Pasif, the
PR/TT submissions (`aggregate`, `submissions`), the scores and their statistics (`scores`), and the
`Results` that carry all of them to the report. It reads the store through `db.StoredMessages` only (streamed, one pass: `scan`),
and imports nothing from the report.
"""
