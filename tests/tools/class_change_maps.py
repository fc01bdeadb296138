"""Hand-made class maps for tests/ClassChange.Tests.ps1, and what numpy says of them.

usage: class_change_maps.py make DIR      writes the maps into DIR, their expectations into DIR/*.npy and prints JSON
       class_change_maps.py compare A.tif B.npy   prints JSON {"mismatch": n, "nodata": value} (A's band 1 against B)

Every expectation is computed here from the arrays written, never from the module's output.
"""
import json
import sys

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
H, W = 70, 90
GT = [600000.0, 20.0, 0.0, 5000000.0, 0.0, -20.0]     # 20 m pixels: 400 m² each
NAMES = ["Water", "Land", "Cloud"]


def write(path, a, names=None, nodata=None, mask=None, date=None, imagery=None, gt=GT):
    ds = gdal.GetDriverByName("GTiff").Create(path, W, H, 1, gdal.GDT_Byte, ["TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=32"])
    ds.SetGeoTransform(gt)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    ds.SetProjection(srs.ExportToWkt())
    b = ds.GetRasterBand(1)
    b.WriteArray(a)
    if nodata is not None:
        b.SetNoDataValue(nodata)
    if names:
        b.SetRasterCategoryNames(names)
    if mask is not None:
        ds.CreateMaskBand(gdal.GMF_PER_DATASET)
        b.GetMaskBand().WriteArray(np.where(mask, 255, 0).astype(np.uint8))
    if date:
        ds.SetMetadataItem("TIFFTAG_DATETIME", date)
    if imagery:
        ds.SetMetadataItem("ACQUISITIONDATETIME", imagery, "IMAGERY")
    b = None
    ds = None


def make(d):
    rng = np.random.default_rng(19)
    out = {}

    # Change: before has NoData 255 (5 %), after has an internal mask (7 % masked) and no NoData.
    before = rng.integers(0, 3, (H, W)).astype(np.uint8)
    before_valid = rng.random((H, W)) >= 0.05
    before[~before_valid] = 255
    after = rng.integers(0, 3, (H, W)).astype(np.uint8)
    after_valid = rng.random((H, W)) >= 0.07
    write(f"{d}/before.tif", before, NAMES, nodata=255)
    write(f"{d}/after.tif", after, NAMES, mask=after_valid)
    valid = before_valid & after_valid
    pairs = np.where(valid, before.astype(int) * 3 + after, 255)
    np.save(f"{d}/change.npy", pairs)
    out["change"] = {"counts": [int((pairs == c).sum()) for c in range(9)], "nodata": int((~valid).sum())}

    # The same map one pixel east: another grid; on the reference grid its column c is column c-1.
    shifted_gt = list(GT)
    shifted_gt[0] += 20.0
    write(f"{d}/after-east.tif", after, NAMES, mask=after_valid, gt=shifted_gt)
    east = np.full((H, W), 255, dtype=int)
    east_valid = np.zeros((H, W), dtype=bool)
    east[:, 1:] = after[:, :-1]
    east_valid[:, 1:] = after_valid[:, :-1]
    ok = before_valid & east_valid
    np.save(f"{d}/change-east.npy", np.where(ok, before.astype(int) * 3 + east, 255))
    out["changeEast"] = {"nodata": int((~ok).sum())}

    # Far away: no pixel in common.
    far_gt = list(GT)
    far_gt[0] += 1e6
    write(f"{d}/far.tif", after, NAMES, gt=far_gt)

    # Frequency: five dates, water named 0 except on date 3 whose classes are named in another order.
    dates = ["2023:01:15 10:00:00", "2023:03:15 10:00:00", None, "2023:07:15 10:00:00", "2023:09:15 10:00:00"]
    imagery = [None, None, "2023-05-15 10:00:00", None, None]
    hits = np.zeros((H, W), dtype=int)
    seen = np.zeros((H, W), dtype=int)
    rows = []
    for i in range(5):
        names = ["Land", "Water", "Cloud"] if i == 2 else NAMES
        water = names.index("Water")
        a = rng.integers(0, 3, (H, W)).astype(np.uint8)
        a[: H // 2, : W // 3] = water                  # a lake, water on most dates
        v = rng.random((H, W)) >= 0.1 * (i + 1) / 2
        v[60:, 80:] = False                            # never observed: NoData in the frequency
        if i % 2 == 0:
            a[~v] = 255
            write(f"{d}/date{i + 1}.tif", a, names, nodata=255, date=dates[i], imagery=imagery[i])
        else:
            write(f"{d}/date{i + 1}.tif", a, names, mask=v, date=dates[i], imagery=imagery[i])
        h = v & (a == water)
        hits += h
        seen += v
        rows.append({"classPixels": int(h.sum()), "validPixels": int(v.sum()), "area": float(h.sum() * 400.0),
                     "validFraction": float(v.sum() / (H * W)), "zeroPixels": int((v & (a == 0)).sum())})
    freq = np.where(seen > 0, (200 * hits + seen) // (2 * np.maximum(seen, 1)), 255)
    np.save(f"{d}/frequency.npy", freq)
    np.save(f"{d}/validcount.npy", seen)
    out["frequency"] = {"rows": rows, "nodata": int((seen == 0).sum()), "max": int(freq[seen > 0].max())}
    print(json.dumps(out))


def compare(tif, npy):
    ds = gdal.Open(tif)
    b = ds.GetRasterBand(1)
    got = b.ReadAsArray().astype(int)
    want = np.load(npy)
    print(json.dumps({"mismatch": int((got != want).sum()), "nodata": b.GetNoDataValue(),
                      "names": b.GetRasterCategoryNames() or [], "colours": b.GetRasterColorTable() is not None}))


if __name__ == "__main__":
    {"make": lambda: make(sys.argv[2]), "compare": lambda: compare(sys.argv[2], sys.argv[3])}[sys.argv[1]]()
