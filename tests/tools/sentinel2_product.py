#!/usr/bin/python3
"""Writes small Sentinel-2 L1C and L2A products laid out as ESA ships them (SAFE_COMPACT: a .SAFE
folder, optionally its .zip), from reflectance known in advance, for tests that must read real
products: MTD_MSIL2A.xml / MTD_MSIL1C.xml, GRANULE/<id>/MTD_TL.xml, manifest.safe, DATASTRIP/,
every band as lossless JPEG 2000 (GDAL's JP2OpenJPEG driver) at every resolution ESA writes it.
GDAL's SENTINEL2 driver opens what it writes, from the folder and from /vsizip/.
Run with Debian's /usr/bin/python3 (numpy, osgeo.gdal).

usage: sentinel2_product.py OUTDIR [--level L2A|L1C] [--baseline 05.09|03.01] [--size 120] [--zip]
           [--tile T30STF] [--date 2023-07-15] [--seed 1] [--scene synthetic|landsat]
           [--bands B03,B08,B11,B12,SCL] [--no-extras] [--no-safe] [--verbose]
  Prints the SAFE folder's path, then (--zip) the zip's path, one a line (absolute when OUTDIR is).
  --zip       also OUTDIR/<product>.zip: the SAFE folder as its top entry, every file stored (zip -0)
  --size      pixels of the 10 m grid, a multiple of 6 (20 m: size/2, 60 m: size/6); 10980 is a tile
  --baseline  >= 04.00: DN = reflectance*10000 + 1000 and the offsets (-1000) are in the metadata;
              before: DN = reflectance*10000 and no offset list
  --scene     synthetic (default): a lake, a river, vegetation and bare soil with texture;
              landsat: the surface of samples/L7_ETMs.tif (or $S2GEN_LANDSAT) resampled
              to 10 m and mirror-tiled, for realistic value distributions at any size
  --bands     write only these bands (and list only them in the metadata), e.g. for benchmarks;
              names as in the files (B01..B12, B8A, SCL, TCI, AOT, WVP) and CLD, SNW for the L2A
              QI_DATA cloud and snow probabilities (MSK_CLDPRB_20m/60m, MSK_SNWPRB_20m/60m)
  --no-extras no TCI, AOT, WVP files
  --verbose   progress on stderr
  --no-safe   with --zip: remove the SAFE folder once zipped

The scene (both kinds) carries, over its surface: a cloud (SCL 9 core, 8 rim, blended into the
reflectance), its shadow (SCL 3), thin cirrus (SCL 10), snow (SCL 11), a NoData wedge on the east
edge (DN 0 in every band, SCL 0), and single-band defective pixels (DN 0 in B03 or B08 only at
10 m, in B11 only at 20 m). The synthetic lake is pure water (LAKE spectrum) and the river pure
turbid water (RIVER spectrum), mixed with land over a pixel or two at the shores; PROBES gives a
pixel of each: probes(size) -> {'lake': ((row, col), spectrum), 'river': ...}. Coarser resolutions are block means of the 10 m reflectance (NoData where half the
block or more is NoData), SCL is sampled at each resolution's pixel centres (class of the surface
from the block means: NDWI > 0 water 6, NDVI > 0.4 vegetation 4, else 5).

Importable (sys.path.insert(0, 'tests/tools'); import sentinel2_product):
write_product(outdir, level='L2A', baseline='05.09', size=120, make_zip=False, ...) returns a dict
(safe, zip, name, mtd, granule, epsg, offset, files: {(band, res): path}); reflectance(band, res, size, seed, scene)
returns the known reflectance (float64, NaN = NoData) of a band at a resolution, and dn(...) the
DN the product holds."""
import argparse
import datetime as dt
import hashlib
import os
import shutil
import sys
import tempfile
import zipfile

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()

QUANTIFICATION = 10000
BASELINE_OFFSET = -1000          # BOA_ADD_OFFSET / RADIO_ADD_OFFSET from processing baseline 04.00

# bandId, physicalBand, file name, native resolution, wavelength min/max/central (nm)
BANDS = [
    (0, "B1", "B01", 60, 411, 456, 442.3), (1, "B2", "B02", 10, 456, 532, 492.3),
    (2, "B3", "B03", 10, 536, 582, 559.0), (3, "B4", "B04", 10, 646, 685, 665.0),
    (4, "B5", "B05", 20, 694, 714, 703.8), (5, "B6", "B06", 20, 730, 748, 739.1),
    (6, "B7", "B07", 20, 766, 794, 779.7), (7, "B8", "B08", 10, 774, 907, 833.0),
    (8, "B8A", "B8A", 20, 848, 880, 864.0), (9, "B9", "B09", 60, 930, 957, 943.2),
    (10, "B10", "B10", 60, 1339, 1415, 1376.9), (11, "B11", "B11", 20, 1538, 1679, 1610.4),
    (12, "B12", "B12", 20, 2065, 2303, 2185.7),
]
BAND_ID = {b[2]: b[0] for b in BANDS}
NATIVE = {b[2]: b[3] for b in BANDS}
SOLAR = [1874.3, 1959.75, 1824.93, 1512.79, 1425.78, 1291.13, 1175.57, 1041.28, 953.93, 817.58,
         365.41, 247.08, 87.75]

# L2A: what each resolution folder holds (ESA's list), in ESA's order
L2A_CONTENT = {
    10: ["B02", "B03", "B04", "B08", "TCI", "AOT", "WVP"],
    20: ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12", "TCI", "AOT", "WVP", "SCL"],
    60: ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B8A", "B09", "B11", "B12", "TCI", "AOT", "WVP", "SCL"],
}
L1C_CONTENT = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12", "TCI"]
EXTRAS = ("TCI", "AOT", "WVP")
QI_MASKS = {"CLD": "MSK_CLDPRB", "SNW": "MSK_SNWPRB"}   # L2A cloud and snow probabilities, QI_DATA/

