#!/usr/bin/python3
"""Inertia of clustered label rasters, computed independently of the tools that made them.

usage: /usr/bin/python3 bench/inertia.py SRC.tif K LABELS.tif [LABELS2.tif ...]

inertia = sum over valid pixels of the squared distance (over all bands of SRC) to the mean of
the pixel's class, the class means being taken from SRC's values (not from any tool's centres).

- Valid pixels: pixels of SRC where no band equals that band's NoData value (all pixels when SRC
  has no NoData). Every label map is scored over this same pixel set, so a tool that labels
  NoData pixels (scikit-learn clusters them as value 0) is not rewarded or penalised for it.
- A label outside 0..K-1 (255 is the NoData label when K < 255) on a valid pixel counts as
  unlabelled: it is excluded from the inertia and reported as `unlabelled`.
- Streaming in blocks of 512 rows, one pass: per class and band the count n, sum S and sum of
  squares SS are accumulated, and the class's inertia is SS - S^2/n. For integer sources the
  sums are exact integers (Python ints), so there is no cancellation error; float sources are
  shifted by the first block's mean and accumulated in float64.
- With two or more label maps, also reports the agreement of each map with the first one: the
  fraction of pixels valid in SRC and labelled in both maps that get the same label once the
  classes are matched (best permutation for K <= 5, otherwise by sorting classes by mean).

Prints one JSON object per label map, one a line."""
import itertools
import json
import sys

import numpy as np
from osgeo import gdal

BLOCK_ROWS = 512


class Accumulator:
    """Per-class count, sum and sum of squares of each band, over the valid labelled pixels."""

    def __init__(self, k, bands, exact):
        self.k, self.exact = k, exact
        zero = 0 if exact else 0.0
        self.n = [0] * k
        self.s = [[zero] * bands for _ in range(k)]
        self.ss = [[zero] * bands for _ in range(k)]
        self.unlabelled = 0        # valid in SRC, label outside 0..K-1
        self.nodata_labelled = 0   # NoData in SRC, label inside 0..K-1

    def add(self, x, labels, valid):
        """x: bands x pixels (int64 or float64), labels: pixels, valid: pixels (bool)."""
        labelled = labels < self.k
        self.unlabelled += int(np.count_nonzero(valid & ~labelled))
        self.nodata_labelled += int(np.count_nonzero(~valid & labelled))
        keep = valid & labelled
        for c in range(self.k):
            m = keep & (labels == c)
            cnt = int(np.count_nonzero(m))
            if cnt == 0:
                continue
            self.n[c] += cnt
            for b in range(x.shape[0]):
                v = x[b][m]
                if self.exact:   # int64 per block cannot overflow: 512*65536 px * 65535^2 < 2^63
                    self.s[c][b] += int(v.sum())
                    self.ss[c][b] += int(np.dot(v, v))
                else:
                    self.s[c][b] += float(v.sum())
                    self.ss[c][b] += float(np.dot(v, v))

    def inertia(self):
        total = 0.0
        for c in range(self.k):
            n = self.n[c]
            for b in range(len(self.s[c])):
                if n == 0:
                    continue
                if self.exact:   # (n*SS - S^2) / n exactly, then to float
                    total += (n * self.ss[c][b] - self.s[c][b] ** 2) / n
                else:
                    total += self.ss[c][b] - self.s[c][b] ** 2 / n
        return total

    def class_means(self, shift):
        """Mean of each band per class (NaN for an empty class)."""
        return [[(s / n + sh) if n else float('nan') for s, sh in zip(row, shift)]
                for row, n in zip(self.s, self.n)]


def best_matching(conf, means_a, means_b):
    """Fraction of pixels on the diagonal of `conf` after relabelling b's classes to a's."""
    k = conf.shape[0]
    total = conf.sum()
    if total == 0:
        return float('nan')
    if k <= 5:
        best = max(sum(conf[i, p[i]] for i in range(k)) for p in itertools.permutations(range(k)))
    else:   # rank classes by the mean of their band means
        ra = np.argsort([np.nanmean(m) for m in means_a])
        rb = np.argsort([np.nanmean(m) for m in means_b])
        best = sum(conf[ra[r], rb[r]] for r in range(k))
    return float(best) / float(total)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    src_path, k, label_paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    gdal.SetCacheMax(64 * 1024 * 1024)   # GDAL's default block cache is 5% of RAM
    src = gdal.Open(src_path)
    if src is None:
        sys.exit(f"cannot open {src_path}")
    xs, ys, nb = src.RasterXSize, src.RasterYSize, src.RasterCount
    nodata = [src.GetRasterBand(b + 1).GetNoDataValue() for b in range(nb)]
    exact = src.ReadAsArray(0, 0, 1, 1).dtype.kind in 'iu'   # integer source: exact sums
    maps = []
    for p in label_paths:
        ds = gdal.Open(p)
        if ds is None:
            sys.exit(f"cannot open {p}")
        if (ds.RasterXSize, ds.RasterYSize) != (xs, ys):
            sys.exit(f"{p}: {ds.RasterXSize}x{ds.RasterYSize}, source is {xs}x{ys}")
        maps.append(ds)
    acc = [Accumulator(k, nb, exact) for _ in maps]
    conf = [np.zeros((k, k), dtype=np.int64) for _ in maps]
    shift = [0.0] * nb

    for y0 in range(0, ys, BLOCK_ROWS):
        rows = min(BLOCK_ROWS, ys - y0)
        a = src.ReadAsArray(0, y0, xs, rows).reshape(nb, -1)
        valid = np.ones(a.shape[1], dtype=bool)
        for b in range(nb):
            if nodata[b] is not None:
                valid &= a[b] != nodata[b]
        if exact:
            x = a.astype(np.int64)
        else:
            if y0 == 0:
                shift = [float(np.mean(a[b][valid])) if valid.any() else 0.0 for b in range(nb)]
            x = a.astype(np.float64) - np.array(shift)[:, None]
        labels = [m.GetRasterBand(1).ReadAsArray(0, y0, xs, rows).ravel() for m in maps]
        for i, lab in enumerate(labels):
            acc[i].add(x, lab, valid)
            if i > 0:   # confusion with the first map, over pixels valid and labelled in both
                both = valid & (labels[0] < k) & (lab < k)
                conf[i] += np.bincount(labels[0][both].astype(np.int64) * k + lab[both],
                                       minlength=k * k).reshape(k, k)

    means0 = acc[0].class_means(shift)
    for i, p in enumerate(label_paths):
        out = {
            'path': p,
            'inertia': acc[i].inertia(),
            'valid': sum(acc[i].n) + acc[i].unlabelled,
            'unlabelled': acc[i].unlabelled,
            'nodata_labelled': acc[i].nodata_labelled,
            'class_counts': acc[i].n,
            'class_means': acc[i].class_means(shift),
        }
        if i > 0:
            out['agreement_with_first'] = best_matching(conf[i], means0, acc[i].class_means(shift))
        print(json.dumps(out))


if __name__ == '__main__':
    main()
