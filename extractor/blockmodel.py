"""The learned block classifier: character n-grams + layout + neighbour context.

`BlockClassifier` is a plain estimator: `fit(docs, labels)` then `predict(doc)`. Its
weights are stored as a vocabulary, class list and weight matrix (``.npz`` + ``.json``,
no pickle), so the shipped model is small, inspectable and loads in milliseconds;
prediction is a sparse dot product with numpy (scikit-learn is only needed to fit).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from .templates import normalize
from .labels import LABELS, rule_label
from .model import Document

MODEL_DIR_NAME = "block-classifier"  # its folder in a model bundle (extractor.bundle)
_DIGITS = re.compile(r"\d+")


# what converters draw around cells (pipes, markdown grid tables, box drawing) is not wording:
# left out of a block's shape, so a label inside a drawn row shows its own characters
_DECOR = re.compile(r"[|│┃¦]|[-+=─━┄┈┼╋_~*#]{2,}")


@lru_cache(maxsize=65536)  # wordings and numbers repeat within a report and across reports
def _shape(text: str) -> str:
    t = normalize(text)
    t = _DECOR.sub("", t) or t
    t = _DIGITS.sub("0", t)
    return t[:24] + ("…" + t[-12:] if len(t) > 36 else t[24:36])


# a label's item number ("7." of 7.属于行政执法案卷): the shape folds digits, and two rows whose
# printed heads wrap after the same words ("7.属于行政" / "8.属于行政") differ only by it
_ITEM_NUMBER = re.compile(r"(\d{1,2})[.、．](?=\D)")


@lru_cache(maxsize=65536)
def _item_number(text: str) -> tuple[str, str] | None:
    """The item number a block's wording starts with and the two characters after it, or None."""
    t = normalize(text)
    t = (_DECOR.sub("", t) or t).lstrip()
    m = _ITEM_NUMBER.match(t)
    return (m.group(1), t[m.end():m.end() + 2]) if m else None


def rule_kind(label: str) -> str:
    """The coarse kind of a rule label (row, group, heading, value, …): a weak feature, so the
    model learns which row a wording is from its characters and its context, not from the rule."""
    return label.split(".", 1)[0]


