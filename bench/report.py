#!/usr/bin/python3
"""Prints the benchmark table from what bench/run.sh left in LOGDIR: results.tsv (one row per
timed run), inertia_band.jsonl, inertia_stack.jsonl and inertia_jp2.jsonl (bench/inertia.py), meta.tsv.
usage: /usr/bin/python3 bench/report.py LOGDIR

Per tool and case: median wall time and median peak RSS over its runs, inertia over the pixels
valid in the source, and the ratios against scikit-learn, gdal_translate and (on the stack and its
seed cases) GRASS GIS's i.cluster + i.maxlik. Then the ratios the
targets are judged on, each marked met / MISSED (or n/a when a tool was skipped)."""
import csv
import json
import os
import re
import statistics
import sys

TOOLS = ['rastercmdlets', 'scikit-learn', 'gdal_translate', 'grass', 'baseline']
OURS, SK, GDAL, GRASS, BASELINE = TOOLS


def read_meta(logdir):
    meta = {}
    with open(os.path.join(logdir, 'meta.tsv')) as f:
        for line in f:
            key, _, value = line.rstrip('\n').partition('\t')
            meta[key] = value
    return meta


def machine():
    model, mem_kb = '?', 0
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as f:
        for line in f:
            if line.startswith('MemTotal:'):
                mem_kb = int(line.split()[1])
    return f"{os.cpu_count()} cpus ({model}), {mem_kb / 1024**2:.1f} GiB RAM"


def read_runs(logdir):
    """{(case, tool): {'k', 'walls', 'peaks_kb', 'output', 'stdout'}} in order of appearance."""
    runs = {}
    with open(os.path.join(logdir, 'results.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            r = runs.setdefault((row['case'], row['tool']), {
                'k': int(row['k']), 'walls': [], 'peaks_kb': [], 'builds': [], 'rebuilt': 0,
                'output': row['output'], 'stdout': row['stdout']})
            r['walls'].append(float(row['wall_s']))
            r['builds'].append(row['build'])
            r['rebuilt'] += int(row['rebuilt'])
            r['peaks_kb'].append(int(row['peak_kb']))
    for r in runs.values():
        r['wall'] = statistics.median(r['walls'])
        r['peak_mb'] = statistics.median(r['peaks_kb']) / 1024
    return runs


def read_inertia(logdir, case):
    # The seed cases are scored with the stack, over the same pixels.
    path = os.path.join(logdir, f"inertia_{'stack' if case.startswith('seed') else case}.jsonl")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {os.path.basename(d['path']): d for d in map(json.loads, f)}


def sklearn_self_inertia(stdout_path):
    """The inertia scikit-learn prints about its own fit (distances to its centres), a cross-check."""
    try:
        m = re.search(r'inertia (\S+)', open(stdout_path).read())
        return float(m.group(1)) if m else None
    except OSError:
        return None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(x, spec):
    return '-' if x is None else format(x, spec)