# Reflectance spectra, bands in BANDS order (B01..B12 with B10)
LAKE = [0.060, 0.050, 0.065, 0.035, 0.025, 0.015, 0.012, 0.010, 0.009, 0.005, 0.001, 0.006, 0.004]
RIVER = [0.070, 0.068, 0.090, 0.070, 0.055, 0.040, 0.034, 0.030, 0.028, 0.012, 0.001, 0.012, 0.008]
VEGETATION = [0.040, 0.035, 0.070, 0.035, 0.110, 0.260, 0.320, 0.360, 0.370, 0.120, 0.005, 0.190, 0.090]
SOIL = [0.090, 0.100, 0.130, 0.160, 0.190, 0.220, 0.240, 0.260, 0.270, 0.150, 0.010, 0.320, 0.250]
CLOUD = [0.550, 0.560, 0.560, 0.570, 0.580, 0.590, 0.590, 0.600, 0.600, 0.400, 0.080, 0.380, 0.280]
SNOW = [0.850, 0.860, 0.850, 0.820, 0.800, 0.760, 0.740, 0.700, 0.690, 0.400, 0.020, 0.060, 0.040]
CIRRUS_ADD = [0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.02, 0.05, 0.02, 0.02]
SHADOW_FACTOR = 0.35

# Geometry in scene units (0..1 across the tile, x east, y south)
LAKE_CENTRE, LAKE_RADII = (0.33, 0.42), (0.22, 0.16)
CLOUD_CENTRE, CLOUD_RADIUS = (0.72, 0.22), 0.10
SHADOW_CENTRE, SHADOW_RADIUS = (0.60, 0.36), 0.08
CIRRUS_BOX = (0.05, 0.86, 0.32, 0.96)          # x0, y0, x1, y1
SNOW_CENTRE, SNOW_RADIUS = (0.86, 0.62), 0.05


def probes(size):
    """10 m pixels (row, col) of pure spectra in the synthetic scene: name -> ((row, col), spectrum)."""
    lake = (int(LAKE_CENTRE[1] * size), int(LAKE_CENTRE[0] * size))
    river_col = int(0.10 * size)
    river_row = int(_river_centre(np.array([(river_col + 0.5) / size]))[0] * size)
    return {"lake": (lake, LAKE), "river": ((river_row, river_col), RIVER)}


def _river_centre(x):
    return 0.74 + 0.05 * np.sin(2 * np.pi * 1.5 * x)


def _disk(x, y, centre, radius):
    return np.hypot(x - centre[0], y - centre[1]) / radius


