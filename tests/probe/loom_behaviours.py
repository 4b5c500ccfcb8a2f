#!/usr/bin/env python3
"""The infant's behaviour and affect over the steps of her looming in
scenarios/peekaboo-intrusive.ini, seeds 1..N, as shares of those steps
(docs/MODEL.md 10.7: what a higher negative_rate does to the intruded-on
infant).  A probe, not part of `make check`.  From the top of a source
tree, after `make build/attune`:

  python3 tests/probe/loom_behaviours.py build/attune 60 [--set KEY=VALUE ...]
"""
import collections, csv, subprocess, sys

att, n, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
behaviour, affect = collections.Counter(), collections.Counter()
for seed in range(1, n + 1):
    out = subprocess.run([att, 'run', 'scenarios/peekaboo-intrusive.ini', '-q', '--seed', str(seed),
                          '-o', '-'] + extra, capture_output=True, text=True, check=True).stdout
    for r in csv.DictReader(out.splitlines()):
        if r['caregiver_behavior'] == 'loom':
            behaviour[r['infant_behavior']] += 1
            affect[r['infant_affect']] += 1
steps = sum(behaviour.values())
print(f'{steps} steps of looming over seeds 1-{n}')
for name, counts in (('behaviour', behaviour), ('affect', affect)):
    print(name + ':', ', '.join(f'{k} {v / steps:.3f}' for k, v in counts.most_common()))
