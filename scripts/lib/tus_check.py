"""tuspy (the tus 1.0 client from PyPI, pinned in scripts/lib/python-venv.sh) against live Kiln nodes;
scripts/check-tus starts, kills and restarts the nodes between the steps it runs here:

  discover BASE                          OPTIONS: the versions, extensions and checksums Kiln speaks
  begin NAME BASE TOKEN CHUNKS [sha1]    creates an upload of the source video and sends CHUNKS chunks
  more NAME BASE TOKEN CHUNKS [sha1]     takes upload NAME up from HEAD's offset (which must be the
                                         offset last answered) and sends CHUNKS more
  resume NAME BASE TOKEN [sha1]          takes upload NAME up again through BASE from HEAD's offset
                                         (which must be the offset last answered) and finishes it
  cut NAME BASE TOKEN closed|stalled [HEAD_BASE]
                                         one more chunk of upload NAME through a proxy in front of BASE,
                                         which cuts it mid-way, the node's side closed after the bytes
                                         that passed or left open and silent; HEAD (through HEAD_BASE
                                         if named) keeps those bytes
  hang NAME BASE TOKEN PID               one more chunk of upload NAME held half-sent, and the node
                                         (PID) SIGKILLed while it holds the upload
  named NAME BASE TOKEN                  HEAD through BASE names the file the finished upload became
  refuse BASE TOKEN OTHER_TOKEN          another user's token gets 404 for HEAD, PATCH and DELETE;
                                         termination (DELETE), after which HEAD and PATCH get 404
  settle NAME…                           each finished upload's file is transcoded and downloads as the
                                         source, byte for byte

KILN_TUS_SOURCE is the video, KILN_TUS_WORK a folder for what one step leaves the next (upload URL,
offsets, file id). Exit status 1, with the reason, on anything unexpected."""
import base64
import datetime
import email.utils
import hashlib
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse

import requests
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError, TusUploadFailed

MIB = 1 << 20
CHUNK = 5 * MIB
TUS = {"Tus-Resumable": "1.0.0"}
UPLOAD_URL = re.compile(r"^http://[^/]+/api/v4/uploads/[0-9a-f]{32}$")
source = os.environ["KILN_TUS_SOURCE"]
work = os.environ["KILN_TUS_WORK"]


class Failure(Exception):
    pass


def require(condition, message):
    if not condition:
        raise Failure(message)


def say(message):
    print(f"  {message}", flush=True)


def size_of(offset):
    return f"{offset} bytes ({offset / MIB:.2f} MiB)"


def source_size():
    return os.path.getsize(source)


def source_sha256():
    digest = hashlib.sha256()
    with open(source, "rb") as f:
        for block in iter(lambda: f.read(MIB), b""):
            digest.update(block)
    return digest.hexdigest()


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def on(base, url):
    """The upload at `url` as reached through `base` (another node, or the proxy in front of one)."""
    return base + urllib.parse.urlsplit(url).path


def state_path(name):
    return os.path.join(work, f"{name}.json")


def load(name):
    with open(state_path(name)) as f:
        return json.load(f)


def save(name, **fields):
    state = load(name) if os.path.exists(state_path(name)) else {}
    state.update(fields)
    with open(state_path(name), "w") as f:
        json.dump(state, f)


def head(url, token):
    """Our own HEAD, as tuspy's answers are not all kept: the status and the headers."""
    answer = requests.head(url, headers={**TUS, **auth(token)}, timeout=30)
    return answer.status_code, answer.headers


def head_offset(url, token):
    status, headers = head(url, token)
    require(status == 200 and headers.get("Upload-Offset", "").isdigit(),
            f"HEAD {url}: {status}, headers {dict(headers)}")
    return int(headers["Upload-Offset"])


def client(base, token):
    return TusClient(base + "/api/v4/uploads", headers=auth(token))


