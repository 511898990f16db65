#!/usr/bin/env python3
"""Makes src/breaks/words.txt.zst: the Chinese words (two to four
characters) that a line of the PDF never splits, from jieba's dictionary
(MIT licence), keeping the words that occur at least MIN_FREQ times in its
corpus: about 94,000 words, 300 KB compressed.

    python3 -m pip install jieba && python3 tools/make-words.py
"""
import os
import re
import subprocess
import sys

import jieba

MIN_FREQ = 10
HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")

path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
words = set()
with open(path, encoding="utf-8") as f:
    for line in f:
        word, freq = line.split()[:2]
        if HAN.match(word) and int(freq) >= MIN_FREQ:
            words.add(word)
out = os.path.join(os.path.dirname(__file__), "..", "src", "breaks", "words.txt.zst")
text = "\n".join(sorted(words)).encode("utf-8")
with open(out, "wb") as f:
    f.write(subprocess.run(["zstd", "-19", "-c"], input=text, check=True, capture_output=True).stdout)
print(f"{len(words)} words", file=sys.stderr)
