"""GRI reference data: disclosure codes, titles and standard names.

The GRI Standards 2016 and 2021 ship with the package (csrpress/data/gri/);
a report chooses one in report.yaml (``gri: {standard: 2021}``) and may add
or override titles in its own file (``gri: {file: …}``, same shape). Codes
are checked against the chosen data, so a 2021 code in a 2016 report, or a
typo, is a located error instead of an index row without a title.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Collector, Mark
from . import schema as S
from .keys import check_keys
from .paths import escape_reason
from .yamlmarks import load_yaml, mark_of

STANDARDS = ("2016", "2021")
DEFAULT = "2016"
# Any code shape of either standard; which shapes are valid is decided by the
# reference data of the chosen standard.
CODE = re.compile(r"^(\d{1,3}-\d{1,2}|\d{2}\.\d{1,2}\.\d{1,2})$")
_SHAPES = {"2016": re.compile(r"^\d{3}-\d{1,2}$"),
           "2021": re.compile(r"^(\d-\d{1,2}|\d{3}-\d{1,2}|\d{2}\.\d{1,2}\.\d{1,2})$")}
_EXAMPLES = {"2016": "\"102-14\"", "2021": "\"2-22\", \"3-3\", \"305-1\" or \"13.1.2\""}


_PARTS = re.compile(r"[-.]")


def prefix(code: str) -> str:
    """The standard a code belongs to: 102-14 → 102, 2-22 → 2, 13.1.2 → 13."""
    return _PARTS.split(code, maxsplit=1)[0]


def sort_key(code: str) -> tuple[int, ...]:
    """Index order: GRI 2, 3, sector 13, then topic standards 201 …, numerically."""
    return tuple(int(x) for x in re.split(r"[-.]", code) if x.isdigit())


@dataclass
class GriData:
    """Titles and standard names for one report, in the report's language."""

    standard: str
    disclosures: dict[str, dict[str, str]] = field(default_factory=dict)  # code → title, standard
    standards: dict[str, str] = field(default_factory=dict)               # prefix → name
    file: Path | None = None                                              # the project's own file
    # the standard report.yaml named is unknown (an error there): the codes are
    # not checked against the default put in its place (2030 gave that error
    # and one "is a GRI 2021 code; this report uses GRI 2016" per code)
    guessed: bool = False


def shipped(standard: str) -> dict[str, Any]:
    """The reference data shipped for a standard year (parsed YAML; kept in
    the session's ParsedFiles by the file's bytes, like the project's files)."""
    from ..session import current
    from .parsed import MISSING

    name = f"data/gri/gri-{standard}.yaml"
    # (read from the package folder, as the output profile is: importlib's
    # resources.files() imported its zip readers, ~9 ms of every new process)
    data = (Path(__file__).resolve().parent.parent / name).read_bytes()
    store = current().parsed_files
    found = store.get("csrpress:" + name, data) if store is not None else MISSING
    if found is not MISSING:
        return found
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    # libyaml's parser (same safe constructors, same values) when installed:
    # the pure-Python one took a tenth of a build to read this table
    value = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if store is not None:
        store.put("csrpress:" + name, data, value)
    return value


HANT = "zh-Hant"      # the key of a title in Traditional Chinese


def title_language(tag: str) -> str:
    """Which title a report prints, by its language tag: "zh" (Simplified,
    the shipped Chinese titles), HANT for Traditional Chinese (zh-Hant, or a
    region that writes it: zh-TW, zh-HK, zh-MO) or "en"."""
    parts = [p.lower() for p in str(tag).replace("_", "-").split("-")]
    if parts[0] != "zh":
        return "en"
    if "hant" in parts or ("hans" not in parts and {"tw", "hk", "mo"} & set(parts[1:])):
        return HANT
    return "zh"


def _pick(value: Any, lang: str) -> str:
    """A title given as text, or as {en, zh, zh-Hant} chosen by the report's
    language (title_language). A report in Traditional Chinese prints its
    zh-Hant title, else the English one: the shipped Chinese titles are
    Simplified, which a Traditional report would print in the wrong script."""
    if isinstance(value, dict):
        own = value.get(lang) if lang != "en" else None
        return str(own if own else value.get("en", ""))
    return str(value)


def load_gri(content_dir: Path, meta: dict, errors: Collector) -> GriData:
    """The GRI data a report's codes are checked against and indexed with."""
    conf = meta.get("gri")
    index = content_dir / "report.yaml"
    file_name = meta.get("gri_disclosures")          # the older spelling of gri.file
    file_key: tuple[Any, str] = (meta, "gri_disclosures")
    standard, guessed = DEFAULT, False
    if conf is not None:
        if not isinstance(conf, dict):
            errors.error(_key_mark(meta, "gri", index), "'gri' must be a mapping",
                         "write 'gri: {standard: 2021}' (and optionally 'file: …')")
            conf = {}
        check_keys(conf, S.GRI_KEYS, "gri", errors, mark_of(conf, index))
        standard = str(conf.get("standard", DEFAULT))
        if standard not in STANDARDS:
            errors.error(_key_mark(conf, "standard", index),
                         f"unknown GRI standard '{standard}'",
                         "use one of: " + ", ".join(STANDARDS))
            standard, guessed = DEFAULT, True
        if "file" in conf:
            file_name, file_key = conf["file"], (conf, "file")
    zh = title_language(str(meta.get("language", "")))
    ref = shipped(standard)
    data = GriData(standard, guessed=guessed)
    data.standards = {str(k): _pick(v, zh) for k, v in ref["standards"].items()}
    for code, v in ref["disclosures"].items():
        p = prefix(str(code))
        data.disclosures[str(code)] = {"title": _pick(v, zh),
                                       "standard": data.standards.get(p, p)}
    if file_name:
        why = escape_reason(content_dir, str(file_name))
        if why:
            errors.error(_key_mark(file_key[0], file_key[1], index),
                         f"the GRI file '{file_name}' is outside content/ ({why})",
                         "put the GRI file in content/ and give its name")
        else:
            data.file = content_dir / str(file_name)
            _merge_project_file(data.file, data, zh, errors)
    return data


