#!/usr/bin/env python3
"""Replays the report workflow that `init` writes, step by step, the way a
GitHub runner would, against a local bare remote.

    tools/replay-workflow.py BINARY

BINARY is a built alliance-report. The replay

1. packs BINARY with tools/package.sh into a local "release" folder laid
   out as GitHub's release pages are, and points the workflow's mirror
   variable (ALLIANCE_REPORT_DOWNLOADS) at it as a file:// URL;
2. makes a bare remote, and in a clone of it runs `init report` (so the
   workflow lands at the root, for the subfolder `report/`), fills the
   report with the example and pushes `main`;
3. opens a pull request whose change breaks the report: a branch, merged
   into main the way GitHub makes refs/pull/N/merge;
4. runs every step of the workflow: `run:` steps by bash with the env
   GitHub gives them (GITHUB_STEP_SUMMARY, GITHUB_PATH, RUNNER_TEMP, ...);
   `uses:` steps by a stand-in (checkout is step 3, the cache a folder, the
   artifact upload a check of its path); `gh` is a stand-in on PATH that
   records the calls; `if:` conditions are evaluated;
5. checks what a reviewer would see: annotations with repository paths and
   titles, errors first; the draft PDF; the diff in the step summary and in
   one pull-request comment, updated (not duplicated) when the pull request
   is fixed; the second run's cache hit; and the job's result, which is the
   check's.

Needs git, curl, tar, sha256sum and PyYAML. Run by tools/crosscheck.sh.
"""

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.search(r'^version = "(.*)"$', (ROOT / "Cargo.toml").read_text(), re.M).group(1)
TARGET = {"x86_64": "x86_64-unknown-linux-gnu", "aarch64": "aarch64-unknown-linux-gnu"}[platform.machine()]
ARCH = {"x86_64": "X64", "aarch64": "ARM64"}[platform.machine()]

FAKE_GH = r"""#!/usr/bin/env bash
# Stand-in for the GitHub CLI: records each call; one comment "exists"
# once it has been posted.
set -euo pipefail
state="$FAKE_GH_STATE"
printf '%s\n' "$*" >> "$state/calls"
body=""
for arg in "$@"; do
  case $arg in body=@*) body=${arg#body=@} ;; esac
done
case "$*" in
  *"--method POST"*) cp "$body" "$state/comment"; echo 4242 ;;
  *"--method PATCH"*) cp "$body" "$state/comment"; echo 4242 ;;
  *"--paginate"*) if [ -f "$state/comment" ]; then echo 4242; echo 4243; fi ;;
  *) echo "fake gh: unexpected call: $*" >&2; exit 1 ;;
esac
"""


def sh(*args, cwd=None, env=None, check=True):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"replay: {' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Expression:
    """The part of GitHub's expression language the workflow uses."""

    def __init__(self, contexts):
        self.contexts = contexts

    def lookup(self, path):
        value = self.contexts
        for part in path.split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return value

    def evaluate(self, text):
        text = text.strip()
        if text.startswith("${{") and text.endswith("}}"):
            text = text[3:-2].strip()
        python = text.replace("!cancelled()", "True").replace("&&", " and ").replace("||", " or ")
        python = re.sub(r"!(?!=)", " not ", python)
        python = re.sub(
            r"(?<!['\w])((?:steps|github|env|vars|runner)(?:\.[\w-]+)+)",
            lambda m: repr(self.lookup(m.group(1))),
            python,
        )
        return eval(python, {"__builtins__": {}}, {"True": True})  # noqa: S307 (our own workflow)

    def substitute(self, text):
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(self.evaluate(m.group(1))), str(text))


