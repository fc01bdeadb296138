#!/usr/bin/python3
"""Expectations for tests on Sentinel-2 products, computed apart from the module: GDAL's Python
reads the product's JPEG 2000 files and its MTD_MSIL2A.xml / MTD_MSIL1C.xml, numpy does the rest.
It never imports sentinel2_product.py: it works from what the product holds, as a user's script.
Run with Debian's /usr/bin/python3.

usage: sentinel2_expect.py PRODUCT INDEX OUT_INDEX.tif OUT_LABELS.tif [--mask 3,8,9,10] [--resolution R]
  PRODUCT     a .SAFE folder, its MTD_MSI*.xml, or a .zip holding the SAFE folder
  INDEX       NDWI   (B03-B08)/(B03+B08)          MNDWI   (B03-B11)/(B03+B11)
              NDVI   (B08-B04)/(B08+B04)          NDMI    (B8A-B11)/(B8A+B11)
              NBR    (B08-B12)/(B08+B12)
              AWEInsh  4*(B03-B11) - (0.25*B08 + 2.75*B12)
              AWEIsh   B02 + 2.5*B03 - 1.5*(B08+B11) - 0.25*B12
              in reflectance: (DN + offset) / quantification, offset per band from BOA_ADD_OFFSET
              (L2A) or RADIO_ADD_OFFSET (L1C), 0 where the metadata has none (before baseline 04.00)
  --resolution  the grid: 10, 20 or 60 (default: the finest native resolution of the index's bands).
              A band is read from the grid's own file when the product has one (L2A: R10m/, R20m/,
              R60m/); otherwise from its native file, resampled onto the grid as gdal_translate
              -outsize -r bilinear does (GDAL's RasterIO resampling, NoData 0 left out of it, values
              not rounded), as RasterCmdlets resamples onto a grid that scales a band's own ('average'
              instead when an L1C band is finer than the grid).
  --mask      SCL classes to leave out (L2A only). SCL is taken from the grid's own SCL file
              (R20m/ or R60m/) or, on the 10 m grid, from SCL_20m by nearest neighbour.
  A pixel is missing where any input DN is 0 (NoData, also after resampling), its SCL class is
  masked, or the index is not finite.
  OUT_INDEX   Float32 GeoTIFF, NaN (and NoData NaN) where missing; '-' to write none
  OUT_LABELS  Byte GeoTIFF of the exact 2-class 1-D K-means optimum on the valid index values
              (every split of the sorted distinct values tried, the least within-class sum of squares
              kept, the lowest split on ties), label 0 = the class with the lower centre, 255 (NoData)
              where missing; '-' to write none
Prints one JSON object: index, resolution, width, height, pixels, valid, missing (and why: dn0, scl,
nonfinite, each pixel counted once in that order), min, max, mean, quantification, offsets,
kmeans {centres, counts, inertia, upper (largest value of each class), threshold (midpoint of the
centres), near_threshold (valid pixels within 1e-6 of it: where float rounding may flip a label)}.

  sentinel2_expect.py --crosscheck N   compares the 2-class optimum here with tests/tools/reference.py's
                                       exact1d (its dynamic programme) on N random values; prints JSON
"""
import json
import os
import sys
import zipfile
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal

gdal.UseExceptions()

BAND_ID = {"B01": 0, "B02": 1, "B03": 2, "B04": 3, "B05": 4, "B06": 5, "B07": 6, "B08": 7,
           "B8A": 8, "B09": 9, "B10": 10, "B11": 11, "B12": 12}
NATIVE = {"B01": 60, "B02": 10, "B03": 10, "B04": 10, "B05": 20, "B06": 20, "B07": 20, "B08": 10,
          "B8A": 20, "B09": 60, "B10": 60, "B11": 20, "B12": 20}
