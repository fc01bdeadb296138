#!/usr/bin/python3
"""Maps for bench/frequency.sh, and the check of its output.

usage: frequency_maps.py make BAND.TIF OUTDIR COUNT   writes OUTDIR/map01.tif ... (COUNT of them, made once)
       frequency_maps.py check OUTDIR COUNT FREQ.TIF   prints the pixels where FREQ.TIF differs from numpy's frequency

Each map is the band thresholded differently, as water mapped on another date: Water (0) below
that date's threshold, Land (1) above, NoData (255) where the band is NoData and under that date's
"cloud" (a band of rows). Byte, tiled 512, DEFLATE, category names Water and Land, a date in
TIFFTAG_DATETIME: what Export-GeoTiff -ClassName writes. Made and checked by blocks of rows.
"""
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
ROWS = 1024


def params(n, count):
    # Thresholds from the 12th to the 30th percentile of a sample; clouds of 0 to 30 % of the rows.
    i = np.arange(count)
    return i, (i * 7919) % 11 / 10 * 0.3


def make(band_path, outdir, count):
    src = gdal.Open(band_path)
    band = src.GetRasterBand(1)
    w, h = src.RasterXSize, src.RasterYSize
    sample = band.ReadAsArray(0, 0, w, min(h, 2048))
    sample = sample[sample > 0]
    idx, clouds = params(h, count)
    thresholds = [np.percentile(sample, 12 + 18 * k / max(count - 1, 1)) for k in idx]
    outs = []
    for k in idx:
        ds = gdal.GetDriverByName("GTiff").Create(f"{outdir}/map{k + 1:02d}.tif", w, h, 1, gdal.GDT_Byte,
                                                  ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "COMPRESS=DEFLATE",
                                                   "ZLEVEL=1", "NUM_THREADS=ALL_CPUS"])
        ds.SetGeoTransform(src.GetGeoTransform())
        ds.SetProjection(src.GetProjection())
        ds.SetMetadataItem("TIFFTAG_DATETIME", f"2023:{k % 12 + 1:02d}:15 10:30:00")
        b = ds.GetRasterBand(1)
        b.SetNoDataValue(255)
        b.SetRasterCategoryNames(["Water", "Land"])
        outs.append(ds)
    for y in range(0, h, ROWS):
        n = min(ROWS, h - y)
        a = band.ReadAsArray(0, y, w, n)
        rows = np.arange(y, y + n)[:, None]
        for k, ds in zip(idx, outs):
            m = np.where(a < thresholds[k], 0, 1).astype(np.uint8)
            cloud_start = int(h * ((k * 0.37) % 1))
            cloudy = (rows >= cloud_start) & (rows < cloud_start + int(h * clouds[k]))
            m[(a == 0) | np.broadcast_to(cloudy, m.shape)] = 255
            ds.GetRasterBand(1).WriteArray(m, 0, y)
    for ds in outs:
        ds.FlushCache()
    outs = None


def check(outdir, count, freq_path):
    maps = [gdal.Open(f"{outdir}/map{k + 1:02d}.tif") for k in range(count)]
    got_ds = gdal.Open(freq_path)
    w, h = got_ds.RasterXSize, got_ds.RasterYSize
    bad = 0
    for y in range(0, h, ROWS):
        n = min(ROWS, h - y)
        hits = np.zeros((n, w), dtype=np.int32)
        seen = np.zeros((n, w), dtype=np.int32)
        for ds in maps:
            a = ds.GetRasterBand(1).ReadAsArray(0, y, w, n)
            hits += a == 0
            seen += a != 255
        want = np.where(seen > 0, (200 * hits + seen) // (2 * np.maximum(seen, 1)), 255)
        bad += int((got_ds.GetRasterBand(1).ReadAsArray(0, y, w, n) != want).sum())
    print(bad)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        check(sys.argv[2], int(sys.argv[3]), sys.argv[4])
