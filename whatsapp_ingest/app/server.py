"""The web app's routes: the page, uploads into the inbox, roster edits and downloads of out/.

Every request must carry the secret token (`?token=` or the `X-Token` header) and come from the
app's own address (Host and, when sent, Origin): another web page in the same browser can neither
read the figures nor upload or change anything. One change at a time: uploads and roster edits
wait for each other, and `pipeline.run` holds the programme's lock against a terminal `ingest`.
This module and cli.py are the only places that turn errors into messages and status codes.
"""

from __future__ import annotations

import hmac
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from whatsapp_ingest.errors import IngestError
from whatsapp_ingest.export.read import MAX_EXPORT_BYTES
from whatsapp_ingest.i18n import _, ngettext
from whatsapp_ingest.pipeline import RunOutcome, run
from whatsapp_ingest.programme.program import Program, load_program
from whatsapp_ingest.programme.roster_edit import (RosterTable, add_alias, add_participant, read_roster_table,
                                                   save_roster_table)
from whatsapp_ingest.report.html import environment
from whatsapp_ingest.report.page import build_page
from whatsapp_ingest.report.printable import printable
from whatsapp_ingest.report.terminal import files_line
from whatsapp_ingest.app import uploads

TEMPLATES = Path(__file__).resolve().parent / "templates"
SAFE_OUTPUT = re.compile(r"^[\w][\w .()-]*\.(csv|xlsx|png|svg|html)$")
FORM_OVERHEAD = 1 << 20      # multipart headers and boundaries beyond the files themselves
MAX_FILES = 20


class Programme:
    """The programme the app serves and its latest run; one change at a time, its progress readable
    meanwhile (GET /progress)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.Lock()
        self.outcome: RunOutcome | None = None
        self.error: str | None = None
        self._progress_lock = threading.Lock()
        self._progress: dict[str, Any] = {"step": "idle", "done": 0, "total": 0, "name": ""}
        self.waiting = 0       # changes waiting for the one being made

    def program(self) -> Program:
        return load_program(self.folder)

    def refresh(self) -> RunOutcome | None:
        """Run the pipeline (as `ingest` does) and keep its outcome, or the error as one line."""
        self._step("store")
        try:
            self.outcome = run(self.program(), progress=self._stored, stage=self._step)
            self.error = None
        except IngestError as error:
            self.error = error.render()
            raise
        finally:
            self._step("idle")
        return self.outcome

    def _step(self, step: str) -> None:
        with self._progress_lock:
            self._progress = {**self._progress, "step": step}
            if step in ("idle", "store"):
                self._progress.update(done=0, total=0, name="")

    def _stored(self, done: int, total: int, name: str) -> None:
        with self._progress_lock:
            self._progress = {"step": "store", "done": done, "total": total, "name": name}

    def wait(self, change: int) -> None:
        """One more (+1) or one fewer (-1) change waiting for the lock."""
        with self._progress_lock:
            self.waiting += change

    def progress(self) -> dict[str, Any]:
        """Where the current change is: step, exports stored of how many, a percent and a line to show."""
        with self._progress_lock:
            state = {**self._progress, "waiting": self.waiting}
        state["percent"], state["text"] = progress_words(state)
        return state


# How far each step of an ingest takes the bar: storing the exports fills it up to 70 %.
STEP_PERCENT = {"figures": 80, "outputs": 90}


def progress_words(state: dict[str, Any]) -> tuple[int, str]:
    """The bar's percent and the line under it for a progress state."""
    step, done, total = state["step"], int(state["done"]), int(state["total"])
    if step == "store":
        percent = 70 * done // total if total else 5
        text = (_("Stored {done} of {total} export(s): {name}").format(done=done, total=total,
                                                                        name=printable(state["name"]))
                if total else _("Reading the exports in the inbox …"))
    elif step == "figures":
        percent, text = STEP_PERCENT[step], _("Computing the figures …")
    elif step == "outputs":
        percent, text = STEP_PERCENT[step], _("Writing rekap.xlsx, the CSVs, the charts and the page …")
    else:
        percent, text = 0, ""
    if state.get("waiting"):
        text = " ".join(filter(None, [text, ngettext(
            "{n} more upload waits for this one to finish.", "{n} more uploads wait for this one to finish.",
            state["waiting"]).format(n=state["waiting"])]))
    return percent, text


