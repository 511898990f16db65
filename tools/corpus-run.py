#!/usr/bin/env python3
"""Attach every file of public test corpora as evidence and record what the tool does.

Run by hand, never in CI (issue 33). For each corpus file, one evidence file of a
working copy of the example report is replaced by it; then `check --format json`
and, if accepted, `build` are run. Exit code 101 is a panic; an error located at
evidence/evidence.yaml is a refusal. Refusals are judged against reference
readers: for PDFs `qpdf --check` and poppler's `pdftoppm` (clean = exit 0 and no
"Syntax Error"); for PNGs Pillow's decoder. For built PDFs the first pages of the
evidence item are rendered and compared with poppler's render of the source page:
"blank" means poppler draws content (> 0.5 % dark pixels) and our evidence area
draws none.

usage: tools/corpus-run.py BINARY EXAMPLE_REPORT --pdfs DIR [DIR..] --pngs DIR [DIR..]
                           [--jobs 2] [--blank-pages 2] [--out results.json]
Needs: python3-pil, poppler-utils, qpdf. Runs every command under `nice -n 10`
and `timeout 60`.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from multiprocessing import Pool
from PIL import Image

# The example items whose single file is replaced: a PDF item and a PNG item.
PDF_SLOT = "evidence/9-1-会员大会暨理事会会议纪要.pdf"
PDF_MARK = "附件 9-1"
PNG_SLOT = "evidence/6-2-软件著作权登记证书-智能控制系统.png"
WRAP = ["nice", "-n", "10", "timeout", "60"]
ARGS = None


def run(cmd, **kw):
    t = time.monotonic()
    p = subprocess.run(WRAP + cmd, capture_output=True, **kw)
    return p, time.monotonic() - t


def dark_fraction(png, mask=None):
    im = Image.open(png).convert("L")
    px = im.load()
    w, h = im.size
    n = 0
    for y in range(h):
        for x in range(w):
            if px[x, y] < 200 and not (mask and mask[y][x]):
                n += 1
    return n / (w * h), im.size


def render(pdf, page, res, root):
    p, _ = run(["pdftoppm", "-r", str(res), "-f", str(page), "-l", str(page),
                "-singlefile", "-png", pdf, root])
    return root + ".png" if p.returncode == 0 and os.path.exists(root + ".png") else None


def chrome_mask(png):
    """Dark pixels of a build whose evidence is a blank page: headings and marks."""
    im = Image.open(png).convert("L")
    px = im.load()
    w, h = im.size
    return [[px[x, y] < 200 or (x > 0 and px[x - 1, y] < 200) or (x + 1 < w and px[x + 1, y] < 200)
             or (y > 0 and px[x, y - 1] < 200) or (y + 1 < h and px[x, y + 1] < 200)
             for x in range(w)] for y in range(h)]


def reference_pdf(path, tmp):
    q, _ = run(["qpdf", "--check", path])
    p, _ = run(["pdftoppm", "-r", "10", path, os.path.join(tmp, "ref")])
    for f in os.listdir(tmp):
        if f.startswith("ref"):
            os.remove(os.path.join(tmp, f))
    return {"qpdf_rc": q.returncode,
            "poppler_rc": p.returncode,
            "poppler_syntax_error": b"Syntax Error" in p.stderr,
            "clean": q.returncode == 0 and p.returncode == 0 and b"Syntax Error" not in p.stderr}


def reference_png(path):
    try:
        with Image.open(path) as im:
            im.load()
        return {"clean": True}
    except Exception as e:
        return {"clean": False, "pillow": str(e)[:120]}


def one(task):
    try:
        return one_inner(task)
    except Exception as e:  # a fault of this script must not end the run
        return {"file": os.path.basename(task[1]), "kind": task[0], "check_rc": -1,
                "check_s": 0, "refused": False, "messages": [], "script_error": repr(e)}


def one_inner(task):
    kind, src, worker = task
    report = os.path.join(ARGS.work, f"report-{worker}")
    tmp = os.path.join(ARGS.work, f"tmp-{worker}")
    os.makedirs(tmp, exist_ok=True)
    slot = PDF_SLOT if kind == "pdf" else PNG_SLOT
    # Only this file differs from the example: the other slot gets its own file back.
    for s in (PDF_SLOT, PNG_SLOT):
        shutil.copyfile(os.path.join(ARGS.example, s), os.path.join(report, s))
    shutil.copyfile(src, os.path.join(report, slot))
    r = {"file": os.path.basename(src), "kind": kind}
    p, t = run([ARGS.binary, "check", report, "--format", "json"])
    r["check_rc"], r["check_s"] = p.returncode, round(t, 2)
    try:
        diags = json.loads(p.stdout or b"[]")
    except ValueError:
        diags = []
    refusals = [d for d in diags if d.get("severity") == "error"
                and d.get("file") == "evidence/evidence.yaml" and slot in d.get("message", "")]
    r["refused"] = bool(refusals)
    r["messages"] = [d["message"] for d in refusals]
    r["warnings"] = [d["message"] for d in diags if d.get("severity") != "error"
                     and d.get("file") == "evidence/evidence.yaml" and slot in d.get("message", "")]
    r["other_errors"] = [d["message"] for d in diags if d.get("severity") == "error"
                         and d not in refusals]
    if r["refused"] or p.returncode not in (0, 1):
        r["reference"] = reference_pdf(src, tmp) if kind == "pdf" else reference_png(src)
    if p.returncode == 0 and time.time() < ARGS.deadline:
        out = os.path.join(tmp, "out.pdf")
        p, t = run([ARGS.binary, "build", report, "-o", out])
        r["build_rc"], r["build_s"] = p.returncode, round(t, 2)
        if p.returncode == 0 and kind == "pdf" and ARGS.blank_pages:
            r["blank"] = blank_pages(src, out, tmp)
    return r


def blank_pages(src, out, tmp):
    blank, checked = [], 0
    for k in range(1, ARGS.blank_pages + 1):
        ours_page = ARGS.first_page + k - 1
        text = subprocess.run(["pdftotext", "-f", str(ours_page), "-l", str(ours_page), out, "-"],
                              capture_output=True, text=True).stdout
        if f"{PDF_MARK} 第 {k} 页" not in text:
            break
        ref = render(src, k, 20, os.path.join(tmp, "src"))
        ours = render(out, ours_page, 20, os.path.join(tmp, "ours"))
        if not ref or not ours:
            break
        checked += 1
        ref_f, _ = dark_fraction(ref)
        with Image.open(ours) as im:
            mask = ARGS.masks.get((min(k, 2), im.size))
        if mask is None:  # a page size no baseline has: not judged
            break
        our_f, _ = dark_fraction(ours, mask)
        if ref_f > 0.005 and our_f == 0:
            blank.append({"page": k, "poppler_dark": round(ref_f, 4)})
    return {"checked": checked, "blank": blank}


def init(args):
    global ARGS
    ARGS = args


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("example")
    ap.add_argument("--pdfs", nargs="*", default=[])
    ap.add_argument("--pngs", nargs="*", default=[])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--blank-pages", type=int, default=2)
    ap.add_argument("--out", default="corpus-results.json")
    ap.add_argument("--build-budget", type=float, default=0,
                    help="seconds after which accepted files are only checked, not built "
                         "(0: build all); files are visited in a spread order so that "
                         "the built ones are a sample of the whole")
    args = ap.parse_args()
    args.binary = os.path.abspath(args.binary)
    args.work = tempfile.mkdtemp(prefix="corpus-run-")
    for w in range(args.jobs):
        shutil.copytree(args.example, os.path.join(args.work, f"report-{w}"))
    # Baselines: builds whose evidence is two blank pages (portrait, then landscape)
    # give the chrome (headings, running marks) to mask, per page size.
    base = os.path.join(args.work, "report-0")
    args.masks = {}
    for size in ((595, 842), (842, 595)):
        blank_pdf = os.path.join(args.work, "blank.pdf")
        white = Image.new("RGB", size, "white")
        white.save(blank_pdf, save_all=True, append_images=[white.copy()])
        shutil.copyfile(blank_pdf, os.path.join(base, PDF_SLOT))
        out = os.path.join(args.work, "base.pdf")
        subprocess.run(WRAP + [args.binary, "build", base, "-o", out], check=True,
                       capture_output=True)
        pages = int(next(l.split()[1] for l in subprocess.run(
            ["pdfinfo", out], capture_output=True, text=True).stdout.splitlines()
            if l.startswith("Pages:")))
        args.first_page = pages - 1
        for i in range(2):
            png = render(out, args.first_page + i, 20, os.path.join(args.work, f"mask{i}"))
            with Image.open(png) as im:
                args.masks[(i + 1, im.size)] = chrome_mask(png)
    files = [("pdf", os.path.join(d, f)) for d in args.pdfs for f in sorted(os.listdir(d))
             if f.lower().endswith(".pdf")]
    files += [("png", os.path.join(d, f)) for d in args.pngs for f in sorted(os.listdir(d))
              if f.lower().endswith(".png")]
    # Spread order (PNGs and PDFs interleaved, stride through the list) so that a run
    # cut short by --build-budget has built a sample of every part of the corpora.
    stride = 7
    files = [files[i] for r in range(stride) for i in range(r, len(files), stride)]
    args.deadline = time.time() + args.build_budget if args.build_budget else float("inf")
    tasks = [(k, f, i % args.jobs) for i, (k, f) in enumerate(files)]
    results = []
    # Each worker owns one report copy: tasks are split by worker index.
    with Pool(args.jobs, initializer=init, initargs=(args,)) as pool:
        lanes = [[t for t in tasks if t[2] == w] for w in range(args.jobs)]
        for rs in pool.imap_unordered(run_lane, lanes):
            results.extend(rs)
    results.sort(key=lambda r: (r["kind"], r["file"]))
    with open(args.out, "w") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    summarise(results)
    shutil.rmtree(args.work)


def run_lane(lane):
    out = []
    for t in lane:
        out.append(one(t))
        with open(os.path.join(ARGS.work, f"progress-{t[2]}"), "a") as f:
            f.write(json.dumps(out[-1], ensure_ascii=False) + "\n")
    return out


def summarise(results):
    for kind in ("pdf", "png"):
        rs = [r for r in results if r["kind"] == kind]
        if not rs:
            continue
        panics = [r for r in rs if r["check_rc"] == 101 or r.get("build_rc") == 101]
        timeouts = [r for r in rs if r["check_rc"] == 124 or r.get("build_rc") == 124]
        refused = [r for r in rs if r["refused"]]
        false_ref = [r for r in refused if r.get("reference", {}).get("clean")]
        accepted = [r for r in rs if r["check_rc"] == 0]
        build_fail = [r for r in accepted if r.get("build_rc") not in (0, None)]
        slow = [r for r in rs if r["check_s"] > 10 or r.get("build_s", 0) > 10]
        built = [r for r in accepted if "build_rc" in r]
        errors = [r for r in rs if "script_error" in r]
        print(f"{kind}: built {len(built)} of {len(accepted)} accepted; script errors {len(errors)}")
        sampled = [r for r in rs if r.get("blank", {}).get("checked")]
        blank = [r for r in rs if r.get("blank", {}).get("blank")]
        print(f"{kind}: {len(rs)} files, {len(accepted)} accepted, {len(refused)} refused "
              f"({len(false_ref)} clean for the reference readers), {len(panics)} panics, "
              f"{len(timeouts)} timeouts, {len(build_fail)} accepted but build failed, "
              f"{len(slow)} over 10 s, blank check on {len(sampled)} files "
              f"({sum(r['blank']['checked'] for r in sampled)} pages): {len(blank)} blank")
        for name, group in (("panic", panics), ("timeout", timeouts), ("false refusal", false_ref),
                            ("build failed", build_fail), ("blank", blank), ("slow", slow)):
            for r in group:
                print(f"  {name}: {r['file']} check {r['check_s']} s build {r.get('build_s')} s "
                      f"{' / '.join(r['messages'])} {r.get('blank', {}).get('blank', '')}")


if __name__ == "__main__":
    main()
