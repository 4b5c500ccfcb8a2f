#!/usr/bin/env python3
"""Protest bouts of scenarios/peekaboo-intrusive.ini over seeds 1..N
(docs/MODEL.md 2.7, 6 and 10.6): onsets a minute, sessions by number of
bouts, the gaps between onsets, the affect at onset, pushing infants and
bout lengths.  A probe, not part of `make check`.  From the top of a source
tree, after `make build/attune`:

  python3 tests/probe/protest_bouts.py build/attune 100 [--set KEY=VALUE ...]
"""
import csv, subprocess, sys, statistics as st

att, n, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
onsets, gaps, boutlen, pushshare, gazesh = [], [], [], [], []
nbouts, onset_aff, after = {}, {}, {}
pushers = 0
for seed in range(1, n + 1):
    out = subprocess.run([att, 'run', 'scenarios/peekaboo-intrusive.ini', '-q', '--seed', str(seed),
                          '-o', '-'] + extra, capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(out.splitlines()))
    b = [r['infant_behavior'] for r in rows]
    prot = [x.startswith('protest') for x in b]
    k, i, last = 0, 0, 0
    while i < len(b):
        if not prot[i]:
            i += 1
            continue
        k += 1
        if k > 1:
            gaps.append((i - last) * 0.1)
        last = i
        a = rows[i]['infant_affect']
        onset_aff[a] = onset_aff.get(a, 0) + 1
        j = i
        while j < len(b) and prot[j]:
            j += 1
        boutlen.append((j - i) * 0.1)
        if j < len(b):
            after[b[j]] = after.get(b[j], 0) + 1
        i = j
    onsets.append(k / 3.0)
    nbouts[k] = nbouts.get(k, 0) + 1
    pushers += 'protest-push' in b
    pushshare.append(sum(x == 'protest-push' for x in b) / len(b))
    gazesh.append(sum(r['infant_gaze'] == '1' for r in rows) / len(b))
print('onsets/min mean %.2f median %.2f; sessions with 0 %d, 1 %d, >=4 %d'
      % (st.mean(onsets), st.median(onsets), nbouts.get(0, 0), nbouts.get(1, 0),
         sum(v for k, v in nbouts.items() if k >= 4)))
print('pushers %.2f; push share of time %.3f; bout len median %.1f mean %.1f'
      % (pushers / n, st.mean(pushshare), st.median(boutlen), st.mean(boutlen)))
print('after bout:', dict(sorted(after.items(), key=lambda x: -x[1])), 'gaze %.2f' % st.mean(gazesh))
q = st.quantiles(gaps, n=4) if len(gaps) > 1 else []
print('sessions by bouts:', dict(sorted(nbouts.items())), '; gaps between onsets, quartiles (s):',
      ' / '.join('%.0f' % x for x in q), '; affect at onset:', onset_aff)
