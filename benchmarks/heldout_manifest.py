"""What every held-out batch's manifest_src.py does with its records: find each bug's line from
its snippet, check the programs exist, and write manifest.json (one implementation for all
batches; each batch keeps only its records)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List

# provenance wordings shared by every batch
RECON = ("reconstructed: re-typed in our own words from the public case (same convention, "
         "structure and bug); the original code is not copied")
STYLE = ("written in the style of public solutions to this assignment (no code copied); "
         "the public source is cited for the convention")
WRITTEN = "written: a mistake learners make, written by us (no public program copied)"
CHECK_GRAD = ("backprop-doctor check harness.py:grad --cost harness.py:cost "
              "--params harness.py:{p} --args harness.py:ARGS")


def resolve_lines(here: Path, entry: dict) -> dict:
    """bug_line from bug_snippet: the 1-based lines of user.py holding each snippet (when a
    snippet is part of several lines, the line that is exactly the snippet)."""
    snippets = entry.get("bug_snippet")
    if not snippets:
        return entry
    path = here / entry["dir"] / entry.get("bug_file", "user.py")
    lines = path.read_text().splitlines()
    found = []
    for snippet in snippets:
        hits = [i + 1 for i, line in enumerate(lines) if snippet in line]
        if len(hits) > 1:
            hits = [i for i in hits if lines[i - 1].strip() == snippet.strip()]
        if len(hits) != 1:
            raise SystemExit(f"{entry['id']}: snippet {snippet!r} found {len(hits)} times")
        found.append(hits[0])
    entry["bug_line"] = found
    entry.setdefault("bug_file", "user.py")
    return entry


def build(here: Path, networks: List[dict], layers: List[dict]) -> dict:
    programs = []
    for set_name, entries in (("networks", networks), ("layers", layers)):
        for entry in entries:
            entry = dict(entry, set=set_name, dir=f"{set_name}/{entry['id']}")
            entry.setdefault("license", "our own code (MIT with the project); source cited "
                                        "for provenance only")
            if not (here / entry["dir"] / "user.py").exists():
                raise SystemExit(f"{entry['id']}: no user.py")
            programs.append(resolve_lines(here, entry))
    ids = [p["id"] for p in programs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return {"schema": 1, "note": "never tune rules on these programs; see README.md",
            "programs": programs}


def write(here: Path, networks: List[dict], layers: List[dict]) -> None:
    (here / "manifest.json").write_text(json.dumps(build(here, networks, layers), indent=1) + "\n")
    print("wrote", here / "manifest.json")
