#!/usr/bin/env python3
"""Render a saved `attune validate --sensitivity --format csv` table as the
markdown `--format markdown` prints (validate/validate_sens_write.c:
write_markdown and att_vsens_verdict).  The CSV does not hold the run's
size, seed, --only, the number of headline checks run or the ones that
fail unperturbed: give them as options.

usage: sens_csv2md.py CSV --headlines N [--failing 'id id'] [--infants N]
                      [--boot N] [--seed N] [--only PREFIX]
"""
import argparse
import csv
import sys


def g(x, prec):
    return '%.*g' % (prec, x)


def md_ids(ids):
    out = []
    for tok in ids.split(' ') if ids else []:
        if tok.startswith('+'):
            out.append('+`%s`' % tok[1:])
        else:
            out.append('`%s`' % tok)
    return ' '.join(out)


def kind_ids(ids, plus, md):
    out = []
    for tok in ids.split(' ') if ids else []:
        if tok.startswith('+') == plus:
            t = tok[1:] if plus else tok
            out.append('`%s`' % t if md else t)
    return ' '.join(out)


def has_kind(ids, plus):
    return any(t.startswith('+') == plus for t in (ids.split(' ') if ids else []))


def add_rows(rows, plus, n, verb, md):
    changes = len(rows) - 1 if rows else 0
    s = '' if changes == 1 else 's'
    if n == 0:
        return 'none of the %d change%s %s' % (changes, s, verb[0])
    out = '%d of the %d change%s %s:' % (n, changes, s, verb[1 if n != 1 else 0])
    q = '`' if md else ''
    k = 0
    for r in rows[1:]:
        if not has_kind(r['headline'], plus):
            continue
        out += '%s %s%s%s x %s (' % (',' if k else '', q, r['parameter'], q,
                                     g(float(r['factor']), 6))
        k += 1
        out += kind_ids(r['headline'], plus, md) + ')'
    return out


def verdict(rows, headlines, failing, md):
    total = int(rows[0]['total']) if rows else 0
    lost = sum(has_kind(r['headline'], False) for r in rows[1:])
    gained = sum(has_kind(r['headline'], True) for r in rows[1:])
    if headlines == 0:
        return 'headline conclusions: none of the %d check%s run' % (
            total, '' if total == 1 else 's')
    out = 'headline conclusions: %d of the %d check%s run, ' % (
        headlines, total, '' if total == 1 else 's')
    if not failing:
        out += 'all pass unperturbed; '
    else:
        nf = len(failing.split(' '))
        out += '%d fail%s unperturbed (%s); ' % (nf, 's' if nf == 1 else '',
                                                 kind_ids(failing, False, md))
    out += add_rows(rows, False, lost, ('flips one', 'flip one'), md)
    if failing:
        out += '; ' + add_rows(rows, True, gained,
                               ('makes a failing one pass', 'make a failing one pass'), md)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('csv')
    ap.add_argument('--headlines', type=int, required=True)
    ap.add_argument('--failing', default='')
    ap.add_argument('--infants', type=int, default=2000)
    ap.add_argument('--boot', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--only', default='')
    a = ap.parse_args()
    with open(a.csv, newline='') as f:
        rows = list(csv.DictReader(f))
    w = sys.stdout.write
    w('attune validate --sensitivity: %d infants per population, %d resamples, seed %d%s%s\n\n'
      % (a.infants, a.boot, a.seed, ', only ids starting ' if a.only else '', a.only))
    w('| parameter | factor | value | passed | flipped | headline |\n'
      '|---|---|---|---|---|---|\n')
    for r in rows:
        if r['parameter'] != 'none':
            w('| `%s` | %s | %s%s | ' % (r['parameter'], g(float(r['factor']), 6),
                                         g(float(r['value']), 4),
                                         ' (cut)' if r['cut'] == '1' else ''))
        else:
            w('| none (unperturbed) | 1 | | ')
        w('%s/%s | ' % (r['passed'], r['total']))
        w(md_ids(r['flipped']))
        w(' | ')
        w(md_ids(r['headline']))
        w(' |\n')
    w('\n%s.\n' % verdict(rows, a.headlines, a.failing, True))


if __name__ == '__main__':
    main()
