"""The app on several hosts (issue 17): two web processes and one Celery worker, each with its own local media
folder, against one PostgreSQL database, one Redis and one S3-compatible server (moto's, from PyPI) run for the
test. A report requested on web A is rendered by the worker and downloaded from web B; an evidence file uploaded
on B opens from A. Nothing is written to the three local folders: every file is in the bucket.

Where the test may create network namespaces (root, ``ip`` from iproute2: as on the CI machine), each of the
three processes runs in a namespace of its own, as on a host of its own: it has its own loopback and one link
(a veth pair) to the test's namespace, which plays the network between hosts. Both web processes listen on the
same port, each on its own address; they reach PostgreSQL and Redis through relays on the test's end of their
link (the servers listen on the test host's loopback only) and the S3 server at that end's address. Elsewhere
the processes share the test's network, on ports of their own.

The processes use their own database (``tdkt_multihost``, created and migrated here, dropped at the end) on the
server of ``DATABASE_URL``, and their own Redis databases (broker 14, cache 12) on the server of
``CELERY_BROKER_URL``, so pytest's test database and the worker tests' queues are untouched. Skips on a laptop
without the services; fails in CI (REQUIRE_SERVICES=1).
"""

import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.conftest import need_service

pytestmark = pytest.mark.multihost

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
DB_NAME = "tdkt_multihost"
BUCKET = "tdkt-multihost"
TOKEN = "multihost-health-token"
PDF = b"%PDF-1.4\n% evidence uploaded on host B\n%%EOF\n"

SETUP = """
import json
from blocs.enums import BlocYearState
from tests.blocs.factories import leaves, make_bloc_year, make_card, new_unit
from tests.factories import make_board, make_clerk

unit = new_unit("Sở Thử Nghiệm", "STN")
head = new_unit("Sở Đứng Đầu", "HEAD")
make_board(username="board")
make_clerk(unit, username="clerk")
by = make_bloc_year(head, members=[unit], state=BlocYearState.SCORING, year=2025)
card = make_card(by, unit)
print(json.dumps({"scorecard": card.pk, "criterion": leaves(by)["A.1"].pk}))
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_path(url, path):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class Cluster:
    """The processes of the test, each in its own process group, killed at the end."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.procs = {}

    def start(self, name, args, env):
        log = open(self.tmp_path / f"{name}.log", "wb")  # closed in stop()
        proc = subprocess.Popen(args, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        proc.log = log
        self.procs[name] = proc
        return proc

    def logs(self):
        out = []
        for name in self.procs:
            text = (self.tmp_path / f"{name}.log").read_text(errors="replace")
            out.append(f"--- {name} ---\n{text[-3000:]}")
        return "\n".join(out)

    def stop(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=20)
                except (subprocess.TimeoutExpired, ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
            proc.log.close()


class Namespaces:
    """A network namespace per process, linked to the test's namespace by a veth pair: the process's end is
    ``10.231.N.2``, the test's ``10.231.N.1`` (a /30 of its own per process and per test run)."""

    def __init__(self):
        self.tag = f"{os.getpid() % 100000}"
        self.made = []
        self.links = {}

    @staticmethod
    def available():
        """Whether this machine lets the test make namespaces (root and iproute2); tried, not guessed."""
        if os.geteuid() != 0 or not shutil.which("ip"):
            return False
        probe = f"tdkt-probe-{os.getpid()}"
        if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode != 0:
            return False
        subprocess.run(["ip", "netns", "del", probe], capture_output=True)
        return True

    @staticmethod
    def _ip(*args):
        subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)

    def add(self, name, index):
        """The namespace of process ``name``: returns (the test's address on the link, the process's address)."""
        ns = f"tdkt-{self.tag}-{name}"
        ours, theirs = f"th{self.tag}{name[0]}", f"tn{self.tag}{name[0]}"
        subnet = f"10.231.{(os.getpid() % 60) * 4 + index}"
        self._ip("netns", "add", ns)
        self.made.append(ns)
        self._ip("link", "add", ours, "type", "veth", "peer", "name", theirs)
        self._ip("link", "set", theirs, "netns", ns)
        self._ip("addr", "add", f"{subnet}.1/30", "dev", ours)
        self._ip("link", "set", ours, "up")
        self._ip("netns", "exec", ns, "ip", "addr", "add", f"{subnet}.2/30", "dev", theirs)
        self._ip("netns", "exec", ns, "ip", "link", "set", theirs, "up")
        self._ip("netns", "exec", ns, "ip", "link", "set", "lo", "up")
        self.links[name] = (ns, f"{subnet}.1", f"{subnet}.2")
        return f"{subnet}.1", f"{subnet}.2"

    def command(self, name, args):
        return ["ip", "netns", "exec", self.links[name][0], *args] if name in self.links else args

    def close(self):
        for ns in self.made:  # the veth pair goes with its namespace
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=30)


