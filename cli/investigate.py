"""``ergraph disputes``, ``ergraph timeline``, ``ergraph show``: what an investigator
reads - relations stated and denied, an entity's relations in time, a source document
with what was extracted from it marked in place.

Like the other query commands they go through the in-process client (the service layer
the HTTP API runs) and name the store they read."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import ErgraphError
from .common import (
    DEFAULT_STORE,
    ModOpt,
    SchemaOpt,
    SinceOpt,
    StoreOpt,
    TypesOpt,
    UntilOpt,
    console,
    denial_hint,
    display,
    fail,
    page_note,
    reading,
    relation_label,
    store_line,
)

__all__ = ["register", "mark_document"]


def register(app: typer.Typer) -> None:
    app.command()(disputes)
    app.command()(timeline)
    app.command()(documents)
    app.command()(show)


def documents(
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The stored documents (id, date, title), by date: the ids ``ergraph show`` takes."""
    try:
        with reading(store, schema) as (st, g):
            docs = g.documents(limit=limit, offset=offset)
            if not as_json:
                store_line(st)
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps(docs.to_dict()))
        return
    console.print(f"{len(docs)} document(s)" + (", more with --offset"
                                                if docs.next_offset is not None else ""))
    for d in docs:
        console.print(f"  {d.id}  {d.date or 'undated':10}  {display(d.title)}")


def _quote(sentence: str) -> str:
    return escape(display("\u201c" + sentence.strip() + "\u201d"))


def _evidence_line(ev: Any, indent: str = "      ") -> None:
    when = ev.document_date or "undated"
    console.print(f"{indent}[dim]{escape(display(f'{ev.modality}; {when}, {ev.document_title} '))}"
                  f"({escape(ev.document_id)}{page_note(ev.page)}):[/] {_quote(ev.sentence)}",
                  markup=True)


def disputes(
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    types: TypesOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Disputed relations: stated in some evidence and denied in other evidence (in
    one document or in several), both sides side by side."""
    try:
        with reading(store, schema) as (st, g):
            found = g.disputes(types=types, since=since, until=until, limit=limit,
                               offset=offset)
            if not as_json:
                store_line(st)
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps(found.to_dict()))
        return
    names = found.names()
    console.print(f"{found.total} disputed relation(s)"
                  + (f", showing {offset + 1}-{offset + len(found)}"
                     if len(found) < found.total else ""))
    for d in found:
        r = d.relation
        arrow = "--" if r.symmetric else "->"
        console.print(f"  [bold]{escape(display(names.get(r.source, r.source)))}[/] "
                      f"-{escape(f'[{r.type}, disputed]')}{arrow} "
                      f"[bold]{escape(display(names.get(r.target, r.target)))}[/]", markup=True)
        console.print("    stated:")
        for ev in d.asserted[:5]:
            _evidence_line(ev)
        console.print("    denied:")
        for ev in d.denied[:5]:
            _evidence_line(ev)


def timeline(
    name: Annotated[str, typer.Argument(help="entity name, alias or id")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    types: TypesOpt = None,
    modalities: ModOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 200,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An entity's relations in time: one line per relation and document, by document
    date (undated last), with the months they fall in."""
    from .query import _where, hidden_denials

    try:
        with reading(store, schema) as (st, g):
            t = g.timeline(name, types=types, modalities=modalities, since=since,
                           until=until, limit=limit)
            hidden = hidden_denials(st, t.entity.id, _where(st, types, modalities, since,
                                                            until))
            if not as_json:
                store_line(st)
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps(t.to_dict()))
        return
    e = t.entity
    console.print(f"{display(e.name)} ({e.type}): {t.total} event(s)"
                  + (f", the first {len(t)} shown" if len(t) < t.total else ""))
    if t.periods:
        console.print("  by month: " + ", ".join(f"{p} {n}" for p, n in t.periods)
                      + (f", undated {t.undated}" if t.undated else ""))
    for ev in t:
        r = ev.relation
        other = display(ev.other.name) if ev.other else "?"
        direction = "->" if r.source == e.id else "<-"
        if r.symmetric:
            direction = "--"
        console.print(f"  {ev.date or 'undated':10}  {escape(f'[{relation_label(r)}]')} "
                      f"{direction} [bold]{escape(other)}[/]", markup=True)
        for x in r.evidence[:3]:
            console.print(f"              [dim]{escape(display(x.modality + '; ' + x.document_title))}"
                          f"{page_note(x.page)}:[/] {_quote(x.sentence)}", markup=True)
    denial_hint(hidden)


