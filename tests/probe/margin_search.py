#!/usr/bin/env python3
"""Margin search (docs/VALIDATION.md 8, sessions 17 and 18): a coordinate
search over `attune validate --scale` factors of some keys, minimising
sum exp(-(m - 3)) over every check of the unperturbed suite and over the
headline checks of each perturbed row (rows of the sensitivity table that
flipped, given as KEY=F), m being a check's distance from the nearest end
of its range in half-widths of its 95 % interval.  Each factor is tried
times e^step and e^-step; the step halves when no key moves.  It prints
and logs every evaluation; the last BEST line holds the factors.

A calibration tool, not part of `make check`: run it from a build of the
source tree it sits in (build/attune), e.g.

  python3 tests/probe/margin_search.py --keys upset_shift,stim_gain \
      --rows "avert_threshold=1.3;negative_threshold=1.3" --infants 800 \
      --log search.log

`tests/probe/s18-candidate.patch` (git apply) is session 18's candidate
defaults; table-s18*.csv are the whole tables of its steps; table-s19.csv
the whole table of the defaults adopted in session 19 (docs/VALIDATION.md
8, docs/MODEL.md 10.5); table-s20.csv session 20's, of 35 keys;
s20-candidate.patch (upset_negative_rate 0.437) and table-s20-candidate.csv
its candidate and that candidate's whole table."""
import argparse, csv, io, math, os, re, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument('--keys', required=True)
ap.add_argument('--rows', default='')
ap.add_argument('--infants', type=int, default=600)
ap.add_argument('--start', default='')          # KEY=F,... starting factors
ap.add_argument('--step', type=float, default=0.25)
ap.add_argument('--minstep', type=float, default=0.06)
ap.add_argument('--sweeps', type=int, default=4)
ap.add_argument('--log', required=True)
a = ap.parse_args()

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
heads = set(re.findall(r'\{ "([a-z_.0-9]+)", "', open(os.path.join(root, 'validate/validate_sens_head.c')).read()))
keys = a.keys.split(',')
rows = [dict(kv.split('=') for kv in r.split(',')) for r in a.rows.split(';') if r]
x = {k: 1.0 for k in keys}
for kv in filter(None, a.start.split(',')):
    k, v = kv.split('='); x[k] = float(v)
log = open(a.log, 'a')
env = dict(os.environ, ATTUNE_DATA=root)

def margin(r):
    est, lo, hi = float(r['estimate']), float(r['ci_low']), float(r['ci_high'])
    hw = max((hi - lo) / 2, 1e-9)
    m = []
    if r['target_low'] != '': m.append((est - float(r['target_low'])) / hw)
    if r['target_high'] != '': m.append((float(r['target_high']) - est) / hw)
    return min(m) if m else 99

def run(scale):
    s = ','.join('%s=%.4f' % kv for kv in scale.items() if abs(kv[1] - 1) > 1e-9)
    cmd = [os.path.join(root, 'build/attune'), 'validate', '--infants', str(a.infants), '--format', 'csv']
    if s: cmd += ['--scale', s]
    # validate exits 1 when a check fails, which the cost counts; anything
    # else (a bad key: 2) must stop the search, not score as no checks at all
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    if p.returncode not in (0, 1) or not rows:
        sys.exit('margin_search: %s: exit %d\n%s' % (' '.join(cmd), p.returncode, p.stderr))
    return rows

def cost(x):
    total, fails, worst = 0.0, [], []
    for i, row in enumerate([{}] + rows):
        sc = dict(x)
        for k, f in row.items(): sc[k] = sc.get(k, 1.0) * float(f)
        for r in run(sc):
            if i and r['id'] not in heads: continue
            m = margin(r)
            total += math.exp(-(min(m, 12) - 3))
            if m < 0: fails.append('%d:%s' % (i, r['id']))
            if m < 3: worst.append('%d:%s=%.1f' % (i, r['id'], m))
    return total, fails, worst

def show(tag, x, c):
    line = '%s cost %.2f fails %s near %s x %s' % (tag, c[0], ' '.join(c[1]) or '-', ' '.join(c[2]),
            ','.join('%s=%.3f' % kv for kv in x.items()))
    print(line, flush=True); log.write(line + '\n'); log.flush()

best = cost(x); show('start', x, best)
step = a.step
for sweep in range(a.sweeps):
    moved = False
    for k in keys:
        for d in (step, -step):
            y = dict(x); y[k] = x[k] * math.exp(d)
            c = cost(y)
            show('try %s %+.2f' % (k, d), y, c)
            if c[0] < best[0]:
                x, best, moved = y, c, True
                show('BEST', x, best)
                break
    if not moved:
        step /= 2
        if step < a.minstep: break
show('final', x, best)