INDICES = {
    "NDWI": (("B03", "B08"), lambda b: (b["B03"] - b["B08"]) / (b["B03"] + b["B08"])),
    "MNDWI": (("B03", "B11"), lambda b: (b["B03"] - b["B11"]) / (b["B03"] + b["B11"])),
    "NDVI": (("B08", "B04"), lambda b: (b["B08"] - b["B04"]) / (b["B08"] + b["B04"])),
    "NDMI": (("B8A", "B11"), lambda b: (b["B8A"] - b["B11"]) / (b["B8A"] + b["B11"])),
    "NBR": (("B08", "B12"), lambda b: (b["B08"] - b["B12"]) / (b["B08"] + b["B12"])),
    "AWEINSH": (("B03", "B08", "B11", "B12"),
                lambda b: 4 * (b["B03"] - b["B11"]) - (0.25 * b["B08"] + 2.75 * b["B12"])),
    "AWEISH": (("B02", "B03", "B08", "B11", "B12"),
               lambda b: b["B02"] + 2.5 * b["B03"] - 1.5 * (b["B08"] + b["B11"]) - 0.25 * b["B12"]),
}


class Product:
    """A product's metadata and image paths (GDAL paths: a folder, or /vsizip/ into a zip)."""

    def __init__(self, path):
        path = path.rstrip("/")
        if path.endswith(".xml"):
            path = os.path.dirname(path)
        if path.lower().endswith(".zip"):
            names = zipfile.ZipFile(path).namelist()
            root = "/vsizip/" + os.path.abspath(path) + "/"
        else:
            names = [os.path.relpath(os.path.join(d, f), path) for d, _, fs in os.walk(path) for f in fs]
            root = os.path.abspath(path) + "/"
        mtd = next((n for n in names if os.path.basename(n) in ("MTD_MSIL2A.xml", "MTD_MSIL1C.xml")), None)
        if mtd is None:
            raise SystemExit(f"{path}: no MTD_MSIL2A.xml or MTD_MSIL1C.xml")
        self.level = "L2A" if mtd.endswith("L2A.xml") else "L1C"
        self.base = root + mtd[: -len(os.path.basename(mtd))]
        f = gdal.VSIFOpenL(root + mtd, "rb")
        gdal.VSIFSeekL(f, 0, 2)
        size = gdal.VSIFTellL(f)
        gdal.VSIFSeekL(f, 0, 0)
        xml = gdal.VSIFReadL(1, size, f)
        gdal.VSIFCloseL(f)
        tree = ET.fromstring(xml)
        local = lambda e: e.tag.rsplit("}", 1)[-1]
        q = [e.text for e in tree.iter() if local(e) in ("BOA_QUANTIFICATION_VALUE", "QUANTIFICATION_VALUE")]
        self.quantification = float(q[0])
        self.offsets = {int(e.get("band_id")): float(e.text) for e in tree.iter()
                        if local(e) in ("BOA_ADD_OFFSET", "RADIO_ADD_OFFSET")}
        self.files = [e.text for e in tree.iter() if local(e) == "IMAGE_FILE"]

    def file(self, band, res=None):
        """The band's image at res (L2A: R{res}m/..._{band}_{res}m), or its native one; None if absent."""
        for fn in self.files:
            if res is not None and fn.endswith(f"_{band}_{res}m"):
                return self.base + fn + ".jp2"
        if self.level == "L1C":
            for fn in self.files:
                if fn.endswith(f"_{band}"):
                    return self.base + fn + ".jp2"
        native = NATIVE.get(band, 20)
        for fn in self.files:
            if fn.endswith(f"_{band}_{native}m"):
                return self.base + fn + ".jp2"
        return None


def grid_of(path):
    ds = gdal.Open(path)
    gt = ds.GetGeoTransform()
    return ds.RasterXSize, ds.RasterYSize, gt, ds.GetProjection()


