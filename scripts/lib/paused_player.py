"""A viewer who pauses: headless chromium plays a video download, pauses it for longer than the
node's slow-reader grace, plays on (fast), and must reach the end without a media error. While it
is paused the browser takes no bytes, so the node cuts the stalled download; the browser must ask
again with Range. scripts/check-hls checks, from the node's metrics, that the cut happened."""
import os
import time
from urllib.parse import urljoin

from headless_chromium import start_chromium

url = os.environ["KILN_PLAYER_URL"]
pause_seconds = float(os.environ["KILN_PLAYER_PAUSE_SECONDS"])

browser = start_chromium()
browser.set_script_timeout(180)
try:
    # A page of the node's own: chromium loads no media into about:blank.
    browser.get(urljoin(url, "/healthz"))
    paused = browser.execute_async_script(
        """
        const [url, done] = [arguments[0], arguments[arguments.length - 1]];
        const video = document.createElement("video");
        Object.assign(video, {muted: true, preload: "auto", src: url});
        document.body.append(video);
        window.player = video;
        video.addEventListener("error", () => done({error: video.error.code, message: video.error.message}));
        video.addEventListener("timeupdate", function played() {
          if (video.currentTime < 1) return;
          video.removeEventListener("timeupdate", played);
          video.pause();
          done({at: video.currentTime, duration: video.duration});
        });
        video.play().catch((error) => done({error: String(error)}));
        """,
        url,
    )
    assert "error" not in paused, f"the video did not start: {paused}"
    print(f"  paused at {paused['at']:.1f} s of {paused['duration']:.1f} s for {pause_seconds:.0f} s", flush=True)
    time.sleep(pause_seconds)
    ended = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const video = window.player;
        video.addEventListener("ended", () => done({at: video.currentTime, duration: video.duration}));
        video.addEventListener("error", () => done({error: video.error.code, message: video.error.message, at: video.currentTime}));
        video.playbackRate = 4;
        video.play().catch((error) => done({error: String(error)}));
        """
    )
    assert "error" not in ended, f"playing on after the pause failed: {ended}"
    assert abs(ended["at"] - ended["duration"]) < 0.5, f"the video ended early: {ended}"
    print(f"  played on to the end ({ended['at']:.1f} s)", flush=True)
finally:
    browser.quit()