def create(base, token, filename, checksum=False):
    """A new upload of the source made by tuspy (POST, Upload-Length, Upload-Metadata): the uploader
    and its URL, absolute as Kiln answers it."""
    uploader = client(base, token).uploader(file_path=source, chunk_size=CHUNK, upload_checksum=checksum,
                                            metadata={"filename": filename, "kind": "video"})
    url = uploader.create_url()
    require(UPLOAD_URL.match(url), f"the POST's Location is not an absolute upload URL: {url!r}")
    uploader.set_url(url)
    uploader.offset = 0
    return uploader, url


def send_chunks(uploader, count):
    """`count` chunks through tuspy, each answer's offset checked."""
    for _ in range(count):
        before = uploader.offset
        uploader.upload_chunk()
        require(uploader.offset == min(before + CHUNK, source_size()),
                f"a chunk of {CHUNK} bytes at {before} answered Upload-Offset {uploader.offset}")


def finish(name, base, token, checksum=False):
    """tuspy takes the upload up from HEAD's offset through `base` and sends the rest; its last
    answer and a HEAD after it name the file. The offset it resumed from."""
    state = load(name)
    url = on(base, state["url"])
    started = time.monotonic()
    uploader = client(base, token).uploader(file_path=source, url=url, chunk_size=CHUNK, upload_checksum=checksum)
    resumed_at = uploader.offset
    uploader.upload()
    seconds = time.monotonic() - started
    require(uploader.offset == source_size(), f"tuspy stopped at {uploader.offset} of {source_size()} bytes")
    last = uploader.request.response_headers.get("kiln-file-id")
    require(last, f"the PATCH that finished the upload has no Kiln-File-Id: {uploader.request.response_headers}")
    status, headers = head(url, token)
    require(status == 200 and headers.get("Kiln-File-Id") == last and headers.get("Upload-Offset") == str(source_size()),
            f"HEAD after the last chunk: {status}, {dict(headers)} (the last PATCH named {last})")
    save(name, file_id=last, base=base, token=token)
    say(f"{name}: resumed by tuspy through {base} at {size_of(resumed_at)}, {source_size() - resumed_at} bytes "
        f"more in {seconds:.2f} s; Kiln-File-Id {last} on the last PATCH and on HEAD")
    return resumed_at


# A proxy that cuts one PATCH.

