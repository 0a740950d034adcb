"""Write ``samples/08_committee_report.pdf``, the sample corpus's PDF: a two-page report
with a text layer, made with fpdf2 (a test dependency). Run from the checkout's root:
``.venv/bin/python tools/make_sample_pdf.py``; the PDF it writes is committed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from fpdf import FPDF

TITLE = "Interim report on export licences at the port of Constanta"
PAGES = [
    ("Parliamentary Committee on Transport",
     [TITLE,
      "The committee examined how export licences were issued at the port of Constanta "
      "between January and August 2022, after press reports that a grain broker had met a "
      "port official before his firm was granted a licence.",
      "The committee heard evidence from the port authority, from the anti-fraud directorate "
      "and from three trading firms. Its members visited the port in September."]),
    ("Findings",
     ["Mihai Stanescu met Adrian Popa on three occasions before the licence was granted, the "
      "committee found. None of the meetings was recorded in the authority's register.",
      "The committee recommended that the anti-fraud directorate investigate the port "
      "authority. The port authority rejected the findings and said its procedures were "
      "lawful."]),
]


def build(pages: list[tuple[str, list[str]]], title: str, created: dt.datetime) -> bytes:
    """A PDF with one page per (heading, paragraphs), a text layer, and metadata."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("Parliamentary Committee on Transport")
    pdf.set_creation_date(created)
    for heading, paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, heading)
        pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for para in paragraphs:
            pdf.multi_cell(0, 6, para)
            pdf.ln(3)
    return bytes(pdf.output())


def main() -> int:
    out = Path(__file__).resolve().parents[1] / "samples" / "08_committee_report.pdf"
    created = dt.datetime(2022, 10, 3, 9, 0, tzinfo=dt.UTC)
    out.write_bytes(build(PAGES, TITLE, created))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