class Relays:
    """TCP relays in the test's namespace: a connection to (address, port) is joined to the same port on the
    loopback, where PostgreSQL and Redis listen. What a router or a second network card does between hosts."""

    def __init__(self):
        self.servers = []
        self.closing = threading.Event()

    def add(self, address, port):
        server = socket.create_server((address, port))
        server.settimeout(0.5)
        self.servers.append(server)
        threading.Thread(target=self._accept, args=(server, port), daemon=True).start()

    def _accept(self, server, port):
        while not self.closing.is_set():
            try:
                client, _address = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", port), timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock, how in ((dst, socket.SHUT_WR), (src, socket.SHUT_RD)):
                try:
                    sock.shutdown(how)
                except OSError:
                    pass

    def close(self):
        self.closing.set()
        for server in self.servers:
            server.close()


def _wait(predicate, timeout, cluster, what):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception as exc:  # a process still starting: connection refused
            value, last = None, exc
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what} ({last!r})\n{cluster.logs()}")


@pytest.fixture
def services():
    database_url = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        need_service("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not broker.startswith("redis://"):
        need_service("needs Redis: set CELERY_BROKER_URL=redis://…")
    return database_url, broker


def _recreate_database(database_url, drop_only=False):
    import psycopg2  # noqa: PLC0415 only this test talks to the server outside Django

    conn = psycopg2.connect(_with_path(database_url, "/postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            if not drop_only:
                cursor.execute(f"CREATE DATABASE {DB_NAME}")
    finally:
        conn.close()


def _flush_redis(url):
    import redis  # noqa: PLC0415 only this test empties its own Redis databases

    redis.Redis.from_url(url).flushdb()


def _with_host(url, host):
    """``url`` with its host replaced (the port, credentials and path kept)."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    hostport = netloc[-1]
    port = hostport.rsplit(":", 1)[1] if ":" in hostport else ""
    new = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, f"{netloc[0]}@{new}" if len(netloc) == 2 else new, parts.path, parts.query, ""))


def _login(session, base, username):
    page = session.get(f"{base}/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{base}/login/", data={"username": username, "password": "pw-123456",
                                                     "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[:500]


def _one_site(session, bases):
    """The session's cookies on every web host, as a browser has them behind the load balancer (one name for all
    hosts): with hosts at their own addresses, the cookie jar would keep each host's cookies to itself."""
    for cookie in list(session.cookies):
        for base in bases:
            session.cookies.set(cookie.name, cookie.value, domain=urlsplit(base).hostname, path=cookie.path)


def _csrf(session, url):
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _media_files(folder):
    return [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).exists() else []


def test_a_report_asked_on_a_renders_on_the_worker_and_downloads_from_b_and_evidence_crosses_too(services, tmp_path):
    import boto3  # noqa: PLC0415 heavy: only the object-storage tests load it
    import requests  # noqa: PLC0415 an HTTP client with a cookie jar: this test only

    database_url, broker = services
    db_url = _with_path(database_url, f"/{DB_NAME}")
    broker_url, cache_url = _with_path(broker, "/14"), _with_path(broker, "/12")
    s3_port = _free_port()
    s3_url = f"http://127.0.0.1:{s3_port}"
    folders = {name: tmp_path / f"media-{name}" for name in ("a", "b", "worker")}
    cluster = Cluster(tmp_path)
    namespaces, relays = Namespaces(), Relays()
    # namespaces when the machine allows them and the services are on this host's loopback (the relays' target)
    isolated = Namespaces.available() and all(urlsplit(url).hostname in ("127.0.0.1", "localhost")
                                              for url in (database_url, broker))
    # What each process is told: the services' addresses as its own network sees them, and where it listens.
    hosts = {}
    _recreate_database(database_url)
    _flush_redis(broker_url)
    _flush_redis(cache_url)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "DATABASE_URL": db_url,
           "CELERY_BROKER_URL": broker_url, "CACHE_URL": cache_url, "STORAGE_S3_BUCKET": BUCKET,
           "AWS_S3_ENDPOINT_URL": s3_url, "AWS_S3_REGION_NAME": "us-east-1", "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "HEALTH_TOKEN": TOKEN,
           "SECRET_KEY": "multihost-shared-secret-key-0123456789",
           "REQUIRE_SERVICES": "0", "PYTHONUNBUFFERED": "1"}
    try:
        for index, name in enumerate(("a", "b", "worker")):
            if isolated:
                gateway, address = namespaces.add(name, index)
                for url in (database_url, broker):
                    relays.add(gateway, urlsplit(url).port or {"redis": 6379}.get(urlsplit(url).scheme, 5432))
                port = 8000  # the same port on both web hosts: each listens on its own address
            else:
                gateway, address, port = "127.0.0.1", "127.0.0.1", _free_port()
            hosts[name] = {"address": address, "port": port, "env": {
                "DATABASE_URL": _with_host(db_url, gateway), "CELERY_BROKER_URL": _with_host(broker_url, gateway),
                "CACHE_URL": _with_host(cache_url, gateway), "AWS_S3_ENDPOINT_URL": f"http://{gateway}:{s3_port}",
                "MEDIA_ROOT": str(folders[name])}}
        env["ALLOWED_HOSTS"] = ",".join(["127.0.0.1", "localhost", *(h["address"] for h in hosts.values())])
        cluster.start("s3", [str(BIN / "moto_server"), "-H", "0.0.0.0" if isolated else "127.0.0.1",
                             "-p", str(s3_port)], env)
        s3 = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
        _wait(lambda: s3.list_buckets() is not None, 60, cluster, "the S3 server")
        s3.create_bucket(Bucket=BUCKET)

        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BASE_DIR,
                       env={**env, "MEDIA_ROOT": str(tmp_path / "media-setup")}, check=True, timeout=600)
        made = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=BASE_DIR, env=env,
                              check=True, timeout=120, capture_output=True, text=True)
        ids = json.loads(made.stdout.strip().splitlines()[-1])

        for name in ("a", "b"):
            host = hosts[name]
            cluster.start(f"web-{name}", namespaces.command(name, [
                str(BIN / "gunicorn"), "config.wsgi:application", "-b", f"{host['address']}:{host['port']}", "-w", "1",
                "--timeout", "60"]), {**env, **host["env"]})
        cluster.start("worker", namespaces.command("worker", [
            str(BIN / "celery"), "-A", "config", "worker", "-Q", "default,reports,imports", "--pool", "prefork",
            "--concurrency", "1", "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"multihost-{os.getpid()}@%h"]), {**env, **hosts["worker"]["env"],
                                                   "CELERY_WORKER_MAX_TASKS_PER_CHILD": "1"})
        a, b = (f"http://{hosts[name]['address']}:{hosts[name]['port']}" for name in ("a", "b"))
        if isolated:  # each process sees its own network only: its link and its own loopback
            for name in hosts:
                seen = subprocess.run(namespaces.command(name, ["ip", "-o", "-4", "addr"]), capture_output=True,
                                      text=True, check=True).stdout
                assert re.findall(r"inet (\S+)/", seen) == ["127.0.0.1", hosts[name]["address"]], seen

        # Both hosts healthy as the load balancer sees them: database, cache, broker and bucket.
        for base in (a, b):
            health = _wait(lambda base=base: requests.get(f"{base}/healthz", headers={"X-Health-Token": TOKEN},
                                                          timeout=10), 120, cluster, f"{base}/healthz")
            assert health.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok",
                                     "storage": "ok"}, cluster.logs()
            plain = requests.get(f"{base}/healthz", timeout=10)
            assert (plain.status_code, plain.text) == (200, "ok")

        # One browser behind the balancer: signed in on A, the same session works on B (sessions in the database).
        board = requests.Session()
        _login(board, a, "board")
        _one_site(board, (a, b))
        token = _csrf(board, f"{a}/reports/new/province_stats/")
        asked = board.post(f"{a}/reports/new/province_stats/", data={"year": 2025, "csrfmiddlewaretoken": token},
                           allow_redirects=False, timeout=60)
        assert asked.status_code == 302, asked.text[:500]
        job_path = urlsplit(asked.headers["Location"]).path
        job_id = re.search(r"/reports/jobs/([0-9a-f-]{36})/", job_path).group(1)

        def done_on_b():
            status = board.get(f"{b}/reports/jobs/{job_id}/status/", timeout=10).text
            assert 'data-status="failed"' not in status, status
            return 'data-status="done"' in status

        _wait(done_on_b, 180, cluster, "the worker to render the report")
        worker_log = (tmp_path / "worker.log").read_text(errors="replace")
        assert re.search(r"reports.tasks.render_report\[[0-9a-f-]+\] succeeded", worker_log), worker_log[-2000:]
        download = board.get(f"{b}/reports/jobs/{job_id}/file.pdf", allow_redirects=False, timeout=30)
        assert download.status_code == 302  # authorised by B, then sent by the store, not by B's worker
        location = download.headers["Location"]
        assert location.startswith(f"{hosts['b']['env']['AWS_S3_ENDPOINT_URL']}/{BUCKET}/")  # the store, as B sees it
        assert "X-Amz-Signature=" in location
        pdf = requests.get(location, timeout=30)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["Content-Disposition"].startswith("attachment;")
        assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= 1
        anonymous = requests.get(f"{b}/reports/jobs/{job_id}/file.pdf", allow_redirects=False, timeout=30)
        assert anonymous.status_code == 404 and "Location" not in anonymous.headers  # no signed URL for anyone else

        # Evidence uploaded on B opens from A.
        clerk = requests.Session()
        _login(clerk, b, "clerk")
        _one_site(clerk, (a, b))
        token = _csrf(clerk, f"{b}/blocs/scorecards/{ids['scorecard']}/")
        uploaded = clerk.post(f"{b}/blocs/scorecards/{ids['scorecard']}/evidence/",
                              data={"criterion": ids["criterion"], "csrfmiddlewaretoken": token},
                              files={"file": ("Biên bản.pdf", PDF, "application/pdf")}, allow_redirects=False,
                              timeout=30)
        assert uploaded.status_code == 302, uploaded.text[:500]
        page = clerk.get(f"{a}/blocs/scorecards/{ids['scorecard']}/", timeout=30).text
        evidence_id = re.search(r"/blocs/evidence/(\d+)/", page).group(1)
        opened = clerk.get(f"{a}/blocs/evidence/{evidence_id}/", allow_redirects=False, timeout=30)
        assert opened.status_code == 302
        assert requests.get(opened.headers["Location"], timeout=30).content == PDF

        # Every file is in the bucket; none in the hosts' own folders.
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert any(k.endswith(".pdf") and k.startswith("reports/") for k in keys), keys
        assert any(k.startswith("blocs/") for k in keys), keys
        assert [f for folder in folders.values() for f in _media_files(folder)] == []
    finally:
        cluster.stop()
        relays.close()
        namespaces.close()
        _recreate_database(database_url, drop_only=True)
    print(f"several hosts: {'each process in a network namespace of its own' if isolated else 'separate ports'}")