def _key_mark(node: Any, key: str, fallback: Path) -> Mark | Path:
    try:
        return node.mark_of(key)
    except (AttributeError, KeyError):
        return mark_of(node, fallback)


def _merge_project_file(path: Path, data: GriData, zh: str, errors: Collector) -> None:
    """A project's own titles: add codes or override the shipped ones."""
    own = load_yaml(path, errors) if path.is_file() else None
    if not isinstance(own, dict) or not isinstance(own.get("disclosures"), dict):
        errors.error(path, "GRI disclosure titles not found",
                     "the file needs a 'disclosures:' mapping of code → {title, standard}")
        return
    check_keys(own, S.GRI_FILE_KEYS, "the GRI file", errors)
    for code, info in own["disclosures"].items():
        if not isinstance(info, (dict, str)):
            errors.error(own["disclosures"].mark_of(code), f"disclosure {code} must be a mapping",
                         "write {title: …, standard: …}")
            return
        if isinstance(info, dict):
            check_keys(info, S.DISCLOSURE_KEYS, f"disclosure {code}", errors)
    # (each code's standard found once: once per code and renamed standard, it
    # was ~2,000 look-ups of every build, ~6 ms of a watch edit)
    prefixes = {code: prefix(code) for code in data.disclosures}
    for k, v in (own.get("standards") or {}).items():
        was, name = data.standards.get(str(k)), _pick(v, zh)
        data.standards[str(k)] = name
        for code, entry in data.disclosures.items():      # (the shipped codes of it too)
            if prefixes[code] == str(k) and entry.get("standard") == was:
                entry["standard"] = name
    for code, v in own["disclosures"].items():
        code = str(code)
        entry = dict(data.disclosures.get(code, {}))
        if isinstance(v, dict):
            if "title" in v:
                entry["title"] = str(v["title"])
            elif "en" in v or "zh" in v or HANT in v:
                entry["title"] = _pick(v, zh)
            if "standard" in v:
                entry["standard"] = str(v["standard"])
        else:
            entry["title"] = str(v)
        entry.setdefault("standard", data.standards.get(prefix(code), prefix(code)))
        entry.setdefault("title", "")
        data.disclosures[code] = entry


def check_code(code: str, data: GriData, where: Mark | Path, errors: Collector) -> None:
    """A code must be in the chosen reference data; say why not and how to fix."""
    if code in data.disclosures or data.guessed:
        return
    other = next((s for s in STANDARDS if s != data.standard and _SHAPES[s].match(code)
                  and not _SHAPES[data.standard].match(code)), None)
    if other:
        errors.error(where, f"GRI code {code} is a GRI {other} code; this report uses "
                     f"GRI {data.standard}",
                     f"set 'gri: {{standard: {other}}}' in content/report.yaml, or use a "
                     f"{data.standard} code like {_EXAMPLES[data.standard]}")
        return
    found = _in_other_standard(code, data.standard)
    if found:
        other, title = found
        errors.error(where, f"GRI code {code} ({title}) is a GRI {other} disclosure, not in "
                     f"GRI {data.standard}, which this report uses",
                     _UPGRADE.get((other, prefix(code)), "") +
                     f"use its GRI {data.standard} code, or set 'gri: {{standard: {other}}}' "
                     "in content/report.yaml")
        return
    guess = difflib.get_close_matches(code, list(data.disclosures), n=1, cutoff=0.6)
    errors.error(where, f"GRI code {code} is not in the GRI {data.standard} reference data",
                 f"did you mean {guess[0]}?" if guess else
                 "add it with its title to the report's GRI file ('gri: {file: …}' "
                 "in content/report.yaml)")


# What replaced a 2016 standard in GRI 2021 (said where a 2016 code is used
# in a 2021 report: a report moving to 2021 meets it at every 102/103 code)
_UPGRADE = {("2016", "102"): "GRI 102 General Disclosures became GRI 2 (2-1 … 2-30): ",
            ("2016", "103"): "GRI 103 Management Approach became GRI 3 (3-1 … 3-3): "}


def _in_other_standard(code: str, standard: str) -> tuple[str, str] | None:
    """(year, English title) of the other shipped standard that has the code
    (a 2016 code in a 2021 report, where 102-1 was 'did you mean 410-1?')."""
    for other in STANDARDS:
        if other == standard:
            continue
        info = (shipped(other).get("disclosures") or {}).get(code)
        if info is not None:
            return other, _pick(info, False)
    return None
