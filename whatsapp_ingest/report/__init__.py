"""The report stage: what people read.

It owns the CSV tables in each dialect (`csvout`, with `whatsapp_ingest.fileio`), the labels in each language (`labels`), the workbook
(`xlsx`, `xlsx_sheets`, its page layout `xlsx_page`), the charts (`charts`), the terminal's tables (`terminal`), the rows of the
`parse` command (`parse_rows`), and writing the outputs into `out/` (`write`). It is the top stage
below the CLI and the pipeline: it may import every stage beneath it, and none imports it.
"""