def main():
    logdir = sys.argv[1]
    meta, runs = read_meta(logdir), read_runs(logdir)
    cases = list(dict.fromkeys(case for case, _ in runs))
    dirty = int(meta.get('dirty', '0') or 0)

    print(f"RasterCmdlets benchmark  {meta.get('date', '')}  SIZE={meta.get('size')}  "
          f"runs per tool: rastercmdlets/gdal_translate {meta.get('repeat')} (median), scikit-learn 1")
    with open('/proc/loadavg') as f:
        load_end = ' '.join(f.read().split()[:3])
    print(f"machine: {machine()}, load average at start {meta.get('loadavg_start')}, "
          f"at end {load_end}")
    print(f"repo: commit {meta.get('commit')}"
          + (f" + uncommitted changes ({dirty} paths in src/ tests/)" if dirty else "")
          + f"; data and outputs in {meta.get('dir')}")
    print()

    head = (f"{'case':<14} {'tool':<15} {'wall_s':>7} {'peak_MB':>8} {'inertia':>13} {'unlab':>6} "
            f"{'vs_sklearn_time':>15} {'vs_gdal_time':>12} {'mem_vs_sklearn':>14} {'vs_grass_time':>13} {'mem_vs_grass':>12}")
    print(head)
    summary = {}
    warnings = []
    for case in cases:
        k = next(r['k'] for (c, _), r in runs.items() if c == case)
        label = f"{case} K={k}"
        inert = read_inertia(logdir, case)
        # Seed cases are judged against the stack's scikit-learn run.
        sk = runs.get(('stack' if case.startswith('seed') else case, SK))
        gdal = runs.get((case, GDAL))
        grass = runs.get(('stack' if case.startswith('seed') else case, GRASS))
        for tool in TOOLS:
            r = runs.get((case, tool))
            if r is None:
                if case in ('band', 'stack', 'jp2') and (tool != GRASS or case == 'stack'):
                    print(f"{label:<14} {tool:<15} {'(skipped)':>7}")
                continue
            i = inert.get(os.path.basename(r['output'])) if tool != GDAL else None
            r['inertia'] = i['inertia'] if i else None
            print(f"{label:<14} {tool:<15} {r['wall']:>7.2f} {r['peak_mb']:>8.0f} "
                  f"{fmt(r['inertia'], '13.6e'):>13} {fmt(i and i['unlabelled'], 'd'):>6} "
                  f"{fmt(ratio(sk and sk['wall'], r['wall']), '.2f'):>15} "
                  f"{fmt(ratio(r['wall'], gdal and gdal['wall']), '.2f'):>12} "
                  f"{fmt(ratio(r['peak_mb'], sk and sk['peak_mb']), '.3f'):>14} "
                  f"{fmt(ratio(grass and grass['wall'], r['wall']) if tool != GRASS else None, '.2f'):>13} "
                  f"{fmt(ratio(r['peak_mb'], grass and grass['peak_mb']) if tool != GRASS else None, '.3f'):>12}")
            if i and i['unlabelled']:
                warnings.append(f"{label} {tool}: {i['unlabelled']} of {i['valid']} valid pixels "
                                f"unlabelled (label 255 or >= K), left out of its inertia")
            if r['rebuilt']:
                warnings.append(f"{label} {tool}: {r['rebuilt']} run(s) include a rebuild of the "
                                f"module (sources kept changing): their time is not a measurement")
            if tool == OURS and i and i['nodata_labelled']:
                warnings.append(f"{label} {tool}: {i['nodata_labelled']} NoData pixels got a class "
                                f"label instead of 255")
        ours = runs.get((case, OURS))
        ours_i = inert.get(os.path.basename(ours['output'])) if ours else None
        sk_i = inert.get(os.path.basename(sk['output'])) if sk else None
        grass_i = inert.get(os.path.basename(grass['output'])) if grass else None
        summary[case] = {
            'vs_grass': ratio(grass and grass['wall'], ours and ours['wall']),
            'mem_vs_grass': ratio(ours and ours['peak_mb'], grass and grass['peak_mb']),
            'inertia_rel_grass': (ratio(ours_i['inertia'] - grass_i['inertia'], grass_i['inertia'])
                                  if ours_i and grass_i else None),
            'grass_walls': grass and grass['walls'],
            'label': label,
            'speedup': ratio(sk and sk['wall'], ours and ours['wall']),
            'vs_gdal': ratio(ours and ours['wall'], gdal and gdal['wall']),
            'mem_vs_sk': ratio(ours and ours['peak_mb'], sk and sk['peak_mb']),
            'mem_vs_gdal': ratio(ours and ours['peak_mb'], gdal and gdal['peak_mb']),
            'peak_mb': ours and ours['peak_mb'],
            'inertia_rel': (ratio(ours_i['inertia'] - sk_i['inertia'], sk_i['inertia'])
                            if ours_i and sk_i else None),
            'agreement': sk_i and sk_i.get('agreement_with_first'),
            'valid': ours_i and ours_i['valid'],
            'ours_walls': ours and ours['walls'],
            'gdal_walls': gdal and gdal['walls'],
            'sk_self': sk and sklearn_self_inertia(sk['stdout']),
            'sk_inertia': sk_i and sk_i['inertia'],
        }
    print("  vs_sklearn_time = sklearn wall / this wall (speed-up); vs_gdal_time = this wall / "
          "gdal_translate wall;")
    print("  mem_vs_sklearn = this peak RSS / sklearn peak RSS; MB = 1024 kB; inertia over the pixels "
          "valid in the source; unlab = valid pixels without a class label")
    print("  vs_grass_time = GRASS (i.cluster + i.maxlik) wall / this wall; mem_vs_grass = this peak RSS / "
          "GRASS peak RSS (seed cases against the stack's GRASS runs)")

    # The targets: (case, key, description, format, test, target text)
    targets = [
        ('band', 'speedup', 'sklearn_time/ours_time', '.2f', lambda v: v >= 20, '>= 20'),
        ('band', 'vs_gdal', 'ours_time/gdal_translate_time', '.2f', lambda v: v <= 1.5, '<= 1.5'),
        ('band', 'mem_vs_sk', 'ours_peak/sklearn_peak', '.3f', lambda v: v <= 0.1, '<= 0.1'),
        ('band', 'peak_mb', 'ours_peak_MB', '.0f', lambda v: v < 500, '< 500'),
        ('band', 'inertia_rel', '(ours-sk)/sk inertia', '+.4%', lambda v: v <= 0.001, '<= 0 or within 0.1%'),
        ('band', 'agreement', 'label agreement with sklearn', '.4%', None, ''),
        ('stack', 'speedup', 'sklearn_time/ours_time', '.2f', lambda v: v >= 10, '>= 10'),
        ('stack', 'vs_gdal', 'ours_time/gdal_translate_time', '.2f', None, ''),
        ('stack', 'mem_vs_sk', 'ours_peak/sklearn_peak', '.3f', lambda v: v <= 0.25, '<= 0.25'),
        ('stack', 'peak_mb', 'ours_peak_MB', '.0f', None, ''),
        ('stack', 'inertia_rel', '(ours-sk)/sk inertia', '+.4%', lambda v: v <= 0.001, '<= 0 or within 0.1%'),
        ('stack', 'agreement', 'label agreement with sklearn', '.4%', None, ''),
        ('stack', 'vs_grass', 'grass_time/ours_time', '.2f', lambda v: v >= 3, '>= 3'),
        ('stack', 'mem_vs_grass', 'ours_peak/grass_peak', '.3f', lambda v: v <= 0.5, '<= 0.5'),
        ('stack', 'inertia_rel_grass', '(ours-grass)/grass inertia', '+.4%', lambda v: v < 0, '< 0'),
        ('jp2', 'vs_gdal', 'ours_time/gdal_translate_time', '.2f', lambda v: v <= 1.15, '<= 1.15'),
        ('jp2', 'speedup', 'sklearn_time/ours_time', '.2f', lambda v: v >= 3, '>= 3'),
        ('jp2', 'peak_mb', 'ours_peak_MB', '.0f', lambda v: v <= 500, '<= 500'),
        ('jp2', 'inertia_rel', '(ours-sk)/sk inertia', '+.4%', lambda v: v <= 0.001, '<= 0 or within 0.1%'),
        ('strip', 'vs_gdal', 'ours_time/gdal_translate_time', '.2f', lambda v: v <= 1.15, '<= 1.15'),
        ('strip', 'mem_vs_gdal', 'ours_peak/gdal_translate_peak', '.3f', lambda v: v <= 1, '<= 1'),
        ('stripbatch', 'vs_gdal', 'ours_time/gdal_translate_time', '.2f', lambda v: v <= 1.15, '<= 1.15'),
        ('stripbatch', 'mem_vs_gdal', 'ours_peak/gdal_translate_peak', '.3f', lambda v: v <= 1, '<= 1'),
        ('cog', 'vs_gdal', 'ours_time/gdal_translate_time', '.2f', None, ''),
    ]
    print()
    print("targets:")
    for case, key, desc, spec, test, target in targets:
        s = summary.get(case)
        if s is None:
            continue
        v = s[key]
        if v is None:
            verdict = (f"n/a ({'GRASS' if 'grass' in key else 'scikit-learn'} skipped)"
                       if test or key == 'agreement' else '')
        elif test is None:
            verdict = '(no target)'
        else:
            verdict = 'met' if test(v) else 'MISSED'
        print(f"  {s['label']:<14} {desc:<30} {fmt(v, spec):>10}   "
              f"{('target ' + target) if target else '':<27} {verdict}")

    seeds = {c: s for c, s in summary.items() if c.startswith('seed')}
    if seeds:
        print()
        slowest = max(seeds, key=lambda c: runs[(c, OURS)]['wall'])
        worst = max((s['inertia_rel'] for s in seeds.values() if s['inertia_rel'] is not None), default=None)
        speedup = seeds[slowest]['speedup']
        print(f"stack for every seed ({', '.join(seeds)}): slowest {slowest} {runs[(slowest, OURS)]['wall']:.2f} s; "
              f"sklearn_time/slowest_seed_time {fmt(speedup, '.2f')} (target >= 10, aim 15): "
              f"{'n/a' if speedup is None else 'met' if speedup >= 10 else 'MISSED'}; "
              f"worst (ours-sk)/sk inertia {fmt(worst, '+.4%')} (target within 0.1%): "
              f"{'n/a' if worst is None else 'met' if worst <= 0.001 else 'MISSED'}")
        vs_grass = seeds[slowest]['vs_grass']
        worst_grass = max((s['inertia_rel_grass'] for s in seeds.values() if s['inertia_rel_grass'] is not None), default=None)
        mem_grass = max((s['mem_vs_grass'] for s in seeds.values() if s['mem_vs_grass'] is not None), default=None)
        print(f"  against GRASS (i.cluster + i.maxlik, runs {seeds[slowest]['grass_walls']} s): "
              f"grass_time/slowest_seed_time {fmt(vs_grass, '.2f')} (target >= 3): "
              f"{'n/a' if vs_grass is None else 'met' if vs_grass >= 3 else 'MISSED'}; "
              f"largest ours_peak/grass_peak {fmt(mem_grass, '.3f')} (target <= 0.5): "
              f"{'n/a' if mem_grass is None else 'met' if mem_grass <= 0.5 else 'MISSED'}; "
              f"worst (ours-grass)/grass inertia {fmt(worst_grass, '+.4%')} (target < 0): "
              f"{'n/a' if worst_grass is None else 'met' if worst_grass < 0 else 'MISSED'}")

    batch = int(meta.get('batch', '0') or 0)
    ours_b, gdal_b, start = runs.get(('batch', OURS)), runs.get(('batch', GDAL)), runs.get(('startup', OURS))
    if batch and ours_b and gdal_b:
        print()
        print(f"batch of {batch} tiles in one pwsh session: rastercmdlets {ours_b['wall']:.2f} s "
              f"({ours_b['wall'] / batch:.2f} s per tile, peak {ours_b['peak_mb']:.0f} MB), "
              f"gdal_translate loop {gdal_b['wall']:.2f} s ({gdal_b['wall'] / batch:.2f} s per tile): "
              f"{ours_b['wall'] / gdal_b['wall']:.2f}x")
    if start:
        print(f"pwsh start-up with the module imported (./raster-pwsh -Command '$null'): "
              f"{start['wall']:.2f} s, peak {start['peak_mb']:.0f} MB (runs {start['walls']})")

    base_cases = [c for c in cases if (c, BASELINE) in runs and (c, OURS) in runs]
    if base_cases:
        print()
        print(f"against the baseline (BENCH_BASELINE, commit {meta.get('baseline')}), run for run beside ours: "
              f"baseline_time/ours_time and ours_peak/baseline_peak per case (>= 1.00 and <= 1.00: no slower, no larger)")
        for case in base_cases:
            o, b = runs[(case, OURS)], runs[(case, BASELINE)]
            print(f"  {case:<12} ours {o['wall']:6.2f} s {o['peak_mb']:5.0f} MB   baseline {b['wall']:6.2f} s {b['peak_mb']:5.0f} MB   "
                  f"time {b['wall'] / o['wall']:.2f}x   memory {o['peak_mb'] / b['peak_mb']:.2f}x")

    print()
    builds = sorted({b for (_, t), r in runs.items() if t == OURS for b in r['builds']})
    if len(builds) > 1:
        warnings.append(f"rastercmdlets runs used {len(builds)} different builds ({', '.join(builds)}): "
                        f"src/ changed during the benchmark")
    elif builds:
        print(f"  rastercmdlets build (md5 of module DLLs): {builds[0]}")
    for case, s in summary.items():
        if s['ours_walls'] and len(s['ours_walls']) > 1:
            print(f"  {s['label']}: rastercmdlets runs {s['ours_walls']} s, gdal_translate runs "
                  f"{s['gdal_walls']} s")
        if s['sk_self'] is not None and s['sk_inertia']:
            print(f"  {s['label']}: scikit-learn's own inertia {s['sk_self']:.6e} (to its centres, all "
                  f"pixels{', float32 sums' if case == 'stack' else ''}) vs {s['sk_inertia']:.6e} recomputed here ({s['valid']} valid pixels)")
    for w in warnings:
        print(f"  WARNING {w}")


if __name__ == '__main__':
    main()
