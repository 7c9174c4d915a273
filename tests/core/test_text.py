"""core.text: the one text-folding and date-reading place of core, and the guard that keeps it one."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from pathlib import Path

import pytest

from cirkular_desktop.core import text
from cirkular_desktop.core.text import fold, fold_case, iso_date, nfc, plain, to_date

CORE = Path(text.__file__).parent


# --- fold ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("given, folded", [
    ("Säffle", "säffle"),
    ("SÄFFLE", "säffle"),
    ("Indre ØSTFOLD", "indre østfold"),
    ("ÆRØ", "ærø"),
    ("Åmål", "åmål"),
    ("Straße", "strasse"),                              # casefold, not lower
    ("  Aurskog-Høland \t", "aurskog-høland"),
    ("Aurskog–Høland", "aurskog-høland"),                # en dash typed for the hyphen
    ("Aurskog\u2011Høland", "aurskog-høland"),          # non-breaking hyphen
    ("17 \u2212 02", "17 - 02"),                        # minus sign
    ("trä\u00a0\u00a0och\nmetall", "trä och metall"),    # no-break spaces and a line break
    ("", ""),
    ("   ", ""),
])
def test_fold_pins_case_dashes_and_space(given, folded):
    assert fold(given) == folded


def test_fold_keeps_the_nordic_letters_apart_from_their_bases():
    # å ä ö æ ø are letters of their own: "får" (sheep) is not "far" (father), "bær" is not "bar".
    assert len({fold(w) for w in ("får", "far", "fär", "för", "for", "før", "bær", "bar")}) == 8


def test_fold_treats_decomposed_letters_as_the_composed_ones():
    decomposed = unicodedata.normalize("NFD", "Årjäng Sør-Odal")
    assert decomposed != "Årjäng Sør-Odal"
    assert fold(decomposed) == fold("Årjäng Sør-Odal") == "årjäng sør-odal"


def test_fold_keeps_accents_but_plain_removes_them():
    assert fold("Kárášjohka") == "kárášjohka"
    assert plain("Kárášjohka") == "Karasjohka"
    assert plain("Säffle å") == "Saffle a"
    assert plain("Østfold") == "Østfold"        # ø is a letter, not o with a mark


def test_fold_is_idempotent_and_ascii_takes_the_same_road():
    for word in ("Wood Pallets", "TRÄ  spill", "Høland–Øst", "ﬁne\u00a0text"):
        assert fold(fold(word)) == fold(word)
    assert fold("Wood  PALLETS\t") == "wood pallets"
    assert fold("Wood  PÄLLETS\t") == "wood pällets"


def test_fold_case_is_the_letters_part_of_fold():
    given = unicodedata.normalize("NFD", "  SÅGSPÅN–Flis\t och  BARK ")
    assert fold_case(given) == "  sågspån–flis\t och  bark "
    assert fold(fold_case(given)) == fold(given)
    words = re.compile(r"[^\W\d_]{4,}")
    assert words.findall(fold_case(given)) == words.findall(fold(given)) == ["sågspån", "flis", "bark"]


def test_nfc():
    assert nfc("a\u030a") == "å"
    assert nfc("plain") == "plain"


# --- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("given, day", [
    ("2025-03-04", _dt.date(2025, 3, 4)),
    ("  2025-03-04\n", _dt.date(2025, 3, 4)),
    (_dt.date(2025, 3, 4), _dt.date(2025, 3, 4)),
    (_dt.datetime(2025, 3, 4, 23, 59), _dt.date(2025, 3, 4)),
    ("2025-02-30", None),              # no such day
    ("20250304", None),                # other ISO forms are not what the app writes
    ("2025-W10-1", None),
    ("2025-03-04T10:00:00", None),
    ("4.3.2025", None),
    ("", None),
    (None, None),
    (20250304, None),
])
def test_to_date(given, day):
    assert to_date(given) == day
    assert iso_date(given) == (day.isoformat() if day else None)


def test_core_modules_read_dates_through_the_helper():
    from cirkular_desktop.core import border, match_text

    assert match_text.date("2025-02-30") == "2025-02-30"    # shown as written, not a crash
    assert border.context("2025-03-04").on == _dt.date(2025, 3, 4)
    with pytest.raises(ValueError):
        border.context("yesterday")


# --- one place ----------------------------------------------------------------------------------

# What folds or normalises text, or reads a date, by hand. core/text.py is the one module that may.
_OWN_FOLDING = re.compile(r"unicodedata\.(normalize|is_normalized)\b|\.casefold\(|\bdate\.fromisoformat\(")


def own_folding(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "text.py" and path.parent == root:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _OWN_FOLDING.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_module_of_core_folds_text_or_reads_dates_itself():
    assert own_folding(CORE) == [], "use core.text (fold, nfc, plain, to_date) instead"


@pytest.mark.parametrize("planted", [
    "def _fold(t):\n    return t.casefold()\n",
    "import unicodedata\nX = unicodedata.normalize('NFC', 'a')\n",
    "import datetime\nD = datetime.date.fromisoformat('2025-01-01')\n",
])
def test_the_guard_sees_a_planted_folding(tmp_path, planted):
    (tmp_path / "text.py").write_text("import unicodedata\nunicodedata.normalize('NFC', '')\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "text.py").write_text(planted)       # only core/text.py itself is exempt
    (tmp_path / "other.py").write_text(planted)
    assert [line.split(":")[0] for line in own_folding(tmp_path)] == ["other.py", "sub/text.py"]


def test_the_code_lists_compare_through_fold():
    from cirkular_desktop.core import materials, municipalities, wastecodes

    typed = municipalities.find("NO", "AURSKOG–HØLAND")          # en dash, capitals
    assert typed is not None and typed.name == "Aurskog-Høland"
    decomposed = unicodedata.normalize("NFD", "trä")
    assert materials.search(decomposed, "sv") == materials.search("TRÄ", "sv") != []
    assert wastecodes.search(decomposed, "sv") == wastecodes.search("trä", "sv") != []
