"""The demo page (GET /) in a real headless Chromium: what a person pasting text sees."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

DOCUMENT = ("Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n"
            "Later that week, Merkel flew to Washington to speak with the World Bank.")

# What the page shows, read back from the DOM on its own terms: the text nodes and marks of
# the highlighted text in order, offsets counted in code points as the service counts them.
# Independent of the page's own bookkeeping (its data- attributes), so a shifted highlight
# shows up as a wrong offset here.
READ_HIGHLIGHTS = """
const box = document.getElementById("highlighted");
let offset = 0, text = "";
const marks = [];
for (const node of box.childNodes) {
  const piece = node.nodeType === Node.TEXT_NODE ? node.data
              : node.querySelector(".entity-text").textContent;
  const length = Array.from(piece).length;
  if (node.nodeType !== Node.TEXT_NODE) {
    marks.push({text: piece, label: node.querySelector(".entity-label").textContent,
                start: offset, end: offset + length});
  }
  offset += length;
  text += piece;
}
return {text, marks};
"""

# Puts text into the box the way pasting does. ChromeDriver can only type characters of
# the Basic Multilingual Plane, so text with emoji goes in this way.
PASTE = """
const box = document.getElementById("text");
box.value = arguments[0];
box.dispatchEvent(new Event("input", {bubbles: true}));
"""


def tag_directly(base_url: str, text: str) -> dict:
    """The service's answer to the same text, asked for without the page."""
    request = urllib.request.Request(base_url + "tag", data=json.dumps({"text": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def submit_and_wait(browser) -> None:
    browser.driver.find_element(By.ID, "submit").click()
    wait_for_answer(browser)


def wait_for_answer(browser) -> None:
    # The results of an earlier submission may still be on show: wait for the answer to
    # the text now in the box, not just for some answer.
    def shown(driver) -> bool:
        if driver.find_element(By.ID, "error").is_displayed():
            return True
        return (driver.find_element(By.ID, "results").is_displayed()
                and browser.run(READ_HIGHLIGHTS)["text"]
                == driver.find_element(By.ID, "text").get_attribute("value"))

    browser.wait_for(shown, "the answer to the text in the box to be shown")


def spans(entities: list[dict]) -> list[dict]:
    return [{key: entity[key] for key in ("text", "label", "start", "end")} for entity in entities]


def test_a_typed_document_has_its_entities_marked_with_labels_and_offsets(browser, live_server):
    browser.open()
    box = browser.driver.find_element(By.ID, "text")
    box.send_keys(DOCUMENT)
    submit_and_wait(browser)

    shown = browser.run(READ_HIGHLIGHTS)
    assert shown["text"] == DOCUMENT  # nothing lost, nothing added between the marks
    assert shown["marks"] == spans(tag_directly(live_server, DOCUMENT)["entities"])
    found = {(mark["text"], mark["label"], mark["start"]) for mark in shown["marks"]}
    assert {("Angela Merkel", "PER", 0), ("Paris", "LOC", 37),
            ("Washington", "LOC", DOCUMENT.index("Washington"))} <= found

    # The type is written next to every mark, not told by colour alone.
    for mark in browser.driver.find_elements(By.CSS_SELECTOR, "#highlighted mark"):
        label = mark.find_element(By.CLASS_NAME, "entity-label")
        assert label.is_displayed() and label.text == mark.get_attribute("data-label")

    # The table lists the same entities with their offsets.
    rows = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in browser.driver.find_elements(By.CSS_SELECTOR, "#entity-table tbody tr")]
    assert [(row[0], row[1], int(row[3]), int(row[4])) for row in rows] == [
        (mark["text"], mark["label"], mark["start"], mark["end"]) for mark in shown["marks"]]

    # The raw answer is the service's JSON.
    answer = json.loads(browser.driver.find_element(By.ID, "json").text)
    assert spans(answer["entities"]) == shown["marks"]


def test_the_confidence_shows_on_keyboard_focus_and_on_hover(browser, live_server):
    browser.open()
    browser.driver.find_element(By.ID, "text").send_keys("Angela Merkel visited Paris.")
    submit_and_wait(browser)
    scores = [entity["score"] for entity in
              tag_directly(live_server, "Angela Merkel visited Paris.")["entities"]]
    marks = browser.driver.find_elements(By.CSS_SELECTOR, "#highlighted mark")
    score = marks[0].find_element(By.CLASS_NAME, "entity-score")
    assert score.size["width"] <= 1  # tucked away (still read out by screen readers)

    # From the submit button, Tab moves on to the first marked entity.
    browser.driver.find_element(By.ID, "submit").send_keys(Keys.TAB)
    for _ in range(10):
        if browser.driver.switch_to.active_element == marks[0]:
            break
        browser.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.driver.switch_to.active_element == marks[0]
    assert score.size["width"] > 20
    assert score.text == f"score {scores[0]:.3f}"

    from selenium.webdriver import ActionChains

    ActionChains(browser.driver).move_to_element(marks[1]).perform()
    hovered = marks[1].find_element(By.CLASS_NAME, "entity-score")
    assert hovered.size["width"] > 20 and hovered.text == f"score {scores[1]:.3f}"


def test_emoji_before_entities_do_not_shift_the_highlights(browser, live_server):
    browser.open()
    # The page's own example, one click.
    example = browser.driver.find_element(By.XPATH, "//button[text()='With emoji']")
    example.click()
    wait_for_answer(browser)
    text = browser.driver.find_element(By.ID, "text").get_attribute("value")
    assert "🎉" in text
    shown = browser.run(READ_HIGHLIGHTS)
    assert shown["text"] == text
    assert shown["marks"] == spans(tag_directly(live_server, text)["entities"])
    assert ("Lisbon", "LOC", text.index("Lisbon")) in {
        (mark["text"], mark["label"], mark["start"]) for mark in shown["marks"]}

    # Emoji of several code points (a flag, a family joined by zero-width joiners) too.
    text = "👩‍👩‍👧 🇵🇹 😀 Angela Merkel visited Paris 🎉 with Emmanuel Macron."
    browser.run(PASTE, text)
    submit_and_wait(browser)
    shown = browser.run(READ_HIGHLIGHTS)
    assert shown["text"] == text
    answer = tag_directly(live_server, text)
    assert shown["marks"] == spans(answer["entities"])
    assert all(text[mark["start"]:mark["end"]] == mark["text"] for mark in shown["marks"])
    assert ("Paris", "LOC") in {(mark["text"], mark["label"]) for mark in shown["marks"]}


def test_html_in_the_text_stays_text(browser, live_server):
    browser.open()
    text = ('<script>window.pwned = "script"</script> <img src="x" '
            'onerror="window.pwned = \'img\'"> Angela Merkel visited <b>Paris</b>.')
    browser.driver.find_element(By.ID, "text").send_keys(text)
    submit_and_wait(browser)

    assert browser.run("return window.pwned === undefined")
    assert browser.run(
        "return document.querySelectorAll('#results img, #results script, #results b').length"
    ) == 0
    shown = browser.run(READ_HIGHLIGHTS)
    assert shown["text"] == text  # shown literally, tags and all
    assert "Angela Merkel" in {mark["text"] for mark in shown["marks"]}
    assert browser.run("return document.getElementById('json').children.length") == 0
    # The service reads the markup as a browser would show it (model/reading.py): the script
    # and the image are no tokens. The page still never runs any of it.
    answer = json.loads(browser.driver.find_element(By.ID, "json").text)
    assert [token["text"] for token in answer["tokens"]] == [
        "Angela", "Merkel", "visited", "Paris", "."]


def test_the_email_and_web_page_examples_show_their_names_as_written(browser, live_server):
    browser.open()
    for example, expected in [("E-mail", {("Sarah", "PER"), ("Siemens", "ORG"),
                                          ("Michael Chen", "PER")}),
                              ("Web page", {("Procter &amp; Gamble", "ORG"),
                                            ("New York", "LOC")})]:
        browser.driver.find_element(By.XPATH, f"//button[text()='{example}']").click()
        browser.wait_for(lambda driver: driver.find_element(By.ID, "text").get_attribute(
            "value") and expected.issubset(
            {(m["text"], m["label"]) for m in browser.run(READ_HIGHLIGHTS)["marks"]}),
            f"the {example} example's entities")
        shown = browser.run(READ_HIGHLIGHTS)
        text = browser.driver.find_element(By.ID, "text").get_attribute("value")
        assert shown["text"] == text  # the greeting, the quote marks, the tags: shown as sent
        assert shown["marks"] == spans(tag_directly(live_server, text)["entities"])


def test_an_over_long_text_shows_the_services_413_message(browser):
    browser.open()
    limit = int(browser.driver.find_element(By.ID, "text").get_attribute("data-max-chars"))
    browser.run(PASTE, "word " * (limit // 5 + 100))
    assert "over the limit" in browser.driver.find_element(By.ID, "text-count").text
    submit_and_wait(browser)

    alert = browser.driver.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert alert.is_displayed()
    assert "too long" in alert.text
    assert f"A text may have at most {limit} characters." in alert.text  # the service's words
    assert not browser.driver.find_element(By.ID, "results").is_displayed()


RECORD_REQUESTS = """
window.sentBodies = [];
const realFetch = window.fetch;
window.fetch = (url, options) => {
  window.sentBodies.push(JSON.parse(options.body));
  return realFetch(url, options);
};
"""


def test_the_type_filter_and_minimum_score_are_sent_only_when_set(browser, live_server):
    browser.open()
    browser.run(RECORD_REQUESTS)
    browser.driver.find_element(By.ID, "text").send_keys("Angela Merkel visited Paris.")
    submit_and_wait(browser)
    browser.driver.find_element(By.CSS_SELECTOR, "input[name=label][value=PER]").click()
    minimum = browser.driver.find_element(By.ID, "min-score")
    minimum.clear()
    minimum.send_keys("0.5")
    submit_and_wait(browser)

    plain, filtered = browser.run("return window.sentBodies")
    assert plain == {"text": "Angela Merkel visited Paris."}
    assert filtered == {"text": "Angela Merkel visited Paris.",
                        "labels": ["LOC", "MISC", "ORG"], "min_score": 0.5}

    # What happens next is the server's call: a /tag that knows the options filters, one
    # that does not refuses them with 422, and the page says so in the service's words.
    request = urllib.request.Request(live_server + "tag", data=json.dumps(filtered).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30):
            knows_options = True
    except urllib.error.HTTPError as error:
        assert error.code == 422
        knows_options = False
    if knows_options:
        labels = {mark["label"] for mark in browser.run(READ_HIGHLIGHTS)["marks"]}
        assert labels and "PER" not in labels
    else:
        alert = browser.driver.find_element(By.CSS_SELECTOR, "[role=alert]")
        assert alert.is_displayed()
        assert "did not accept" in alert.text and "labels" in alert.text


def test_keyboard_only_an_example_and_ctrl_enter(browser):
    browser.open()
    # Tab from the top of the page reaches the lower-case example; Enter runs it.
    body = browser.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(20):
        if browser.driver.switch_to.active_element.text == "Lower case":
            break
        browser.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.driver.switch_to.active_element.text == "Lower case"
    browser.driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for_answer(browser)
    text = browser.driver.find_element(By.ID, "text").get_attribute("value")
    assert text == text.lower()
    assert browser.driver.find_element(By.ID, "status").text.startswith("Found ")

    box = browser.driver.find_element(By.ID, "text")
    box.clear()
    box.send_keys("Emmanuel Macron spoke in Lyon.")
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    browser.wait_for(lambda driver: "Lyon" in driver.find_element(By.ID, "json").text,
                     "the answer to the second text")


def test_copy_button_copies_the_json(browser):
    browser.open()
    browser.driver.find_element(By.ID, "text").send_keys("Angela Merkel visited Paris.")
    submit_and_wait(browser)
    browser.driver.find_element(By.ID, "copy-json").click()
    browser.wait_for(lambda driver: "Copied" in driver.find_element(By.ID, "status").text,
                     "the copy to be confirmed")


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (opaque ones)."""
    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in
                    colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_entity_marks_are_readable_and_the_page_fits_a_phone(browser):
    browser.open()
    browser.driver.find_element(By.XPATH, "//button[text()='News']").click()
    wait_for_answer(browser)
    colours = browser.run("""
        return Array.from(document.querySelectorAll("#highlighted mark")).flatMap((mark) => {
          const label = mark.querySelector(".entity-label");
          return [[getComputedStyle(mark).color, getComputedStyle(mark).backgroundColor],
                  [getComputedStyle(label).color, getComputedStyle(label).backgroundColor]];
        });""")
    assert len(colours) >= 8
    for foreground, background in colours:
        assert contrast(foreground, background) >= 4.5, (foreground, background)
    # The picture shows one entity's score, as keyboard focus shows it.
    browser.run("document.querySelectorAll('#highlighted mark')[2].focus()")
    browser.screenshot("demo-desktop")

    browser.resize("phone")
    assert browser.run(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    browser.screenshot("demo-phone")
