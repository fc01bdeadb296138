#!/usr/bin/python3
"""Fixtures for the xUnit suite, written and read by GDAL's own Python bindings, never by the module:
a test cannot then agree with the module's reader by construction. Run with Debian's /usr/bin/python3.

  write SPEC.json    writes the GeoTIFF SPEC describes: path, width, height, type (GDAL's type name),
                     bands (count), values (a file of float64, band after band), nodata (text), geotransform,
                     wkt, options (creation options)
  read PATH BAND OUT writes band BAND of PATH to OUT as float64 and prints its profile as JSON: width,
                     height, type, nodata, geotransform, wkt, driver
"""
import json
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()


def write(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    w, h, n = spec["width"], spec["height"], spec["bands"]
    values = np.fromfile(spec["values"], dtype="<f8").reshape(n, h, w)
    ds = gdal.GetDriverByName("GTiff").Create(spec["path"], w, h, n, gdal.GetDataTypeByName(spec["type"]), spec.get("options", []))
    ds.SetGeoTransform(spec["geotransform"])
    if spec.get("wkt"):
        ds.SetProjection(spec["wkt"])
    for b in range(n):
        band = ds.GetRasterBand(b + 1)
        if spec.get("nodata") is not None:
            band.SetNoDataValue(float(spec["nodata"]))
        band.WriteArray(values[b])
    ds.FlushCache()
    ds = None


def read(path, band, out):
    ds = gdal.Open(path)
    b = ds.GetRasterBand(band)
    b.ReadAsArray().astype("<f8").tofile(out)
    gt = ds.GetGeoTransform(can_return_null=True)
    print(json.dumps({
        "width": ds.RasterXSize, "height": ds.RasterYSize, "type": gdal.GetDataTypeName(b.DataType),
        # NoData as text: JSON has no NaN.
        "nodata": None if b.GetNoDataValue() is None else repr(b.GetNoDataValue()), "geotransform": list(gt) if gt else None, "wkt": ds.GetProjection(),
        "driver": ds.GetDriver().ShortName,
    }))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    elif sys.argv[1] == "read":
        read(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        raise SystemExit(__doc__)
