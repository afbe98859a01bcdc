"""Stream's own server SDK (`getstream`, pinned in scripts/lib/python-venv.sh) against a live Kiln
node, pointed at it as an app moving off Stream's hosted uploads would: only `base_url` changes.
See scripts/check-stream, which starts the node with the app's key and secret."""
import os
import subprocess
import tempfile
import urllib.error
import urllib.request
import warnings

from getstream import Stream
from getstream.exceptions import StreamApiException
from getstream.models import FileUploadConfig, ImageSize, OnlyUserID

# The SDK fills a field the answer lacks with None and only warns: every answer must be whole.
warnings.simplefilter("error", RuntimeWarning)

base = os.environ["KILN_STREAM_URL"]
api_key = os.environ["KILN_STREAM_API_KEY"]
api_secret = os.environ["KILN_STREAM_API_SECRET"]
photo = os.environ["KILN_STREAM_PHOTO"]
large = os.environ["KILN_STREAM_LARGE_PHOTO"]
client = Stream(api_key=api_key, api_secret=api_secret, base_url=base)
work = tempfile.mkdtemp()


def step(name):
    print(f"  {name}", flush=True)


def fetch(url):
    """The bytes at `url`, or the HTTP status it answered with."""
    try:
        with urllib.request.urlopen(url) as answer:
            return answer.read()
    except urllib.error.HTTPError as error:
        return error.code


def dimensions(url):
    """Width and height of the image at `url`, as ffprobe reads it."""
    answer = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", url],
        capture_output=True, text=True)
    assert answer.returncode == 0, f"{url}: {fetch(url)!r}"
    width, height = answer.stdout.strip().split(",")
    return int(width), int(height)


def refused(call, status):
    """The SDK's own exception, with Kiln's message, for a call Kiln refuses with `status`."""
    try:
        call()
    except StreamApiException as error:
        assert error.status_code == status and error.message, (error.status_code, error.message)
        return error.message
    raise AssertionError(f"expected {status}, the call succeeded")


step("upload_file for a user, then download it byte for byte")
document = os.path.join(work, "notes.pdf")
with open(document, "wb") as out:
    out.write(b"%PDF-1.4\n" + os.urandom(300_000) + b"\n%%EOF\n")
uploaded = client.upload_file(document, user=OnlyUserID(id="alice")).data
assert uploaded.file and uploaded.duration.endswith("ms"), uploaded
with open(document, "rb") as source:
    assert fetch(uploaded.file) == source.read(), "the download is not the uploaded bytes"

step("upload_image, then its sizes")
image = client.upload_image(photo, user=OnlyUserID(id="alice")).data
assert image.file.endswith("?ow=90&oh=60"), f"Stream's clients resize only URLs with the original's size: {image.file}"
assert isinstance(fetch(image.file), bytes) and isinstance(fetch(image.file + "&size=small"), bytes), image

step("upload_image with two upload_sizes: made before the answer, served at their sizes")
sized = client.upload_image(
    large, upload_sizes=[ImageSize(width=100, height=100, resize="crop", crop="top"), ImageSize(width=300, height=100, resize="scale")]
).data
assert [(s.width, s.height, s.resize) for s in sized.upload_sizes] == [(100, 100, "crop"), (300, 100, "scale")], sized.upload_sizes
assert dimensions(sized.file + "&w=100&h=100&resize=crop&crop=top") == (100, 100)
assert dimensions(sized.file + "&w=300&h=100&resize=scale") == (300, 100)

step("each resize mode at several sizes, by its rule")
original = (2400, 1600)


def expected(w, h, mode):
    """The rule, written again here: clip and crop never larger than the original."""
    ow, oh = original
    if mode == "clip":
        factor = min(1, w / ow if w else float("inf"), h / oh if h else float("inf"))
        return max(1, round(ow * factor)), max(1, round(oh * factor))
    if mode == "crop":
        shrink = min(1, ow / w, oh / h)
        return max(1, round(w * shrink)), max(1, round(h * shrink))
    return w, h


checked = 0
for w, h in [(300, 300), (500, 500), (3000, 400), (64, 640), (1200, 800)]:
    # An image for each box: an image may have 16 sizes made on request.
    image_url = client.upload_image(large).data.file
    for mode in ["clip", "crop", "fill", "scale"]:
        for anchor in (["center", "top", "right"] if mode == "crop" else ["center"]):
            made = dimensions(f"{image_url}&w={w}&h={h}&resize={mode}&crop={anchor}")
            assert made == expected(w, h, mode), (w, h, mode, anchor, made)
            checked += 1
assert dimensions(sized.file + "&w=3000") == original and dimensions(sized.file + "&h=160") == (240, 160)
print(f"    {checked + 2} sizes, each as its rule says", flush=True)

step("delete_file and delete_image: the URLs are gone")
client.delete_file(url=uploaded.file)
client.delete_image(url=image.file)
assert fetch(uploaded.file) == 410 and fetch(image.file) == 410

step("a URL Kiln did not issue is refused")
refused(lambda: client.delete_file(url="https://cdn.example/files/notes.pdf"), 400)

step("a user's token uploads for that user, and may not delete another's file")
other = client.upload_file(document, user=OnlyUserID(id="bob")).data
alice = Stream(api_key=api_key, token=client.create_token("alice", expiration=600), base_url=base)
assert alice.upload_file(document).data.file
refused(lambda: alice.delete_file(url=other.file), 403)

step("a token signed with another secret, and another app's key, are refused")
stranger = Stream(api_key=api_key, api_secret="another-secret-" + api_secret, base_url=base)
refused(lambda: stranger.upload_file(document), 401)
other_app = Stream(api_key="another-app", api_secret=api_secret, base_url=base)
refused(lambda: other_app.upload_file(document), 401)

step("get_app and update_app: a blocked extension, then such an upload refused with the SDK's exception")
assert client.get_app().data.app.file_upload_config.size_limit == 0
client.update_app(file_upload_config=FileUploadConfig(size_limit=0, blocked_file_extensions=[".exe"]))
assert client.get_app().data.app.file_upload_config.blocked_file_extensions == [".exe"]
installer = os.path.join(work, "setup.exe")
with open(installer, "wb") as out:
    out.write(b"not really a program\n")
assert ".exe" in refused(lambda: client.upload_file(installer), 415)
refused(lambda: alice.get_app(), 403)
client.update_app(file_upload_config=FileUploadConfig(size_limit=0))
assert client.upload_file(installer).data.file
