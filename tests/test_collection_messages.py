"""A collection run's warnings and the reason it stopped read in the reader's language:
they are stored as catalogue keys with values (``pulso.i18n.stored``), every collector
warns and stops with a key from ``pulso.i18n.collection``, and runs recorded before (plain
English strings) are shown as they were."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from pulso.collectors.base import Fatal, Findings, RetryPolicy, call_with_retries
from pulso.db.writer import WriteStats
from pulso.errors import CollectionError, StopCollection
from pulso.i18n import Message, has
from pulso.i18n.collection import MESSAGES
from pulso.i18n.stored import as_message, stored, stored_text
from pulso.jobs.runner import RunSummary

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ("collectors", "jobs", "cli", "consultation", "db", "pulso", "sandbox", "web")
RAISED = {"CollectionError", "StopCollection", "Fatal", "Retry"}
# The helpers that pass a key on (``Fatal.error``, a collector's ``warn`` wrapper).
FORWARDERS = {"collectors/base.py", "collectors/x/collector.py"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _keys_of(first: ast.expr | None) -> set[str] | None:
    """The literal keys an argument can be, or None when it is not literal."""
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return {first.value}
    if isinstance(first, ast.IfExp):
        body, orelse = _keys_of(first.body), _keys_of(first.orelse)
        return None if body is None or orelse is None else body | orelse
    if isinstance(first, ast.JoinedStr):  # f"collect.warn.paging.{reason}"
        head = first.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            return {head.value + "*"}
    return None


def scan(path: Path, root: Path) -> tuple[list[str], set[str]]:
    """(calls that make a collection message without a catalogue key, keys used)."""
    where = path.relative_to(root).as_posix()
    found, keys = [], set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if name in RAISED and node.args:  # CollectionError("...") instead of .of(key)
            if where not in FORWARDERS or _keys_of(node.args[0]) is not None:
                found.append(f"{where}:{node.lineno}")
            continue
        keyed = (name == "of" and isinstance(receiver, ast.Name) and receiver.id in RAISED) or (
            name == "warn" and where.startswith("collectors/")
        )
        if not keyed:
            continue
        first = node.args[0] if node.args else None
        literal = _keys_of(first)
        if literal is not None:
            keys |= literal
        elif where not in FORWARDERS:
            found.append(f"{where}:{node.lineno} (key not a literal)")
    return found, keys


def _library():
    for folder in LIBRARY:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if ".venv" not in path.parts and "i18n" not in path.parts:
                yield path


def test_every_collection_warning_and_stop_has_a_catalogue_key():
    found, keys = [], set()
    for path in _library():
        more, used = scan(path, ROOT)
        found += [] if path == ROOT / "pulso" / "errors.py" else more
        keys |= used
    assert not found, "use .of(key, ...) / warn(key, ...) (pulso.i18n.collection):\n" + "\n".join(
        found
    )
    assert len(keys) >= 25
    for key in keys:
        if key.endswith("*"):
            assert any(k.startswith(key[:-1]) for k in MESSAGES), key
        else:
            assert has(key), key


def test_the_guard_sees_literals(tmp_path):
    folder = tmp_path / "collectors"
    folder.mkdir()
    sample = folder / "sample.py"
    sample.write_text(
        "raise StopCollection('budget reached')\n"
        "raise StopCollection.of('err.collect.x.no_credits')\n"
        "return Fatal(f'bad {x}')\n"
        "self.findings.warn(f'{n} posts skipped')\n"
        "self.findings.warn('collect.warn.x.old_replies', count=n)\n",
        encoding="utf-8",
    )
    found, keys = scan(sample, tmp_path)
    assert found == [
        "collectors/sample.py:1",
        "collectors/sample.py:3",
        "collectors/sample.py:4 (key not a literal)",
    ]
    assert keys == {"err.collect.x.no_credits", "collect.warn.x.old_replies"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_take_the_same_values(key):
    assert _fields(MESSAGES[key]["es"]) == _fields(MESSAGES[key]["en"])


def test_a_stored_warning_reads_in_each_language():
    findings = Findings("facebook")
    findings.warn("collect.warn.facebook.parents_from_permalink", count=3)
    findings.warn("collect.warn.facebook.parents_from_permalink", count=3)  # once only
    findings.missing("/{post-id}/comments", "c1", "id", required=True)
    findings.missing("/{post-id}/comments", "c2", "id", required=True)
    entries = findings.details()["warnings"]
    assert [e["key"] for e in entries] == [
        "collect.warn.facebook.parents_from_permalink",
        "collect.warn.skipped",
    ]
    assert findings.lines("en") == [
        "3 repl(ies) came without 'parent'; each was linked to the comment its permalink "
        "names (comment_id)",
        "facebook /{post-id}/comments: id missing (required): 2 item(s) skipped, e.g. c1",
    ]
    assert findings.lines("es")[1] == (
        "facebook /{post-id}/comments: falta «id» (obligatorio): 2 elemento(s) omitido(s), "
        "p. ej. c1"
    )


def test_old_and_unknown_entries_keep_their_text():
    assert stored_text("paging stopped after 2 page(s): test", "es") == (
        "paging stopped after 2 page(s): test"
    )
    newer = {"key": "collect.warn.from_a_newer_version", "values": {}, "text": "as written"}
    assert stored_text(newer, "es") == "as written"
    nested = stored(
        "err.collect.x.not_started",
        left=Message.of("err.collect.x.left_timeline", handle="gobsv"),
        accounts="@a, @b",
    )
    assert nested["text"] == (
        "the rest of @gobsv's timeline, its metrics and replies; accounts not started: @a, @b"
    )
    assert stored_text(nested, "es") == (
        "el resto de la cronología de @gobsv, sus métricas y respuestas; cuentas no "
        "iniciadas: @a, @b"
    )
    assert isinstance(as_message(nested), Message)


def test_a_fatal_verdict_and_exhausted_retries_are_keyed():
    def fails():
        raise OSError("down")

    with pytest.raises(CollectionError) as caught:
        call_with_retries(
            fails,
            classify=lambda exc: Fatal.of("err.collect.disqus.bad_key"),
            policy=RetryPolicy(max_retries=0, sleep=lambda s: None),
        )
    assert caught.value.localized("es").startswith("Disqus rechazó la clave de la API")
    assert str(caught.value).startswith("Disqus refused the API key")

    from pulso.collectors.base import Retry

    with pytest.raises(CollectionError) as caught:
        call_with_retries(
            fails,
            classify=lambda exc: Retry.of("collect.retry.network", problem="OSError"),
            policy=RetryPolicy(max_retries=1, sleep=lambda s: None),
            what="disqus threads/list",
        )
    assert caught.value.localized("es") == (
        "disqus threads/list falló tras 2 intentos: red: OSError"
    )
    assert str(caught.value) == "disqus threads/list failed after 2 attempts: network: OSError"


def test_a_run_summary_says_why_it_stopped_in_each_language():
    reason = StopCollection.of("err.collect.disqus.rate_limit", wait=120)
    summary = RunSummary(
        run_id=1,
        status="stopped",
        pages=0,
        written=WriteStats(),
        requests=1,
        retries=0,
        details={"reason": stored(reason.key, **reason.values), "warnings": ["old text"]},
        message=str(reason),
    )
    assert summary.message_in("es").startswith("se alcanzó el límite de peticiones de Disqus")
    assert summary.message_in("en") == str(reason)
    assert summary.warning_lines("es") == ["old text"]
