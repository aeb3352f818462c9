"""The demo web server (web/serve.py, review finding B6) with raw sockets, so the path reaches it exactly as sent
(`requests` would remove '..' segments): a NUL byte gets 400 and no traceback or client address in its log;
traversal gets 404; a client that stays silent is disconnected after --timeout seconds."""

import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, free_port


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("web") / "web.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "web" / "serve.py"), "--port", str(port), "--timeout", "1"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def raw_get(port, path: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response else 0


def test_a_nul_byte_in_the_path_gets_400_and_nothing_about_the_client_is_logged(web):
    port, log = web
    assert status(raw_get(port, b"/index.html\x00.js")) == 400
    assert status(raw_get(port, b"/")) == 200  # still serving
    requests_logged = log.read_text().splitlines()[1:]  # after the start-up line (which names the addresses)
    assert requests_logged and not any("Traceback" in line or "127.0.0.1" in line for line in requests_logged)


@pytest.mark.parametrize(
    "path",
    [b"/../serve.py", b"/../../README.md", b"/cyberprotect/../../serve.py", b"/..%2fserve.py", b"/" + b"a" * 5000],
    ids=["up", "up2", "via-dir", "encoded", "long"],
)
def test_paths_outside_the_site_are_refused(web, path):
    response = raw_get(web[0], path)
    assert status(response) in (400, 404, 414) and b"def main" not in response


def test_a_silent_client_is_disconnected(web):
    with socket.create_connection(("127.0.0.1", web[0]), timeout=10) as s:
        s.sendall(b"GET / HTTP/1.1\r\n")  # and then nothing, as a slowloris client does
        start = time.time()
        assert s.recv(1024) == b""  # the server closed the connection
        assert time.time() - start < 9
