"""The one message catalogue (``pulso.i18n``): every key in both languages and defined once,
every key the web templates and the workflow errors use exists, and user errors read in
English on the command line and in the page's language on the web."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pulso.cli  # noqa: F401  (registers the commands' wording)
import pulso.reports.text  # noqa: F401
import pulso.web.app  # noqa: F401
from pulso import i18n
from pulso.db.models import (
    Channel,
    Platform,
    PostKind,
    ProposalStatus,
    ReviewStatus,
    Role,
    RunStatus,
)
from pulso.errors import NotFound, WorkflowError
from pulso.i18n import Label, register, t

ROOT = Path(__file__).resolve().parents[1]


def test_every_message_has_both_languages():
    for key, texts in i18n._MESSAGES.items():
        assert texts.get("es") and texts.get("en"), key


def test_a_key_is_defined_once():
    register({"test.once": {"es": "una vez", "en": "once"}})
    register({"test.once": {"es": "una vez", "en": "once"}})  # the same again: fine
    with pytest.raises(ValueError, match="already defined with other texts"):
        register({"test.once": {"es": "una vez", "en": "one time"}})
    with pytest.raises(ValueError, match="no en text"):
        register({"test.spanish_only": {"es": "solo español"}})
    assert t("test.once", "en") == "once"


def test_the_web_uses_the_catalogue_only():
    assert not (ROOT / "web" / "messages.py").exists()
    assert not (ROOT / "web" / "messages_actions.py").exists()
    used = set()
    for template in (ROOT / "web" / "templates").glob("*.html"):
        # Literal keys only: ``_('done_' ~ flash.done)`` builds one from a prefix.
        text = template.read_text("utf-8")
        used |= set(re.findall(r"""_\(\s*['"]([a-z0-9_.]+)['"]\s*[,)]""", text))
    missing = sorted(k for k in used if k not in i18n._MESSAGES)
    assert used and missing == []
    # Keys the templates build from a value: one for every value.
    for prefix, enum in [("proposal_", ProposalStatus), ("review_", ReviewStatus),
                         ("channel_", Channel), ("platform_", Platform), ("kind_", PostKind),
                         ("run_", RunStatus), ("role_", Role)]:  # fmt: skip
        assert [v for v in enum if prefix + v.value not in i18n._MESSAGES] == [], prefix
    # Two tables, two words: a post's kind is a "Type", a report's a "Kind".
    assert t("col_kind", "en") == "Type" and t("col_report_kind", "en") == "Kind"


def test_every_translated_error_and_label_is_in_the_catalogue():
    keys = set()
    folders = ("db", "consultation", "web", "jobs", "cli", "pulso")
    for path in [p for folder in folders for p in ROOT.glob(f"{folder}/**/*.py")]:
        text = path.read_text("utf-8")
        # JobResult.of(status, key, ...): its first argument is a run status, not a key.
        text = re.sub(r"""JobResult\.of\(\s*['"][a-z]+['"],""", "JobResult.of(", text)
        keys |= set(re.findall(r"""\.of\(\s*['"]([a-z0-9_.]+)['"]""", text))
    assert len(keys) > 20
    assert sorted(k for k in keys if k not in i18n._MESSAGES) == []
    for status in ProposalStatus:
        assert f"proposal_{status.value}" in i18n._MESSAGES
    for status in ReviewStatus:
        assert f"review_{status.value}" in i18n._MESSAGES


def test_a_workflow_error_reads_in_english_on_the_command_line_and_any_language_on_a_page():
    error = WorkflowError.of(
        "err.commitment_incomplete", id=7, fields=[Label("field.indicator"), Label("field.target")]
    )
    assert str(error) == "proposal 7: the SMART commitment needs indicator, target"
    assert error.localized("en") == str(error)
    assert error.localized("es") == "propuesta 7: al compromiso SMART le falta indicador, meta"
    merged = WorkflowError.of("err.merge_into_uncounted", id=3, status=Label("proposal_merged"))
    assert str(merged) == "proposal 3 is merged; merge into a counted proposal"
    assert "«fusionada»" in merged.localized("es")
    missing = NotFound.of("err.no_proposal", id=12)
    assert str(missing) == "no proposal 12"
    assert missing.localized("es") == "no existe la propuesta 12"
    # An error made without a key has only its own text, in every language.
    assert WorkflowError("plain").localized("es") == "plain"
