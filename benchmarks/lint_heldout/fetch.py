"""Download the held-out files of manifest.json at their pinned commits into files/ (run by hand;
the files themselves are not part of this repository)."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def local_name(entry) -> str:
    return entry["repo"].replace("/", "__") + "__" + entry["path"].replace("/", "__")


def main() -> None:
    manifest = json.loads((HERE / "manifest.json").read_text())
    (HERE / "files").mkdir(exist_ok=True)
    for entry in manifest["files"]:
        target = HERE / "files" / local_name(entry)
        if target.exists():
            continue
        url = f"https://raw.githubusercontent.com/{entry['repo']}/{entry['commit']}/{entry['path']}"
        with urllib.request.urlopen(url, timeout=30) as response:
            target.write_bytes(response.read())
        print("fetched", url)


if __name__ == "__main__":
    main()
