"""The model card (GET /model) in a real headless Chromium: a browser gets the page."""

from __future__ import annotations

import json
import urllib.request

from selenium.webdriver.common.by import By


def card_as_json(base_url: str) -> dict:
    request = urllib.request.Request(base_url + "model", headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"] == "application/json"
        return json.load(response)


def test_the_model_page_shows_the_scores_and_the_learning_curves(browser, live_server):
    card = card_as_json(live_server)
    browser.open("model")
    assert card["name"] in browser.driver.find_element(By.TAG_NAME, "h1").text

    # The cased F1 of every type, as the JSON card has it; casings not measured say so.
    by_case = {"cased": card["validation"], "lower": card.get("validation_lowercased"),
               "upper": card.get("validation_uppercased"),
               "headline": card.get("validation_headline")}
    for row in browser.driver.find_elements(By.CSS_SELECTOR, "#scores-table tbody tr"):
        kind = row.find_element(By.TAG_NAME, "th").text
        for case in by_case:
            cell = row.find_element(By.CSS_SELECTOR, f"td[data-case={case}]").text
            scores = by_case.get(case)
            if scores is None:
                assert cell == "not measured"
            else:
                expected = scores["overall"] if kind == "overall" else scores["per_type"][kind]
                assert cell == f"{expected['f1']:.3f}"
    shown_types = [row.find_element(By.TAG_NAME, "th").text for row in
                   browser.driver.find_elements(By.CSS_SELECTOR, "#scores-table tbody tr")]
    assert shown_types == sorted(card["validation"]["per_type"]) + ["overall"]

    image = browser.driver.find_element(By.CSS_SELECTOR, "figure.curves img")
    browser.wait_for(lambda driver: driver.execute_script(
        "return arguments[0].complete", image), "the learning curves to load")
    assert browser.run("return arguments[0].naturalWidth", image) > 0  # loaded and decoded
    assert "Validation F1" in image.get_attribute("alt")
    browser.screenshot("model-desktop")

    browser.resize("phone")
    assert browser.run(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert image.size["width"] <= 375
    browser.screenshot("model-phone")


def test_the_pages_link_to_each_other_and_to_the_api_reference(browser):
    browser.open("model")
    browser.driver.find_element(By.LINK_TEXT, "Try it").click()
    browser.wait_for(lambda driver: driver.find_elements(By.ID, "tag-form"), "the demo page")
    browser.driver.find_element(By.LINK_TEXT, "API reference").click()
    browser.wait_for(lambda driver: "API" in driver.title, "the API reference")
    browser.driver.find_element(By.LINK_TEXT, "the model card").click()
    browser.wait_for(lambda driver: driver.title.startswith("Model card"), "the model card")
