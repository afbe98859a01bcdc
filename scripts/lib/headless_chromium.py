"""Debian's chromium, headless, under Selenium: what scripts/check-admin and scripts/check-hls drive
Kiln's pages and downloads with."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def start_chromium():
    """A browser that plays media without a user's gesture; the caller quits it."""
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
