"""The exact 2-class K-means optimum of a one-band float raster, computed by numpy from every valid
pixel, and how many labels of a class map differ from it.

usage: exact_optimum.py INDEX.tif MAP.tif

INDEX.tif is the band that was clustered (NaN and its NoData value are missing pixels), MAP.tif the
module's class map of it (classes 0 and 1, anything else NoData). In one dimension the optimal
partition of two classes is a split of the sorted values: every split between two distinct values
is tried, from prefix sums in float64, and the one with the least within-class sum of squares kept.
Labels are compared up to swapping the two classes. Needs about 70 bytes of memory per pixel.
"""
import sys

import numpy as np
from osgeo import gdal


def main(index_path, map_path):
    index_ds = gdal.Open(index_path)
    values = index_ds.GetRasterBand(1).ReadAsArray()
    valid = np.isfinite(values)
    nodata = index_ds.GetRasterBand(1).GetNoDataValue()
    if nodata is not None and np.isfinite(nodata):
        valid &= values != nodata

    ordered = np.sort(values[valid].astype(np.float64))
    n = ordered.size
    sums = np.cumsum(ordered)
    squares = np.cumsum(ordered * ordered)
    left = np.arange(1, n)
    left_sums = sums[:-1]
    # Maximising the between-class term minimises the within-class sum of squares.
    between = left_sums ** 2 / left + (sums[-1] - left_sums) ** 2 / (n - left)
    between[ordered[1:] == ordered[:-1]] = -np.inf  # a split must fall between distinct values
    split = int(np.argmax(between))
    low = left_sums[split] / left[split]
    high = (sums[-1] - left_sums[split]) / (n - left[split])
    threshold = (low + high) / 2
    print(f"exact optimum of {n} valid pixels: centres {low:.9f} and {high:.9f}, "
          f"inertia {squares[-1] - between[split]:.4f}, {split + 1} pixels in the low class")

    map_ds = gdal.Open(map_path)
    labels = map_ds.GetRasterBand(1).ReadAsArray()[valid]
    expected = (values[valid] > threshold).astype(labels.dtype)
    differ = min(np.count_nonzero(labels != expected), np.count_nonzero(labels != 1 - expected))
    print(f"labels of the map differing from the exact optimum's: {differ}")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
