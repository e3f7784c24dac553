"""PDF pages without a usable text layer (scans), read by OCR into what the text layer would give.

A scanned page is rendered and its table rules are found in the picture (long thin runs of ink, by
morphology); they become edges exactly like the ruling lines of a text PDF, so pdfplumber's table
finder gives the same cells. Each cell's ink is cut into printed lines and each line is recognized
on its own (PP-OCR's recognition model, shipped inside the ``rapidocr-onnxruntime`` wheel); text
outside the tables is found by PP-OCR's detection model. Every recognized character becomes a glyph
with a box and a type size, so the PDF reader places it into cells and lines as it places the
characters of a text layer, and the same recognizers read the page.

The page is first flattened to black ink on white paper (a printout's tint and uneven light taken
out). A cell's lines are cut where its ink is, widened to the light ink beside them (the thin strokes
of a low-resolution print); lines that come back with nothing usable, letters for digits, a stop no
amount has, or with a numbering's faint 一 dropped, are read again from other pictures of themselves,
and a reading taken instead is no surer than the first. A character the recognizer doubted gives way
to its second choice where that one makes a word of the 科目 catalogs (:func:`_by_words`). A cell
whose ink stays unread keeps a mark (:data:`UNREAD`), so that a check failing for want of its figure
is put down to the reading. The scanned pages of a document can be read by several processes
(:func:`read_pages`, :data:`OPTIONS`).

Recognizing each cell's lines instead of detecting text over the whole page keeps a number from
running into its neighbour across a rule, and it is also faster: detection over a full page at
200 dpi costs more than recognizing every cell of it. Every character keeps the recognizer's
probability for it, which becomes the confidence of the number it is part of.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from yusuan.read.pdfium import Glyph


DPI = 200
INSTALL = '安装 OCR 组件后即可读取：python3 -m pip install "yusuan[ocr]"'

_REC_HEIGHT = 48
_BATCH = 16
_DETECT_SCALE = 0.6  # text is detected at 120 dpi of a 200 dpi picture
_DETECT_GAP = 12  # points of blank paper that separate two bands of text to detect on their own
MARGIN = 25
_NUMBER_CHARS = set("0123456789,.，")
_ODD_SEPARATOR = re.compile(r"-?[\d,，.]*\d([:：;；])(\d{2}|\d{3}(?=[,，.]\d)[\d,，.]*\d)")
_STOP_FOR_COMMA = re.compile(r"-?\d{1,3}(?:,\d{3})*(\.)\d{3}")
_STOPS_FOR_COMMAS = re.compile(r"-?\d{1,3}(?:[.,]\d{3})+\.\d{1,2}")
_LOOKALIKE = re.compile(r"(?<=[收投纳列录输转])(人)(?![员民口数次才事])|(?<=退)(体)")
_LOOKALIKE_FOR = {"人": "入", "体": "休"}
_DASH_FOR_ONE = re.compile(r"(?:(?<=^)|(?<=[\u4e00-\u9fff、（(]))[-－—一](?=[\u4e00-\u9fff、])"
                           r"|^[“”\"'‘’~～_](?=、)")  # "“、一般公共服务支出": the numbering 一、 read as a mark


@dataclass
class Options:
    """How the scanned pages of a document are read: by how many processes, with how many threads
    for the OCR models in each (0: the runtime's own choice, one per core), and whom to tell of each
    page read (``progress(file, done, total, page)``)."""

    jobs: int = 1
    progress: Callable[[str, int, int, int], None] | None = None
    threads: int = 0


OPTIONS = Options()


@contextmanager
def options(jobs: int = 1, progress: Callable[[str, int, int, int], None] | None = None,
            threads: int = 0) -> Iterator[None]:
    """Scanned pages read with these :class:`Options` inside the block."""
    global OPTIONS
    before = OPTIONS
    OPTIONS = Options(jobs=max(1, jobs), progress=progress, threads=max(0, threads))
    try:
        yield
    finally:
        OPTIONS = before


class OcrMissing(Exception):
    """The OCR packages (the ``ocr`` extra) are not installed."""


# A character read by OCR: a PDFium ``Glyph``'s fields, then the recognizer's probability.
ScannedGlyph = namedtuple("ScannedGlyph", (*Glyph._fields, "confidence"), defaults=(1.0,))

# The text of the mark left where a cell holds ink the recognizer read nothing from: no character, so
# the cell's text stays as read, and probability 0, so the cell is known to be unread.
UNREAD = ""


@dataclass(slots=True)
class _Crop:
    x0: int
    top: int
    x1: int
    bottom: int
    in_cell: bool


def _is_wide(ch: str) -> bool:
    return ord(ch[0]) >= 0x2E80


class Scanner:
    """The OCR models, loaded once per document (on the first page read: a document whose scanned
    pages are read by worker processes never loads them here)."""

    def __init__(self, path, pdfium=None, dpi: int = DPI, threads: int | None = None) -> None:
        try:
            import cv2  # noqa: F401
            import numpy  # noqa: F401
            import rapidocr_onnxruntime  # noqa: F401
        except ImportError as exc:
            raise OcrMissing from exc
        self.dpi = dpi
        self._threads = OPTIONS.threads if threads is None else threads
        self._engine = None
        self._path = path
        self._own = None
        self._pdf = pdfium.pdf if pdfium is not None else None

    def _load(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        engine = RapidOCR(use_cls=False, **({"intra_op_num_threads": self._threads} if self._threads else {}))
        self._engine = engine
        self._det = engine.text_det
        self._det.limit_type = "max"  # the bands are scaled here; the model's own resizing would blow them up
        self._rec = engine.text_rec.session
        self._chars = engine.text_rec.postprocess_op.character

    def close(self) -> None:
        if self._own is not None:
            self._own.close()

    # --- a page -----------------------------------------------------------------------------------

    def page(self, index: int, bbox: tuple[float, float, float, float]) -> tuple[list[ScannedGlyph], list[dict]]:
        """Glyphs and ruling edges of page ``index``, in pdfplumber's coordinates (``bbox`` is the
        pdfplumber page's)."""
        import numpy as np

        if self._pdf is None:
            import pypdfium2

            self._pdf = self._own = pypdfium2.PdfDocument(str(self._path))
        scale = self.dpi / 72
        page = self._pdf[index]
        try:
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
        gray = np.asarray(image).copy()
        return self.image(gray, scale, bbox[0], bbox[1])

    def image(self, gray, scale: float, left: float = 0.0, top: float = 0.0) -> tuple[list[ScannedGlyph], list[dict]]:
        import cv2
        import numpy as np

        if self._engine is None:
            self._load()
        gray = _deskew(_flatten(gray))
        threshold, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        # Specks of a scan (dust, noise) are wiped out of the picture: left in, every row of a cell holds
        # "ink" and the recognizer reads characters into them. A speck is smaller than a printed stop.
        n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
        specks = np.nonzero(stats[:, cv2.CC_STAT_AREA] <= max(2, int(3 * (scale / (200 / 72)) ** 2)))[0]
        if specks.size:
            lookup = np.zeros(n, bool)
            lookup[specks[specks > 0]] = True
            dust = lookup[labels]
            bw[dust] = 0
            gray = gray.copy()
            gray[dust] = 255
        h_mask, v_mask = _rules(bw, scale)
        edges = _segments(h_mask, "h", scale, left, top) + _segments(v_mask, "v", scale, left, top)
        tables = _tables(edges, gray.shape, scale, left, top)
        covered = np.zeros(gray.shape, np.uint8)
        for cells in tables:
            x0, y0 = min(c[0] for c in cells), min(c[1] for c in cells)
            x1, y1 = max(c[2] for c in cells), max(c[3] for c in cells)
            covered[max(0, y0 - 4):y1 + 5, max(0, x0 - 4):x1 + 5] = 1
        # Rules are wiped out inside tables only: outside, a long stroke of a large character (the
        # upright of 财 in a title) would be taken for one.
        rules = cv2.dilate(cv2.bitwise_or(h_mask, v_mask), np.ones((5, 5), np.uint8))
        rules[covered == 0] = 0
        ink = cv2.bitwise_and(bw, cv2.bitwise_not(rules))
        clean = gray.copy()
        clean[rules > 0] = 255
        # Ink too light for the page's threshold: the thin strokes of a blurred low-resolution print
        # (二 and 一 of a numbering, the stem of a 7) fall between ink and paper. It only widens what
        # the ink marks as a line, never makes one; the grey fringe of a rule is kept out of it.
        faint = ((gray < (threshold + 255) / 2) * 255).astype(np.uint8)
        faint[cv2.dilate(rules, np.ones((5, 5), np.uint8)) > 0] = 0

        speck = _speck_area(scale)
        crops: list[_Crop] = []
        spans: list[tuple[int, int]] = []  # each cell's lines among the crops
        for cells in tables:
            for x0, y0, x1, y1 in cells:
                start = len(crops)
                crops.extend(_cell_lines(ink, faint, x0, y0, x1, y1, speck))
                spans.append((start, len(crops)))
        crops.extend(self._detect(clean, covered))
        glyphs: list[ScannedGlyph] = []
        results = self._recognize([_framed(clean[c.top:c.bottom, c.x0:c.x1]) for c in crops])
        results = _wrapped_lookalikes(self._again(clean, crops, results, threshold), spans)
        sizes = sorted((c.bottom - c.top) for c, (text, _) in zip(crops, results) if text)
        for crop, (text, probs) in zip(crops, results):
            glyphs.extend(_glyphs(crop, text, probs, scale, left, top, sizes))
        return glyphs, edges

    def _again(self, clean, crops: list[_Crop], results: list, threshold: float | None = None) -> list:
        """The cell lines that came back with nothing usable (ink read as nothing, a figure not well
        formed: "758,48", letters where a table prints digits: "Ⅱ" for a blurred 11) read again from
        other pictures of themselves: smoothed with the paper made white (the noise of a scan is what
        loses a digit), with a wider margin, and reduced (the strokes of a blurred print run together
        less); the surest well-formed reading replaces the first (for ink read as nothing or as
        letters, only a figure). A reading taken in place of another is no surer than that one was:
        each character's probability is at most the least of the first reading's. A line read as a
        well-formed figure is kept as read, however unsure (another picture can read a wrong digit
        with more certainty), unless its stop is one no amount has and was read in doubt ("0.5" for a
        code 05 with a speck under it): then a reading two of the other pictures agree on is taken."""
        import cv2

        redo = [i for i, (c, r) in enumerate(zip(crops, results))
                if c.in_cell and (_unusable(r[0]) or _letters_for_digits(r[0]) or _doubtful_stop(*r))]
        results = self._numbering(clean, crops, results, threshold)
        if not redo:
            return results
        pictures = []
        for i in redo:
            c = crops[i]
            piece = clean[c.top:c.bottom, c.x0:c.x1]
            smooth = cv2.GaussianBlur(piece, (3, 3), 0)
            smooth[smooth > 200] = 255
            m = max(8, piece.shape[0] // 2)
            small = cv2.resize(piece, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
            pictures += [_framed(smooth), cv2.copyMakeBorder(piece, m, m, m, m, cv2.BORDER_CONSTANT, value=255),
                         _framed(small)]
        again = self._recognize(pictures)
        out = list(results)
        for n, i in enumerate(redo):
            first, probs = results[i]
            readings = again[3 * n:3 * n + 3]
            if _doubtful_stop(first, probs):
                # A figure read as it may be printed: only another that two pictures agree on is taken.
                texts = [r[0] for r in readings if not _unusable(r[0]) and _FIGURE.fullmatch(r[0])]
                usable = [r for r in readings if r[0] != first and texts.count(r[0]) >= 2]
            elif first.strip() and not _letters_for_digits(first):
                usable = [r for r in readings if not _unusable(r[0])]
            else:
                # Ink read as nothing may be a speck, letters may be letters: only a figure is taken.
                usable = [r for r in readings if not _unusable(r[0]) and _FIGURE.fullmatch("".join(r[0].split()))]
            if usable:
                text, taken = max(usable, key=_sureness)
                if probs:
                    taken = [min(p, min(probs)) for p in taken]
                out[i] = (text, taken)
        return out

    def _numbering(self, clean, crops: list[_Crop], results: list, threshold: float | None = None) -> list:
        """Cell lines read as starting with a numeral without its 、 read again, smoothed and darkened: a
        numbering's 一、 in front of 一般 is a faint stroke and a mark that the recognizer can drop together
        ("一般公共服务支出" for "一、一般公共服务支出"), and the 、 of a blurred print is a grey blot it drops
        after any numeral ("六科学技术支出", "一一般公共预算拨款"). A second reading is taken only when it is
        the same text with a numbering in front, or with the 、 after its numerals."""
        import cv2

        redo = [i for i, (c, (text, _)) in enumerate(zip(crops, results))
                if c.in_cell and _UNMARKED_NUMERAL.match(text)]
        if not redo:
            return results
        pictures = []
        for i in redo:
            c = crops[i]
            piece = clean[c.top:c.bottom, c.x0:c.x1]
            pictures += [_framed(cv2.GaussianBlur(piece, (3, 3), 0)), _framed(_darkened(piece, threshold))]
        again = self._recognize(pictures)
        out = list(results)
        for n, i in enumerate(redo):
            first = results[i][0]
            # A numbering read otherwise ("二因公…" for the 一 and 、 of "一、因公…" run together) only
            # from a surer reading.
            usable = [r for r in again[2 * n:2 * n + 2] if _numbered_as(first, r[0])
                      or (_renumbered(first, r[0]) and _sureness(r) > _sureness(results[i]))]
            if usable:
                out[i] = max(usable, key=_sureness)
        return out

    def _detect(self, clean, covered) -> list[_Crop]:
        """Lines of text outside the tables, found by the detection model in the bands of the page that
        hold ink once the tables are blanked out (a title above a table, a note below it), each at a
        reduced size: detection needs less detail than recognition, and its cost grows with the area."""
        import cv2
        import numpy as np

        page = clean.copy()
        page[covered > 0] = 255
        dark = page < 128
        rows = np.nonzero(dark.sum(axis=1) >= 2)[0]
        if rows.size == 0:
            return []
        h, w = page.shape
        gap = int(_DETECT_GAP * self.dpi / 72)
        bands: list[list[int]] = []
        for r in rows:
            if bands and r - bands[-1][1] <= gap:
                bands[-1][1] = int(r)
            else:
                bands.append([int(r), int(r)])
        out = []
        pad = int(8 * self.dpi / 72)
        for top, bottom in bands:
            y0, y1 = max(0, top - pad), min(h, bottom + pad + 1)
            cols = np.nonzero(dark[y0:y1].any(axis=0))[0]
            x0, x1 = max(0, int(cols[0]) - pad), min(w, int(cols[-1]) + pad + 1)
            band = page[y0:y1, x0:x1]
            small = cv2.resize(band, (max(1, int(band.shape[1] * _DETECT_SCALE)), max(1, int(band.shape[0] * _DETECT_SCALE))),
                               interpolation=cv2.INTER_AREA)
            boxes, _ = self._det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
            for quad in boxes if boxes is not None else []:
                xs = [x0 + p[0] / _DETECT_SCALE for p in quad]
                ys = [y0 + p[1] / _DETECT_SCALE for p in quad]
                bx0, bx1 = max(0, int(min(xs))), min(w, int(max(xs)) + 1)
                by0, by1 = max(0, int(min(ys))), min(h, int(max(ys)) + 1)
                if bx1 - bx0 >= 4 and by1 - by0 >= 4:
                    out.append(_Crop(bx0, by0, bx1, by1, False))
        return out

    def _recognize(self, images: list) -> list[tuple[str, list[float]]]:
        """Text and each character's probability for each line image (CTC greedy decoding, as PP-OCR's
        own, keeping the probabilities per character instead of their mean)."""
        import cv2
        import numpy as np

        out: list[tuple[str, list[float]]] = [("", [])] * len(images)
        ratios = [img.shape[1] / max(1, img.shape[0]) for img in images]
        order = sorted(range(len(images)), key=lambda i: ratios[i])
        # Batches of lines of nearly one width: the model mixes a line's features along its whole
        # width, and a short line padded out to a long one's width can read differently.
        batches: list[list[int]] = []
        for i in order:
            if batches and len(batches[-1]) < _BATCH and ratios[i] <= ratios[batches[-1][0]] * 1.15 + 0.5:
                batches[-1].append(i)
            else:
                batches.append([i])
        for batch in batches:
            width = max(320, max(int(_REC_HEIGHT * ratios[i]) + 1 for i in batch))
            tensor = np.zeros((len(batch), 3, _REC_HEIGHT, width), np.float32)
            for n, i in enumerate(batch):
                img = images[i]
                w = min(width, max(1, int(np.ceil(_REC_HEIGHT * ratios[i]))))
                resized = cv2.resize(img, (w, _REC_HEIGHT)).astype(np.float32) / 127.5 - 1.0
                tensor[n, :, :, :w] = resized[None, :, :]
            preds = self._rec(tensor)[0]
            best = preds.argmax(axis=2)
            prob = preds.max(axis=2)
            for n, i in enumerate(batch):
                # A character's probability is its best over the run of steps that read it: the first
                # step of a run is often the edge of the glyph, read with less certainty.
                text, probs, steps, prev = [], [], [], 0
                for step, (k, p) in enumerate(zip(best[n], prob[n])):
                    if k != 0 and k != prev:
                        text.append(self._chars[k])
                        probs.append(float(p))
                        steps.append(step)
                    elif k != 0 and p > probs[-1]:
                        probs[-1], steps[-1] = float(p), step
                    prev = k
                seconds = []
                for step, p in zip(steps, probs):
                    # A second choice of 0.05 or more leaves the first less than 0.95.
                    k = int(preds[n, step].argpartition(-2)[-2]) if p <= 0.95 else 0
                    seconds.append((self._chars[k], float(preds[n, step, k])) if k else None)
                out[i] = _by_words("".join(text), probs, seconds)
        return out


class PageFailed(Exception):
    """Reading the scanned page ``no`` failed (``__cause__`` says how)."""

    def __init__(self, no: int) -> None:
        super().__init__(no)
        self.no = no


def read_pages(scanner: Scanner, pages: list[tuple[int, tuple]], source: str) -> list:
    """Glyphs and edges of each scanned page ``(number, bbox)``, in order: read here one after another,
    or by :data:`OPTIONS`.jobs worker processes, each with models of its own (the result is the same:
    a page is read alone, by the same code). Each page read is told to :data:`OPTIONS`.progress."""
    opts = OPTIONS
    total = len(pages)

    def told(done: int, no: int) -> None:
        if opts.progress is not None:
            opts.progress(source, done, total, no)

    if opts.jobs <= 1 or total < 2:
        out = []
        for k, (no, bbox) in enumerate(pages, start=1):
            try:
                out.append(scanner.page(no - 1, bbox))
            except Exception as exc:  # noqa: BLE001 - a picture PDFium cannot draw, or the OCR runtime failing
                raise PageFailed(no) from exc
            told(k, no)
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    workers = min(opts.jobs, total)
    # fork: the workers start with the libraries imported; the models are loaded in each worker (one
    # thread each: the processes are the parallelism), never before the fork.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(str(scanner._path), scanner.dpi)) as pool:
        futures = {pool.submit(_work, no - 1, bbox): no for no, bbox in pages}
        for k, future in enumerate(as_completed(futures), start=1):
            if future.exception() is None:
                told(k, futures[future])
        out = []
        for future, no in futures.items():
            try:
                out.append(future.result())
            except Exception as exc:  # noqa: BLE001
                raise PageFailed(no) from exc
        return out


_WORKER: Scanner | None = None


def _start_worker(path: str, dpi: int) -> None:
    global _WORKER
    _WORKER = Scanner(path, dpi=dpi, threads=1)


def _work(index: int, bbox: tuple) -> tuple[list[ScannedGlyph], list[dict]]:
    return _WORKER.page(index, bbox)


# --- the picture ------------------------------------------------------------------------------------


_NUMBERED = re.compile(r"[一二三四五六七八九十]?、")
_NUMERALS = re.compile(r"[一二三四五六七八九十]+、")
_UNMARKED_NUMERAL = re.compile(r"[一二三四五六七八九十]+(?![一二三四五六七八九十、])")
_LEADING_NUMERALS = re.compile(r"[一二三四五六七八九十]+")
# Words of budget names that begin with a numeral: no mark goes after it ("一、般公共预算", "三、公经费"
# are misreadings).
_NUMERAL_WORDS = ("一般", "三公", "一次", "一事一议", "一卡通", "三农", "五保", "四好", "十三五", "十四五", "十五五")
_FIGURE = re.compile(r"[-−]?[\d,，.:：;；]*\d[\d,，.:：;；]*")  # a colon is a stop or comma misread
_WELL_FORMED = re.compile(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?")


# Words of a budget table's heads and of its usual rows, besides the 科目 names of the catalogs.
_TABLE_WORDS = (
    "项目", "科目编码", "科目名称", "功能分类", "经济分类", "合计", "小计", "总计", "本年收入", "本年支出",
    "收入总计", "支出总计", "预算数", "财政拨款收入", "一般公共预算资金", "政府性基金", "国有资本经营预算",
    "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "上年结转", "年初结转和结余",
    "结转下年", "基本支出", "项目支出", "人员经费", "公用经费", "上缴上级支出", "对附属单位补助支出",
    "公务接待费", "公务用车购置及运行费", "因公出国（境）费",
)


@lru_cache(maxsize=1)
def _word_pairs() -> frozenset[str]:
    """Every two characters standing side by side in a 科目 name of the shipped catalogs (政府收支分类科目)
    or in a table word."""
    import csv
    import io
    import json
    from importlib import resources

    folder = resources.files("yusuan.catalogs")
    names = list(_TABLE_WORDS)
    for entry in json.loads(folder.joinpath("manifest.json").read_text(encoding="utf-8"))["catalogs"]:
        text = folder.joinpath(entry["file"]).read_text(encoding="utf-8")
        names.extend(row["name"] for row in csv.DictReader(io.StringIO(text)))
    return frozenset(a + b for name in names for a, b in zip(name, name[1:]))


def _by_words(text: str, probs: list[float], seconds: list) -> tuple[str, list[float]]:
    """A line's characters, each replaced by the recognizer's second choice for it where that choice
    was a likely one (probability 0.05 or more) and makes words: the character read stands in no pair
    of characters known from budget tables' words with either neighbour, the second choice does
    ("退体人员": 休 beside 体 in the reading, 退休 a known pair). The character taken keeps its own
    probability, lower than the first choice's; a character the recognizer was sure of is never
    replaced, so a misprint of the document stays as printed."""
    pairs = _word_pairs()
    chars, probs = list(text), list(probs)

    def known(k: int, ch: str) -> int:
        return (k > 0 and chars[k - 1] + ch in pairs) + (k + 1 < len(chars) and ch + chars[k + 1] in pairs)

    for k, second in enumerate(seconds):
        if second is None or second[1] < 0.05 or not _is_han(chars[k]) or not _is_han(second[0]):
            continue
        if known(k, chars[k]) == 0 and known(k, second[0]) > 0:
            chars[k], probs[k] = second
    return "".join(chars), probs


def _wrapped_lookalikes(results: list, spans: list[tuple[int, int]]) -> list:
    """The look-alikes that :func:`_normalize` puts right inside a line, put right where a cell's text
    wraps between them and the character they follow: a narrow column's "事业收" over "人" (事业收入)."""
    out = list(results)
    for start, end in spans:
        for k in range(start + 1, end):
            before, (text, probs) = out[k - 1][0].rstrip(), out[k]
            m = _LOOKALIKE.search(before[-1:] + text) if before and text else None
            if m is not None and m.start(m.lastindex) == 1:
                out[k] = (_LOOKALIKE_FOR[text[0]] + text[1:], probs)
    return out


def _numbered_as(first: str, text: str) -> bool:
    """``text`` is ``first`` with a numbering in front ("、" or "一、" + "一般公共服务支出"), or with the 、
    after its numerals that ``first`` lost ("六、科学技术支出" for "六科学技术支出")."""
    if len(text) > len(first) and text.endswith(first) and _NUMBERED.fullmatch(text[:len(text) - len(first)]):
        return True
    m = _NUMERALS.match(text)
    return m is not None and text[:m.end() - 1] + text[m.end():] == first and not first.startswith(_NUMERAL_WORDS)


def _renumbered(first: str, text: str) -> bool:
    """``text`` is ``first`` with its leading numerals read as another numbering: "一、因公出国（境）费"
    for "二因公出国（境）费"."""
    m, f = _NUMERALS.match(text), _LEADING_NUMERALS.match(first)
    return (m is not None and f is not None and text[m.end():] == first[f.end():] != ""
            and not first.startswith(_NUMERAL_WORDS))


def _darkened(piece, threshold: float | None = None):
    """A line's picture with light ink made dark: half the page's ink threshold becomes black and the
    level halfway from the threshold to the paper becomes paper. The thin strokes and the 、 of a
    blurred low-resolution print are grey, and the recognizer passes over grey marks in front of dark
    characters."""
    import cv2
    import numpy as np

    if threshold is None:
        threshold, _ = cv2.threshold(piece, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    low, high = threshold / 2, (threshold + 255) / 2
    return np.clip((piece.astype(np.float32) - low) * (255.0 / (high - low)), 0, 255).astype(np.uint8)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_LETTERS = re.compile(r"[A-Za-zⅠ-Ⅻ|=]")


def _letters_for_digits(text: str) -> bool:
    """A reading of letters or marks and no Chinese: what a figure or code blurred past recognition
    reads as ("Ⅱ", "O", "l1")."""
    t = "".join(text.split())
    return bool(_LETTERS.search(t)) and not any(_is_han(ch) for ch in t)


_ODD_DECIMALS = re.compile(r"-?[\d,]*\d\.(\d|\d{3,})")


def _doubtful_stop(text: str, probs: list[float]) -> bool:
    """A figure with a stop that no amount has (one decimal, or more than two: "0.5"), read with less
    than 0.9 probability: a speck of the scan between two digits reads as a stop (code "05" as "0.5")."""
    return bool(_ODD_DECIMALS.fullmatch(text)) and any(ch == "." and p < 0.9 for ch, p in zip(text, probs))


def _unusable(text: str) -> bool:
    """Nothing read, or a figure that is not one as printed (its thousands cut wrong)."""
    t = "".join(text.split()).replace("，", ",")
    return not t or (bool(_FIGURE.fullmatch(t)) and not _WELL_FORMED.fullmatch(t))


def _sureness(result: tuple[str, list[float]]) -> float:
    """The least sure digit of a reading (or character, for a line without digits)."""
    text, probs = result
    return min([p for ch, p in zip(text, probs) if ch.isdigit() or ch in ",.，"] or probs or [0.0])


def _flatten(gray):
    """The page on white paper with black ink: a printout's tinted paper, light falling unevenly across
    the scanner's glass and grey toner stretched back to the contrast the recognizer was trained on.
    The paper's brightness is taken around each place from a reduced copy of the page with its ink
    filled in by its lightest neighbours; a page already black on white is left as it is."""
    import cv2
    import numpy as np

    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((5, 5), np.uint8))
    if int(paper.min()) >= 250:
        page = gray
    else:
        paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
        page = np.clip(gray.astype(np.float32) * (255.0 / np.maximum(paper, 1.0)), 0, 255).astype(np.uint8)
    threshold, _ = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark = page[page < threshold]
    ink = float(np.percentile(dark, 10)) if dark.size else 0.0
    if ink <= 8:
        return page
    stretched = (page.astype(np.float32) - ink) * (255.0 / (255.0 - ink))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _deskew(gray):
    """The page turned straight: the angle at which the rows of a reduced copy of the page are most
    sharply ink or paper (table rules and text lines both line up then); a page within 0.05° of
    straight is left as it is."""
    import cv2
    import numpy as np

    h, w = gray.shape
    factor = 600 / w
    small = cv2.resize(gray, (600, max(1, int(h * factor))), interpolation=cv2.INTER_AREA)
    ink = (255 - small).astype(np.float32)
    if ink.sum() == 0:
        return gray
    sh, sw = ink.shape

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((sw / 2, sh / 2), angle, 1.0)
        rows = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_LINEAR).sum(axis=1)
        return float((rows ** 2).sum())

    best = max(np.arange(-3.0, 3.01, 0.25), key=sharpness)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=sharpness)
    if abs(best) < 0.05:
        return gray
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(best), 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _rules(bw, scale: float):
    """The table rules of a black-and-white page (ink 255): long thin runs of ink, across and down.

    A rule one pixel thin is cut by every white speck on it, and where two cuts fall close together
    the run between them is shorter than a rule and lost, with the corner it made: the cells on
    either side run together. Gaps as wide as a speck (two pixels at 200 dpi) are closed along each
    direction first, never across it (which would join a rule to the text beside it), and never wider
    than a speck: far narrower than the space between two characters. A run found so counts only
    where some part of it is a rule's length of ink without a gap."""
    import cv2

    import numpy as np

    h_len = max(10, int(20 * scale))  # longer than any stroke of a character (10.5 pt type)
    v_len = max(8, int(14 * scale))  # shorter than a table row, longer than a character
    gap = 1 + max(2, round(2 * scale / (200 / 72)))
    out = []
    for close, length in (((gap, 1), (h_len, 1)), ((1, gap), (1, v_len))):
        plain = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))
        closed = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close))
        mask = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))
        # Only runs that hold a rule's length of ink uncut: a stroke of a character that a blurred print
        # brings within a speck's width of a rule would otherwise run on into it, as long as a rule.
        n, labels = cv2.connectedComponents(mask, connectivity=8)
        keep = np.zeros(n, bool)
        keep[np.unique(labels[plain > 0])] = True
        keep[0] = False
        out.append(np.where(keep[labels], mask, 0).astype(mask.dtype))
    return out[0], out[1]


