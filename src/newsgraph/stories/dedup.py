"""Near-duplicates (syndicated copies, updates of one article) found with MinHash LSH (datasketch)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsgraph.stories.features import NUM_PERM, as_minhash

HashValues: TypeAlias = MinHash | Sequence[int] | np.ndarray

DUPLICATE_THRESHOLD = 0.8


def _band_key(band: bytes) -> bytes:
    """An 8-byte digest of one LSH band: the index keeps these instead of the band's raw hash values."""
    return hashlib.blake2b(band, digest_size=8).digest()


class NearDuplicates:
    """An LSH index of body MinHashes; `find` names the original an article is a near-copy of.

    Families are stars: `find` always answers with an original (an article that is not itself a copy),
    so a chain of updates (A, A', A'') links every update to A.
    """

    def __init__(self, threshold: float = DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, hashfunc=_band_key)
        self._minhashes: dict[str, np.ndarray] = {}
        self._original: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._minhashes)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._minhashes

    def find(self, minhash: HashValues) -> tuple[str, float] | None:
        """The original of the most similar held article whose estimated Jaccard reaches the threshold."""
        values = _values(minhash)
        best: tuple[float, str] | None = None
        for key in self._lsh.query(as_minhash(values)):
            similarity = float(np.count_nonzero(self._minhashes[key] == values)) / len(values)
            if similarity >= self.threshold and (best is None or (similarity, key) > best):
                best = (similarity, key)
        if best is None:
            return None
        return self._original.get(best[1], best[1]), best[0]

    def add(self, article_id: str, minhash: HashValues, duplicate_of: str | None = None) -> None:
        """Hold `article_id`; `duplicate_of` is the original it copies, if it is a copy."""
        if article_id in self._minhashes:
            return
        values = _values(minhash)
        self._lsh.insert(article_id, as_minhash(values), check_duplication=False)
        self._minhashes[article_id] = values
        if duplicate_of is not None:
            self._original[article_id] = self._original.get(duplicate_of, duplicate_of)


def _values(minhash: HashValues) -> np.ndarray:
    """The hash values as a uint32 array (datasketch's own dtype for its default scheme)."""
    values = minhash.hashvalues if isinstance(minhash, MinHash) else minhash
    return np.asarray(values, dtype=np.uint32)
