"""The admin page in headless chromium, step by step (see scripts/check-admin, which prepares the
node and the data: an image, a transcoded video made to look failed, a room with a recording)."""
import os
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import Select, WebDriverWait

from headless_chromium import start_chromium

base = os.environ["KILN_ADMIN_URL"]
token = os.environ["KILN_ADMIN_TOKEN"]
image = os.environ["KILN_ADMIN_IMAGE"]
video = os.environ["KILN_ADMIN_VIDEO"]
second = os.environ["KILN_ADMIN_SECOND"]
shots = os.environ["KILN_ADMIN_SHOTS"]
upload_path = os.environ["KILN_ADMIN_UPLOAD"]

browser = start_chromium()
browser.set_window_size(1280, 1000)
wait = WebDriverWait(browser, 60)
step_number = 0


def step(name):
    global step_number
    step_number += 1
    print(f"  {step_number}. {name}", flush=True)


def shoot(name):
    browser.save_screenshot(os.path.join(shots, f"{step_number:02d}-{name}.png"))


def text_of(element_id):
    return browser.find_element(By.ID, element_id).text


def until(condition, what):
    try:
        return wait.until(lambda _: condition())
    except Exception as error:
        shoot("failed")
        raise AssertionError(f"{what}: {error!r}; page says: {text_of('message')!r}") from None


def problems_of_the_page():
    """What keeps the page from being usable by keyboard and screen reader users."""
    return browser.execute_script("""
        const problems = [];
        for (const field of document.querySelectorAll("input, select")) {
          if (field.type !== "hidden" && field.labels.length === 0 && !field.getAttribute("aria-label")) problems.push("no label: " + field.id);
        }
        for (const button of document.querySelectorAll("button")) {
          if (!button.textContent.trim() && !button.getAttribute("aria-label")) problems.push("a button without a name");
        }
        for (const picture of document.querySelectorAll("img")) if (!picture.hasAttribute("alt")) problems.push("no alt: " + picture.src);
        if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push("wider than the window: " + document.documentElement.scrollWidth);
        return problems;
    """)