def _speck_area(scale: float) -> int:
    """The area in pixels of the largest speck of a scan that is no part of the type: a 2×2 block at
    200 dpi (a dot of a 150 dpi scan drawn at 200 dpi). It is no fraction of the type's stroke width:
    a blurred print thickens the strokes while the 、 of a numbering keeps a core of a few pixels."""
    return max(3, round(4 * (scale / (200 / 72)) ** 2))


def _without_specks(mask, area: int):
    """``mask`` without its pieces of ``area`` pixels or fewer."""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] <= area
    small[0] = False
    if not small[1:].any():
        return mask
    out = mask.copy()
    out[small[labels]] = 0
    return out


def _segments(mask, orientation: str, scale: float, left: float, top: float) -> list[dict]:
    """Each run of rule ink as an edge in points, as pdfplumber describes the edges of drawn lines."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if orientation == "h":
            if h > 12 * scale:  # a filled block, not a rule
                continue
            yc = (y + h / 2) / scale + top
            x0, x1 = x / scale + left, (x + w) / scale + left
            out.append({"object_type": "edge", "x0": x0, "x1": x1, "top": yc, "bottom": yc,
                        "width": x1 - x0, "height": 0.0, "orientation": "h"})
        else:
            if w > 12 * scale:
                continue
            xc = (x + w / 2) / scale + left
            t, b = y / scale + top, (y + h) / scale + top
            out.append({"object_type": "edge", "x0": xc, "x1": xc, "top": t, "bottom": b,
                        "width": 0.0, "height": b - t, "orientation": "v"})
    return out


class _Edges:
    def __init__(self, edges: list[dict], bbox) -> None:
        self.edges = edges
        self.bbox = bbox


def _tables(edges: list[dict], shape, scale: float, left: float, top: float) -> list[list[tuple[int, int, int, int]]]:
    """The cells of each ruled table, in pixels, found as the PDF reader finds them."""
    from yusuan.read.ruled import TABLE_SETTINGS, find_tables

    h, w = shape
    bbox = (left, top, left + w / scale, top + h / scale)
    out = []
    for table in find_tables(_Edges(edges, bbox), TABLE_SETTINGS):
        cells = []
        for c in table.cells:
            x0, y0, x1, y1 = ((c[0] - left) * scale, (c[1] - top) * scale, (c[2] - left) * scale, (c[3] - top) * scale)
            if x1 - x0 > 2 and y1 - y0 > 2:
                cells.append((int(x0), int(y0), int(x1 + 0.5), int(y1 + 0.5)))
        if cells:
            out.append(cells)
    return out


def _cell_lines(ink, faint, x0: int, y0: int, x1: int, y1: int, speck: int = 0) -> list[_Crop]:
    """The printed lines inside one cell: bands of rows holding ink, each cut to its ink. Two bands
    a row or two apart with light ink between them are one line (the bar of a 7 and its stem); a
    line's ends take in the light ink next to them (a numbering's thin 二). Where a line runs across
    is found without the specks of ``speck`` pixels or fewer (:func:`_speck_area`): taken in, specks
    near a line's end are read as characters ("培训支出#", "76063.39" for 6063.39). Its rows, and
    the picture recognized, keep them: a stop between two digits is hardly larger than a speck, and
    a speck under a line cut through would read as a stop."""
    import numpy as np

    pad = 2
    region = ink[y0 + pad:y1 - pad, x0 + pad:x1 - pad]
    if region.size == 0 or np.count_nonzero(region) < 12:
        return []
    light = faint[y0 + pad:y1 - pad, x0 + pad:x1 - pad]
    bare, bare_light = (_without_specks(region, speck), _without_specks(light, speck)) if speck else (region, light)
    rows = np.count_nonzero(region, axis=1)
    bridged = np.count_nonzero(light, axis=1) > 0
    runs: list[list[int]] = []
    r, n = 0, len(rows)
    while r < n:
        if rows[r] == 0:
            r += 1
            continue
        start = r
        while r < n and rows[r] > 0:
            r += 1
        if runs and start - runs[-1][1] <= 2 and bridged[runs[-1][1]:start].all():
            runs[-1][1] = r
        else:
            runs.append([start, r])
    out = []
    for start, r in runs:
        if r - start < 5:  # a speck, or a stroke's end cut off by the rule
            continue
        span = _text_span(bare[start:r], bare_light[start:r])
        if span is None:
            continue
        bx0, bx1 = span
        m = 4
        out.append(_Crop(max(x0, x0 + pad + bx0 - m), max(y0, y0 + pad + start - m),
                         min(x1, x0 + pad + bx1 + m), min(y1, y0 + pad + r + m), True))
    return out


def _framed(image):
    """A line's picture with white space around it, as the recognizer saw lines in training: cut
    tight, a thin first character ("一、") is dropped."""
    import cv2

    m = max(4, (image.shape[0] * MARGIN) // 100)
    return cv2.copyMakeBorder(image, m, m, m, m, cv2.BORDER_CONSTANT, value=255)


def _text_span(band, light=None) -> tuple[int, int] | None:
    """Where a printed line's text runs across a band of a cell: runs of inked columns closer than a
    line's height make groups, and a group with less ink than a small character's is a speck of the
    scan, left out (read, a speck becomes a character). A dot of ink a line's height or more away
    from the rest at either end is a speck too ("06" and a speck read "06元"). The ends then take in
    the light ink (``light``) right beside them."""
    import numpy as np

    h = band.shape[0]
    ink = np.count_nonzero(band, axis=0)
    cols = np.nonzero(ink)[0]
    if cols.size == 0:
        return None
    groups: list[list[int]] = []
    for c in cols:
        if groups and c - groups[-1][1] <= 2.5 * h:  # a thin stroke's middle can fall below the ink threshold
            groups[-1][1] = int(c)
        else:
            groups.append([int(c), int(c)])
    kept = [g for g in groups if int(ink[g[0]:g[1] + 1].sum()) >= max(10, h * h // 40)]
    if not kept:
        return None
    pieces: list[list[int]] = []
    for c in cols[(cols >= kept[0][0]) & (cols <= kept[-1][1])]:
        if pieces and c - pieces[-1][1] <= h:
            pieces[-1][1] = int(c)
        else:
            pieces.append([int(c), int(c)])

    reached = np.count_nonzero(light, axis=0) > 0 if light is not None else None

    def dot(p: list[int]) -> bool:
        rows = np.nonzero(band[:, p[0]:p[1] + 1].any(axis=1))[0]
        if p[1] - p[0] + 1 > max(3, h // 4) or rows[-1] - rows[0] + 1 > max(3, h // 4):
            return False
        if reached is None:
            return True
        # A mark in light ink that runs on from it is no speck: the 、 of a numbering whose 一 is too
        # light for the ink (a speck's own grey edge is no wider than it).
        a, b = p
        k, blank = a - 1, 0
        while k >= 0 and blank <= 2:
            a, blank = (k, 0) if reached[k] else (a, blank + 1)
            k -= 1
        k, blank = b + 1, 0
        while k < len(reached) and blank <= 2:
            b, blank = (k, 0) if reached[k] else (b, blank + 1)
            k += 1
        return b - a + 1 <= max(3, h // 4)

    while len(pieces) > 1 and dot(pieces[0]):
        pieces.pop(0)
    while len(pieces) > 1 and dot(pieces[-1]):
        pieces.pop()
    a, b = pieces[0][0], pieces[-1][1] + 1
    if light is None:
        return a, b
    shade = np.count_nonzero(light, axis=0) >= 2
    reach, gap = int(1.5 * h), max(2, h // 3)
    # Light ink up to a third of the line's height away, over at most a character and a half.
    start, end = a, b
    k, blank = a - 1, 0
    while k >= 0 and blank <= gap and start - k <= reach:
        if shade[k]:
            a, blank = k, 0
        else:
            blank += 1
        k -= 1
    k, blank = b, 0
    while k < len(shade) and blank <= gap and k - end < reach:
        if shade[k]:
            b, blank = k + 1, 0
        else:
            blank += 1
        k += 1
    return a, b


def _normalize(text: str, probs: list[float]) -> list[tuple[str, float]]:
    """The recognized characters with their probabilities, as printed: spaces the recognizer puts
    inside a number ("9,501, 164") dropped, a dash read before or between Chinese characters made 一
    ("-般公共预算支出"), as is a mark read before a numbering's 、, a full-width comma in a number made
    the comma it is."""
    chars = [[ch, p] for ch, p in zip(text, probs)]
    while chars and chars[0][0].isspace():
        chars.pop(0)
    while chars and chars[-1][0].isspace():
        chars.pop()
    kept: list[list] = []
    for k, (ch, p) in enumerate(chars):
        if ch.isspace() and kept and kept[-1][0] in _NUMBER_CHARS and k + 1 < len(chars) \
                and chars[k + 1][0] in _NUMBER_CHARS:
            continue
        kept.append([ch, p])
    if kept and ((kept[0][0] == "、" and len(kept) > 1 and _is_wide(kept[1][0])) or kept[0][0] == "般"):
        # A numbering's 一 is a single thin stroke, the one character the recognizer loses outright
        # ("、一般公共服务支出", "般公共预算"); no name starts with 、, and 般 is always 一般's.
        kept.insert(0, ["一", 1.0])
    line = "".join(ch for ch, _ in kept)
    for m in _DASH_FOR_ONE.finditer(line):
        kept[m.start()][0] = "一"
    for m in _LOOKALIKE.finditer(line):
        # 入 read as 人 ("收人预算总表"), 休 as 体: the words they make are none a budget prints (not
        # once in the text layers of the real documents, where 收入 stands a thousand times).
        k = m.start(m.lastindex)
        kept[k][0] = _LOOKALIKE_FOR[kept[k][0]]
    for k in range(1, len(kept)):
        if kept[k][0] == "．" and kept[k - 1][0].isdigit():  # "1．一般公共预算资金": a numbering's stop
            kept[k][0] = "."
    odd = _ODD_SEPARATOR.fullmatch(line)
    if odd:
        # "1,097,073:43": a stop or comma read as a colon or semicolon (a figure holds neither);
        # what follows it says which, and the figure is marked as read with little certainty.
        c = kept[odd.start(1)]
        c[0], c[1] = ("." if len(odd.group(2)) == 2 else ","), min(c[1], 0.5)
        line = "".join(ch for ch, _ in kept)
    if re.fullmatch(r"[\d,，.\-]+", line):
        for c in kept:
            if c[0] == "，":
                c[0] = ","
        m = _STOP_FOR_COMMA.fullmatch(line)
        if m:
            # "383.789": no amount has three decimals; the stop is a thousands comma read wrong, and
            # the figure is marked as read with little certainty.
            c = kept[m.start(1)]
            c[0], c[1] = ",", min(c[1], 0.5)
        figure = "".join(ch for ch, _ in kept)
        if figure.count(".") >= 2 and _STOPS_FOR_COMMAS.fullmatch(figure):
            # "2.723.94": a figure has one stop, before its decimals; stops before groups of three
            # digits are thousands commas read wrong, and the figure is read with little certainty.
            last = figure.rindex(".")
            for k, ch in enumerate(figure):
                if ch == "." and k != last:
                    kept[k][0], kept[k][1] = ",", min(kept[k][1], 0.5)
    return [(ch, p) for ch, p in kept]


def _glyphs(crop: _Crop, text: str, probs: list[float], scale: float, left: float, top: float,
            sizes: list[int]) -> list[ScannedGlyph]:
    """The characters of one recognized line spread over its box, a Chinese character twice a
    narrow one's width; the type size is the page's usual line height where this line's is near it,
    so that lines of one paragraph read as one size."""
    keep = _normalize(text, probs)
    if not keep:
        if not crop.in_cell:
            return []
        # Ink in a cell read as nothing: a lost figure, if the cell is in a column of figures.
        x0, x1 = crop.x0 / scale + left, crop.x1 / scale + left
        y0, y1 = crop.top / scale + top, crop.bottom / scale + top
        return [ScannedGlyph(UNREAD, x0, x1, y0, y1, y1 - y0, "ocr", None, 0.0)]
    height = crop.bottom - crop.top - 8  # the margin added around the ink
    usual = sizes[len(sizes) // 2] - 8 if sizes else height
    if usual > 0 and abs(height - usual) <= usual * 0.25:
        height = usual
    size = max(4.0, height / scale / 0.85)
    units = [1.0 if _is_wide(ch) else 0.55 for ch, _ in keep]
    x0 = (crop.x0 + 4) / scale + left
    x1 = (crop.x1 - 4) / scale + left
    step = (x1 - x0) / sum(units)
    yc = (crop.top + crop.bottom) / 2 / scale + top
    out = []
    x = x0
    for (ch, p), u in zip(keep, units):
        w = step * u
        out.append(ScannedGlyph(ch, x, x + w, yc - size / 2, yc + size / 2, size, "ocr", None, p))
        x += w
    return out
