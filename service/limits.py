"""The request limits of POST /tag: going over one is answered with 413, naming the field,
the limit and the actual size."""

from __future__ import annotations

from service.config import Config
from service.errors import ApiError


def _too_large(code: str, message: str, field: str, limit: int, actual: int) -> ApiError:
    return ApiError(413, code, message, {"field": field, "limit": limit, "actual": actual})


class RequestLimits:
    def __init__(self, config: Config):
        self.max_text_chars = config.max_text_chars
        self.max_tokens_per_sentence = config.max_tokens_per_sentence
        self.max_chars_per_token = config.max_chars_per_token
        self.max_sentences_per_batch = config.max_sentences_per_batch
        self.max_tokens_per_request = config.max_tokens_per_request

    def check_batch(self, items: list) -> None:
        if len(items) > self.max_sentences_per_batch:
            raise _too_large("too_many_sentences",
                             f"A batch may have at most {self.max_sentences_per_batch} sentences.",
                             "sentences", self.max_sentences_per_batch, len(items))

    def check_text(self, text: str, field: str) -> None:
        """Checked before the text is tokenized, so a huge text is not."""
        if len(text) > self.max_text_chars:
            raise _too_large("text_too_long",
                             f"A text may have at most {self.max_text_chars} characters.",
                             field, self.max_text_chars, len(text))

    def check_tokens(self, tokens: list[str], field: str) -> None:
        if len(tokens) > self.max_tokens_per_sentence:
            raise _too_large("too_many_tokens",
                             f"A sentence may have at most {self.max_tokens_per_sentence} tokens.",
                             field, self.max_tokens_per_sentence, len(tokens))
        longest = max(map(len, tokens), default=0)
        if longest > self.max_chars_per_token:
            raise _too_large("token_too_long",
                             f"A token may have at most {self.max_chars_per_token} characters.",
                             field, self.max_chars_per_token, longest)

    def check_request_tokens(self, sentences: list[list[str]], field: str) -> None:
        """The request's work budget: its tokens, all sentences together, bound the time
        and memory one request can take of a worker."""
        total = sum(map(len, sentences))
        if total > self.max_tokens_per_request:
            raise _too_large("too_many_tokens_in_request",
                             f"A request may have at most {self.max_tokens_per_request} "
                             "tokens in all its sentences.",
                             field, self.max_tokens_per_request, total)