def status_of(error: IngestError) -> int:
    """The HTTP status of an error for people: 409 busy, 413 too large, 400 otherwise."""
    return {3: 409}.get(error.exit_code, 400)


def error_line(text: str) -> str:
    """An error as the terminal prints it: `kesalahan: file:line: what is wrong; what to do`."""
    return _("error: {message}").format(message=printable(text))


def error_response(error: IngestError) -> JSONResponse:
    return JSONResponse({"ok": False, "error": error_line(error.render())}, status_code=status_of(error))


def create_app(folder: Path, token: str, port: int) -> Starlette:
    """The Starlette app for the programme in `folder`, answering only requests with `token` that
    come from http://127.0.0.1:`port` (or localhost)."""
    state = Programme(Path(folder))
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    origins = {f"http://{host}" for host in hosts}

    def guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            given = request.query_params.get("token") or request.headers.get("x-token") or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"ok": False, "error": _("the link's token is missing or wrong; open the "
                                                             "address the programme printed")}, status_code=403)
            if request.headers.get("host", "") not in hosts:
                return JSONResponse({"ok": False, "error": "host"}, status_code=403)
            origin = request.headers.get("origin")
            if origin is not None and origin not in origins:
                return JSONResponse({"ok": False, "error": _("requests from other web pages are refused")},
                                    status_code=403)
            if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                return JSONResponse({"ok": False, "error": _("requests from other web pages are refused")},
                                    status_code=403)
            return await handler(request)
        return endpoint

    async def page(request: Request) -> Response:
        if state.outcome is None and state.error is None:
            try:
                await run_in_threadpool(locked, state.refresh)
            except IngestError:
                pass
        return HTMLResponse(await run_in_threadpool(render_page, state, token))

    def locked(action: Callable[[], Any]) -> Any:
        # a second click waits for the first; meanwhile /progress says that it waits
        if not state.lock.acquire(blocking=False):
            state.wait(+1)
            try:
                state.lock.acquire()
            finally:
                state.wait(-1)
        try:
            return action()
        finally:
            state.lock.release()

    async def progress(request: Request) -> Response:
        return JSONResponse(state.progress())

    async def inbox(request: Request) -> Response:
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"ok": False, "error": _("the upload has no length")}, status_code=411)
        if int(length) > MAX_EXPORT_BYTES + FORM_OVERHEAD:
            message = _("the file is larger than {mb} MB").format(mb=MAX_EXPORT_BYTES >> 20)
            return JSONResponse({"ok": False, "error": error_line(f"{message}; {_('export the chat without media')}")},
                                status_code=413)
        try:
            program = state.program()
        except IngestError as error:
            return error_response(error)
        form = await request.form(max_files=MAX_FILES, max_fields=10)
        files = [f for f in form.getlist("file") if isinstance(f, UploadFile)]
        if not files:
            return JSONResponse({"ok": False, "error": _("no file in the upload (field 'file')")}, status_code=400)
        staged, errors = [], []
        try:
            for upload in files:
                try:
                    staged.append(await run_in_threadpool(uploads.receive, program, upload.filename or "",
                                                          _chunks(upload)))
                except IngestError as error:
                    errors.append(error_line(error.render()))
        finally:
            await form.close()
        if errors:
            for path in staged:
                uploads.discard(path)
            return JSONResponse({"ok": False, "error": "\n".join(errors)}, status_code=400)
        try:
            return JSONResponse(await run_in_threadpool(locked, lambda: ingest_uploads(state, program, staged)))
        except IngestError as error:
            return error_response(error)

    async def roster_save(request: Request) -> Response:
        body = await request.json()
        header = [str(h) for h in body.get("header", [])]
        rows = [[str(c) for c in row][: len(header)] + [""] * (len(header) - len(row)) for row in body.get("rows", [])]
        return await change_roster(lambda table: RosterTable(header, rows))

    async def roster_add(request: Request) -> Response:
        body = await request.json()
        author = str(body.get("author", ""))
        if body.get("alias_of"):
            return await change_roster(lambda table: add_alias(table, int(body["alias_of"]), author))
        return await change_roster(lambda table: add_participant(table, author))

    async def change_roster(change: Callable[[RosterTable], RosterTable]) -> Response:
        def work() -> dict[str, Any]:
            program = state.program()
            table = change(read_roster_table(program.roster_csv))
            save_roster_table(program.roster_csv, table)
            outcome = state.refresh()
            return {"ok": True, "lines": [_("roster.csv saved")] + ([files_line(outcome.report)] if outcome else [])}
        try:
            return JSONResponse(await run_in_threadpool(locked, work))
        except (IngestError, ValueError) as error:
            if isinstance(error, IngestError):
                return error_response(error)
            return JSONResponse({"ok": False, "error": str(error)}, status_code=400)

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            out = state.program().out
        except IngestError as error:
            return error_response(error)
        path = out / name
        if not SAFE_OUTPUT.match(name) or not path.is_file() or path.resolve().parent != out.resolve():
            return JSONResponse({"ok": False, "error": _("no such output")}, status_code=404)
        return FileResponse(path, filename=name)

    routes = [Route("/", guarded(page)), Route("/inbox", guarded(inbox), methods=["POST"]),
              Route("/roster", guarded(roster_save), methods=["POST"]),
              Route("/roster/add", guarded(roster_add), methods=["POST"]),
              Route("/progress", guarded(progress)),
              Route("/out/{name}", guarded(download))]
    app = Starlette(routes=routes)
    app.state.programme = state
    return app