def read_on_grid(path, grid, method):
    """DN of path on the grid (w, h, gt, wkt): the file itself when it is on the grid; on a grid that
    scales the file's own (a product's 10, 20 and 60 m grids), GDAL's RasterIO resampling as
    gdal_translate -outsize -r does it, the file's NoData 0 declared (kept out of the interpolation),
    to Float32 (interpolated values are not rounded); else gdal.Warp."""
    w, h, gt, wkt = grid
    ds = gdal.Open(path)
    sgt = ds.GetGeoTransform()
    if ds.RasterXSize == w and ds.RasterYSize == h and sgt == gt:
        return ds.GetRasterBand(1).ReadAsArray()
    window = [(gt[0] - sgt[0]) / sgt[1], (gt[3] - sgt[3]) / sgt[5], w * gt[1] / sgt[1], h * gt[5] / sgt[5]]
    if all(abs(v - round(v)) < 1e-6 for v in window):
        with_nodata = gdal.Translate("", ds, format="VRT", noData=0)
        out = gdal.Translate("", with_nodata, format="MEM", srcWin=[round(v) for v in window], width=w, height=h,
                             resampleAlg=method, outputType=gdal.GDT_Float32)
        return out.GetRasterBand(1).ReadAsArray()
    te = (gt[0], gt[3] + gt[5] * h, gt[0] + gt[1] * w, gt[3])
    out = gdal.Warp("", path, format="MEM", outputBounds=te, xRes=gt[1], yRes=-gt[5],
                    resampleAlg=method, srcNodata=0, dstNodata=0)
    return out.GetRasterBand(1).ReadAsArray()


def kmeans2(values):
    """The exact 2-class 1-D K-means optimum: every split of the sorted distinct values, the least
    within-class sum of squares (the lowest split on ties). Closed form per split with cumulative
    sums around the mean, so millions of distinct values take a sort and a few passes."""
    distinct, counts = np.unique(values, return_counts=True)
    if len(distinct) < 2:
        raise SystemExit("fewer than 2 distinct valid values: no 2-class partition")
    m = values.mean()
    d = distinct - m                              # centred: less cancellation in q - s^2/w
    c = np.cumsum(counts).astype(np.float64)
    s = np.cumsum(counts * d)
    q = np.cumsum(counts * d * d)
    n, S, Q = c[-1], s[-1], q[-1]
    cl, sl, ql = c[:-1], s[:-1], q[:-1]           # left class: distinct[0..i], i = 0..len-2
    cr, sr, qr = n - cl, S - sl, Q - ql
    cost = (ql - sl * sl / cl) + (qr - sr * sr / cr)
    i = int(np.argmin(cost))
    upper0 = float(distinct[i])
    lower = values <= upper0
    centres = [float(values[lower].mean()), float(values[~lower].mean())]
    inertia = float(((values[lower] - centres[0]) ** 2).sum() + ((values[~lower] - centres[1]) ** 2).sum())
    return {"centres": centres, "counts": [int(lower.sum()), int((~lower).sum())], "inertia": inertia,
            "upper": [upper0, float(distinct[-1])], "split": upper0}


