#!/usr/bin/python3
"""Expectations for the Pester suite, computed apart from the module: GDAL's Python bindings read the
pixels, numpy and scikit-learn do the arithmetic. Prints JSON. Run with Debian's /usr/bin/python3.

  exact1d IN BAND K [K...]    the optimal K-means partition of an integer band (dynamic programme
                              over its value histogram, every contiguous split tried): per K the
                              inertia, centres, pixel counts and the largest value of each class
  labels SRC OUT [BANDS]      the labelling in OUT measured on SRC: pixels per label, inertia of the
                              labelling (squared distance of each valid pixel to its label's mean)
  compare OUT1 OUT2           number of pixels whose labels differ
  nearest SRC BAND OUT C...   number of pixels of OUT not labelled with their nearest centre C
  sklearn SRC K               scikit-learn KMeans (k-means++, n_init=10) on every band: inertia
  silhouette SRC BAND K...    per K, the silhouette of the exact 1-D partition on an 8,000-pixel sample
  make OUT W H TYPE NODATA V...  a hand-made GeoTIFF, values row by row (NODATA 'none' for none),
                              28.5 m pixels in EPSG:31985
"""
import json
import sys

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()


def read(path, band):
    ds = gdal.Open(path)
    b = ds.GetRasterBand(band)
    values = b.ReadAsArray().astype(np.float64).ravel()
    nodata = b.GetNoDataValue()
    valid = np.ones(values.shape, bool) if nodata is None else values != nodata
    return values, valid


def exact1d(path, band, ks):
    values, valid = read(path, band)
    distinct, counts = np.unique(values[valid], return_counts=True)
    c = np.concatenate([[0], np.cumsum(counts)])
    s = np.concatenate([[0], np.cumsum(counts * distinct)])
    q = np.concatenate([[0], np.cumsum(counts * distinct * distinct)])
    n = len(distinct)

    def cost(i, j):   # distinct values i..j-1 in one class
        w = c[j] - c[i]
        return q[j] - q[i] - (s[j] - s[i]) ** 2 / w

    result = {}
    for k in ks:
        best = np.full((k + 1, n + 1), np.inf)
        split = np.zeros((k + 1, n + 1), int)
        best[0][0] = 0
        for m in range(1, k + 1):
            for j in range(m, n + 1):
                for i in range(m - 1, j):
                    v = best[m - 1][i] + cost(i, j)
                    if v < best[m][j]:
                        best[m][j], split[m][j] = v, i
        bounds, j = [], n
        for m in range(k, 0, -1):
            bounds.append((split[m][j], j))
            j = split[m][j]
        bounds.reverse()
        result[str(k)] = {
            "inertia": float(best[k][n]),
            "centres": [float((s[j] - s[i]) / (c[j] - c[i])) for i, j in bounds],
            "counts": [int(c[j] - c[i]) for i, j in bounds],
            "upper": [float(distinct[j - 1]) for i, j in bounds],
        }
    return result


def labels(src, out, bands):
    ds = gdal.Open(src)
    bands = bands or list(range(1, ds.RasterCount + 1))
    x = np.stack([ds.GetRasterBand(b).ReadAsArray().astype(np.float64).ravel() for b in bands], axis=1)
    o = gdal.Open(out)
    ob = o.GetRasterBand(1)
    lab = ob.ReadAsArray().ravel().astype(np.int64)
    nodata = ob.GetNoDataValue()
    valid = np.ones(lab.shape, bool) if nodata is None else lab != int(nodata)
    inertia = 0.0
    counts = []
    for k in range(int(lab[valid].max()) + 1):
        sel = valid & (lab == k)
        counts.append(int(sel.sum()))
        if sel.any():
            inertia += float(((x[sel] - x[sel].mean(axis=0)) ** 2).sum())
    return {"counts": counts, "inertia": inertia, "nodata": int((~valid).sum())}


def distances(src, out, centres):
    """Sum over the valid labelled pixels of the squared distance to the centre of their label."""
    ds = gdal.Open(src)
    c = np.array(centres, dtype=np.float64)
    x = np.stack([ds.GetRasterBand(b).ReadAsArray().astype(np.float64).ravel() for b in range(1, c.shape[1] + 1)], axis=1)
    o = gdal.Open(out)
    ob = o.GetRasterBand(1)
    lab = ob.ReadAsArray().ravel().astype(np.int64)
    nodata = ob.GetNoDataValue()
    valid = np.ones(lab.shape, bool) if nodata is None else lab != int(nodata)
    return {"inertia": float(((x[valid] - c[lab[valid]]) ** 2).sum())}


def compare(a, b):
    da, db = gdal.Open(a), gdal.Open(b)     # datasets kept alive while their bands are read
    x = da.GetRasterBand(1).ReadAsArray()
    y = db.GetRasterBand(1).ReadAsArray()
    return {"differ": int((x != y).sum())}


def nearest(src, band, out, centres):
    values, _ = read(src, band)
    expected = np.abs(values[:, None] - np.array(centres)[None, :]).argmin(axis=1)
    ds = gdal.Open(out)
    lab = ds.GetRasterBand(1).ReadAsArray().ravel()
    return {"differ": int((lab != expected).sum())}


def sklearn_inertia(src, k):
    from sklearn.cluster import KMeans
    ds = gdal.Open(src)
    x = np.stack([ds.GetRasterBand(b).ReadAsArray().astype(np.float64).ravel() for b in range(1, ds.RasterCount + 1)], axis=1)
    return {"inertia": float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(x).inertia_)}


def silhouette(src, band, ks):
    from sklearn.metrics import silhouette_score
    values, valid = read(src, band)
    v = values[valid]
    exact = exact1d(src, band, ks)
    pick = np.random.default_rng(0).choice(len(v), size=min(8000, len(v)), replace=False)
    result = {}
    for k in ks:
        lab = np.searchsorted(np.array(exact[str(k)]["upper"]), v[pick], side="left")
        result[str(k)] = float(silhouette_score(v[pick].reshape(-1, 1), lab))
    return result


def make(out, w, h, dtype, nodata, values):
    ds = gdal.GetDriverByName("GTiff").Create(out, w, h, 1, gdal.GetDataTypeByName(dtype))
    ds.SetGeoTransform([500000, 28.5, 0, 9120000, 0, -28.5])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(31985)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata != "none":
        band.SetNoDataValue(float(nodata))
    band.WriteArray(np.array(values, dtype=np.float64).reshape(h, w))
    ds.FlushCache()
    del band, ds
    return {"path": out}


def main(argv):
    verb, args = argv[0], argv[1:]
    if verb == "exact1d":
        r = exact1d(args[0], int(args[1]), [int(k) for k in args[2:]])
    elif verb == "labels":
        r = labels(args[0], args[1], [int(b) for b in args[2:]])
    elif verb == "distances":
        r = distances(args[0], args[1], json.loads(args[2]))
    elif verb == "compare":
        r = compare(args[0], args[1])
    elif verb == "nearest":
        r = nearest(args[0], int(args[1]), args[2], [float(c) for c in args[3:]])
    elif verb == "sklearn":
        r = sklearn_inertia(args[0], int(args[1]))
    elif verb == "silhouette":
        r = silhouette(args[0], int(args[1]), [int(k) for k in args[2:]])
    elif verb == "make":
        r = make(args[0], int(args[1]), int(args[2]), args[3], args[4], [float(v) for v in args[5:]])
    else:
        raise SystemExit(__doc__)
    print(json.dumps(r))


if __name__ == "__main__":
    main(sys.argv[1:])
