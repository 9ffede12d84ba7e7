"""Diagnostic for issue 12: TaggingService.answer on one document a body against 16 documents
in one body, and the model in batches of 64, finely interleaved (each group of 16 documents
in turn) so that the machine's drift hits all three alike. Run from the repository root:

    PYTHONPATH=. OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/results/httpcost/answer_sizes.py
"""
import json, time
from bench.documents import validation_documents, unseen, in_process_batched
from bench.common import DEFAULT_DATA_DIR, pin_to_one_thread
pin_to_one_thread()
from service import create_app
from service.config import Config
docs = validation_documents(DEFAULT_DATA_DIR)[:128]
service = create_app(Config(response_memo_max_bytes=0, log_level="WARNING")).extensions["ner"].tagging
tagger = service.tagger
for t in unseen(docs, 990): service.answer(json.dumps({"text": t}).encode())
single = multi = batch = 0.0; ntok = 0
for r in range(6):
    texts_a = unseen(docs, 500 + 3*r); texts_b = unseen(docs, 501 + 3*r); texts_c = unseen(docs, 502 + 3*r)
    for g in range(0, 128, 16):
        t0 = time.thread_time()
        for t in texts_a[g:g+16]: service.answer(json.dumps({"text": t}).encode())
        t1 = time.thread_time()
        service.answer(json.dumps({"text": "\n".join(texts_b[g:g+16])}).encode())
        t2 = time.thread_time()
        res = in_process_batched(tagger, texts_c[g:g+16])
        single += t1 - t0; multi += t2 - t1; batch += res["cpu_seconds"]; ntok += res["tokens"]
    print(f"round {r}: per-token µs: 16 single-doc answers {1e6*single/ntok:.1f}  one 16-doc answer {1e6*multi/ntok:.1f}  model batches of 64 {1e6*batch/ntok:.1f}", flush=True)
