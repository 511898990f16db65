#!/usr/bin/env python3
"""Cross-checks what a user of VS Code's YAML extension sees: our JSON
Schemas as yaml-language-server (the extension's server) reads them.

    tools/crosscheck-editor.py BINARY YAML_LANGUAGE_SERVER

Over LSP, with the server's own messages left in English:
- the example's YAML files have no mark, and neither has a file `init`
  writes and the example fills (members.yaml, evidence/evidence.yaml);
- everyday mistakes, each an edit of the example, are marked on their line
  with a Chinese message (but for those no schema can see: an impossible
  date, a wrong check character, which only `check` finds);
- every message on an `init` folder is Chinese;
- hover on `name` and on `lead_unit` of 表1 shows each column's own label
  and table, once;
- keys are offered in the form's order, each once.
Run by tools/crosscheck.sh.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in tools/
sys.path.insert(0, str(Path(__file__).resolve().parent))
from yls import Server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHINESE = re.compile("[\u4e00-\u9fff]")

# (what, file, text replaced, replacement, line marked: the replacement's
# own, or None when no schema can see the mistake).
MISTAKES = [
    ("an impossible date", "tables/projects.yaml", "started: 2021-12", "started: 2021-02-30", None),
    ("month 13", "tables/projects.yaml", "started: 2021-12", "started: 2021-13", "own"),
    ("day 32", "report.yaml", "recognized_on: 2019-11-20", "recognized_on: 2019-11-32", "own"),
    ("three decimals", "tables/projects.yaml", "total_investment: 2860", "total_investment: 2860.125", "own"),
    ("a wrong key", "tables/projects.yaml", "status: 在研", "statuss: 在研", "own"),
    ("a wrong word", "tables/projects.yaml", "status: 在研", "status: 进行中", "own"),
    ("a number as words", "report.yaml", "secretariat_staff: 6", "secretariat_staff: 六", "own"),
    ("a negative count", "report.yaml", "secretariat_staff: 6", "secretariat_staff: -3", "own"),
    ("a text as a number", "report.yaml", "office_area: 180", "office_area: 一百八十", "own"),
    ("a postcode losing its zero", "report.yaml", 'postcode: "030025"', "postcode: 030025", "own"),
    ("an e-mail address without a domain", "report.yaml", "email: secretariat@sxmjxcl.example.cn",
     "email: secretariat@", "own"),
    ("a level not of the form", "report.yaml", "level: 省级", "level: 市级", "own"),
    ("a required text as 无", "report.yaml", "contact: 刘晓燕", "contact: 无", "own"),
    ("a group written as one number", "report.yaml", "members_at_recognition:", "members_at_recognition: 18\n  x_old:", "own"),
    ("a missing required field", "tables/projects.yaml",
     "  - name: 煤基高性能碳纤维原丝制备关键技术及示范      # 项目名称\n    number:", "  - number:", "own"),
]


def yaml_files(folder):
    return sorted(p for p in folder.rglob("*.yaml") if "schemas" not in p.parts)


def line_of(text, needle):
    return text[: text.index(needle)].count("\n")


def english(diagnostics):
    return [d["message"] for d in diagnostics if not CHINESE.search(d["message"])]


def main():
    binary, server = sys.argv[1], sys.argv[2]
    ok = True

    def fail(message):
        nonlocal ok
        ok = False
        print(f"editor: {message}")

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        example = work / "example"
        shutil.copytree(ROOT / "example-report", example)
        fresh = work / "fresh"
        subprocess.run([binary, "init", str(fresh)], check=True, capture_output=True)
        with Server(["node", server, "--stdio"], work) as s:
            # The example: no marks.
            for path in yaml_files(example):
                marks = s.diagnostics(path, path.read_text(encoding="utf-8"))
                if marks:
                    fail(f"{path.relative_to(work)}: {[(d['range']['start']['line'] + 1, d['message']) for d in marks]}")
            print(f"editor: the example: no marks in {len(yaml_files(example))} files")

            # Everyday mistakes: marked on their line, in Chinese.
            marked = 0
            for what, file, old, new, expect in MISTAKES:
                path = example / file
                original = path.read_text(encoding="utf-8")
                assert old in original, f"{file}: “{old}” not found; the example changed"
                text = original.replace(old, new, 1)
                marks = s.diagnostics(path, text)
                line = line_of(text, new)
                lines = sorted({d["range"]["start"]["line"] for d in marks})
                if english(marks):
                    fail(f"{what}: English: {english(marks)}")
                if expect is None:
                    if marks:
                        fail(f"{what}: a schema cannot see it, yet: {[d['message'] for d in marks]}")
                    else:
                        print(f"editor: {what}: not marked (only check sees it)")
                elif line not in lines:
                    fail(f"{what}: not marked on line {line + 1}: {[(d['range']['start']['line'] + 1, d['message']) for d in marks]}")
                else:
                    marked += 1
                    print(f"editor: {what}: line {line + 1}: {[d['message'] for d in marks if d['range']['start']['line'] == line][0]}")
                s.diagnostics(path, original)
            print(f"editor: {marked} of {sum(1 for m in MISTAKES if m[4])} mistakes marked in Chinese")

            # A fresh `init` folder: whatever is marked is marked in Chinese.
            messages = 0
            for path in yaml_files(fresh):
                marks = s.diagnostics(path, path.read_text(encoding="utf-8"))
                messages += len(marks)
                if english(marks):
                    fail(f"init {path.relative_to(fresh)}: English: {english(marks)}")
            print(f"editor: init: {messages} marks, all Chinese" if ok else "editor: init: see above")

            # Hover: each column its own help, shown once.
            projects = example / "tables/projects.yaml"
            text = projects.read_text(encoding="utf-8")
            uri = s.open(projects, text)
            lines = text.split("\n")
            hovers = {}
            for key in ["name", "lead_unit", "total_investment"]:
                n = next(i for i, l in enumerate(lines) if re.match(rf"\s*(- )?{key}:", l))
                hovers[key] = s.hover(uri, n, lines[n].index(key) + 1)
            for key, label in [("name", "项目名称"), ("lead_unit", "牵头单位"), ("total_investment", "总投入")]:
                if label not in hovers[key] or "表1" not in hovers[key] or "||" in hovers[key]:
                    fail(f"hover on {key}: {hovers[key]!r}")
            if hovers["name"] == hovers["lead_unit"]:
                fail("hover: name and lead_unit show the same help")
            print(f"editor: hover on lead_unit: {' '.join(hovers['lead_unit'].split(chr(10))[:3])!r}")

            # Completion: a new key of a project, in the form's order.
            edited = text.rstrip("\n") + "\n\n  - \n"
            n = edited.count("\n") - 1
            uri = s.open(projects, edited)
            items = s.completion(uri, n, 4)
            # Each offered as `key（label）`.
            shown = [i["label"].split("（")[0] for i in sorted(items, key=lambda i: i.get("sortText") or i["label"])]
            expected = ["name", "number", "started", "source", "lead_unit", "partners", "partner_count",
                        "total_investment", "public_funds", "status"]
            keys = [k for k in shown if k in expected]
            if keys != expected or len(set(shown)) != len(shown) or not all(CHINESE.search(i["label"]) for i in items):
                fail(f"completion: {[i['label'] for i in items]}")
            else:
                print(f"editor: completion: {', '.join(shown)}")

            # Every key a snippet offers, at the top of each file and in a
            # new row of each table, inserted and left empty: what the
            # server then marks is Chinese.
            snippets = 0
            for path in yaml_files(fresh):
                first = path.read_text(encoding="utf-8").split("\n")[0]
                for text, line, column in [(first + "\n", 1, 0)]:
                    uri = s.open(path, text)
                    for item in s.completion(uri, line, column):
                        inserted = text + re.sub(r"\$\{?\d+\}?", "", item.get("insertText") or item["label"]) + "\n"
                        snippets += 1
                        marks = s.diagnostics(path, inserted)
                        if english(marks):
                            fail(f"snippet {item['label']} in {path.name}: English: {english(marks)}")
                        # A table's key: a new row, and each key of it.
                        if inserted.rstrip().endswith("-"):
                            row_line = inserted.rstrip("\n").count("\n")
                            row = inserted.rstrip("\n").split("\n")[-1]
                            for key in s.completion(s.open(path, inserted.rstrip("\n") + " \n"), row_line, len(row) + 1):
                                body = re.sub(r"\$\{?\d+\}?", "", key.get("insertText") or key["label"])
                                # As an editor inserts a snippet: its later
                                # lines indented as the line it starts on.
                                lead = row[: len(row) - len(row.lstrip())]
                                body = body.replace("\n", "\n" + lead)
                                marks = s.diagnostics(path, inserted.rstrip("\n") + " " + body + "\n")
                                snippets += 1
                                if english(marks):
                                    fail(f"snippet {key['label']} in a row of {path.name}: English: {english(marks)}")
            print(f"editor: {snippets} snippets inserted, their marks all Chinese")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