def expect(product, index, out_index="-", out_labels="-", mask=(), resolution=None):
    index = index.upper()
    if index not in INDICES:
        raise SystemExit(f"unknown index {index}: one of {', '.join(INDICES)}")
    bands, formula = INDICES[index]
    p = Product(product)
    res = resolution or min(NATIVE[b] for b in bands)
    # the grid: the first band's file at res when the product has one, else any band's
    ref = p.file(bands[0], res)
    w, h, gt, wkt = grid_of(ref)
    if gt[1] != res:
        ref = next((p.file(b, res) for b in bands if p.file(b, res) and grid_of(p.file(b, res))[2][1] == res), None)
        if ref is None:
            # no band of the index at this resolution: take the grid of any image at it
            ref = next(p.base + f + ".jp2" for f in p.files if f.endswith(f"_{res}m") or
                       (p.level == "L1C" and grid_of(p.base + f + ".jp2")[2][1] == res))
        w, h, gt, wkt = grid_of(ref)
    grid = (w, h, gt, wkt)

    valid_dn = np.ones((h, w), bool)
    refl = {}
    for b in bands:
        path = p.file(b, res)
        if path is None:
            raise SystemExit(f"{b} is not in the product")
        native = grid_of(path)[2][1]
        method = "bilinear" if native >= res else "average"
        dn = read_on_grid(path, grid, method).astype(np.float64)
        valid_dn &= dn != 0
        refl[b] = (dn + p.offsets.get(BAND_ID[b], 0.0)) / p.quantification
        del dn
    with np.errstate(divide="ignore", invalid="ignore"):
        idx = formula(refl)
    del refl
    idx = np.asarray(idx, dtype=np.float64)

    masked = np.zeros((h, w), bool)
    if mask:
        if p.level != "L2A":
            raise SystemExit("--mask needs an L2A product (SCL)")
        scl_path = p.file("SCL", res) if res in (20, 60) else None
        if scl_path is None or grid_of(scl_path)[2][1] != res:
            scl_path = p.file("SCL", 20)
        scl = read_on_grid(scl_path, grid, "near")
        masked = np.isin(scl, np.array(list(mask), dtype=scl.dtype))
        del scl
    finite = np.isfinite(idx)
    valid = valid_dn & ~masked & finite
    why = {"dn0": int((~valid_dn).sum()), "scl": int((valid_dn & masked).sum()),
           "nonfinite": int((valid_dn & ~masked & ~finite).sum())}

    v = idx[valid]
    result = {"index": index, "product": product, "level": p.level, "resolution": res, "width": w,
              "height": h, "pixels": w * h, "valid": int(valid.sum()), "missing": int((~valid).sum()),
              "why": why, "quantification": p.quantification,
              "offsets": {str(k): p.offsets[k] for k in sorted(p.offsets)}, "mask": sorted(int(m) for m in mask)}
    if v.size:
        result.update({"min": float(v.min()), "max": float(v.max()), "mean": float(v.mean())})
    km = kmeans2(v) if np.unique(v).size >= 2 else None
    if km:
        t = (km["centres"][0] + km["centres"][1]) / 2
        km["threshold"] = t
        km["near_threshold"] = int((np.abs(v - t) < 1e-6).sum())
    result["kmeans"] = km

    if out_index != "-":
        out = np.where(valid, idx, np.nan).astype(np.float32)
        write(out_index, out, gdal.GDT_Float32, float("nan"), gt, wkt)
        result["index_path"] = out_index
    if out_labels != "-" and km:
        lab = np.full((h, w), 255, np.uint8)
        lab[valid] = np.where(v <= km["split"], 0, 1).astype(np.uint8)
        write(out_labels, lab, gdal.GDT_Byte, 255, gt, wkt)
        result["labels_path"] = out_labels
    return result


def write(path, array, dtype, nodata, gt, wkt):
    h, w = array.shape
    ds = gdal.GetDriverByName("GTiff").Create(path, w, h, 1, dtype, ["TILED=YES", "COMPRESS=DEFLATE"])
    ds.SetGeoTransform(gt)
    ds.SetProjection(wkt)
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    band.WriteArray(array)
    band = None
    ds = None


def crosscheck(n):
    """The 2-class optimum here against reference.py's exact1d (a dynamic programme over every
    contiguous split) on n random values with ties, through a GeoTIFF as reference.py reads."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import reference
    import tempfile
    rng = np.random.default_rng(7)
    v = np.round(np.concatenate([rng.normal(-0.4, 0.15, n // 2), rng.normal(0.3, 0.2, n - n // 2)]), 4)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "v.tif")
        write(path, v.reshape(1, -1).astype(np.float64), gdal.GDT_Float64, -9999, (0, 1, 0, 0, 0, -1), "")
        ref = reference.exact1d(path, 1, [2])["2"]
    mine = kmeans2(v)
    same = (ref["counts"] == mine["counts"] and abs(ref["inertia"] - mine["inertia"]) <= 1e-9 * max(1, ref["inertia"])
            and ref["upper"][0] == mine["upper"][0])
    return {"values": n, "reference": ref, "here": mine, "same": bool(same)}


def main(argv):
    if argv[:1] == ["--crosscheck"]:
        r = crosscheck(int(argv[1]) if len(argv) > 1 else 1000)
        print(json.dumps(r))
        sys.exit(0 if r["same"] else 1)
    args, mask, res = [], (), None
    it = iter(argv)
    for a in it:
        if a == "--mask":
            mask = tuple(int(x) for x in next(it).split(",") if x != "")
        elif a == "--resolution":
            res = int(next(it))
        else:
            args.append(a)
    if len(args) != 4:
        raise SystemExit(__doc__)
    print(json.dumps(expect(args[0], args[1], args[2], args[3], mask, res)))


if __name__ == "__main__":
    main(sys.argv[1:])
