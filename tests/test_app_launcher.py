"""The launchers `init` writes, run as a person would: from a clean environment, no PATH, no
virtual environment activated; the app answers, and SIGTERM or Ctrl-C stops it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

import whatsapp_ingest
from whatsapp_ingest.programme.create import init_program
from whatsapp_ingest.programme.launchers import bat_script, launcher_files, posix_script

REPO = Path(whatsapp_ingest.__file__).resolve().parent.parent


def clean_environment() -> dict[str, str]:
    """Nothing at all (env -i), except where the interpreter would import another copy of the
    package than this one (a developer's checkout beside an installed one): then its folder."""
    probe = subprocess.run(["env", "-i", sys.executable, "-c", "import whatsapp_ingest; print(whatsapp_ingest.__file__)"],
                           capture_output=True, text=True, cwd="/")
    same = probe.returncode == 0 and Path(probe.stdout.strip()).resolve().parent.parent == REPO
    return {} if same else {"PYTHONPATH": str(REPO)}


def test_the_launchers_quote_folders_with_spaces_and_quotes(tmp_path: Path) -> None:
    assert posix_script("/opt/py 3/bin/python3", "/home/bu sri/Bimlat 'PTK'") == (
        "#!/bin/sh\n# Membuka rekap program ini di peramban. Klik dua kali, atau jalankan: sh buka-rekap.sh\n"
        "exec '/opt/py 3/bin/python3' -m whatsapp_ingest app '/home/bu sri/Bimlat '\\''PTK'\\''' \"$@\"\n")
    bat = bat_script(r"C:\Program Files\Python311\python.exe", r"C:\Users\Bu Sri\Bimlat 100%")
    assert '"C:\\Program Files\\Python311\\python.exe" -m whatsapp_ingest app "C:\\Users\\Bu Sri\\Bimlat 100%%" %*\r\n' in bat
    assert bat.endswith("pause\r\n") and "\n" not in bat.replace("\r\n", "")
    files = launcher_files(tmp_path / "Bimlat PTK", "/usr/bin/python3")
    assert list(files) == ["Buka Rekap.bat", "Buka Rekap.command", "buka-rekap.sh"]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_sh_launcher_starts_the_app_from_a_clean_environment(tmp_path: Path, stop: signal.Signals) -> None:
    folder = tmp_path / "Bimlat PTK 'Gugus' 3"
    init_program(folder)
    launcher = folder / "buka-rekap.sh"
    assert os.access(launcher, os.X_OK)
    assert f"exec '{sys.executable}' -m whatsapp_ingest app" in launcher.read_text(encoding="utf-8")
    env = ["env", "-i", *(f"{k}={v}" for k, v in clean_environment().items())]
    process = subprocess.Popen([*env, str(launcher), "--no-browser"], cwd="/", stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = process.stdout.readline()   # the address, printed once the port is open
        assert "http://127.0.0.1:" in line, (line, process.stderr.read() if process.poll() is not None else "")
        url = line[line.index("http://"):].split()[0]
        with urllib.request.urlopen(url, timeout=60) as response:
            assert response.status == 200
            assert "Tambahkan ekspor WhatsApp" in response.read().decode("utf-8")   # the page, in Indonesian
        process.send_signal(stop)
        assert process.wait(timeout=20) in (0, -stop, 128 + stop, 130)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert "Traceback" not in process.stderr.read()


def test_app_refuses_a_folder_without_program_toml(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "whatsapp_ingest", "app", str(tmp_path), "--no-browser"],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert result.returncode == 2 and result.stderr.startswith("kesalahan: ") and "Traceback" not in result.stderr


@pytest.mark.skipif(shutil.which("env") is None, reason="needs env(1)")
def test_the_app_listens_on_127_0_0_1_only(tmp_path: Path) -> None:
    from whatsapp_ingest.app.serve import HOST, bind

    sock = bind(0)
    try:
        assert HOST == "127.0.0.1" and sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