def run_workflow(workflow, workspace, runner, event, fake_gh_state):
    """Runs the job's steps; returns (job succeeded, outcomes, stdout per step)."""
    job = next(iter(workflow["jobs"].values()))
    temp = runner / "temp"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    files = {name: temp / f"_{name}" for name in ("summary", "path", "output", "env")}
    for f in files.values():
        f.write_text("")
    contexts = {
        "github": {
            "event_name": "pull_request",
            "repository": "secretariat/report",
            "token": "fake-token",
            "workflow": workflow["name"],
            "ref": "refs/pull/7/merge",
            "event": event,
        },
        "vars": {"ALLIANCE_REPORT_DOWNLOADS": (runner.parent / "releases").as_uri()},
        "runner": {"os": "Linux", "arch": ARCH, "temp": str(temp)},
        "steps": {},
        "env": {},
    }
    expr = Expression(contexts)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(
        HOME=str(runner / "home"),
        RUNNER_OS="Linux",
        RUNNER_ARCH=ARCH,
        RUNNER_TEMP=str(temp),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_REPOSITORY="secretariat/report",
        GITHUB_SERVER_URL="https://github.com",
        GITHUB_RUN_ID="1",
        GITHUB_STEP_SUMMARY=str(files["summary"]),
        GITHUB_PATH=str(files["path"]),
        GITHUB_OUTPUT=str(files["output"]),
        GITHUB_ENV=str(files["env"]),
        FAKE_GH_STATE=str(fake_gh_state),
        PATH=f"{runner / 'fakebin'}:{os.environ['PATH']}",
    )
    (runner / "home").mkdir(exist_ok=True)
    for key, value in workflow.get("env", {}).items():
        env[key] = expr.substitute(value)
        contexts["env"][key] = env[key]
    cache = runner / "cache"
    failed = False
    outcomes, stdout = [], {}
    for number, step in enumerate(job["steps"]):
        sid = step.get("id", f"step{number}")
        label = expr.substitute(step.get("name", step.get("uses", "").split("@")[0]))
        started = time.monotonic()
        condition = step.get("if")
        run = expr.evaluate(str(condition)) if condition is not None else not failed
        if not run:
            outcomes.append((label, "skipped", 0.0))
            contexts["steps"][sid] = {"outcome": "skipped", "outputs": {}}
            continue
        outputs = {}
        uses = step.get("uses", "").split("@")[0]
        with_ = {k: expr.substitute(v) for k, v in step.get("with", {}).items()}
        if uses == "actions/checkout":
            ok = True  # the workspace is the merge commit already
        elif uses == "actions/cache/restore":
            key = with_["key"]
            outputs["cache-primary-key"] = key
            saved = cache / key
            target = Path(with_["path"].replace("~", env["HOME"], 1))
            if saved.is_dir():
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(saved, target)
                outputs["cache-hit"] = "true"
            ok = True
        elif uses == "actions/cache/save":
            source = Path(with_["path"].replace("~", env["HOME"], 1))
            ok = source.is_dir() and any(source.iterdir())
            if ok:
                shutil.copytree(source, cache / with_["key"], dirs_exist_ok=True)
        elif uses == "actions/upload-artifact":
            uploaded = sorted(p.name for p in Path(with_["path"]).glob("*"))
            stdout[sid] = "\n".join(uploaded)
            ok = bool(uploaded)
        elif "run" in step:
            step_env = dict(env)
            for key, value in {**job.get("env", {}), **step.get("env", {})}.items():
                step_env[key] = expr.substitute(value)
            script = temp / f"step{number}.sh"
            script.write_text(step["run"])
            shell = step.get("shell", job.get("defaults", {}).get("run", {}).get("shell"))
            argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail"] if shell == "bash" else ["bash", "-e"]
            result = subprocess.run(argv + [str(script)], cwd=workspace, env=step_env, capture_output=True, text=True)
            stdout[sid] = result.stdout
            ok = result.returncode == 0
            if not ok:
                print(f"replay: step {step.get('name')!r} failed:\n{result.stderr}", file=sys.stderr)
            for line in files["path"].read_text().splitlines():
                if line and line not in env["PATH"].split(":"):
                    env["PATH"] = f"{line}:{env['PATH']}"
            for line in files["output"].read_text().splitlines():
                if "=" in line:
                    k, v = line.split("=", 1)
                    outputs[k] = v
            files["output"].write_text("")
        else:
            sys.exit(f"replay: no stand-in for {uses}")
        outcome = "success" if ok else "failure"
        outcomes.append((label, outcome, time.monotonic() - started))
        contexts["steps"][sid] = {"outcome": outcome, "outputs": outputs}
        failed = failed or not ok
    return not failed, outcomes, stdout, files["summary"].read_text(), temp


