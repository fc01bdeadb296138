"""Independent expectations for tests/ClassAccuracy.Tests.ps1: scikit-learn's metrics on the same
pixels, and Olofsson et al. (2014)'s stratified estimators written out in numpy. Nothing here uses
the module. Run with /usr/bin/python3 (osgeo.gdal, numpy, sklearn).

  accuracy_peer.py raster MAP REF PAIRS        map and reference rasters on one grid; PAIRS "m:r,m:r"
  accuracy_peer.py points MAP POINTS FIELD PAIRS
  accuracy_peer.py olofsson COUNTS_JSON AREAS_JSON
Prints JSON: matrix (rows map classes, columns reference classes, in the order of PAIRS), oa,
kappa, ua, pa, f1, iou, n.
"""
import json
import sys

import numpy as np
from osgeo import gdal, ogr
from sklearn import metrics


def read(path):
    ds = gdal.Open(path)
    b = ds.GetRasterBand(1)
    a = b.ReadAsArray().astype(np.int64)
    valid = b.GetMaskBand().ReadAsArray() > 0
    return a, valid, ds.GetGeoTransform()


def scores(mapped, ref, labels):
    """mapped: map labels translated to reference values; both 1-D over the same samples."""
    cm = metrics.confusion_matrix(ref, mapped, labels=labels)  # rows reference, columns map
    p, r, f, _ = metrics.precision_recall_fscore_support(ref, mapped, labels=labels, zero_division=0)
    return {
        "matrix": cm.T.tolist(),  # rows map, columns reference
        "oa": metrics.accuracy_score(ref, mapped),
        "kappa": metrics.cohen_kappa_score(ref, mapped, labels=labels),
        "ua": p.tolist(), "pa": r.tolist(), "f1": f.tolist(),
        "iou": metrics.jaccard_score(ref, mapped, labels=labels, average=None, zero_division=0).tolist(),
        "n": int(len(ref)),
    }


def pairs(text):
    return [tuple(int(v) for v in p.split(":")) for p in text.split(",")]


def raster(map_path, ref_path, pair_text):
    m, mv, _ = read(map_path)
    r, rv, _ = read(ref_path)
    ok = mv & rv
    pr = pairs(pair_text)
    to_ref = {a: b for a, b in pr}
    mapped = np.vectorize(lambda v: to_ref.get(v, -1 - v))(m[ok])
    return scores(mapped, r[ok], [b for _, b in pr])


def points(map_path, points_path, field, pair_text):
    m, mv, gt = read(map_path)
    ds = ogr.Open(points_path)
    layer = ds.GetLayer(0)
    mapped, ref = [], []
    pr = pairs(pair_text)
    to_ref = {a: b for a, b in pr}
    for f in layer:
        g = f.GetGeometryRef()
        col = int(np.floor((g.GetX() - gt[0]) / gt[1]))
        row = int(np.floor((g.GetY() - gt[3]) / gt[5]))
        if f.GetField(field) is None or not (0 <= row < m.shape[0] and 0 <= col < m.shape[1]) or not mv[row, col]:
            continue
        mapped.append(to_ref.get(int(m[row, col]), -1))
        ref.append(int(f.GetField(field)))
    return scores(np.array(mapped), np.array(ref), [b for _, b in pr])


def olofsson(counts, areas):
    """Olofsson et al. 2014, equations 2-11: n[i][j] sample counts (map i, reference j), areas A_m,i."""
    n = np.array(counts, float)
    a = np.array(areas, float)
    w = a / a.sum()
    ni = n.sum(1)
    p = w[:, None] * n / ni[:, None]
    pk = p.sum(0)
    u = np.diag(n) / ni
    pa = np.diag(p) / pk
    oa = np.trace(p)
    oa_ci = 1.96 * np.sqrt((w ** 2 * u * (1 - u) / (ni - 1)).sum())
    ua_ci = 1.96 * np.sqrt(u * (1 - u) / (ni - 1))
    nj = (a[:, None] / ni[:, None] * n).sum(0)
    pa_ci = []
    k = len(a)
    for j in range(k):
        s = sum(a[i] ** 2 * (n[i, j] / ni[i]) * (1 - n[i, j] / ni[i]) / (ni[i] - 1) for i in range(k) if i != j)
        v = (a[j] ** 2 * (1 - pa[j]) ** 2 * u[j] * (1 - u[j]) / (ni[j] - 1) + pa[j] ** 2 * s) / nj[j] ** 2
        pa_ci.append(1.96 * np.sqrt(v))
    se = np.sqrt(((w[:, None] ** 2) * (n / ni[:, None]) * (1 - n / ni[:, None]) / (ni[:, None] - 1)).sum(0))
    return {"oa": oa, "oa_ci": oa_ci, "ua": u.tolist(), "ua_ci": ua_ci.tolist(), "pa": pa.tolist(), "pa_ci": pa_ci,
            "area": (pk * a.sum()).tolist(), "area_ci": (1.96 * se * a.sum()).tolist()}


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "raster":
        out = raster(*sys.argv[2:5])
    elif kind == "points":
        out = points(*sys.argv[2:6])
    else:
        out = olofsson(json.loads(sys.argv[2]), json.loads(sys.argv[3]))
    print(json.dumps(out))