class Scene:
    """The known reflectance of every band on the 10 m grid, computed by strips of rows so that a
    full tile (10980 x 10980) never needs more than a few strips in memory."""

    def __init__(self, size, seed=1, kind="synthetic", landsat=None):
        if size % 6:
            raise ValueError("size must be a multiple of 6 (10, 20 and 60 m grids)")
        self.size, self.seed, self.kind = size, seed, kind
        rng = np.random.default_rng(seed)
        # smooth fields: a few random waves per field, 1 to 5 cycles across the tile
        self.waves = {name: [(rng.uniform(1, 5), rng.uniform(1, 5), rng.uniform(0, 2 * np.pi),
                              rng.choice([-1, 1]), rng.uniform(0.5, 1)) for _ in range(4)]
                      for name in ("veg", "bright")}
        self.defects = {}
        n_def = max(3, size * size // 2000)
        for band, res in (("B03", 10), ("B08", 10), ("B11", 20)):
            n = size * 10 // res
            rows, cols = rng.integers(0, n, n_def), rng.integers(0, int(n * 0.8), n_def)
            self.defects[band] = (res, rows, cols)
        self._strip, self._memo = None, {}
        self.landsat = None
        if kind == "landsat":
            here = os.path.dirname(os.path.abspath(__file__))
            path = landsat or os.environ.get("S2GEN_LANDSAT") or os.path.join(here, "..", "..", "samples", "L7_ETMs.tif")
            ds = gdal.Open(path)
            # ETM+ bands 1 2 3 4 5 7: blue green red NIR SWIR1 SWIR2; DN to reflectance ~ DN/400
            self.landsat = np.stack([ds.GetRasterBand(i).ReadAsArray().astype(np.float32) / 400.0
                                     for i in range(1, 7)])
            ds = None
        elif kind != "synthetic":
            raise ValueError("scene must be synthetic or landsat")

    # --- geometry, evaluated at any pixel centres: x (1, W) and y (H, 1) in scene units ---
    def _field(self, name, x, y):
        f = 0
        for fx, fy, phase, sign, amp in self.waves[name]:
            f = f + amp * np.sin(2 * np.pi * (fx * x + sign * fy * y) + phase)
        return f / 2.5

    def water_fraction(self, x, y, pixel):
        """Fraction of lake and of river in each pixel: a pixel-wide linear ramp across the shore."""
        d_lake = (np.hypot((x - LAKE_CENTRE[0]) / LAKE_RADII[0], (y - LAKE_CENTRE[1]) / LAKE_RADII[1]) - 1) * min(LAKE_RADII)
        d_river = np.abs(y - _river_centre(x)) - 0.025
        lake = np.clip(0.5 - d_lake / pixel, 0, 1)
        river = np.clip(0.5 - d_river / pixel, 0, 1) * (1 - lake)
        return lake, river

    def overlays(self, x, y):
        r = _disk(x, y, CLOUD_CENTRE, CLOUD_RADIUS)
        cloud = np.clip((1 - r) / 0.4, 0, 1)
        shadow = (_disk(x, y, SHADOW_CENTRE, SHADOW_RADIUS) < 1) & (cloud < 0.15)
        x0, y0, x1, y1 = CIRRUS_BOX
        cirrus = (x >= x0) & (x < x1) & (y >= y0) & (y < y1) & (cloud < 0.15)
        snow = (_disk(x, y, SNOW_CENTRE, SNOW_RADIUS) < 1) & (cloud < 0.15)
        nodata = x > 0.94 - 0.12 * y
        shape = np.broadcast(x, y).shape
        return {k: np.broadcast_to(v, shape) for k, v in
                dict(cloud=cloud, shadow=shadow, cirrus=cirrus, snow=snow, nodata=nodata).items()}

    def centres(self, res, r0, r1):
        n = self.size * 10 // res
        x = ((np.arange(n) + 0.5) / n)[None, :]
        y = ((np.arange(r0, r1) + 0.5) / n)[:, None]
        return x, y

    # --- reflectance on the 10 m grid, rows r0..r1 ---
    def _cached(self, what, band, r0, r1, compute):
        # one strip of 10 m rows at a time: every file and resolution of a strip shares its bands
        if self._strip != (r0, r1):
            self._strip, self._memo = (r0, r1), {}
        key = (what, band)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def surface(self, band, r0, r1):
        """Reflectance of the ground (no cloud, shadow, snow, cirrus, NoData) on 10 m rows r0..r1."""
        return self._cached("surface", band, r0, r1, lambda: self._surface(band, r0, r1))

    def _surface(self, band, r0, r1):
        i = BAND_ID[band]
        x, y = self.centres(10, r0, r1)
        if self.kind == "landsat":
            return self._landsat(i, r0, r1)
        t = np.clip(0.5 + self._field("veg", x, y), 0, 1)
        bright = 1 + 0.12 * self._field("bright", x, y)
        rng = np.random.default_rng([self.seed, i, r0])
        grain = 1 + rng.normal(0, 0.02, (r1 - r0, self.size))
        land = (VEGETATION[i] * t + SOIL[i] * (1 - t)) * bright * grain
        lake, river = self.water_fraction(x, y, 1.0 / self.size)
        return lake * LAKE[i] + river * RIVER[i] + (1 - lake - river) * land

    def _landsat(self, i, r0, r1):
        # Sentinel-2 band -> ETM+ band (0-based), by wavelength; B01 from blue, red edge between red and NIR
        lut = {0: (0, 0), 1: (0, 0), 2: (1, 1), 3: (2, 2), 4: (2, 3), 5: (3, 3), 6: (3, 3), 7: (3, 3),
               8: (3, 3), 9: (3, 3), 10: (5, 5), 11: (4, 4), 12: (5, 5)}
        a, b = lut[i]
        w = {4: 0.25, 5: 0.0}.get(i, 0.0)
        ls = self.landsat
        h, wid = ls.shape[1:]
        scale = 10.0 / 28.5                      # ETM+ pixels per 10 m pixel
        cols = (np.arange(self.size) + 0.5) * scale - 0.5
        rows = (np.arange(r0, r1) + 0.5) * scale - 0.5

        def mirror(c, n):                        # mirror-tile coordinates, as peers/make_rasters.py does
            c = np.mod(c, 2 * n)
            return np.where(c >= n, 2 * n - 1 - c, c).clip(0, n - 1)

        def sample(band):
            c, r = mirror(cols, wid), mirror(rows, h)
            c0, r0_ = np.floor(c).astype(int), np.floor(r).astype(int)
            c1, r1_ = np.minimum(c0 + 1, wid - 1), np.minimum(r0_ + 1, h - 1)
            fc, fr = (c - c0)[None, :], (r - r0_)[:, None]
            img = ls[band]
            top = img[r0_][:, c0] * (1 - fc) + img[r0_][:, c1] * fc
            bot = img[r1_][:, c0] * (1 - fc) + img[r1_][:, c1] * fc
            return top * (1 - fr) + bot * fr

        v = sample(a) if a == b else sample(a) * 0.5 + sample(b) * 0.5
        if w:
            v = v * (1 - w) + sample(3) * w
        if i == 0:
            v = v * 1.1
        if i == 10:
            v = v * 0.05
        rng = np.random.default_rng([self.seed, i, r0])
        return np.clip(v * (1 + rng.normal(0, 0.03, v.shape)), 0.0005, None)

    def reflectance10(self, band, r0, r1):
        """Known reflectance at 10 m (float64), NaN where NoData, rows r0..r1 (shared: do not modify)."""
        return self._cached("reflectance", band, r0, r1, lambda: self._reflectance10(band, r0, r1))

    def _reflectance10(self, band, r0, r1):
        i = BAND_ID[band]
        x, y = self.centres(10, r0, r1)
        o = self.overlays(x, y)
        v = self.surface(band, r0, r1)
        v = np.where(o["shadow"], v * SHADOW_FACTOR, v)
        v = np.where(o["cirrus"], v + CIRRUS_ADD[i], v)
        v = np.where(o["snow"], SNOW[i], v)
        v = v * (1 - o["cloud"]) + CLOUD[i] * o["cloud"]
        v = np.maximum(v, 0.0001)                # DN 0 is NoData: keep every valid reflectance > 0
        return np.where(o["nodata"], np.nan, v)

    def reflectance(self, band, res, r0, r1):
        """Known reflectance at res (10, 20, 60) on its rows r0..r1: block means of the 10 m values."""
        f = res // 10
        v = self.reflectance10(band, r0 * f, r1 * f).copy()
        if f > 1:
            blocks = v.reshape(r1 - r0, f, self.size // f, f).transpose(0, 2, 1, 3).reshape(r1 - r0, self.size // f, f * f)
            valid = np.isfinite(blocks).sum(axis=2)
            with np.errstate(invalid="ignore"):
                mean = np.nanmean(np.where(valid[..., None] > 0, blocks, 0), axis=2)
            v = np.where(valid * 2 > f * f, mean, np.nan)
        if band in self.defects:
            dres, rows, cols = self.defects[band]
            if dres == res:
                sel = (rows >= r0) & (rows < r1)
                v[rows[sel] - r0, cols[sel]] = np.nan
        return v

    def probability(self, mask, res, r0, r1):
        """MSK_CLDPRB (cloud opacity, %) or MSK_SNWPRB (snow, %) at res on its rows r0..r1."""
        x, y = self.centres(res, r0, r1)
        o = self.overlays(x, y)
        p = np.rint(o["cloud"] * 100) if mask == "CLD" else np.where(o["snow"], 100, 0)
        return np.where(o["nodata"], 0, p).astype(np.uint8)

    def scl(self, res, r0, r1):
        """Scene classification at res (20 or 60) on its rows r0..r1."""
        f = res // 10
        x, y = self.centres(res, r0, r1)
        o = self.overlays(x, y)

        def mean(band):
            s = self.surface(band, r0 * f, r1 * f)
            return s.reshape(r1 - r0, f, self.size // f, f).mean(axis=(1, 3))

        g, r, n = mean("B03"), mean("B04"), mean("B08")
        c = np.where((g - n) / (g + n) > 0, 6, np.where((n - r) / (n + r) > 0.4, 4, 5)).astype(np.uint8)
        c[o["shadow"]] = 3
        c[o["cirrus"]] = 10
        c[o["snow"]] = 11
        c[o["cloud"] >= 0.15] = 8
        c[o["cloud"] >= 0.7] = 9
        nd = np.isnan(self.reflectance("B02", res, r0, r1))     # the bands' NoData, where no defect is
        c[nd] = 0
        return c


def to_dn(refl, offset):
    """DN of a reflectance: round(refl * 10000 - offset), 0 for NoData."""
    with np.errstate(invalid="ignore"):
        dn = np.rint(refl * QUANTIFICATION - offset)
    return np.where(np.isnan(refl), 0, np.clip(dn, 1, 65534)).astype(np.uint16)


def reflectance(band, res, size=120, seed=1, scene="synthetic"):
    """The known reflectance of a band at a resolution (float64, NaN = NoData), the whole grid."""
    s = Scene(size, seed, scene)
    if band == "SCL":
        return s.scl(res, 0, size * 10 // res)
    return s.reflectance(band, res, 0, size * 10 // res)


def dn(band, res, baseline="05.09", size=120, seed=1, scene="synthetic"):
    """The DN a product of this baseline holds for a band at a resolution (SCL: its classes)."""
    if band == "SCL":
        return reflectance(band, res, size, seed, scene)
    return to_dn(reflectance(band, res, size, seed, scene), offset_of(baseline))


def offset_of(baseline):
    return BASELINE_OFFSET if float(baseline) >= 4.0 else 0


# ---------------------------------------------------------------------------------------------
# Product layout and metadata


class Names:
    def __init__(self, level, baseline, tile, date, mission="S2B", orbit=94):
        self.level, self.baseline, self.tile = level, baseline, tile.upper().lstrip("T")
        self.mission, self.orbit = mission, orbit
        day = dt.datetime.strptime(date, "%Y-%m-%d")
        self.sensing = day.replace(hour=10, minute=56, second=19)
        self.datastrip_start = day.replace(hour=10, minute=57, second=40)
        self.generation = day.replace(hour=13, minute=45, second=12) if level == "L2A" else day.replace(hour=12, minute=58, second=3)
        base = dt.datetime(2017, 3, 7)            # launch of S2B; absolute orbit ~ 14.3 a day
        self.absolute = 33066 + int((day - dt.datetime(2023, 7, 15)).days * 14.3) if day > base else 1
        s = lambda t: t.strftime("%Y%m%dT%H%M%S")
        self.s_sensing, self.s_generation, self.s_ds = s(self.sensing), s(self.generation), s(self.datastrip_start)
        nb = "N" + baseline.replace(".", "")
        self.product = f"{mission}_MSI{level}_{self.s_sensing}_{nb}_R{orbit:03d}_T{self.tile}_{self.s_generation}"
        self.safe = self.product + ".SAFE"
        self.granule = f"{level}_T{self.tile}_A{self.absolute:06d}_{self.s_ds}"
        self.datastrip = f"DS_2BPS_{self.s_generation}_S{self.s_ds}"
        self.prefix = f"T{self.tile}_{self.s_sensing}"
        n2 = "N" + baseline
        self.datastrip_id = f"{mission}_OPER_MSI_{level}_DS_2BPS_{self.s_generation}_S{self.s_ds}_{n2}"
        self.tile_id = f"{mission}_OPER_MSI_{level}_TL_2BPS_{self.s_generation}_A{self.absolute:06d}_T{self.tile}_{n2}"

    def image_file(self, band, res):
        """Path of a band's image relative to the SAFE root, without .jp2 (as IMAGE_FILE lists it)."""
        if self.level == "L2A":
            return f"GRANULE/{self.granule}/IMG_DATA/R{res}m/{self.prefix}_{band}_{res}m"
        return f"GRANULE/{self.granule}/IMG_DATA/{self.prefix}_{band}"

    def epsg(self):
        zone = int(self.tile[:2])
        return (32600 if self.tile[2] >= "N" else 32700) + zone


def _iso(t, frac=".024Z"):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + frac


def product_xml(n, files, with_offsets, scl_counts):
    l2a = n.level == "L2A"
    root = "Level-2A_User_Product" if l2a else "Level-1C_User_Product"
    xsd = "User_Product_Level-2A.xsd" if l2a else "User_Product_Level-1C.xsd"
    images = "\n".join(f"                        <IMAGE_FILE>{f}</IMAGE_FILE>" for f in files)
    if l2a:
        quant = ("            <QUANTIFICATION_VALUES_LIST>\n"
                 f"                <BOA_QUANTIFICATION_VALUE unit=\"none\">{QUANTIFICATION}</BOA_QUANTIFICATION_VALUE>\n"
                 "                <AOT_QUANTIFICATION_VALUE unit=\"none\">1000.0</AOT_QUANTIFICATION_VALUE>\n"
                 "                <WVP_QUANTIFICATION_VALUE unit=\"cm\">1000.0</WVP_QUANTIFICATION_VALUE>\n"
                 "            </QUANTIFICATION_VALUES_LIST>\n")
        if with_offsets:
            quant += ("            <BOA_ADD_OFFSET_VALUES_LIST>\n"
                      + "".join(f"                <BOA_ADD_OFFSET band_id=\"{b[0]}\">{BASELINE_OFFSET}</BOA_ADD_OFFSET>\n" for b in BANDS)
                      + "            </BOA_ADD_OFFSET_VALUES_LIST>\n")
    else:
        quant = f"            <QUANTIFICATION_VALUE unit=\"none\">{QUANTIFICATION}</QUANTIFICATION_VALUE>\n"
        if with_offsets:
            quant += ("            <Radiometric_Offset_List>\n"
                      + "".join(f"                <RADIO_ADD_OFFSET band_id=\"{b[0]}\">{BASELINE_OFFSET}</RADIO_ADD_OFFSET>\n" for b in BANDS)
                      + "            </Radiometric_Offset_List>\n")
    solar = "".join(f"                    <SOLAR_IRRADIANCE bandId=\"{i}\" unit=\"W/m²/µm\">{v}</SOLAR_IRRADIANCE>\n"
                    for i, v in enumerate(SOLAR))
    spectral = "".join(
        f"                <Spectral_Information bandId=\"{b[0]}\" physicalBand=\"{b[1]}\">\n"
        f"                    <RESOLUTION>{b[3]}</RESOLUTION>\n"
        "                    <Wavelength>\n"
        f"                        <MIN unit=\"nm\">{b[4]}</MIN>\n"
        f"                        <MAX unit=\"nm\">{b[5]}</MAX>\n"
        f"                        <CENTRAL unit=\"nm\">{b[6]}</CENTRAL>\n"
        "                    </Wavelength>\n"
        "                </Spectral_Information>\n" for b in BANDS)
    scl_list = ""
    qi = ""
    if l2a:
        names = ["NODATA", "SATURATED_DEFECTIVE", "DARK_FEATURE_SHADOW", "CLOUD_SHADOW", "VEGETATION",
                 "NOT_VEGETATED", "WATER", "UNCLASSIFIED", "CLOUD_MEDIUM_PROBA", "CLOUD_HIGH_PROBA",
                 "THIN_CIRRUS", "SNOW_ICE"]
        scl_list = ("            <Scene_Classification_List>\n" + "".join(
            "                <Scene_Classification_ID>\n"
            f"                    <SCENE_CLASSIFICATION_TEXT>SC_{t}</SCENE_CLASSIFICATION_TEXT>\n"
            f"                    <SCENE_CLASSIFICATION_INDEX>{i}</SCENE_CLASSIFICATION_INDEX>\n"
            "                </Scene_Classification_ID>\n" for i, t in enumerate(names))
            + "            </Scene_Classification_List>\n")
    if scl_counts is not None:
        total = max(1, int(scl_counts.sum()))
        valid = max(1, total - int(scl_counts[0]))
        pct = lambda k: f"{100.0 * scl_counts[k] / valid:.6f}"
        cloud = 100.0 * (scl_counts[8] + scl_counts[9] + scl_counts[10]) / valid
        qi = ("        <Cloud_Coverage_Assessment>" f"{cloud:.6f}" "</Cloud_Coverage_Assessment>\n"
              "        <Image_Content_QI>\n"
              f"            <NODATA_PIXEL_PERCENTAGE>{100.0 * scl_counts[0] / total:.6f}</NODATA_PIXEL_PERCENTAGE>\n"
              f"            <SATURATED_DEFECTIVE_PIXEL_PERCENTAGE>{pct(1)}</SATURATED_DEFECTIVE_PIXEL_PERCENTAGE>\n"
              f"            <DARK_FEATURES_PERCENTAGE>{pct(2)}</DARK_FEATURES_PERCENTAGE>\n"
              f"            <CLOUD_SHADOW_PERCENTAGE>{pct(3)}</CLOUD_SHADOW_PERCENTAGE>\n"
              f"            <VEGETATION_PERCENTAGE>{pct(4)}</VEGETATION_PERCENTAGE>\n"
              f"            <NOT_VEGETATED_PERCENTAGE>{pct(5)}</NOT_VEGETATED_PERCENTAGE>\n"
              f"            <WATER_PERCENTAGE>{pct(6)}</WATER_PERCENTAGE>\n"
              f"            <UNCLASSIFIED_PERCENTAGE>{pct(7)}</UNCLASSIFIED_PERCENTAGE>\n"
              f"            <MEDIUM_PROBA_CLOUDS_PERCENTAGE>{pct(8)}</MEDIUM_PROBA_CLOUDS_PERCENTAGE>\n"
              f"            <HIGH_PROBA_CLOUDS_PERCENTAGE>{pct(9)}</HIGH_PROBA_CLOUDS_PERCENTAGE>\n"
              f"            <THIN_CIRRUS_PERCENTAGE>{pct(10)}</THIN_CIRRUS_PERCENTAGE>\n"
              f"            <SNOW_ICE_PERCENTAGE>{pct(11)}</SNOW_ICE_PERCENTAGE>\n"
              "        </Image_Content_QI>\n")
    else:
        qi = "        <Cloud_Coverage_Assessment>0.0</Cloud_Coverage_Assessment>\n"
    spacecraft = {"S2A": "Sentinel-2A", "S2B": "Sentinel-2B", "S2C": "Sentinel-2C"}.get(n.mission, n.mission)
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:{root} xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/{xsd}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="https://psd-14.sentinel2.eo.esa.int/PSD/{xsd}">
    <n1:General_Info>
        <Product_Info>
            <PRODUCT_START_TIME>{_iso(n.sensing)}</PRODUCT_START_TIME>
            <PRODUCT_STOP_TIME>{_iso(n.sensing)}</PRODUCT_STOP_TIME>
            <PRODUCT_URI>{n.safe}</PRODUCT_URI>
            <PROCESSING_LEVEL>Level-{n.level[1:]}</PROCESSING_LEVEL>
            <PRODUCT_TYPE>S2MSI{n.level[1:]}</PRODUCT_TYPE>
            <PROCESSING_BASELINE>{n.baseline}</PROCESSING_BASELINE>
            <GENERATION_TIME>{_iso(n.generation, '.000000Z')}</GENERATION_TIME>
            <PREVIEW_IMAGE_URL>Not applicable</PREVIEW_IMAGE_URL>
            <PREVIEW_GEO_INFO>Not applicable</PREVIEW_GEO_INFO>
            <Datatake datatakeIdentifier="G{n.mission}_{n.s_sensing}_{n.absolute:06d}_N{n.baseline}">
                <SPACECRAFT_NAME>{spacecraft}</SPACECRAFT_NAME>
                <DATATAKE_TYPE>INS-NOBS</DATATAKE_TYPE>
                <DATATAKE_SENSING_START>{_iso(n.sensing)}</DATATAKE_SENSING_START>
                <SENSING_ORBIT_NUMBER>{n.orbit}</SENSING_ORBIT_NUMBER>
                <SENSING_ORBIT_DIRECTION>DESCENDING</SENSING_ORBIT_DIRECTION>
            </Datatake>
            <Query_Options completeSingleTile="true">
                <PRODUCT_FORMAT>SAFE_COMPACT</PRODUCT_FORMAT>
            </Query_Options>
            <Product_Organisation>
                <Granule_List>
                    <Granule datastripIdentifier="{n.datastrip_id}" granuleIdentifier="{n.tile_id}" imageFormat="JPEG2000">
{images}
                    </Granule>
                </Granule_List>
            </Product_Organisation>
        </Product_Info>
        <Product_Image_Characteristics>
            <Special_Values>
                <SPECIAL_VALUE_TEXT>NODATA</SPECIAL_VALUE_TEXT>
                <SPECIAL_VALUE_INDEX>0</SPECIAL_VALUE_INDEX>
            </Special_Values>
            <Special_Values>
                <SPECIAL_VALUE_TEXT>SATURATED</SPECIAL_VALUE_TEXT>
                <SPECIAL_VALUE_INDEX>65535</SPECIAL_VALUE_INDEX>
            </Special_Values>
            <Image_Display_Order>
                <RED_CHANNEL>3</RED_CHANNEL>
                <GREEN_CHANNEL>2</GREEN_CHANNEL>
                <BLUE_CHANNEL>1</BLUE_CHANNEL>
            </Image_Display_Order>
{quant}            <Reflectance_Conversion>
                <U>0.96922437</U>
                <Solar_Irradiance_List>
{solar}                </Solar_Irradiance_List>
            </Reflectance_Conversion>
            <Spectral_Information_List>
{spectral}            </Spectral_Information_List>
{scl_list}        </Product_Image_Characteristics>
    </n1:General_Info>
    <n1:Geometric_Info>
        <Coordinate_Reference_System>
            <GEO_TABLES version="1">EPSG</GEO_TABLES>
            <HORIZONTAL_CS_TYPE>GEOGRAPHIC</HORIZONTAL_CS_TYPE>
        </Coordinate_Reference_System>
    </n1:Geometric_Info>
    <n1:Quality_Indicators_Info>
{qi}    </n1:Quality_Indicators_Info>
</n1:{root}>
"""


def tile_xml(n, size, ulx, uly):
    l2a = n.level == "L2A"
    root = "Level-2A_Tile_ID" if l2a else "Level-1C_Tile_ID"
    xsd = "S2_PDI_Level-2A_Tile_Metadata.xsd" if l2a else "S2_PDI_Level-1C_Tile_Metadata.xsd"
    epsg = n.epsg()
    zone = f"{int(n.tile[:2])}{'N' if epsg < 32700 else 'S'}"
    sizes = "".join(f"""            <Size resolution="{r}">
                <NROWS>{size * 10 // r}</NROWS>
                <NCOLS>{size * 10 // r}</NCOLS>
            </Size>
""" for r in (10, 20, 60))
    geo = "".join(f"""            <Geoposition resolution="{r}">
                <ULX>{ulx}</ULX>
                <ULY>{uly}</ULY>
                <XDIM>{r}</XDIM>
                <YDIM>-{r}</YDIM>
            </Geoposition>
""" for r in (10, 20, 60))
    l1c_id = f"    <L1C_TILE_ID metadataLevel=\"Brief\">{n.tile_id.replace('_L2A_', '_L1C_')}</L1C_TILE_ID>\n" if l2a else ""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:{root} xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/{xsd}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="https://psd-14.sentinel2.eo.esa.int/PSD/{xsd}">
  <n1:General_Info>
{l1c_id}    <TILE_ID metadataLevel="Brief">{n.tile_id}</TILE_ID>
    <DATASTRIP_ID metadataLevel="Standard">{n.datastrip_id}</DATASTRIP_ID>
    <DOWNLINK_PRIORITY metadataLevel="Standard">NOMINAL</DOWNLINK_PRIORITY>
    <SENSING_TIME metadataLevel="Standard">{_iso(n.datastrip_start, '.123456Z')}</SENSING_TIME>
  </n1:General_Info>
  <n1:Geometric_Info>
    <Tile_Geocoding metadataLevel="Brief">
      <HORIZONTAL_CS_NAME>WGS84 / UTM zone {zone}</HORIZONTAL_CS_NAME>
      <HORIZONTAL_CS_CODE>EPSG:{epsg}</HORIZONTAL_CS_CODE>
{sizes}{geo}    </Tile_Geocoding>
    <Tile_Angles metadataLevel="Standard">
      <Mean_Sun_Angle>
        <ZENITH_ANGLE unit="deg">25.3</ZENITH_ANGLE>
        <AZIMUTH_ANGLE unit="deg">128.6</AZIMUTH_ANGLE>
      </Mean_Sun_Angle>
    </Tile_Angles>
  </n1:Geometric_Info>
  <n1:Quality_Indicators_Info metadataLevel="Standard">
  </n1:Quality_Indicators_Info>
</n1:{root}>
"""


def datastrip_xml(n):
    root = "Level-2A_DataStrip_ID" if n.level == "L2A" else "Level-1C_DataStrip_ID"
    xsd = "S2_PDI_Level-2A_Datastrip_Metadata.xsd" if n.level == "L2A" else "S2_PDI_Level-1C_Datastrip_Metadata.xsd"
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:{root} xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/{xsd}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="https://psd-14.sentinel2.eo.esa.int/PSD/{xsd}">
  <n1:General_Info>
    <Datastrip_Time_Info>
      <DATASTRIP_SENSING_START>{_iso(n.datastrip_start)}</DATASTRIP_SENSING_START>
      <DATASTRIP_SENSING_STOP>{_iso(n.datastrip_start)}</DATASTRIP_SENSING_STOP>
    </Datastrip_Time_Info>
    <Processing_Info>
      <PROCESSING_BASELINE>{n.baseline}</PROCESSING_BASELINE>
    </Processing_Info>
  </n1:General_Info>
</n1:{root}>
"""


def manifest_xml(n, safe_dir):
    """manifest.safe: the XFDU package map and one dataObject per file (size and checksum, SHA3-256
    from baseline 04.00 as ESA's, MD5 before)."""
    sha3 = float(n.baseline) >= 4.0
    objects = []
    for dirpath, _, files in sorted(os.walk(safe_dir)):
        for f in sorted(files):
            if f == "manifest.safe":
                continue
            p = os.path.join(dirpath, f)
            rel = os.path.relpath(p, safe_dir)
            h = hashlib.sha3_256() if sha3 else hashlib.md5()
            with open(p, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            oid = rel.replace("/", "_").replace(".", "_")
            mime = "application/xml" if f.endswith(".xml") else "application/octet-stream"
            objects.append(f"""    <dataObject ID="{oid}">
      <byteStream mimeType="{mime}" size="{os.path.getsize(p)}">
        <fileLocation href="./{rel}" locatorType="URL"/>
        <checksum checksumName="{'SHA3-256' if sha3 else 'MD5'}">{h.hexdigest()}</checksum>
      </byteStream>
    </dataObject>
""")
    kind = "archive_l2a_user_product" if n.level == "L2A" else "archive_l1c_user_product"
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<xfdu:XFDU xmlns:gml="http://www.opengis.net/gml" xmlns:safe="http://www.esa.int/safe/sentinel/1.1" xmlns:xfdu="urn:ccsds:schema:xfdu:1" version="esa/safe/sentinel/1.1/sentinel-2/msi/{kind}">
  <informationPackageMap>
    <xfdu:contentUnit textInfo="SENTINEL-2 MSI Level-{n.level[1:]} User Product" unitType="Product_Level-{n.level[1:]}">
      <xfdu:contentUnit ID="Product_Metadata_Level-{n.level[1:]}" unitType="Metadata Unit">
        <dataObjectPointer dataObjectID="MTD_MSI{n.level}_xml"/>
      </xfdu:contentUnit>
    </xfdu:contentUnit>
  </informationPackageMap>
  <metadataSection>
    <metadataObject ID="acquisitionPeriod" classification="DESCRIPTION" category="DMD">
      <metadataWrap mimeType="text/xml" vocabularyName="SAFE" textInfo="Acquisition Period">
        <xmlData>
          <safe:acquisitionPeriod>
            <safe:startTime>{_iso(n.sensing)}</safe:startTime>
          </safe:acquisitionPeriod>
        </xmlData>
      </metadataWrap>
    </metadataObject>
  </metadataSection>
  <dataObjectSection>
{''.join(objects)}  </dataObjectSection>
</xfdu:XFDU>
"""


# ---------------------------------------------------------------------------------------------
# Writing


def _jp2(tmp_tif, path):
    src = gdal.Open(tmp_tif)
    gdal.GetDriverByName("JP2OpenJPEG").CreateCopy(
        path, src, options=["QUALITY=100", "REVERSIBLE=YES", "BLOCKXSIZE=1024", "BLOCKYSIZE=1024", "YCBCR420=NO"])
    src = None
    for extra in (path + ".aux.xml",):
        if os.path.exists(extra):
            os.remove(extra)


def write_product(outdir, level="L2A", baseline="05.09", size=120, make_zip=False, tile="T30STF",
                  date="2023-07-15", seed=1, scene="synthetic", bands=None, extras=True, keep_safe=True,
                  ulx=600000, uly=None, strip=None, log=None):
    """Writes the product into outdir; returns {safe, zip, mtd, granule, files: {(band, res): path}}."""
    level = level.upper()
    if level not in ("L2A", "L1C"):
        raise ValueError("level must be L2A or L1C")
    n = Names(level, baseline, tile, date)
    if uly is None:                               # a plausible northing for the hemisphere
        uly = 4100040 if n.epsg() < 32700 else 7900000
    sc = Scene(size, seed, scene)
    offset = offset_of(baseline)
    os.makedirs(outdir, exist_ok=True)
    safe = os.path.join(outdir, n.safe)
    if os.path.exists(safe):
        shutil.rmtree(safe)
    granule = os.path.join(safe, "GRANULE", n.granule)
    for d in ("AUX_DATA", "QI_DATA", "IMG_DATA"):
        os.makedirs(os.path.join(granule, d))
    os.makedirs(os.path.join(safe, "DATASTRIP", n.datastrip, "QI_DATA"))
    os.makedirs(os.path.join(safe, "rep_info"))
    os.makedirs(os.path.join(safe, "HTML"))

    # what to write: (band, res)
    if level == "L2A":
        items = [(b, r) for r in (10, 20, 60) for b in L2A_CONTENT[r]]
    else:
        items = [(b, 10 if b == "TCI" else NATIVE[b]) for b in L1C_CONTENT]
    if level == "L2A":
        items += [(m, r) for m in QI_MASKS for r in (20, 60)]
    if bands:
        items = [(b, r) for b, r in items if b in bands]
    if not extras:
        items = [(b, r) for b, r in items if b not in EXTRAS]

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(n.epsg())
    wkt = srs.ExportToWkt()
    tmp = tempfile.mkdtemp(prefix=".s2gen-", dir=outdir)
    scl_counts = np.zeros(256, np.int64) if level == "L2A" else None
    files = {}
    try:
        # temporary GeoTIFFs written strip by strip, then copied to JPEG 2000
        gtiff = gdal.GetDriverByName("GTiff")
        dsets = {}
        for b, r in items:
            m = size * 10 // r
            dtype = gdal.GDT_Byte if b in ("SCL", "TCI") or b in QI_MASKS else gdal.GDT_UInt16
            ds = gtiff.Create(os.path.join(tmp, f"{b}_{r}.tif"), m, m, 3 if b == "TCI" else 1, dtype, ["TILED=YES"])
            ds.SetGeoTransform((ulx, r, 0, uly, 0, -r))
            ds.SetProjection(wkt)
            dsets[(b, r)] = ds
        step = strip or max(6, (min(size, max(6, 12_000_000 // size)) // 6) * 6)   # 10 m rows a strip
        for r0 in range(0, size, step):
            r1 = min(size, r0 + step)
            for (b, r), ds in dsets.items():
                f = r // 10
                c0, c1 = r0 // f, r1 // f
                if b == "SCL":
                    a = sc.scl(r, c0, c1)
                    if r == 20:
                        scl_counts += np.bincount(a.ravel(), minlength=256)
                    ds.GetRasterBand(1).WriteArray(a, 0, c0)
                elif b in QI_MASKS:
                    ds.GetRasterBand(1).WriteArray(sc.probability(b, r, c0, c1), 0, c0)
                elif b == "TCI":
                    for k, src in enumerate(("B04", "B03", "B02")):
                        v = sc.reflectance(src, r, c0, c1)
                        with np.errstate(invalid="ignore"):
                            t = np.clip(np.rint(v / 0.25 * 254) + 1, 1, 255)
                        ds.GetRasterBand(k + 1).WriteArray(np.where(np.isnan(v), 0, t).astype(np.uint8), 0, c0)
                elif b == "AOT":
                    v = sc.reflectance("B01", r, c0, c1)
                    ds.GetRasterBand(1).WriteArray(np.where(np.isnan(v), 0, 150).astype(np.uint16), 0, c0)
                elif b == "WVP":
                    v = sc.reflectance("B09", r, c0, c1)
                    ds.GetRasterBand(1).WriteArray(np.where(np.isnan(v), 0, 1800).astype(np.uint16), 0, c0)
                else:
                    ds.GetRasterBand(1).WriteArray(to_dn(sc.reflectance(b, r, c0, c1), offset), 0, c0)
            if log:
                log(f"rows {r0}..{r1} of {size}")
        ds = None                                # the loop's last dataset, closed too
        for key in list(dsets):
            dsets[key] = None
        dsets = None
        for b, r in items:
            rel = (f"GRANULE/{n.granule}/QI_DATA/{QI_MASKS[b]}_{r}m.jp2" if b in QI_MASKS
                   else n.image_file(b, r) + ".jp2")
            path = os.path.join(safe, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            _jp2(os.path.join(tmp, f"{b}_{r}.tif"), path)
            files[(b, r)] = path
            if log:
                log(f"wrote {rel}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    image_files = [n.image_file(b, r) for b, r in items if b not in QI_MASKS]
    with open(os.path.join(safe, f"MTD_MSI{level}.xml"), "w", encoding="utf-8") as fh:
        fh.write(product_xml(n, image_files, offset != 0, scl_counts))
    with open(os.path.join(granule, "MTD_TL.xml"), "w", encoding="utf-8") as fh:
        fh.write(tile_xml(n, size, ulx, uly))
    with open(os.path.join(safe, "DATASTRIP", n.datastrip, "MTD_DS.xml"), "w", encoding="utf-8") as fh:
        fh.write(datastrip_xml(n))
    with open(os.path.join(safe, "INSPIRE.xml"), "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd">\n'
                 f'  <gmd:fileIdentifier>{n.product}</gmd:fileIdentifier>\n</gmd:MD_Metadata>\n')
    with open(os.path.join(safe, "manifest.safe"), "w", encoding="utf-8") as fh:
        fh.write(manifest_xml(n, safe))

    result = {"safe": safe, "zip": None, "mtd": os.path.join(safe, f"MTD_MSI{level}.xml"),
              "granule": granule, "files": files, "name": n.safe, "epsg": n.epsg(), "offset": offset}
    if make_zip:
        zpath = os.path.join(outdir, n.product + ".zip")
        write_zip(safe, zpath)
        result["zip"] = zpath
        if not keep_safe:
            shutil.rmtree(safe)
            result["safe"] = None
    return result


def write_zip(safe, zpath):
    """The SAFE folder as the zip's top entry, folders included, every file stored (zip -0), as
    products are: JPEG 2000 is compressed already."""
    base = os.path.dirname(safe.rstrip("/"))
    tmp = zpath + ".part"
    with zipfile.ZipFile(tmp, "w", allowZip64=True) as z:
        for dirpath, dirs, files in os.walk(safe):
            dirs.sort()
            rel = os.path.relpath(dirpath, base)
            z.writestr(zipfile.ZipInfo(rel + "/", date_time=(2023, 7, 15, 13, 45, 12)), b"")
            for f in sorted(files):
                p = os.path.join(dirpath, f)
                z.write(p, os.path.join(rel, f), compress_type=zipfile.ZIP_STORED)
    os.replace(tmp, zpath)


def main(argv=None):
    p = argparse.ArgumentParser(description="Writes a small Sentinel-2 L1C/L2A product (SAFE, zip) from known reflectance.")
    p.add_argument("outdir")
    p.add_argument("--level", default="L2A", choices=["L2A", "L1C", "l2a", "l1c"])
    p.add_argument("--baseline", default="05.09")
    p.add_argument("--size", type=int, default=120)
    p.add_argument("--zip", action="store_true")
    p.add_argument("--tile", default="T30STF")
    p.add_argument("--date", default="2023-07-15")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scene", default="synthetic", choices=["synthetic", "landsat"])
    p.add_argument("--bands", default=None, help="comma-separated, e.g. B03,B08,B11,B12,SCL")
    p.add_argument("--no-extras", action="store_true")
    p.add_argument("--no-safe", action="store_true")
    p.add_argument("--verbose", action="store_true")
    a = p.parse_args(argv)
    if len(a.baseline) != 5 or a.baseline[2] != ".":
        p.error("--baseline looks like 05.09 or 03.01")
    if a.size <= 0 or a.size % 6:
        p.error("--size must be a positive multiple of 6 (10, 20 and 60 m grids)")
    if len(a.tile.lstrip("Tt")) != 5 or not a.tile.lstrip("Tt")[:2].isdigit():
        p.error("--tile looks like T30STF")
    log = (lambda m: print(m, file=sys.stderr, flush=True)) if a.verbose else None
    r = write_product(a.outdir, a.level, a.baseline, a.size, a.zip, a.tile, a.date, a.seed, a.scene,
                      a.bands.split(",") if a.bands else None, not a.no_extras, not a.no_safe, log=log)
    if r["safe"]:
        print(r["safe"])
    if r["zip"]:
        print(r["zip"])


if __name__ == "__main__":
    main()