def _chunks(upload: UploadFile) -> Any:
    """The upload's bytes in chunks, read from its spooled file (called in a worker thread)."""
    upload.file.seek(0)
    while True:
        chunk = upload.file.read(uploads.CHUNK)
        if not chunk:
            return
        yield chunk


def ingest_uploads(state: Programme, program: Program, staged: list[Path]) -> dict[str, Any]:
    """Put the checked uploads into the inbox and run the pipeline; a file the run refuses (another
    group's export) is taken out of the inbox again and the outputs rebuilt without it."""
    placed = [p for p in (uploads.place_in_inbox(program, s) for s in staged) if p is not None]
    outcome = state.refresh()
    assert outcome is not None
    names = {p.relative_to(program.folder).as_posix(): p for p in placed}
    refused = [f for f in outcome.report.refused if f.name in names]
    if refused:
        for f in refused:
            names[f.name].unlink(missing_ok=True)
        state.refresh()
        return {"ok": False, "error": "\n".join(error_line(f"{f.name}: {f.reason}") for f in refused)}
    lines = [_("saved as {name}").format(name=name) for name in names] or [_("this export is already in the inbox")]
    return {"ok": True, "lines": lines + [files_line(outcome.report)]}


def render_page(state: Programme, token: str) -> str:
    """The whole page: the figures of the latest run with the app's controls."""
    try:
        program = state.program()
    except IngestError as error:
        program, state.error = None, error.render()
    lang = program.output.lang if program is not None else "id"
    outcome = state.outcome
    page = build_page(outcome.results, _charts(outcome)) if outcome is not None and program is not None else None
    roster = read_roster_table(program.roster_csv) if program is not None else RosterTable([], [])
    people = [(row[0], row[1]) for row in roster.rows if len(row) > 1]
    unknown = list(outcome.report.unknown_senders) if outcome is not None else []
    downloads = [p.name for p in outcome.written if SAFE_OUTPUT.match(p.name)] if outcome is not None else []
    template = environment(lang, TEMPLATES).get_template("app.html")
    return template.render(page=page, error=state.error, token=token, roster=roster, people=people,
                           unknown=unknown, downloads=downloads, lang=lang,
                           name=program.name if program is not None else str(state.folder))


def _charts(outcome: RunOutcome) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in outcome.written if p.suffix == ".svg" and p.is_file()}