def _bucket(v: float, step: float, top: int) -> int:
    return min(int(v // step), top)


def _geometry(doc: Document) -> list[tuple]:
    """Per block: (character column of its line start, indentation, alone on its line, relative
    left edge 0-9 or None, relative width 0-9 or None). Character columns come from the text
    (space-aligned converter output); edges from the loader's geometry where it has any."""
    text = doc.text
    blocks = doc.blocks
    xs = [(b.x0, b.x1) for b in blocks if getattr(b, "x0", None) is not None and getattr(b, "x1", None) is not None]
    lo = min((a for a, _ in xs), default=0.0)
    span = (max((c for _, c in xs), default=0.0) - lo) or 1.0
    out = []
    n = len(text)
    lines: dict[tuple[int, int], tuple[int, str]] = {}  # (start, end) -> (indentation, stripped): cells share lines
    for b in blocks:
        ls = text.rfind("\n", 0, b.start) + 1 if 0 <= b.start <= n else 0
        le = text.find("\n", b.end) if 0 <= b.end <= n else -1
        li = lines.get((ls, le))
        if li is None:
            line = text[ls:le if le >= 0 else n]
            li = lines[(ls, le)] = (len(line) - len(line.lstrip(" \u3000")), line.strip())
        ccol = b.start - ls
        indent = li[0]
        alone = li[1] == b.text.strip()
        x0, x1 = getattr(b, "x0", None), getattr(b, "x1", None)
        gx = gw = None
        if x0 is not None and x1 is not None:
            gx = _bucket((x0 - lo) / span, 0.1, 9)
            gw = _bucket((x1 - x0) / span, 0.1, 9)
        out.append((ccol, indent, alone, gx, gw))
    return out


def block_features(doc: Document, rules: list[str] | None = None) -> list[list[str]]:
    """Feature strings of every block (a bag per block): its characters, its layout (cell or
    line, grid column, row length, character column and indentation of space-aligned text,
    left edge and width where the loader kept geometry) and its neighbours' (shape, kind,
    same row, the block above in its column). The template rule enters only as its coarse kind
    (and the last row label the rules saw before it): the learned part is the wording and layout."""
    return [list(_head_feats(h)) + list(_char_feats(s)) + list(_tail_feats(t))
            for h, s, t in _feature_parts(doc, rules)]


# A block's features come in three parts, each written by one function from a small key
# (_feature_parts computes the keys): its own layout (_head_feats), its characters
# (_char_feats) and its context (_tail_feats). The keys repeat from block to block and report
# to report, so the strings, and in prediction their vocabulary indices, are made once per key.

@lru_cache(maxsize=65536)
def _head_feats(key: tuple) -> tuple[str, ...]:
    """The block's own layout: key = (rule kind, block kind, length bucket, grid column, row
    length, values in the row, first in its row, character column bucket, indentation bucket,
    alone on its line, last row label before it, left edge, width, blank, item number)."""
    rk, kind, ln, col, rowlen, rowvals, first, cc, ind, alone, lastrow, gx, gw, blank, num = key
    f = [f"rk={rk}", f"k={kind}", f"len={ln}", f"col={col}", f"rowlen={rowlen}", f"rowvals={rowvals}",
         f"first={first}", f"cc={cc}", f"ind={ind}", f"alone={alone}", f"lastrow={lastrow}"]
    if gx is not None:
        f += [f"gx={gx}", f"gw={gw}"]
    if blank:
        f.append("blank")
    if num is not None:
        # last: a bundle fitted before these features has none of them in its vocabulary, and
        # leaving them out keeps its sums (and readings) exactly as they were
        f += [f"num={num[0]}", f"numw={num[0]}{num[1]}"]
    return tuple(f)


@lru_cache(maxsize=65536)
def _char_feats(s: str) -> tuple[str, ...]:
    """The character n-gram features of a block's shape."""
    padded = f"^{s}$"
    f = [f"c1={ch}" for ch in set(s[:24])]
    f += [f"c2={padded[j:j + 2]}" for j in range(len(padded) - 1)]
    f += [f"c3={padded[j:j + 3]}" for j in range(min(len(padded) - 2, 14))]
    f += [f"e3={padded[j:j + 3]}" for j in range(max(0, len(padded) - 8), len(padded) - 2)]
    return tuple(f)


@lru_cache(maxsize=65536)
def _tail_feats(key: tuple) -> tuple[str, ...]:
    """The block's context: key = (previous, next, the one before the previous, the one after
    the next, the block above in its column, its row's head). The neighbours at distance 1 are
    (kind, shape prefix, same row), at distance 2 a kind, None past the document's edge."""
    p, n, pp, nn, above, rh = key
    t: list[str] = []
    for tag, v in (("p", p), ("n", n)):
        t += [f"{tag}=edge"] if v is None else [f"{tag}k={v[0]}", f"{tag}s={v[1]}", f"{tag}samerow={v[2]}"]
    for tag, v in (("pp", pp), ("nn", nn)):
        t.append(f"{tag}=edge" if v is None else f"{tag}k={v}")
    if above is not None:
        t += [f"ak={above[0]}", f"as={above[1]}"]
    if rh is not None:
        t.append(f"rh={rh}")
    return tuple(t)


def _feature_parts(doc: Document, rules: list[str] | None = None,
                   skip: tuple[str, ...] = ()) -> list[tuple[tuple, str, tuple] | None]:
    """Per block (_head_feats key, shape, _tail_feats key); None for a block whose rule label
    is in `skip` (its features are not needed)."""
    blocks = doc.blocks
    rules = rules or [rule_label(b.text, b.kind, b.blank) for b in blocks]
    kinds = [rule_kind(r) for r in rules]
    shapes = [_shape(b.text) for b in blocks]
    geo = _geometry(doc)
    parts: list[tuple[tuple, str, tuple] | None] = []
    n = len(blocks)
    row_len: dict[int, int] = {}
    row_first: dict[int, int] = {}
    row_vals: dict[int, int] = {}
    for i, b in enumerate(blocks):
        row_len[b.row] = row_len.get(b.row, 0) + 1
        row_first.setdefault(b.row, i)
        row_vals[b.row] = row_vals.get(b.row, 0) + (kinds[i] == "value")
    # the block above in the same grid column (previous layout row)
    above: list[int | None] = [None] * n
    prev_row: dict[int, int] = {}
    cur_row: dict[int, int] = {}
    last_row = None
    for i, b in enumerate(blocks):
        if b.row != last_row:
            prev_row, cur_row, last_row = cur_row, {}, b.row
        cur_row.setdefault(b.col, i)
        above[i] = prev_row.get(b.col)
    last_rowlab = "none"
    for i, b in enumerate(blocks):
        if rules[i] in skip:
            parts.append(None)
        else:
            s = shapes[i]
            ccol, indent, alone, gx, gw = geo[i]
            r = b.row
            head = (kinds[i], b.kind, min(len(s), 40) // 4, min(b.col, 3), min(row_len[r], 9),
                    min(row_vals[r], 8), row_first[r] == i, _bucket(ccol, 4, 20), _bucket(indent, 2, 8),
                    alone, last_rowlab, gx, gw, bool(b.blank), _item_number(b.text))
            p = (kinds[i - 1], shapes[i - 1][:6], blocks[i - 1].row == r) if i >= 1 else None
            nx = (kinds[i + 1], shapes[i + 1][:6], blocks[i + 1].row == r) if i + 1 < n else None
            a = above[i]
            h = row_first[r]
            tail = (p, nx, kinds[i - 2] if i >= 2 else None, kinds[i + 2] if i + 2 < n else None,
                    (kinds[a], shapes[a][:4]) if a is not None else None, shapes[h][:6] if h != i else None)
            parts.append((head, s, tail))
        if kinds[i] == "row":
            last_rowlab = rules[i]
        elif kinds[i] == "heading":
            last_rowlab = rules[i]
    return parts


class BlockClassifier:
    name = "block-classifier"
    kind = "block-lr"  # in a bundle's manifest
    FILES = ("meta.json", "weights.npz")  # what `save` writes and `load` reads (hashed in the manifest)

    def __init__(self, C: float = 4.0, max_iter: int = 300, seed: int = 0):
        self.C, self.max_iter, self.seed = C, max_iter, seed
        self.vocab: dict[str, int] = {}
        self.classes: list[str] = []
        self.coef: np.ndarray | None = None
        self.intercept: np.ndarray | None = None
        self.version = "untrained"
        self.meta: dict = {}

    # --- fitting (scikit-learn) ---
    def fit(self, feats: list[list[str]], labels: list[str], sample_weight=None) -> "BlockClassifier":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        dv = DictVectorizer(dtype=np.float32)
        X = dv.fit_transform({k: 1.0 for k in f} for f in feats)
        clf = LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=self.seed)
        clf.fit(X, labels, sample_weight=sample_weight)
        self.vocab = {k: i for i, k in enumerate(dv.feature_names_)}
        self.classes = [str(c) for c in clf.classes_]
        coef, inter = clf.coef_, clf.intercept_
        if len(self.classes) == 2:  # binary LR keeps one row
            coef, inter = np.vstack([-coef, coef]), np.array([-inter[0], inter[0]])
        self.coef = coef.astype(np.float32)
        self.intercept = inter.astype(np.float32)
        for k in self._CACHES:  # a refit changes the vocabulary: indices cached for the old one are void
            self.__dict__.pop(k, None)
        return self

    _CACHES = ("_part_idx", "_coefT_cache", "_coefT_of")  # made by prediction, rebuilt on demand

    def __getstate__(self) -> dict:
        """Pickled (e.g. for a worker process) without the prediction caches."""
        return {k: v for k, v in self.__dict__.items() if k not in self._CACHES}

    # --- prediction (numpy only) ---
    def predict_proba_feats(self, feats: list[list[str]]) -> np.ndarray:
        assert self.coef is not None, "model not fitted"
        return self._proba([self._look(f) for f in feats])

    def _look(self, feats) -> list[int]:
        """The vocabulary indices of the features the model knows, in their order."""
        return [i for i in map(self.vocab.get, feats) if i is not None]

    def _proba(self, idx: list[list[int]]) -> np.ndarray:
        """Class probabilities of blocks given as the vocabulary indices of their features.
        Each block's weights are summed one feature after another in its own order, as a
        float32 sum along the rows does (numpy's pairwise or blocked sums would round
        differently), but over all blocks at once: step k adds every block's k-th feature."""
        coefT = self._coefT
        n, c = len(idx), coefT.shape[1]
        sums = np.zeros((n, c), dtype=coefT.dtype)
        if n:
            lens = np.fromiter(map(len, idx), dtype=np.intp, count=n)
            order = np.argsort(-lens, kind="stable")  # longest first: step k adds to a prefix
            lens_sorted = lens[order]
            total = int(lens_sorted.sum())
            flat = np.fromiter(chain.from_iterable(map(idx.__getitem__, order.tolist())), dtype=np.intp, count=total)
            # steps[k, b]: the k-th feature of (sorted) block b
            steps = np.zeros((int(lens_sorted[0]), n), dtype=np.intp)
            starts = np.cumsum(lens_sorted) - lens_sorted
            steps[np.arange(total) - np.repeat(starts, lens_sorted), np.repeat(np.arange(n), lens_sorted)] = flat
            # how many blocks have more than k features, for every k
            active = np.searchsorted(-lens_sorted, -np.arange(steps.shape[0]), side="left")
            acc = np.zeros((n, c), dtype=coefT.dtype)
            for k, m in enumerate(active.tolist()):
                acc[:m] += coefT.take(steps[k, :m], axis=0)
            sums[order] = acc
        scores = self.intercept + sums
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(axis=1, keepdims=True)

    @property
    def _coefT(self) -> np.ndarray:
        """The weights as (feature, class) rows, contiguous (rows are gathered per feature)."""
        if getattr(self, "_coefT_of", None) is not self.coef:
            self._coefT_cache, self._coefT_of = np.ascontiguousarray(self.coef.T), self.coef
        return self._coefT_cache

    def _indices(self, doc: Document, rules: list[str], skip: tuple[str, ...] = ()) -> list[list[int]]:
        """block_features of every block as vocabulary indices, each part once per key; blocks
        whose rule label is in `skip` are left out."""
        caches = self.__dict__.get("_part_idx")
        if caches is None or sum(map(len, caches)) > 300_000:  # bounded: bulk runs meet many one-off keys
            caches = self.__dict__["_part_idx"] = ({}, {}, {})
        hc, cc, tc = caches
        look = self._look
        out = []
        for part in _feature_parts(doc, rules, skip):
            if part is None:
                continue
            h, s, t = part
            hi = hc.get(h)
            if hi is None:
                hi = hc[h] = look(_head_feats(h))
            ci = cc.get(s)
            if ci is None:
                ci = cc[s] = look(_char_feats(s))
            ti = tc.get(t)
            if ti is None:
                ti = tc[t] = look(_tail_feats(t))
            out.append(hi + ci + ti)
        return out

    FIXED = ("break", "blank")  # rule labels fixed by layout, not by wording: kept, not predicted

    def predict(self, doc: Document) -> list[tuple[str, float, dict]]:
        assert self.coef is not None, "model not fitted"
        rules = [rule_label(b.text, b.kind, b.blank) for b in doc.blocks]
        # each block's probabilities depend on its own features only: the fixed blocks' are not computed
        proba = self._proba(self._indices(doc, rules, self.FIXED))
        # the three most probable classes of each block, most probable first (as np.argsort
        # of each row, reversed)
        top = np.argsort(proba, axis=1)[:, ::-1][:, :3]
        top_p = np.take_along_axis(proba, top, axis=1).tolist()
        predicted = iter(zip(top.tolist(), top_p))
        classes = self.classes
        out = []
        for r in rules:
            if r in self.FIXED:
                out.append((r, 1.0, {}))
                continue
            ti, pi = next(predicted)
            out.append((classes[ti[0]], pi[0], {classes[j]: p for j, p in zip(ti, pi)}))
        return out

    # --- persistence ---
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        # uncompressed: every process that extracts reads it (decompressing cost ~10 ms per start)
        np.savez(directory / "weights.npz", coef=self.coef.astype(np.float16), intercept=self.intercept)
        (directory / "meta.json").write_text(json.dumps({
            "version": self.version, "classes": self.classes,
            "vocab": sorted(self.vocab, key=self.vocab.get),
            "params": {"C": self.C, "max_iter": self.max_iter, "seed": self.seed}, **self.meta,
        }, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> "BlockClassifier":
        meta = json.loads((directory / "meta.json").read_text())
        w = np.load(directory / "weights.npz")
        m = cls(**meta["params"])
        m.vocab = dict(zip(meta["vocab"], range(len(meta["vocab"]))))
        m.classes = meta["classes"]
        m.coef = w["coef"].astype(np.float32)
        m.intercept = w["intercept"].astype(np.float32)
        m.version = meta["version"]
        return m


def load_default(bundle=None) -> BlockClassifier:
    """The block classifier of a model bundle (default: the one extractor.bundle finds); a
    missing or inconsistent bundle is a BundleError, never None."""
    from .bundle import default_bundle

    bundle = bundle or default_bundle()
    model = BlockClassifier.load(bundle.classifier_dir)
    bundle.check_version("classifier", model.version)
    return model


assert set(LABELS)  # the label set is defined by labels.py