def main():
    binary = Path(sys.argv[1]).resolve()
    work = Path(tempfile.mkdtemp(prefix="replay-workflow-"))
    try:
        replay(binary, work)
    finally:
        if not os.environ.get("REPLAY_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


def replay(binary, work):
    runner = work / "runner"
    (runner / "fakebin").mkdir(parents=True)
    gh = runner / "fakebin" / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(0o755)
    state = work / "gh-state"
    state.mkdir()
    releases = runner.parent / "releases" / f"v{VERSION}"
    sh("bash", str(ROOT / "tools/package.sh"), TARGET, str(binary), str(releases))

    git_env = dict(os.environ, GIT_AUTHOR_NAME="秘书处", GIT_AUTHOR_EMAIL="s@example.cn",
                   GIT_COMMITTER_NAME="秘书处", GIT_COMMITTER_EMAIL="s@example.cn")

    def git(*args, cwd):
        return sh("git", *args, cwd=cwd, env=git_env)

    remote = work / "remote.git"
    sh("git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    author = work / "author"
    sh("git", "clone", "--quiet", str(remote), str(author), env=git_env)
    git("checkout", "--quiet", "-B", "main", cwd=author)
    said = subprocess.run([str(binary), "init", "report"], cwd=author, capture_output=True, text=True)
    assert said.returncode == 0 and "report-report.yml" in said.stderr, said.stderr
    workflow_file = author / ".github/workflows/report-report.yml"
    assert workflow_file.is_file()
    assert not (author / "report/.github").exists()
    shutil.copytree(ROOT / "example-report", author / "report", dirs_exist_ok=True)
    git("add", "-A", cwd=author)
    git("commit", "--quiet", "-m", "报告初稿", cwd=author)
    git("push", "--quiet", "origin", "main", cwd=author)

    # The pull request: a credit code with a wrong check digit, and a figure
    # of 一 that no longer agrees with the tables.
    git("checkout", "--quiet", "-b", "update-members", cwd=author)
    members = author / "report/members.yaml"
    text = members.read_text()
    code = re.search(r'code: "([0-9A-Z]{18})"', text).group(1)
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    members.write_text(text.replace(code, broken, 1))
    report_yaml = author / "report/report.yaml"
    text = report_yaml.read_text()
    figure = re.search(r"(\n\s+enterprise: )(\d+)", text)
    if figure is None:
        sys.exit("replay: report.yaml has no member count to change")
    text = text.replace(figure.group(0), f"{figure.group(1)}{int(figure.group(2)) + 5}", 1)
    report_yaml.write_text(text)
    git("commit", "--quiet", "-am", "更新成员单位", cwd=author)
    git("push", "--quiet", "origin", "update-members", cwd=author)

    workflow = yaml.safe_load(workflow_file.read_text())
    # PyYAML reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["pull_request"]["paths"] == ["report/**", ".github/workflows/report-report.yml"], triggers
    event = {"pull_request": {"number": 7, "head": {"repo": {"full_name": "secretariat/report"}}}}

    def checkout_merge(branch):
        workspace = work / "workspace"
        shutil.rmtree(workspace, ignore_errors=True)
        sh("git", "clone", "--quiet", str(remote), str(workspace), env=git_env)
        git("fetch", "--quiet", "origin", branch, cwd=workspace)
        git("checkout", "--quiet", "--detach", "origin/main", cwd=workspace)
        git("merge", "--quiet", "--no-ff", "-m", f"Merge {branch} into main", "FETCH_HEAD", cwd=workspace)
        return workspace

    def replay_run(what):
        """The pull request checked out as GitHub merges it, the workflow
        run on it; its steps printed with their outcomes and times."""
        workspace = checkout_merge("update-members")
        ok, outcomes, out, summary, temp = run_workflow(workflow, workspace, runner, event, state)
        print(f"replay, {what}:")
        for name, outcome, took in outcomes:
            print(f"  {outcome:8} {took:5.2f} s  {name}")
        steps = {name: outcome for name, outcome, _ in outcomes}
        return ok, outcomes, out, summary, temp, steps

    # Run 1: the failing pull request.
    ok, outcomes, out, summary, temp, steps = replay_run("failing pull request")
    assert not ok, "the job's result is the check's: failure"
    assert steps["检查"] == "failure", steps
    failed = [name for name, outcome, _ in outcomes if outcome == "failure"]
    assert failed == ["检查"], f"only the check fails: {failed}"
    annotations = out["check"].splitlines()
    assert annotations and all(a.startswith(("::error ", "::warning ")) for a in annotations), annotations
    assert all(" file=report/" in a and ",title=" in a for a in annotations), annotations
    kinds = [a.split(" ")[0] for a in annotations]
    assert kinds == sorted(kinds, key=lambda k: k != "::error"), "errors first"
    assert any("title=统一社会信用代码校验" in a and "file=report/members.yaml" in a for a in annotations), annotations
    assert any("title=数字一致" in a and "file=report/report.yaml" in a for a in annotations), annotations
    pdf = temp / "pdf/report-draft.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-"), "the draft PDF"
    assert out[next(s.get("id", f"step{i}") for i, s in enumerate(workflow["jobs"]["report"]["steps"])
                    if s.get("uses", "").startswith("actions/upload-artifact"))] == "report-draft.pdf"
    errors = sum(1 for k in kinds if k == "::error")
    assert f"## 报告检查：{errors} 处错误" in summary, summary[:400]
    assert summary.count("| `report/") == len(annotations), "every problem in the summary table"
    assert "\n## 报告的变化" in summary, summary
    changes = summary.split("\n## 报告的变化")[1]
    assert broken in changes and code in changes, changes
    comment = (state / "comment").read_text()
    assert comment.startswith("<!-- alliance-report: report -->\n## 报告的变化"), comment[:200]
    calls = (state / "calls").read_text().splitlines()
    assert [c.split()[2] for c in calls if "--method" in c] == ["POST"], calls
    assert not list(Path(runner / "cache").glob("*")) == [], "the tool was cached"
    for line in summary.splitlines()[:12]:
        print(f"  | {line[:150]}")
    print(f"  {len(annotations)} annotations ({errors} errors), draft PDF {pdf.stat().st_size} bytes, "
          f"summary {len(summary)} characters, comment posted")

    # Run 2: the pull request fixed. The cached tool is used, the comment
    # is updated, not posted again, and the job passes with the final PDF.
    git("checkout", "--quiet", "main", "--", "report/members.yaml", "report/report.yaml", cwd=author)
    git("commit", "--quiet", "-m", "改正", cwd=author)
    git("push", "--quiet", "origin", "update-members", cwd=author)
    ok, outcomes, out, summary, temp, steps = replay_run("fixed pull request")
    assert ok, outcomes
    assert steps[next(n for n in steps if n.startswith("下载"))] == "skipped", "the cached tool is used"
    assert (temp / "pdf/report.pdf").read_bytes().startswith(b"%PDF-")
    assert "## 报告检查：0 处错误" in summary, summary[:300]
    calls = (state / "calls").read_text().splitlines()
    assert [c.split()[2] for c in calls if "--method" in c] == ["POST", "PATCH"], calls
    print("  cache hit, check passed, final PDF, comment updated")
    print("replay: ok")


if __name__ == "__main__":
    main()
