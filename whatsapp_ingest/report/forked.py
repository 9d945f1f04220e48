"""Some outputs made by a forked process while this one makes the others (Linux, a core left idle).

A rebuild's outputs are independent of each other once the figures are computed: the workbook, the
longest of them, is built by a child process while the parent writes the CSVs, paints the charts and
renders the page (report.write). The child gets the figures by `os.fork` (shared, unchanged; no
pickle) and gives back only bytes: a line of JSON naming each file and its size, then the files'
bytes, in a temporary file that has no name (removed from its folder before the fork, so nothing is
left behind however either process ends). Its files are taken only when they are exactly the files
expected (report.write checks the names).

The child writes nothing else and says nothing: whatever goes wrong in it (an error, a crash, a kill,
a Ctrl-C that reached it) only makes the parent make those outputs itself, so errors, their
messages and exit codes are those of one process. A Ctrl-C or error in the parent kills the child
and waits for it before going on. Nothing is published until every output is made, so out/ is
never left with a part of the set (report.outset).

The machinery is the package's one for work done beside the parent (whatsapp_ingest/forking.py:
forked only where `os.fork` is safe, a core is idle and no thread runs).
"""

from __future__ import annotations

from whatsapp_ingest.forking import Aside, Files, aside, fork_pays

__all__ = ["Aside", "Files", "aside", "fork_pays"]
