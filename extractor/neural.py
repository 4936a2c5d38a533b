"""A small transformer over the characters of a block and its neighbours (optional).

`NeuralBlockClassifier` has the contract of `blockmodel.BlockClassifier`: `fit(seqs,
labels)` on one token sequence per block (`block_tokens`), `predict(doc)` giving per block
(label, probability, top-3 dict), `save(dir)` / `load(dir)`. It is a `transformers`
`BertForSequenceClassification` configured here and trained from scratch (never
`from_pretrained`: nothing is downloaded), over a vocabulary of the characters seen in
training plus layout tokens. The input of a block is

    <r:rule> <k:kind> <col:c> <rl:n> [<blank>] [SEP] its text (≤32) [SEP]
          <r:prev rule> [<same>] previous text (≤16) [SEP] <r:next rule> [<same>] next text (≤16)

with the text normalised as the template's aliases are (NFKC, no spaces) and digit runs
folded to 0; the rule's label sits in the [CLS] slot and that position's vector is
classified into the block labels.

Use: `xxgk extract --classifier neural` (this model alone) or `--classifier ensemble` (the
default model's labels, this model's as a second opinion for confidence), see
`classify.named_classifier`. Trained and compared by `python -m training.neural`; its numbers
are in models/default/block-neural/MODEL_CARD.md (an optional member of the model bundle,
see extractor.bundle).

torch and transformers are imported inside the functions that need them, never at module
import, so the pipeline's default path (`extractor.classify.default_classifier`) stays free
of them. Install with `pip install -e .[neural]`.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np

from . import templates as T
from .labels import LABELS, rule_label
from .model import Document

MODEL_DIR_NAME = "block-neural"  # its folder in a model bundle (extractor.bundle)
SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")
PAD, UNK, CLS, SEP = range(4)
MAX_BLOCK, MAX_CTX = 32, 16
# token types: 0 [CLS] + layout tokens, 1 the block's text, 2 previous block, 3 next block
_DIGITS = re.compile(r"\d+")


def available() -> bool:
    """Whether torch and transformers can be imported (without importing them)."""
    from importlib.util import find_spec

    return find_spec("torch") is not None and find_spec("transformers") is not None


def _norm(text: str) -> str:
    return _DIGITS.sub("0", T.normalize(text))


def _clip(t: str, n: int) -> str:
    """At most n characters: the head and the tail (a row label ends what precedes its values)."""
    if len(t) <= n:
        return t
    head = (2 * n) // 3
    return t[:head] + "…" + t[-(n - head - 1):]


def layout_tokens() -> list[str]:
    """Every non-character token a sequence can hold (always in the vocabulary)."""
    toks = ["<k:line>", "<k:paragraph>", "<k:cell>", "<k:piece>", "<k:break>", "<k:other>", "<blank>",
            "<same>", "<edge>"]
    toks += [f"<col:{c}>" for c in range(4)] + [f"<rl:{n}>" for n in range(1, 10)]
    toks += [f"<r:{lab}>" for lab in LABELS]
    return toks


_KINDS = {"line", "paragraph", "cell", "piece", "break"}


def block_tokens(doc: Document, rules: list[str] | None = None) -> list[tuple[list[str], list[int]]]:
    """(tokens, token types) of every block of a document, [CLS] first."""
    blocks = doc.blocks
    rules = rules or [rule_label(b.text, b.kind, b.blank) for b in blocks]
    texts = [_norm(b.text) for b in blocks]
    row_len: dict[int, int] = {}
    for b in blocks:
        row_len[b.row] = row_len.get(b.row, 0) + 1
    out = []
    n = len(blocks)
    for i, b in enumerate(blocks):
        kind = b.kind if b.kind in _KINDS else "other"
        # the rule's label takes the [CLS] slot: the summary vector starts from what the
        # template's wording says, and attention adds what the characters and neighbours say
        head = [f"<r:{rules[i]}>", f"<k:{kind}>", f"<col:{min(b.col, 3)}>", f"<rl:{min(row_len[b.row], 9)}>"] \
            + (["<blank>"] if b.blank else []) + ["[SEP]"]
        toks, types = head, [0] * len(head)
        own = list(_clip(texts[i], MAX_BLOCK)) + ["[SEP]"]
        toks, types = toks + own, types + [1] * len(own)
        for d, ty in ((-1, 2), (1, 3)):
            j = i + d
            if 0 <= j < n:
                ctx = [f"<r:{rules[j]}>"] + (["<same>"] if blocks[j].row == b.row else [])
                ctx += list(texts[j][:MAX_CTX] if d > 0 else _clip(texts[j], MAX_CTX))
            else:
                ctx = ["<edge>"]
            if d < 0:
                ctx.append("[SEP]")
            toks, types = toks + ctx, types + [ty] * len(ctx)
        out.append((toks, types))
    return out


class NeuralBlockClassifier:
    name = "block-neural"
    kind = "block-bert"  # in a bundle's manifest
    FILES = ("config.json", "weights.safetensors")  # what `save` writes and `load` reads (hashed in the manifest)

    def __init__(self, hidden: int = 64, layers: int = 2, heads: int = 2, intermediate: int = 128,
                 epochs: int = 3, batch: int = 64, lr: float = 3e-3, min_char_count: int = 2,
                 max_dup: int = 4, dropout: float = 0.1, seed: int = 0, threads: int = 1):
        self.params = {"hidden": hidden, "layers": layers, "heads": heads, "intermediate": intermediate,
                       "epochs": epochs, "batch": batch, "lr": lr, "min_char_count": min_char_count,
                       "max_dup": max_dup, "dropout": dropout, "seed": seed, "threads": threads}
        self.vocab: dict[str, int] = {}
        self.classes: list[str] = []
        self.net = None
        self.version = "untrained"
        self.meta: dict = {}

    # --- the network -----------------------------------------------------------------------
    def _config(self):
        from transformers import BertConfig

        p = self.params
        return BertConfig(vocab_size=len(self.vocab), hidden_size=p["hidden"], num_hidden_layers=p["layers"],
                          num_attention_heads=p["heads"], intermediate_size=p["intermediate"],
                          hidden_dropout_prob=p["dropout"], attention_probs_dropout_prob=p["dropout"],
                          max_position_embeddings=96, type_vocab_size=4, pad_token_id=PAD,
                          num_labels=len(self.classes), attn_implementation="eager")

    def _build(self):
        from transformers import BertForSequenceClassification

        net = BertForSequenceClassification(self._config())
        net.config.problem_type = "single_label_classification"
        return net

    def encode(self, seqs: list[tuple[list[str], list[int]]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        v = self.vocab
        return [(tuple(v.get(t, UNK) for t in toks), tuple(types)) for toks, types in seqs]

    @staticmethod
    def _batch(enc, idx):
        import torch

        L = max(len(enc[i][0]) for i in idx)
        ids = torch.full((len(idx), L), PAD, dtype=torch.long)
        types = torch.zeros((len(idx), L), dtype=torch.long)
        mask = torch.zeros((len(idx), L), dtype=torch.long)
        for r, i in enumerate(idx):
            a, t = enc[i]
            ids[r, :len(a)] = torch.tensor(a)
            types[r, :len(t)] = torch.tensor(t)
            mask[r, :len(a)] = 1
        return ids, types, mask

    # --- fitting -----------------------------------------------------------------------------
    def fit(self, seqs: list[tuple[list[str], list[int]]], labels: list[str],
            log=None) -> "NeuralBlockClassifier":
        """Train from scratch on one (tokens, types) sequence per block (see `block_tokens`)."""
        import torch

        p = self.params
        torch.manual_seed(p["seed"])
        threads = torch.get_num_threads()
        torch.set_num_threads(p["threads"])
        try:
            return self._fit(seqs, labels, log)
        finally:
            torch.set_num_threads(threads)

    def _fit(self, seqs, labels, log):
        import torch

        p = self.params
        rng = np.random.default_rng(p["seed"])
        chars = Counter(t for toks, _ in seqs for t in toks)
        fixed = list(SPECIAL) + layout_tokens()
        kept = sorted(c for c, k in chars.items() if k >= p["min_char_count"] and c not in fixed)
        self.vocab = {t: i for i, t in enumerate(fixed + kept)}
        self.classes = sorted(set(labels))
        cls_index = {c: i for i, c in enumerate(self.classes)}
        enc = self.encode(seqs)
        # identical inputs with the same label teach nothing new past a few copies
        seen: Counter = Counter()
        keep = []
        for i, (e, lab) in enumerate(zip(enc, labels)):
            seen[e, lab] += 1
            if seen[e, lab] <= p["max_dup"]:
                keep.append(i)
        enc = [enc[i] for i in keep]
        y = torch.tensor([cls_index[labels[i]] for i in keep], dtype=torch.long)
        self.net = net = self._build()
        opt = torch.optim.AdamW(net.parameters(), lr=p["lr"], weight_decay=0.01)
        bs = p["batch"]
        steps_per_epoch = (len(enc) + bs - 1) // bs
        total = steps_per_epoch * p["epochs"]
        warm = max(1, total // 20)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / warm, max(0.02, (total - s) / max(1, total - warm))))
        lengths = np.array([len(e[0]) for e in enc])
        net.train()
        t0 = time.time()
        step = 0
        for epoch in range(p["epochs"]):
            # length-bucketed batches (little padding), in a seeded random order
            perm = rng.permutation(len(enc))
            chunks = [perm[i:i + bs * 32] for i in range(0, len(perm), bs * 32)]
            batches = []
            for ch in chunks:
                ch = ch[np.argsort(lengths[ch], kind="stable")]
                batches += [ch[i:i + bs] for i in range(0, len(ch), bs)]
            order = rng.permutation(len(batches))
            run_loss = 0.0
            for bi in order:
                idx = batches[bi]
                ids, types, mask = self._batch(enc, idx)
                out = net(input_ids=ids, token_type_ids=types, attention_mask=mask, labels=y[idx])
                opt.zero_grad()
                out.loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                opt.step()
                sched.step()
                step += 1
                run_loss += float(out.loss.detach())
            if log:
                log(f"epoch {epoch + 1}/{p['epochs']}: {len(enc)} examples ({len(seqs)} before dedup), "
                    f"loss {run_loss / max(1, len(batches)):.4f}, {time.time() - t0:.0f}s")
        net.eval()
        self.meta["examples"] = {"blocks": len(seqs), "unique_kept": len(enc)}
        return self

    # --- prediction --------------------------------------------------------------------------
    def predict_proba_seqs(self, seqs, batch: int = 256) -> np.ndarray:
        import torch

        assert self.net is not None, "model not fitted"
        enc = self.encode(seqs)
        out = np.zeros((len(enc), len(self.classes)), dtype=np.float32)
        order = np.argsort([len(e[0]) for e in enc], kind="stable")
        self.net.eval()
        threads = torch.get_num_threads()
        torch.set_num_threads(self.params["threads"])
        try:
            with torch.inference_mode():
                for s in range(0, len(order), batch):
                    idx = order[s:s + batch]
                    ids, types, mask = self._batch(enc, idx)
                    logits = self.net(input_ids=ids, token_type_ids=types, attention_mask=mask).logits
                    out[idx] = torch.softmax(logits.float(), dim=-1).numpy()
        finally:
            torch.set_num_threads(threads)
        return out

    def predict(self, doc: Document) -> list[tuple[str, float, dict]]:
        rules = [rule_label(b.text, b.kind, b.blank) for b in doc.blocks]
        todo = [i for i, r in enumerate(rules) if r not in ("break", "blank")]
        seqs = block_tokens(doc, rules)
        proba = self.predict_proba_seqs([seqs[i] for i in todo]) if todo else None
        out: list[tuple[str, float, dict]] = [(r, 1.0, {}) for r in rules]  # fixed by layout
        for k, i in enumerate(todo):
            row = proba[k]
            top = np.argsort(row)[::-1][:3]
            alt = {self.classes[j]: float(row[j]) for j in top}
            out[i] = (self.classes[top[0]], float(row[top[0]]), alt)
        return out

    # --- persistence -------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        from safetensors.torch import save_file

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().contiguous() for k, v in self.net.state_dict().items()}
        save_file(state, str(directory / "weights.safetensors"), metadata={"version": self.version})
        (directory / "config.json").write_text(json.dumps({
            "version": self.version, "classes": self.classes,
            "vocab": sorted(self.vocab, key=self.vocab.get), "params": self.params, **self.meta,
        }, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> "NeuralBlockClassifier":
        from safetensors.torch import load_file

        directory = Path(directory)
        cfg = json.loads((directory / "config.json").read_text())
        m = cls(**cfg["params"])
        m.vocab = {t: i for i, t in enumerate(cfg["vocab"])}
        m.classes = cfg["classes"]
        m.version = cfg["version"]
        m.meta = {k: v for k, v in cfg.items() if k not in ("version", "classes", "vocab", "params")}
        m.net = m._build()
        m.net.load_state_dict(load_file(str(directory / "weights.safetensors")))
        m.net.eval()
        return m


def load_default(bundle=None) -> NeuralBlockClassifier | None:
    """The neural model of a model bundle (default: the one extractor.bundle finds), or None
    when the bundle has none or torch/transformers are missing (a bundle that names one it
    does not hold is a BundleError)."""
    from .bundle import default_bundle

    bundle = bundle or default_bundle()
    if bundle.neural is None or not available():
        return None
    model = NeuralBlockClassifier.load(bundle.neural_dir)
    bundle.check_version("neural", model.version)
    return model