try:
    step("the sign-in form, focused on the token")
    browser.get(base + "/admin")
    until(lambda: browser.switch_to.active_element.get_attribute("id") == "token", "the token field has the focus")
    assert problems_of_the_page() == [], problems_of_the_page()
    shoot("sign-in")

    step("a wrong token is refused")
    browser.find_element(By.ID, "token").send_keys("not-a-token", Keys.ENTER)
    until(lambda: "Cannot sign in" in text_of("message"), "a refusal is shown")
    assert browser.execute_script("return sessionStorage.length") == 0

    step("signing in with the admin token, which stays out of the URL")
    browser.find_element(By.ID, "token").send_keys(token, Keys.ENTER)
    until(lambda: browser.find_element(By.ID, "signed-in").is_displayed(), "the signed-in page shows")
    assert token not in browser.current_url
    until(lambda: image in text_of("file-rows"), "the uploaded image is listed")
    shoot("files")

    step("newest first, the failures flagged at a glance")
    listed = text_of("file-rows")
    assert listed.index(second) < listed.index(video) < listed.index(image), "the files are not newest first"
    until(lambda: text_of("failed-count") == "2 failed transcodes", "the failure count shows above the files")
    flagged = browser.execute_script("return [...document.querySelectorAll('#file-rows tr.failed')].map(r => r.cells[0].textContent)")
    assert sorted(flagged) == sorted([video, second]), flagged
    browser.find_element(By.ID, "show-failed").click()
    until(lambda: video in text_of("file-rows") and second in text_of("file-rows") and image not in text_of("file-rows"),
          "only the failures are listed")
    shoot("failures")
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("")

    step("finding the image by its id and opening it")
    Select(browser.find_element(By.ID, "filter-type")).select_by_value("image")
    browser.find_element(By.CSS_SELECTOR, "#file-filter button").click()
    until(lambda: image in text_of("file-rows") and video not in text_of("file-rows"), "the type filter keeps the image only")
    search = browser.find_element(By.ID, "search-id")
    search.send_keys(image, Keys.ENTER)
    until(lambda: browser.find_element(By.ID, "details").is_displayed(), "the file's details show")
    until(lambda: browser.execute_script(
        "return [...document.querySelectorAll('#details-media img')].filter(i => i.complete && i.naturalWidth > 0).length") == 3,
        "the image's three sizes load")
    assert "exif-gps.jpg" in text_of("details-facts")
    shoot("image-details")

    step("the failed transcode in the queue, retried from its page")
    until(lambda: video in text_of("queue-failed"), "the failed video is in the queue's failed list")
    browser.find_element(By.XPATH, f"//ul[@id='queue-failed']//button[text()='{video}']").click()
    until(lambda: "out of memory" in text_of("details-failure"), "the failure reason shows")
    retry = browser.find_element(By.ID, "details-retry")
    assert retry.is_displayed()
    shoot("failed-video")
    retry.click()
    until(lambda: "queued again" in text_of("message"), "the retry is confirmed")
    seen = set()

    def transcoded():
        facts = text_of("details-facts")
        for status in ("uploaded", "transcoding", "transcoded"):
            if f"Status\n{status}" in facts or f"Status {status}" in facts:
                seen.add(status)
        if browser.find_element(By.ID, "details-progress").is_displayed():
            seen.add("progress")
        return "transcoded" in seen
    until(transcoded, "the retried transcode runs to transcoded")
    assert seen & {"transcoding", "progress"}, f"the run was never seen: {seen}"
    until(lambda: browser.execute_script(
        "return [...document.querySelectorAll('#details-media video')].filter(v => v.readyState >= 1).length") >= 1,
        "a rendition plays (its metadata loads)")
    shoot("retried-video")

    step("retrying every failed transcode, followed to the end")
    until(lambda: second in text_of("queue-failed") and video not in text_of("queue-failed"), "only the second video is failed")
    browser.find_element(By.ID, "retry-all").click()
    until(lambda: "1 of 1 finished: 1 transcoded, 0 failed again" in text_of("retry-all-count"), "the retried transcode is followed to its end")
    until(lambda: second not in text_of("queue-failed"), "the failed list is empty")
    shoot("retried-all")

    step("the room and its recording")
    until(lambda: "room-42" in text_of("room-list"), "the room is listed")
    browser.find_element(By.XPATH, "//ul[@id='room-list']//button[text()='room-42']").click()
    until(lambda: browser.find_element(By.ID, "room-detail").is_displayed() and text_of("room-recordings"), "its recordings show")
    shoot("room")

    step("uploading a file with a progress bar, then finding it listed")
    browser.find_element(By.ID, "upload-file").send_keys(upload_path)
    Select(browser.find_element(By.ID, "upload-endpoint")).select_by_value("/api/v4/images")
    browser.find_element(By.ID, "upload-alt").send_keys("a picture with transparency")
    browser.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()
    until(lambda: "Stored as" in text_of("upload-result"), "the upload is stored")
    stored = text_of("upload-result").split()[-1]
    assert browser.find_element(By.ID, "upload-progress").get_attribute("value") == "100"
    Select(browser.find_element(By.ID, "filter-type")).select_by_value("")
    browser.find_element(By.CSS_SELECTOR, "#file-filter button").click()
    until(lambda: stored in text_of("file-rows"), "the uploaded file is listed")
    shoot("uploaded")

    step("nothing left to retry")
    until(lambda: browser.find_element(By.ID, "retry-all").get_attribute("disabled") is not None, "the retry-all button is off")

    step("a phone's 375 px wide screen")
    browser.set_window_size(375, 812)
    browser.refresh()
    until(lambda: browser.find_element(By.ID, "signed-in").is_displayed(), "the page keeps the session in this tab")
    until(lambda: stored in text_of("file-rows"), "the files load")
    problems = problems_of_the_page()
    assert problems == [], problems
    shoot("phone")
    browser.set_window_size(1280, 1000)

    step("signing out forgets the token")
    browser.find_element(By.ID, "sign-out").click()
    until(lambda: browser.find_element(By.ID, "sign-in").is_displayed(), "the sign-in form is back")
    assert browser.execute_script("return sessionStorage.length") == 0
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE" and "401" not in entry["message"]]
    assert errors == [], errors
finally:
    browser.quit()
