"""The request limits of POST /tag: going over one is answered with 413, naming the field,
the setting that sets the limit, the limit and the actual size.

A long sentence is no error: it is tagged in windows (model/documents.py); nor is a long
token: the model reads its first MAX_CHARS_PER_TOKEN characters."""

from __future__ import annotations

from service.config import Config
from service.errors import ApiError


def _too_large(code: str, message: str, field: str, setting: str, limit: int,
               actual: int) -> ApiError:
    return ApiError(413, code, message,
                    {"field": field, "setting": setting, "limit": limit, "actual": actual})


class RequestLimits:
    def __init__(self, config: Config):
        self.max_document_chars = config.max_document_chars
        self.max_sentences_per_batch = config.max_sentences_per_batch
        self.max_tokens_per_request = config.max_tokens_per_request

    def check_batch(self, items: list) -> None:
        if len(items) > self.max_sentences_per_batch:
            raise _too_large("too_many_sentences",
                             f"A batch may have at most {self.max_sentences_per_batch} items.",
                             "sentences", "MAX_SENTENCES_PER_BATCH",
                             self.max_sentences_per_batch, len(items))

    def check_document(self, text: str, field: str) -> None:
        """Checked before the text is split and tokenized, so a huge text is not."""
        if len(text) > self.max_document_chars:
            raise _too_large("document_too_long",
                             f"A text may have at most {self.max_document_chars} characters.",
                             field, "MAX_DOCUMENT_CHARS", self.max_document_chars, len(text))

    def check_request_tokens(self, count: int, field: str) -> None:
        if count > self.max_tokens_per_request:
            raise _too_large("too_many_tokens_in_request",
                             f"A request may have at most {self.max_tokens_per_request} tokens "
                             "in all.", field, "MAX_TOKENS_PER_REQUEST",
                             self.max_tokens_per_request, count)
