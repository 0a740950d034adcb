"""Format readers' benchmark: how long reading one document takes in each format (file
on disk -> Document: the checks, decoding, HTML main-text extraction, the PDF text
layer, JSON parsing, MIME), and how much page chrome the saved-page fixture leaks.

Each format reads the same kind of news story (the fixtures of
``tests/fixtures/formats/make.py``, the saved page shipped there), written to a temporary
folder ``--copies`` times; every file is read ``--rounds`` times and the best round
counts (the others are noise from the shared machine). ms/document is per document the
reader returns (a JSON lines file of N records counts N); chars/s counts the characters
of the documents' text.

Run: ``python bench/formats_bench.py`` (seconds) or ``--quick``; ``--json FILE`` also
writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "formats"))

import make  # noqa: E402  (the tests' fixture builders)
from ergraph.loaders.files import read_file  # noqa: E402


def _plain_text() -> bytes:
    return ("date 2021-06-03\n" + make.PAGE_HEADLINE + "\n\n" + "\n\n".join(make.PAGE_BODY)
            + "\n").encode()


def _markdown() -> bytes:
    return ("---\ntitle: " + make.PAGE_HEADLINE + "\ndate: 2021-06-03\nsource: "
            "https://balticledger.example/x\n---\n\n" + "\n\n".join(make.PAGE_BODY)
            + "\n").encode()


def _jsonl() -> bytes:
    record = {"headline": make.PAGE_HEADLINE, "published": "2021-06-03",
              "url": "https://balticledger.example/x", "content": "\n\n".join(make.PAGE_BODY)}
    lines = [json.dumps({**record, "id": str(i), "content": f"{record['content']} ({i})"})
             for i in range(100)]
    return ("\n".join(lines) + "\n").encode()


def fixtures() -> dict[str, tuple[str, bytes]]:
    """format -> (file name, bytes)."""
    return {
        "text": ("story.txt", _plain_text()),
        "markdown": ("story.md", _markdown()),
        "html": ("page.html", make.SAVED_PAGE.read_bytes()),
        "pdf": ("report.pdf", make.pdf()),
        "jsonl": ("feed.jsonl", _jsonl()),
        "email": ("mail.eml", make.eml_with_attachments()),
    }


def measure(copies: int, rounds: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, (name, data) in fixtures().items():
            files = []
            for i in range(copies):
                f = Path(tmp) / f"{i}-{name}"
                f.write_bytes(data)
                files.append(f)
            read_file(files[0])  # imports and caches (trafilatura, pypdf) out of the timing
            best = float("inf")
            docs = chars = 0
            for _ in range(rounds):
                t = time.perf_counter()
                got = [d for f in files for d in read_file(f)[0]]
                best = min(best, time.perf_counter() - t)
                docs, chars = len(got), sum(len(d.document.text) for d in got)
            out[fmt] = {"files": copies, "documents": docs, "chars": chars,
                        "ms_per_document": round(1000 * best / docs, 3),
                        "chars_per_s": round(chars / best)}
    return out


def chrome() -> dict[str, Any]:
    doc = read_file(make.SAVED_PAGE)[0][0].document
    return {"fixture": str(make.SAVED_PAGE.relative_to(ROOT)),
            "chrome_characters": make.chrome_characters(doc.text),
            "chrome_pieces_leaked": [c for c in make.PAGE_CHROME if c in doc.text],
            "body_paragraphs_kept": sum(p in doc.text for p in make.PAGE_BODY),
            "body_paragraphs": len(make.PAGE_BODY), "text_chars": len(doc.text)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=20, help="files of each format")
    ap.add_argument("--rounds", type=int, default=5, help="rounds; the best counts")
    ap.add_argument("--quick", action="store_true", help="5 copies, 2 rounds")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    copies, rounds = (5, 2) if args.quick else (args.copies, args.rounds)
    c = chrome()
    print(f"saved page {c['fixture']}: {c['chrome_characters']} characters of chrome in the "
          f"text (target 0); {c['body_paragraphs_kept']}/{c['body_paragraphs']} body "
          f"paragraphs kept; leaked pieces: {c['chrome_pieces_leaked'] or 'none'}")
    figures = measure(copies, rounds)
    print(f"\n{'format':<10}{'files':>7}{'docs':>7}{'ms/doc':>10}{'chars/s':>12}")
    for fmt, m in figures.items():
        print(f"{fmt:<10}{m['files']:>7}{m['documents']:>7}{m['ms_per_document']:>10.3f}"
              f"{m['chars_per_s']:>12,}")
    print("\n(email: one e-mail with a .txt and a .pdf attachment is 3 documents; "
          "jsonl: 100 records a file)")
    if args.json:
        args.json.write_text(json.dumps({"chrome": c, "formats": figures}, indent=2) + "\n")
    return 0 if c["chrome_characters"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