def mark_document(text: str, mentions: list[dict[str, Any]], evidence: list[dict[str, Any]]
                  ) -> tuple[str, list[dict[str, Any]]]:
    """The document's text as rich markup (escaped) with each mention in bold and
    ``[Name]`` after it when the text differs from the entity's name, and each evidence
    sentence underlined with its number ``⟨n⟩`` before it; and the numbered evidence.
    Overlapping mentions keep the first."""
    marks: list[tuple[int, int, str]] = []  # (position, order, markup)
    last_end = -1
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        if m["start"] < last_end:
            continue
        last_end = m["end"]
        label = m.get("name") or ""
        tail = f" {escape('[' + display(label) + ']')}" if label and label != m["text"] else ""
        marks.append((m["start"], 2, "[bold]"))
        marks.append((m["end"], 0, "[/bold]" + (f"[dim]{tail}[/dim]" if tail else "")))
    numbered: list[dict[str, Any]] = []
    by_span: dict[tuple[int, int], int] = {}
    for ev in evidence:
        span = (ev["start"], ev["end"])
        if span not in by_span:
            by_span[span] = len(by_span) + 1
            n = by_span[span]
            style = "red" if ev["modality"] == "negated" else "cyan"
            marks.append((ev["start"], 1, f"[{style}]{escape(chr(0x27e8) + str(n) + chr(0x27e9))}"
                                         "[/] [underline]"))
            marks.append((ev["end"], 1, "[/underline]"))
        numbered.append({**ev, "n": by_span[span]})
    out: list[str] = []
    pos = 0
    for at, _order, markup in sorted(marks, key=lambda x: (x[0], x[1])):
        out.append(escape(display(text[pos:at])))
        out.append(markup)
        pos = at
    out.append(escape(display(text[pos:])))
    return "".join(out), numbered


#: metadata shown by ``ergraph show``, in this order, with its label
_SHOWN_METADATA = (("from", "from"), ("to", "to"), ("cc", "cc"), ("reply_to", "reply to"),
                   ("author", "author"), ("site_name", "site"), ("url", "url"),
                   ("page_count", "pages"), ("attachment", "attachment"),
                   ("parent", "attached to"), ("parent_source", "attached to file"),
                   ("truncated", "metadata left out (over the size limit)"))
#: most items of one metadata list shown (recipients...)
_SHOWN_ITEMS = 20


def metadata_lines(meta: dict[str, Any]) -> list[str]:
    """The document's metadata worth reading, one ``label: value`` line each (an
    e-mail's sender, recipients and attachments; an attachment's parent; a PDF's page
    count...); plain text, for the caller to escape."""
    def text(value: Any) -> str:
        if isinstance(value, list):
            items = [text(v) for v in value[:_SHOWN_ITEMS]]
            more = len(value) - _SHOWN_ITEMS
            return ", ".join(items) + (f" (and {more} more)" if more > 0 else "")
        if isinstance(value, dict):
            return " ".join(f"{k}={text(v)}" for k, v in sorted(value.items()))
        return str(value)

    lines = [f"{label}: {text(meta[key])}" for key, label in _SHOWN_METADATA
             if meta.get(key) not in (None, "", [])]
    for a in meta.get("attachments") or []:
        if isinstance(a, dict):
            lines.append(f"attachment: {a.get('file', '')} ({a.get('document_id', '')})")
    return lines


def show(
    document: Annotated[str, typer.Argument(help="document id (ergraph documents lists them)")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """A source document with its title, date and source, the entities it names in bold
    and the sentences relations were taken from underlined and numbered, then those
    relations by number."""
    try:
        with reading(store, schema) as (st, g):
            doc = g.document(document)
            if not as_json:
                store_line(st)
    except ErgraphError as exc:
        raise fail(exc) from None
    d = doc.to_dict()
    if as_json:
        console.print_json(json.dumps(d))
        return
    console.print(f"[bold]{escape(display(d['title'] or d['id']))}[/]", markup=True)
    console.print(f"[dim]{escape(display(d['date'] or 'undated'))} \u00b7 "
                  f"{escape(display(d['source'] or 'no source'))} \u00b7 {escape(d['id'])}[/]",
                  markup=True)
    for line in metadata_lines(d.get("metadata") or {}):
        console.print(f"[dim]{escape(display(line))}[/]", markup=True)
    marked, numbered = mark_document(d["text"], d["mentions"], d["evidence"])
    console.print()
    console.print(marked, markup=True)
    console.print()
    names = sorted({(m["name"] or m["text"], m["type"] or "") for m in d["mentions"]})
    console.print(f"entities ({len(names)}): "
                  + ", ".join(f"{display(n)} ({t})" for n, t in names))
    console.print(f"relations ({len(numbered)}):")
    for ev in numbered:
        denied = ev["modality"] == "negated"
        label = f"denied: {ev['type']}" if denied else ev["type"]
        arrow = "--" if ev.get("symmetric") else "->"
        link = f"x{escape(f'[{label}]')}x" if denied else f"-{escape(f'[{label}]')}{arrow}"
        console.print(f"  {escape(chr(0x27e8) + str(ev['n']) + chr(0x27e9))} "
                      f"{escape(display(ev['source_name']))} {link} "
                      f"{escape(display(ev['target_name']))} "
                      f"[dim]({ev['modality']}{page_note(ev.get('page'))})[/]", markup=True)
