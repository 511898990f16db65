#!/usr/bin/env python3
"""Cross-checks the workbook `xlsx export` writes with the programs member
units open it with.

    tools/crosscheck-xlsx.py BINARY

1. LibreOffice (soffice --headless) converts every sheet of the exported
   example to CSV, cells as shown: each table's sheet has the form's title
   and headers, then exactly the report's rows in order (names, dates as
   the form writes them, amounts with two decimals, 、-joined lists, √ in
   one 级别 column), then its 注.
2. openpyxl reads the drop-downs (data validations) and input messages
   from the file: every vocabulary of the catalogue that the sheet's
   columns hold is offered as a list.
3. The round trip: LibreOffice saves the untouched workbook as xls and
   ods, openpyxl saves it as xlsx, and importing each into the example
   changes nothing: the record of the export survives every save, and a
   year-month that xls and ods turn into a date is still the same value.

Needs soffice (Debian's libreoffice-calc-nogui), openpyxl and PyYAML.
Run by tools/crosscheck.sh.
"""

import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example-report"

# Sheet, YAML file, list key, (column in the CSV, field, how it shows).
TABLES = [
    ("五", "members.yaml", "members",
     [(1, "name", "text"), (2, "code", "text"), (3, "role", "text"), (4, "type", "text")]),
    ("表1", "tables/projects.yaml", "projects",
     [(1, "name", "text"), (3, "started", "date"), (4, "source", "text"), (5, "lead_unit", "text"),
      (6, "partners", "list"), (8, "total_investment", "amount"), (10, "status", "text")]),
    ("表2", "tables/transfers.yaml", "transfers",
     [(1, "name", "text"), (5, "output_value", "amount"), (9, "benefits", "text")]),
    ("表3", "tables/achievements.yaml", "achievements",
     [(1, "name", "text"), (4, "completed", "date"), (5, "people", "list"), (7, "stage", "text")]),
    ("表4", "tables/events.yaml", "events",
     [(1, "name", "text"), (3, "date", "date"), (7, "attendees", "count")]),
    ("表5", "tables/platforms.yaml", "platforms", [(1, "name", "text"), (2, "started", "date")]),
]
HEADERS = {
    "表1": ["序号", "项目名称及编号", "", "立项时间", "项目来源", "牵头单位", "主要合作单位",
            "合作单位数量（家）", "总投入（万元）", "财政经费（万元）", "项目实施情况"],
    "表5": ["序号", "名称", "启动建设时间（年月）", "建成时间（年月）", "级别", "", "", "建设单位"],
}
LISTS = {
    "表1": ["国家级项目,省级项目,市级项目,县级项目,联盟自行组织", "在研,完成"],
    "表2": ["自主研发,技术转让", "自主转化,技术转让"],
    "五": ["企业,大学,科研院所,学会协会,其它"],
    "表5": ["√"],
}


def shown(value, how):
    if value is None:
        return ""
    if how == "list":
        return "、".join(str(v).strip() for v in value)
    if how == "amount":
        return f"{float(value):.2f}"
    if how == "date":
        return str(value).strip()
    return str(value).strip()


def main():
    binary = sys.argv[1]
    failed = False
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        book = work / "example.xlsx"
        subprocess.run([binary, "xlsx", "export", str(EXAMPLE), "-o", str(book)], check=True,
                       capture_output=True)
        # Every sheet, UTF-8, cells as shown (the last token: all sheets).
        subprocess.run(["soffice", "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                        "--outdir", str(work), str(book)], check=True, capture_output=True, timeout=300)
        for sheet, file, key, columns in TABLES:
            rows = list(csv.reader((work / f"example-{sheet}.csv").open(encoding="utf-8")))
            expected = yaml.safe_load((EXAMPLE / file).read_text(encoding="utf-8"))[key]
            problems = []
            if sheet in HEADERS and rows[1][: len(HEADERS[sheet])] != HEADERS[sheet]:
                problems.append(f"headers {rows[1]}")
            first = next(i for i, r in enumerate(rows) if r and r[0] == "1")
            data = [r for r in rows[first:] if r and r[0].strip().isdigit()]
            if len(data) != len(expected):
                problems.append(f"{len(data)} rows, the YAML has {len(expected)}")
            for row, want in zip(data, expected):
                for column, field, how in columns:
                    value = want.get(field)
                    if how == "date" and value is not None:
                        value = str(value)
                    if row[column] != shown(value, how):
                        problems.append(f"row {row[0]} {field}: {row[column]!r} != {shown(value, how)!r}")
            if sheet == "表5":
                for row in data:
                    if [c for c in row[4:7] if c == "√"] != ["√"]:
                        problems.append(f"row {row[0]}: 级别 {row[4:7]}")
            notes = [r[0] for r in rows if r and r[0].startswith("注：")]
            if sheet not in ("五", "表4") and not notes:
                problems.append("no 注 under the table")
            if problems:
                failed = True
                print(f"xlsx: LibreOffice {sheet}: " + "; ".join(problems[:5]))
            else:
                print(f"xlsx: LibreOffice {sheet}: {len(data)} rows, headers and cells as exported")

        workbook = openpyxl.load_workbook(book)
        for sheet, lists in LISTS.items():
            validations = workbook[sheet].data_validations.dataValidation
            offered = [v.formula1.strip('"') for v in validations if v.type == "list"]
            prompts = [v.promptTitle for v in validations if v.showInputMessage]
            missing = [l for l in lists if l not in offered]
            if missing or not prompts:
                failed = True
                print(f"xlsx: openpyxl {sheet}: missing drop-downs {missing}, prompts {prompts}")
            else:
                print(f"xlsx: openpyxl {sheet}: {len(offered)} drop-downs, {len(prompts)} input messages")
        failed |= round_trip(binary, work, book)
    sys.exit(1 if failed else 0)


def round_trip(binary, work, book):
    saved = work / "saved"
    saved.mkdir()
    for to in ["xls", "ods"]:
        subprocess.run(["soffice", "--headless", "--convert-to", to, "--outdir", str(saved), str(book)],
                       check=True, capture_output=True)
    openpyxl.load_workbook(book).save(saved / "openpyxl.xlsx")
    failed = False
    for file in sorted(saved.iterdir()):
        report = work / f"report-{file.name}"
        shutil.copytree(EXAMPLE, report)
        done = subprocess.run([binary, "xlsx", "import", str(file), str(report)], capture_output=True,
                              text=True)
        said = done.stderr
        if done.returncode != 0 or "没有需要修改的" not in said or "没有导出时的记录" in said:
            failed = True
            print(f"xlsx: round trip {file.name}: exit {done.returncode}\n{said}")
        else:
            print(f"xlsx: round trip {file.name}: untouched, imports without a change")
    return failed


if __name__ == "__main__":
    main()
