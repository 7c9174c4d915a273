"""Time filter-as-you-type over the streams list, keystroke by keystroke, in the real list page.

Builds the app's streams list page (``gui.list_page.ListPage`` with its
``RecordListModel``) in a shown 1100 × 700 window on the data folder, then
types words one letter at a time. Each keystroke is timed with the hook the
GUI documents in docs/performance.md, ``gui.models.time_filter(model, text)``
(query, count, model reset, formatting the visible cells), plus the
repaint that follows (``processEvents``). The 150 ms debounce of the search
field is left out: it is waiting, not work, and a fast typist's keystrokes
each end up as one such filter.

The words come from the data: the most common words of stream titles
(so most keystrokes match thousands of records), a two-word title, and one
word that matches nothing.

Imports: PySide6, cirkular_desktop (gui, services), benchmarks.harness.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections import Counter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CIRKULAR_SYNC_WORKER", "1")

from benchmarks.harness import emit, memory_status  # noqa: E402


def typed_words(titles: list[str], count: int) -> list[str]:
    """Common title words (4+ letters), one two-word title prefix and a word matching nothing."""
    words = Counter(w for title in titles for w in re.findall(r"\w{4,}", title.casefold()))
    common = [w for w, _ in sorted(words.items(), key=lambda item: (-item[1], item[0]))[:count]]
    two = next((" ".join(t.split()[:2]).casefold() for t in sorted(titles) if len(t.split()) >= 2), "")
    return [*common, *([two] if two else []), "qzxv"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--words", type=int, default=4)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication, QMainWindow

    from cirkular_desktop import i18n
    from cirkular_desktop.gui import models
    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.gui.list_page import ListPage
    from cirkular_desktop.services import browse
    from cirkular_desktop.services.app import open_app

    i18n.set_language("sv")
    qt_app = QApplication([])
    app = open_app(args.data_dir, create=False)
    ctx = GuiContext(app)
    window = QMainWindow()
    window.resize(1100, 700)
    page = ListPage(ctx, "stream")
    window.setCentralWidget(page)
    window.show()
    page.ensure_loaded()
    qt_app.processEvents()
    total = page.model.total
    if not total:
        raise SystemExit(f"the data set in {args.data_dir} has no streams to filter")

    titles = [row.get("title") or "" for row in browse.list_page(app, "stream", limit=browse.MAX_PAGE).rows]
    words = typed_words(titles, args.words)
    time_filter = getattr(models, "time_filter", None)
    samples: list[float] = []
    cpu: list[float] = []
    typed: list[str] = []
    query_only: list[float] = []
    hits: dict[str, int] = {}
    for _ in range(args.repeat):
        for word in words:
            for end in range(1, len(word) + 1):
                text = word[:end]
                started, started_cpu = time.perf_counter(), time.process_time()
                if time_filter is not None:
                    query_only.append(time_filter(page.model, text))
                else:
                    page.model.set_search(text)
                qt_app.processEvents()              # the view repaints the new first page
                samples.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                typed.append(text)
            hits[word] = page.model.total
            page.model.set_search("")
            qt_app.processEvents()
    memory = memory_status()
    window.close()
    app.close()
    emit({"keystroke_s": samples, "keystroke_cpu_s": cpu, "typed": typed, "filter_only_s": query_only, "words": words, "hits": hits,
          "streams": total, "hook": "gui.models.time_filter" if time_filter else "RecordListModel.set_search",
          "peak": memory["peak"]})
    os._exit(0)  # skip Qt's tear-down: nothing of it is measured


if __name__ == "__main__":
    raise SystemExit(main())
