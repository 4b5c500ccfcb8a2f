#!/usr/bin/env python3
"""Pick the seed of scenarios/still-face.ini: for every seed in FIRST..LAST
(default 1..300) it runs

  build/attune run scenarios/still-face.ini --seed N -q -o TMP.csv

and reads nine shares from the trace: gaze (infant_gaze = 1), positive and
negative affect (infant_affect) in each of the three episodes (play,
still-face, reunion).  It takes each share's mean and SD (n - 1) over the
seeds and scores a seed by the sum of the squared z-distances of its nine
shares from those means; the chosen seed has the smallest sum.  The method
is the one the file's comment describes (session 19, docs/VALIDATION.md 8)
and tests/probe/pick_peekaboo_seed.py uses for the peek-a-boo files.

A probe, not part of `make check`:

  python3 tests/probe/pick_stillface_seed.py [--first 1 --last 300 --jobs 2 --show 10]

Its output for the model of session 26 is kept beside it in
pick_stillface_seed.txt."""
import argparse, csv, os, statistics, subprocess, tempfile
from concurrent.futures import ThreadPoolExecutor

ap = argparse.ArgumentParser()
ap.add_argument('--first', type=int, default=1)
ap.add_argument('--last', type=int, default=300)
ap.add_argument('--jobs', type=int, default=2)
ap.add_argument('--show', type=int, default=10)
ap.add_argument('--bin', default='build/attune')
ap.add_argument('--also', default='165')        # more seeds to show, N,N,...
a = ap.parse_args()

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
bin_ = a.bin if os.path.isabs(a.bin) else os.path.join(root, a.bin)
PHASES = ('play', 'still-face', 'reunion')
STATS = ('gaze', 'pos', 'neg')
KEYS = [(p, s) for p in PHASES for s in STATS]
tmp = tempfile.mkdtemp(prefix='stillface-seed-')


def measure(seed):
    out = os.path.join(tmp, '%d.csv' % seed)
    subprocess.run([bin_, 'run', os.path.join(root, 'scenarios', 'still-face.ini'),
                    '--seed', str(seed), '-q', '-o', out], check=True)
    with open(out, newline='') as f:
        rows = list(csv.DictReader(f))
    os.remove(out)
    if os.path.exists(out + '.meta.json'):
        os.remove(out + '.meta.json')
    m = {}
    for p in PHASES:
        r = [x for x in rows if x['phase'] == p]
        n = len(r)
        m[(p, 'gaze')] = sum(x['infant_gaze'] == '1' for x in r) / n
        m[(p, 'pos')] = sum(x['infant_affect'] == 'positive' for x in r) / n
        m[(p, 'neg')] = sum(x['infant_affect'] == 'negative' for x in r) / n
    return m


seeds = list(range(a.first, a.last + 1))
also = [int(s) for s in a.also.split(',') if s]
with ThreadPoolExecutor(a.jobs) as ex:
    got = dict(zip(seeds + also, ex.map(measure, seeds + also)))
mean = {k: statistics.mean(got[s][k] for s in seeds) for k in KEYS}
sd = {k: statistics.stdev(got[s][k] for s in seeds) for k in KEYS}


def score(s):
    return sum(((got[s][k] - mean[k]) / sd[k]) ** 2 for k in KEYS if sd[k] > 0)


print('seeds %d..%d (%d), shares of each episode' % (a.first, a.last, len(seeds)))
print('%-11s %-5s %8s %8s' % ('episode', 'share', 'mean', 'sd'))
for k in KEYS:
    print('%-11s %-5s %8.4f %8.4f' % (k[0], k[1], mean[k], sd[k]))
print('\n seed  sum z2   ' + '  '.join('%s %s' % (p[:2], s) for p, s in KEYS) + '  (%)')


def line(s):
    return '%5d %7.2f   ' % (s, score(s)) + '  '.join(
        '%*.1f' % (len(p[:2]) + len(st) + 1, 100 * got[s][(p, st)]) for p, st in KEYS)


ranked = sorted(seeds, key=score)
for s in ranked[:a.show]:
    print(line(s))
print('the seeds of --also, with their rank among %d..%d:' % (a.first, a.last))
for s in also:
    rank = sum(score(x) < score(s) for x in seeds) + 1
    print(line(s) + '   rank %d' % rank)
print('chosen (smallest sum): %d' % ranked[0])
