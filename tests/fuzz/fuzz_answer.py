"""Coverage-guided fuzzing (atheris) of TaggingService.answer, the whole of POST /tag but
HTTP: any body, valid JSON or not, of any fields and values, is answered or refused with an
ApiError (a 4xx), never another exception; an answer's entity offsets slice the text to the
entity. In process, with the in-process cache and the bundled model. `make fuzz` runs it;
not part of the suite (pytest collects no fuzz_*.py)."""
import json
import logging
import sys

import atheris

with atheris.instrument_imports():
    from service import app_state, create_app
    from service.errors import ApiError
    APP = create_app()  # here: the blueprints and the service import their modules now

logging.disable(logging.CRITICAL)  # a refused request logs a line
with APP.app_context():
    SERVICE = app_state().tagging
SERVICE.memo = None  # every body reaches the work, not the memo of an earlier one
FIELDS = ["text", "tokens", "sentences", "labels", "min_score", "offsets", "include_tokens"]
WORDS = ["PER", "ORG", "LOC", "MISC", "codepoint", "utf16"]


def fuzzed_value(fdp: atheris.FuzzedDataProvider, depth: int = 0):
    kind = fdp.ConsumeIntInRange(0, 7 if depth < 2 else 4)
    if kind == 0:
        return fdp.ConsumeUnicodeNoSurrogates(60)
    if kind == 1:
        return fdp.ConsumeInt(4)
    if kind == 2:
        return fdp.ConsumeRegularFloat() if fdp.ConsumeBool() else fdp.ConsumeFloat()
    if kind == 3:
        return fdp.ConsumeBool()
    if kind == 4:
        return None
    if kind == 5:
        return [fuzzed_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    if kind == 6:
        return {FIELDS[fdp.ConsumeIntInRange(0, len(FIELDS) - 1)]: fuzzed_value(fdp, depth + 1)
                for _ in range(fdp.ConsumeIntInRange(0, 3))}
    return WORDS[fdp.ConsumeIntInRange(0, len(WORDS) - 1)]


def fuzzed_body(fdp: atheris.FuzzedDataProvider) -> bytes | None:
    if fdp.ConsumeIntInRange(0, 4) == 0:
        return fdp.ConsumeBytes(200)
    request = {FIELDS[fdp.ConsumeIntInRange(0, len(FIELDS) - 1)]: fuzzed_value(fdp)
               for _ in range(fdp.ConsumeIntInRange(0, 4))}
    if fdp.ConsumeBool():
        request["text"] = fdp.ConsumeUnicodeNoSurrogates(300)
    try:
        return json.dumps(request, allow_nan=fdp.ConsumeBool()).encode()
    except ValueError:  # NaN or an infinity, not allowed this time
        return None


def test_one_input(data: bytes) -> None:
    body = fuzzed_body(atheris.FuzzedDataProvider(data))
    if body is None:
        return
    try:
        answer = SERVICE.answer(body)
    except ApiError:
        return
    request, response = json.loads(body), json.loads(answer.body)
    batch = "results" in response
    for item, asked in zip(response["results"] if batch else [response],
                           request["sentences"] if batch else [request]):
        if "text" in asked and asked.get("offsets", "codepoint") == "codepoint":
            for entity in item["entities"]:
                assert asked["text"][entity["start"]:entity["end"]] == entity["text"], entity


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