class CuttingProxy:
    """Forwards loopback connections to the node byte for byte. Once armed, the first PATCH after
    is cut as soon as `cut_after` bytes of its body have passed: the client gets a reset, and the
    node a FIN after them, or, `stalled`, nothing more: its side stays open and silent, as when a
    network drops a connection without a word."""

    def __init__(self, port):
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.cut_after = None
        self.stalled = False
        self.held = []
        self.cut = threading.Event()
        threading.Thread(target=self.accept, daemon=True).start()

    def arm(self, body_bytes, stalled=False):
        with self.lock:
            self.cut_after = body_bytes
            self.stalled = stalled
            self.cut.clear()

    def close(self):
        for s in [self.listener, *self.held]:
            s.close()

    def accept(self):
        while True:
            downstream, _ = self.listener.accept()
            upstream = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self.pump, args=(upstream, downstream), daemon=True).start()
            threading.Thread(target=self.forward, args=(downstream, upstream), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while data := source.recv(1 << 16):
                sink.sendall(data)
        except OSError:
            pass
        for s in (sink, source):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def forward(self, downstream, upstream):
        """Client to node; watches the first PATCH after arming."""
        watched, head, body = None, b"", 0
        try:
            while data := downstream.recv(1 << 16):
                if watched is None and head == b"":
                    with self.lock:
                        if self.cut_after is not None and data.startswith(b"PATCH "):
                            watched, self.cut_after = self.cut_after, None
                if watched is not None:
                    if b"\r\n\r\n" not in head:
                        head += data
                        if b"\r\n\r\n" not in head:
                            upstream.sendall(data)
                            continue
                        split = head.index(b"\r\n\r\n") + 4
                        upstream.sendall(data[:len(data) - (len(head) - split)])
                        data = head[split:]
                    room = watched - body
                    if len(data) >= room:
                        upstream.sendall(data[:room])
                        body += room
                        if self.stalled:
                            self.held.append(upstream)
                        else:
                            upstream.shutdown(socket.SHUT_WR)
                        self.cut_body = body
                        self.cut.set()
                        downstream.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        downstream.close()
                        return
                    body += len(data)
                    upstream.sendall(data)
                else:
                    head = head or data[:1]
                    upstream.sendall(data)
        except OSError:
            pass
        try:
            upstream.shutdown(socket.SHUT_WR)
        except OSError:
            pass


# Steps.

def discover(base):
    answer = requests.options(base + "/api/v4/uploads", timeout=30)
    headers = answer.headers
    require(answer.status_code in (200, 204), f"OPTIONS /api/v4/uploads: {answer.status_code} {answer.text[:200]}")
    require("1.0.0" in headers.get("Tus-Version", "").split(","), f"Tus-Version: {headers.get('Tus-Version')!r}")
    extensions = set(headers.get("Tus-Extension", "").split(","))
    wanted = {"creation", "creation-with-upload", "creation-defer-length", "termination", "checksum", "expiration"}
    require(wanted <= extensions, f"Tus-Extension lacks {sorted(wanted - extensions)}: {headers.get('Tus-Extension')!r}")
    algorithms = set(headers.get("Tus-Checksum-Algorithm", "").split(","))
    require({"sha1", "sha256", "md5"} <= algorithms, f"Tus-Checksum-Algorithm: {headers.get('Tus-Checksum-Algorithm')!r}")
    require(int(headers.get("Tus-Max-Size", "0")) >= source_size(), f"Tus-Max-Size {headers.get('Tus-Max-Size')!r} "
            f"is below the {source_size()} bytes of the video")
    say(f"OPTIONS: tus {headers['Tus-Version']}, {headers['Tus-Extension']}, checksums "
        f"{headers['Tus-Checksum-Algorithm']}, Tus-Max-Size {headers['Tus-Max-Size']}")


def begin(name, base, token, chunks, checksum=False):
    started = time.monotonic()
    uploader, url = create(base, token, f"{name}.mp4", checksum)
    send_chunks(uploader, chunks)
    status, headers = head(url, token)
    offset = int(headers.get("Upload-Offset", -1))
    require(status == 200 and offset == uploader.offset, f"HEAD: {status}, Upload-Offset {offset}; the last PATCH "
            f"answered {uploader.offset}")
    require(headers.get("Upload-Length") == str(source_size()), f"HEAD's Upload-Length: {headers.get('Upload-Length')}")
    metadata = dict(pair.split(" ") for pair in headers.get("Upload-Metadata", "").split(",") if " " in pair)
    require({key: base64.b64decode(value).decode() for key, value in metadata.items()} == {"filename": f"{name}.mp4",
            "kind": "video"}, f"HEAD's Upload-Metadata: {headers.get('Upload-Metadata')!r}")
    expires = email.utils.parsedate_to_datetime(headers.get("Upload-Expires", "Thu, 01 Jan 1970 00:00:00 GMT"))
    require(expires.timestamp() > time.time() + 3600, f"HEAD's Upload-Expires: {headers.get('Upload-Expires')!r}")
    require("no-store" in headers.get("Cache-Control", ""), f"HEAD's Cache-Control: {headers.get('Cache-Control')!r}")
    save(name, url=url, offset=offset, size=source_size(), sha256=source_sha256())
    say(f"{name}: created through {base} ({url}), {chunks} chunks of {CHUNK >> 20} MiB in "
        f"{time.monotonic() - started:.2f} s; HEAD {size_of(offset)} of {source_size()}")


def more(name, base, token, chunks, checksum=False):
    """tuspy takes upload NAME up from HEAD's offset, which must be the offset last answered, and
    sends `chunks` more."""
    state = load(name)
    uploader = client(base, token).uploader(file_path=source, url=on(base, state["url"]), chunk_size=CHUNK,
                                            upload_checksum=checksum)
    require(uploader.offset == state["offset"], f"{name}: HEAD through {base} says {uploader.offset} bytes; before, "
            f"the node had answered {state['offset']} (acknowledged bytes were lost, or bytes not acknowledged counted)")
    send_chunks(uploader, chunks)
    save(name, offset=uploader.offset)
    say(f"{name}: tuspy took it up at {size_of(state['offset'])}, as last answered, and sent {chunks} more "
        f"chunk{'s' if chunks > 1 else ''}: {size_of(uploader.offset)}")


def resume(name, base, token, checksum=False):
    state = load(name)
    started = time.monotonic()
    offset = head_offset(on(base, state["url"]), token)
    require(offset == state["offset"], f"{name}: HEAD through {base} says {offset} bytes; before, the node had "
            f"answered {state['offset']} (acknowledged bytes were lost, or bytes not acknowledged counted)")
    say(f"{name}: HEAD through {base}: {size_of(offset)}, as last answered ({time.monotonic() - started:.2f} s)")
    resumed_at = finish(name, base, token, checksum)
    require(resumed_at == offset, f"tuspy resumed at {resumed_at}, HEAD said {offset}")


def cut(name, base, token, stalled=False, then=None):
    """One chunk of upload NAME through a proxy in front of `base`, cut mid-way; HEAD then, through
    `then` (`base` unless named)."""
    state = load(name)
    proxy = CuttingProxy(urllib.parse.urlsplit(base).port)
    through = f"http://127.0.0.1:{proxy.port}"
    # Kiln answers the node's own URL; this client stays behind the proxy.
    uploader = client(through, token).uploader(file_path=source, url=on(through, state["url"]), chunk_size=CHUNK)
    before = uploader.offset
    require(before == state["offset"], f"HEAD through the proxy says {before}; the node had answered {state['offset']}")
    passing = CHUNK // 2 + 12345
    proxy.arm(passing, stalled)
    try:
        uploader.upload_chunk()
        raise Failure(f"the PATCH at {before} went through although the proxy was to cut it after {passing} bytes")
    except TusCommunicationError as error:  # TusUploadFailed: tuspy's own exception for the broken request
        require(proxy.cut.wait(5), f"the PATCH failed before the proxy cut it: {error!r}")
        said = f"{type(error).__name__}: {str(error)[:120]}"
    # A HEAD that comes before the node has taken the PATCH up answers the offset as it was; the
    # next one finds the PATCH holding the upload, asks it to stop, and waits for what it kept.
    cut_at = time.monotonic()
    heads = []
    try:
        while True:
            heads.append(head_offset(on(then or base, state["url"]), token))
            if heads[-1] > before or time.monotonic() - cut_at > 20:
                break
            time.sleep(0.2)
    finally:
        proxy.close()
    after = heads[-1]
    answered = time.monotonic() - cut_at
    node_side = "left open and silent" if stalled else "closed"
    say(f"{name}: the chunk at {size_of(before)} cut by a proxy after {size_of(proxy.cut_body)} of its {CHUNK} "
        f"bytes, the node's side {node_side} (tuspy: {said}); HEAD through {then or base} "
        f"{answered:.2f} s after the cut ({len(heads)} HEAD{'s' if len(heads) > 1 else ''}: "
        f"{', '.join(map(str, heads))}): {size_of(after)} (+{after - before}, "
        f"{'all' if after - before == proxy.cut_body else 'not all'} of what passed)")
    require(before <= after <= before + proxy.cut_body,
            f"HEAD after the cut says {after}; before the chunk {before}, and {proxy.cut_body} of its bytes passed")
    require(after > before, f"HEAD says {after} for 20 s after the cut, as before the chunk: the {proxy.cut_body} bytes "
            "that reached the node were dropped, though Kiln keeps what arrived of a chunk sent without a checksum")
    save(name, offset=after)


def hang(name, base, token, pid):
    """One chunk of upload NAME held mid-way (a proxy passes half of it, then nothing, leaving the
    node's side open), and the node SIGKILLed while it holds the upload."""
    state = load(name)
    proxy = CuttingProxy(urllib.parse.urlsplit(base).port)
    through = f"http://127.0.0.1:{proxy.port}"
    uploader = client(through, token).uploader(file_path=source, url=on(through, state["url"]), chunk_size=CHUNK)
    require(uploader.offset == state["offset"], f"HEAD through the proxy says {uploader.offset}; the node had "
            f"answered {state['offset']}")
    proxy.arm(CHUNK // 2 + 12345, stalled=True)
    try:
        uploader.upload_chunk()
        raise Failure("the PATCH went through although the proxy was to hold it")
    except TusCommunicationError:
        require(proxy.cut.wait(5), "the PATCH failed before the proxy held it")
    time.sleep(1.5)  # the node takes the PATCH up and reads what passed
    os.kill(int(pid), signal.SIGKILL)
    proxy.close()
    say(f"{name}: SIGKILL to the node {size_of(proxy.cut_body)} into a chunk at {size_of(state['offset'])}, "
        "the chunk's connection still open")


def named(name, base, token):
    state = load(name)
    status, headers = head(on(base, state["url"]), token)
    require(status == 200 and headers.get("Kiln-File-Id") == state["file_id"]
            and headers.get("Upload-Offset") == str(state["size"]),
            f"HEAD through {base} after the upload finished: {status}, {dict(headers)} (file {state['file_id']})")
    say(f"{name}: HEAD through {base} names file {state['file_id']} too")


def tuspy_gets_404(uploader, base, url, token, when):
    """tuspy's HEAD (resuming at `url`) and PATCH (`uploader`'s next chunk) with `token` both get 404."""
    try:
        client(base, token).uploader(file_path=source, url=url, chunk_size=CHUNK)
        raise Failure(f"tuspy read the upload's offset {when}")
    except TusCommunicationError as error:
        require(error.status_code == 404, f"HEAD {when}: {error.status_code} ({error})")
    uploader.client = client(base, token)
    try:
        uploader.upload_chunk()
        raise Failure(f"tuspy sent a chunk {when}")
    except TusUploadFailed as error:
        require(error.status_code == 404, f"PATCH {when}: {error.status_code} ({error})")


def refuse(base, token, other_token):
    uploader, url = create(base, token, "refused.mp4")
    send_chunks(uploader, 1)
    tuspy_gets_404(uploader, base, url, other_token, "with another user's token")
    # tuspy 1.1.0 has no termination: DELETE is requests', as a client of the extension sends it.
    answer = requests.delete(url, headers={**TUS, **auth(other_token)}, timeout=30)
    require(answer.status_code == 404, f"DELETE with another user's token: {answer.status_code} {answer.text[:200]}")
    require(head_offset(url, token) == CHUNK, "the upload changed after another user's HEAD, PATCH and DELETE")
    say("another user's token: tuspy's HEAD and PATCH get 404, DELETE gets 404, and the upload is untouched")

    answer = requests.delete(url, headers={**TUS, **auth(token)}, timeout=30)
    require(answer.status_code == 204 and answer.headers.get("Tus-Resumable") == "1.0.0",
            f"DELETE by its owner: {answer.status_code} {dict(answer.headers)} {answer.text[:200]}")
    tuspy_gets_404(uploader, base, url, token, "after DELETE")
    say("termination: DELETE 204 after one chunk; then tuspy's HEAD and PATCH get 404")


def file_object(base, file_id, token):
    answer = requests.get(f"{base}/api/v3/files/{file_id}", headers=auth(token), timeout=30)
    require(answer.status_code == 200, f"GET /api/v3/files/{file_id}: {answer.status_code} {answer.text[:300]}")
    body = answer.json()
    return body["data"] if isinstance(body, dict) and isinstance(body.get("data"), dict) else body


def settle(names, timeout=300):
    """Waits for every named upload's file to be transcoded, then downloads each."""
    states = {name: load(name) for name in names}
    started = time.monotonic()
    pending = dict(states)
    seen = {}
    while pending:
        for name, state in list(pending.items()):
            file = file_object(state["base"], state["file_id"], state["token"])
            status = file.get("status")
            seen[name] = status
            require(status != "transcodeFailed", f"{name}: file {state['file_id']} failed to transcode: "
                    f"{(file.get('attributes') or {}).get('metadata', {}).get('failureReason')}")
            if status == "transcoded":
                attributes = file.get("attributes") or {}
                facts = attributes.get("metadata") or {}
                got = (file.get("type"), attributes.get("name"), attributes.get("size"), facts.get("width"),
                       facts.get("height"), facts.get("hasAudio"), bool(file.get("videoUrl")))
                wanted = ("video", f"{name}.mp4", state["size"], 1280, 720, True, True)
                require(got == wanted, f"{name}: the file object's type, name, size, width, height, hasAudio and "
                        f"whether it has videoUrl renditions are {got}, not {wanted}: {file}")
                took = ""
                try:
                    created, updated = (datetime.datetime.fromisoformat(file[key].replace("Z", "+00:00"))
                                        for key in ("createdAt", "updatedAt"))
                    took = f", {(updated - created).total_seconds():.1f} s after it was stored (createdAt → updatedAt)"
                except (KeyError, AttributeError, ValueError):
                    pass
                say(f"{name}: file {state['file_id']} transcoded {time.monotonic() - started:.1f} s into the wait{took}")
                del pending[name]
        require(time.monotonic() - started < timeout, f"still not transcoded after {timeout} s: {seen}")
        if pending:
            time.sleep(0.5)
    for name, state in states.items():
        digest, size = hashlib.sha256(), 0
        with requests.get(f"{state['base']}/api/v3/files/{state['file_id']}/download", headers=auth(state["token"]),
                          stream=True, timeout=60) as answer:
            require(answer.status_code == 200, f"{name}: download {answer.status_code} {answer.text[:300]}")
            for block in answer.iter_content(MIB):
                digest.update(block)
                size += len(block)
        require(size == state["size"] and digest.hexdigest() == state["sha256"],
                f"{name}: the download is {size} bytes, sha256 {digest.hexdigest()}; the source {state['size']} bytes, "
                f"sha256 {state['sha256']}")
        say(f"{name}: the download through {state['base']} is the source, {size} bytes, sha256 {digest.hexdigest()[:16]}…")


def main(command, *arguments):
    if command == "discover":
        discover(*arguments)
    elif command == "begin":
        name, base, token, chunks, *checksum = arguments
        begin(name, base, token, int(chunks), checksum == ["sha1"])
    elif command == "more":
        name, base, token, chunks, *checksum = arguments
        more(name, base, token, int(chunks), checksum == ["sha1"])
    elif command == "resume":
        name, base, token, *checksum = arguments
        resume(name, base, token, checksum == ["sha1"])
    elif command == "cut":
        name, base, token, side, *then = arguments
        require(side in ("closed", "stalled"), f"cut: the node's side is closed or stalled, not {side}")
        cut(name, base, token, side == "stalled", *then)
    elif command == "hang":
        hang(*arguments)
    elif command == "named":
        named(*arguments)
    elif command == "refuse":
        refuse(*arguments)
    elif command == "settle":
        settle(arguments)
    else:
        raise SystemExit(f"tus_check.py: unknown step {command}")


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except (Failure, TusCommunicationError, requests.RequestException) as error:
        print(f"tus_check.py {sys.argv[1]}: {error}", file=sys.stderr)
        sys.exit(1)
