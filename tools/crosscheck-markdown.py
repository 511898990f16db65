#!/usr/bin/env python3
"""Cross-checks that user values show as written in the Markdown we write
for GitHub: the step summary of `check --format github` and `diff`.

    tools/crosscheck-markdown.py BINARY

A copy of the example gets a project named with Markdown, HTML, a link, a
pipe, math and a line break in it; GitHub's own renderer (cmark-gfm,
through PyPI's cmarkgfm, with GitHub's extensions) turns the summary and
the diff into HTML, in which the name must appear as plain text: no
<strong>, <em>, <code>, <a>, <b>, <del> made of it, the table not broken.
Run by tools/crosscheck.sh.
"""

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "**粗** `码` <b>标签</b> [链接](http://x.cn) a|b ~~删~~ $x$ _斜_ https://y.cn"


def render(markdown):
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def literal(page, what):
    """Whether `page` (HTML) shows HOSTILE as written, and nothing of it as markup."""
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    shown = HOSTILE in text
    markup = re.search(r"<(strong|em|code|a|b|del)[ >]", page.split("粗", 1)[-1].split("y.cn", 1)[0])
    if not shown or markup:
        print(f"markdown: {what}: not shown as written (shown={shown}, markup={markup})")
        print(page[:2000])
        return False
    print(f"markdown: {what}: the hostile name shows as written")
    return True


def main():
    binary = sys.argv[1]
    ok = True
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        old, new = work / "old", work / "new"
        shutil.copytree(ROOT / "example-report", old)
        shutil.copytree(ROOT / "example-report", new)
        projects = new / "tables/projects.yaml"
        text = projects.read_text(encoding="utf-8")
        name = "煤矸石制备高性能陶粒及绿色建材关键技术"
        quoted = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"') + '"'
        text = text.replace(f"- name: {name}", f"- name: {quoted}", 1)
        projects.write_text(text, encoding="utf-8")
        # A problem whose message quotes the value: a word outside 项目实施情况's.
        broken = work / "broken"
        shutil.copytree(new, broken)
        at = text.index(quoted)
        status = text.index("status:", at)
        end = text.index("\n", status)
        (broken / "tables/projects.yaml").write_text(
            text[:status] + f"status: {quoted}" + text[end:], encoding="utf-8")
        summary = work / "summary.md"
        env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary))
        subprocess.run([binary, "check", str(broken), "--format", "github"], env=env, capture_output=True)
        diff = subprocess.run([binary, "diff", str(old), str(new)], capture_output=True, text=True).stdout
        ok &= literal(render(diff), "diff")
        ok &= literal(render(summary.read_text(encoding="utf-8")), "step summary")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
