#!/bin/sh
# Parameter recovery of `attune fit` (docs/FIT.md, "Parameter recovery";
# `make recovery` runs it with its defaults).  R data sets of N dyads of a
# scenario are simulated by `attune batch --traces` at known values of the
# free keys (--truth), each is fitted by `attune fit` with its own seed, and
# per parameter the script reports the mean estimate, bias, RMSE and the
# coverage of the 95 % intervals: the asymptotic ones (se_asym,
# ci_asym_lo, ci_asym_hi) of every fit, and the bootstrap ones (se, ci_lo,
# ci_hi) of the first --boot-sets data sets, fitted with --boot B.  The fit
# writes both asymptotic intervals, the logit and the inverted one
# (docs/FIT.md, "Uncertainty and diagnostics"): ci_asym is the one it
# chose, the other has columns of its own (ci_logit_* or ci_inv_*), and
# the coverage of each is reported (logit, inverted).
#
# Output, in the folder -o (default build/recovery):
#   replicates.csv  one row per data set and parameter (the columns below)
#   summary.csv     one row per parameter: the figures of the table
#   summary.md      the table (markdown), with the command, the commit and
#                   the time it took
#   settings        the settings of the run; fits/R/fit.csv each fit's table
# A fit already in fits/ (a run cut off) is not redone, so running the same
# command again resumes; other settings in the same folder are refused.
# The fit's columns are read by their names in its header, so columns it
# lacks (no --boot, no asymptotic se) are empty.
#
# Usage: sh tests/recovery.sh [options] [-- FIT-OPTIONS...]
set -u
R=100 N=40 J=2 SEED=17 BOOT_SETS=0 BOOT=100 STARTS=2
OUT=build/recovery ATTUNE=build/attune SCN=scenarios/still-face.ini
FREE=caregiver.wait_time=1:20,caregiver.repair_latency=0.2:10,infant.avert_rate=0.01:1,infant.return_rate=0.05:5
TRUTH=caregiver.wait_time=5,caregiver.repair_latency=2.5,infant.avert_rate=0.12,infant.return_rate=0.35
SETS=
usage() {
  cat <<'EOF'
usage: sh tests/recovery.sh [options] [-- FIT-OPTIONS...]
  -R N             data sets (default 100)
  -n N             dyads per data set (default 40)
  -j N             threads of attune batch and attune fit (default 2)
  --seed S         data set r is simulated with seed S*1000000 + r and fitted
                   with seed S*1000000 + 500000 + r (default 17)
  --free LIST      the fit's --free (default: wait_time, repair_latency,
                   avert_rate, return_rate, see the script)
  --truth LIST     KEY=VALUE,... the true values, one per free key
  --set KEY=VALUE  a change to the scenario for the data and the fit
                   (repeatable), e.g. phase.play.duration=30
  --starts N       the fit's --starts (default 2: both from the scenario's
                   values, not the truth, the second with the wide simplex;
                   1 before session 9)
  --boot-sets M    also fit the first M data sets with --boot (default 0)
  --boot B         its replicates (default 100)
  --scenario FILE  (default scenarios/still-face.ini)
  --attune BIN     (default build/attune)
  -o DIR           output folder (default build/recovery)
Options after -- go to every attune fit (e.g. --max-evals 200).
EOF
}
die() { echo "recovery: $*" >&2; exit 2; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
num() { case $2 in '' | *[!0-9]*) die "$1: '$2' is not a whole number" ;; esac; }
while [ $# -gt 0 ]; do
  case $1 in
    -R) need "$@"; num -R "$2"; R=$2; shift 2 ;;
    -n) need "$@"; num -n "$2"; N=$2; shift 2 ;;
    -j) need "$@"; num -j "$2"; J=$2; shift 2 ;;
    --seed) need "$@"; num --seed "$2"; SEED=$2; shift 2 ;;
    --free) need "$@"; FREE=$2; shift 2 ;;
    --truth) need "$@"; TRUTH=$2; shift 2 ;;
    --set) need "$@"; SETS="$SETS --set $2"; shift 2 ;;
    --starts) need "$@"; num --starts "$2"; STARTS=$2; shift 2 ;;
    --boot-sets) need "$@"; num --boot-sets "$2"; BOOT_SETS=$2; shift 2 ;;
    --boot) need "$@"; num --boot "$2"; BOOT=$2; shift 2 ;;
    --scenario) need "$@"; SCN=$2; shift 2 ;;
    --attune) need "$@"; ATTUNE=$2; shift 2 ;;
    -o) need "$@"; OUT=$2; shift 2 ;;
    --) shift; break ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[ "$R" -ge 1 ] && [ "$N" -ge 2 ] || die "-R must be at least 1 and -n at least 2"
[ "$SEED" -le 4000 ] || die "--seed must be at most 4000 (seeds are S*1000000 + r)"
[ "$R" -lt 500000 ] || die "-R must be below 500000"
[ -x "$ATTUNE" ] || die "$ATTUNE is not a program (build it: make)"
[ -f "$SCN" ] || die "$SCN: no such scenario"
# The free keys' names (before '='), and each one's truth, in --free order.
keys=$(printf '%s\n' "$FREE" | tr ',' '\n' | sed 's/=.*//')
truths=$(printf '%s\n' "$TRUTH" | tr ',' '\n')
tset=
for k in $keys; do
  v=$(printf '%s\n' "$truths" | sed -n "s/^$k=//p")
  [ -n "$v" ] || die "--truth has no value for $k"
  tset="$tset --set $k=$v"
done
[ "$(printf '%s\n' "$truths" | wc -l)" -eq "$(printf '%s\n' "$keys" | wc -l)" ] ||
  die "--truth names other keys than --free"

mkdir -p "$OUT/fits" || die "cannot make $OUT"
settings="scenario=$SCN n=$N seed=$SEED free=$FREE truth=$TRUTH sets=$SETS boot_sets=$BOOT_SETS boot=$BOOT starts=$STARTS fit=$*"
if [ -f "$OUT/settings" ]; then
  [ "$(cat "$OUT/settings")" = "$settings" ] ||
    die "$OUT holds a run with other settings ($OUT/settings): remove it or give another -o"
else
  printf '%s\n' "$settings" > "$OUT/settings"
fi

start=$(date +%s)
r=1
while [ "$r" -le "$R" ]; do
  d="$OUT/fits/$r"
  if [ ! -f "$d/fit.csv" ]; then
    rm -rf "$d" && mkdir -p "$d/traces" || die "cannot make $d"
    dseed=$((SEED * 1000000 + r)) fseed=$((SEED * 1000000 + 500000 + r))
    boot=
    [ "$r" -le "$BOOT_SETS" ] && boot="--boot $BOOT"
    # shellcheck disable=SC2086 # $SETS, $tset and $boot are lists of words
    "$ATTUNE" batch "$SCN" --set batch.replicates="$N" $tset $SETS --seed "$dseed" \
      --traces "$d/traces" -j "$J" -q -o "$d/batch.csv" ||
      { echo "recovery: attune batch failed for data set $r" >&2; exit 1; }
    # shellcheck disable=SC2086
    "$ATTUNE" fit "$SCN" "$d"/traces/*.csv --free "$FREE" $SETS --seed "$fseed" --starts "$STARTS" \
      $boot -j "$J" -q -o "$d/fit.part" "$@" 2> "$d/stderr" ||
      { cat "$d/stderr" >&2; echo "recovery: attune fit failed for data set $r" >&2; exit 1; }
    printf '%s %s\n' "$dseed" "$fseed" > "$d/seeds"
    mv "$d/fit.part" "$d/fit.csv"
    rm -rf "$d/traces" "$d/batch.csv"
    echo "recovery: data set $r of $R fitted ($(($(date +%s) - start)) s)" >&2
  fi
  r=$((r + 1))
done
elapsed=$(($(date +%s) - start))

# replicates.csv: one row per data set and free key, from each fit's table
# (columns found by name).  covered_*: 1 when the interval holds the truth.
{
  echo "replicate,data_seed,fit_seed,parameter,truth,estimate,lo,hi,se_asym,ci_asym_lo,ci_asym_hi,covered_asym,se_boot,ci_boot_lo,ci_boot_hi,covered_boot,objective,evaluations,best_start,warning,ci_logit_lo,ci_logit_hi,covered_logit,ci_inv_lo,ci_inv_hi,covered_inv"
  r=1
  while [ "$r" -le "$R" ]; do
    d="$OUT/fits/$r"
    read -r dseed fseed < "$d/seeds"
    awk -F, -v r="$r" -v ds="$dseed" -v fs="$fseed" -v truth="$TRUTH" '
      function get(name) { return (name in col) ? $(col[name]) : "" }
      function cover(lo, hi, t) { return (lo == "" || hi == "") ? "" : (lo + 0 <= t + 0 && t + 0 <= hi + 0) ? 1 : 0 }
      BEGIN { n = split(truth, tv, ","); for (i = 1; i <= n; i++) { split(tv[i], kv, "="); t[kv[1]] = kv[2] } }
      NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
      $1 == "parameter" { np++; name[np] = get("name"); est[np] = get("value"); lo[np] = get("lo")
        hi[np] = get("hi"); sa[np] = get("se_asym"); al[np] = get("ci_asym_lo"); ah[np] = get("ci_asym_hi")
        sb[np] = get("se"); bl[np] = get("ci_lo"); bh[np] = get("ci_hi")
        # the logit and the inverted interval: ci_asym is the one the fit
        # chose, the other is in columns of its own (neither: unknown)
        ll[np] = ("ci_logit_lo" in col) ? get("ci_logit_lo") : ("ci_inv_lo" in col) ? al[np] : ""
        lh[np] = ("ci_logit_hi" in col) ? get("ci_logit_hi") : ("ci_inv_hi" in col) ? ah[np] : ""
        il[np] = ("ci_inv_lo" in col) ? get("ci_inv_lo") : ("ci_logit_lo" in col) ? al[np] : ""
        ih[np] = ("ci_inv_hi" in col) ? get("ci_inv_hi") : ("ci_logit_hi" in col) ? ah[np] : "" }
      $1 == "fit" { fit[get("name")] = get("value") }
      $1 == "warning" { w[get("name")] = w[get("name")] (w[get("name")] == "" ? "" : "; ") get("note") }
      END { for (i = 1; i <= np; i++) { k = name[i]
        printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r, ds, fs, k,
          t[k], est[i], lo[i], hi[i], sa[i], al[i], ah[i], cover(al[i], ah[i], t[k]), sb[i], bl[i], bh[i],
          cover(bl[i], bh[i], t[k]), fit["objective"], fit["evaluations"], fit["best_start"], w[k],
          ll[i], lh[i], cover(ll[i], lh[i], t[k]), il[i], ih[i], cover(il[i], ih[i], t[k]) } }
    ' "$d/fit.csv"
    r=$((r + 1))
  done
} > "$OUT/replicates.csv"

# summary.csv and summary.md: per parameter, in --free order.
awk -F, '
  NR == 1 { next }
  { k = $4; if (!(k in n)) { order[++np] = k; t[k] = $5 }
    n[k]++; s[k] += $6; ss[k] += ($6 - $5) ^ 2; e[k, n[k]] = $6
    if ($12 != "") { na[k]++; ca[k] += $12; sea[k] += $9 }
    if ($9 != "" && $9 + 0 > 0) { z = ($6 - $5) / $9; nz[k]++; sz[k] += z * z
      az[k, nz[k]] = z < 0 ? -z : z; if (az[k, nz[k]] > mz[k]) mz[k] = az[k, nz[k]] }
    if ($16 != "") { nb[k]++; cb[k] += $16; seb[k] += $13 }
    if ($20 != "") nw[k]++
    if ($23 != "") { nl[k]++; cl[k] += $23; wl[k] += $22 - $21 }
    if ($26 != "") { ni[k]++; ci[k] += $26; wi[k] += $25 - $24 } }
  function f(x) { return sprintf("%.4g", x) }
  # the median of a[k, 1..m] (sorted in place, by insertion: m is small)
  function median(a, k, m,   i, j, x) {
    for (i = 2; i <= m; i++) { x = a[k, i]; for (j = i - 1; j >= 1 && a[k, j] > x; j--) a[k, j + 1] = a[k, j]; a[k, j + 1] = x }
    return m % 2 ? a[k, (m + 1) / 2] : (a[k, m / 2] + a[k, m / 2 + 1]) / 2 }
  function pct(c, m) { return m ? sprintf("%.0f %% (%d)", 100 * c / m, m) : "-" }
  function cw(c, wsum, m) { return m ? sprintf("%.0f %%, %s", 100 * c / m, f(wsum / m)) : "-" }
  function opt(x, m) { return m ? sprintf("%.10g", x / m) : "" }
  END {
    print "parameter,truth,n,mean,bias,rmse,sd,mean_se_asym,coverage_asym,n_asym,mean_se_boot,coverage_boot,n_boot,warned,rms_z,robust_sd_z,max_abs_z,coverage_logit,width_logit,n_logit,coverage_inv,width_inv,n_inv" > csv
    print "| parameter | truth | mean estimate | bias | RMSE | SD of estimates | mean se_asym | asymptotic 95 % coverage (n) | mean bootstrap se | bootstrap 95 % coverage (n) | warned | z: RMS, robust SD, largest abs | logit: coverage, mean width | inverted: coverage, mean width |"
    print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= np; i++) { k = order[i]; m = s[k] / n[k]; v = 0
      for (j = 1; j <= n[k]; j++) v += (e[k, j] - m) ^ 2
      sd = n[k] > 1 ? sqrt(v / (n[k] - 1)) : 0
      rz = nz[k] ? sqrt(sz[k] / nz[k]) : 0; mad = nz[k] ? median(az, k, nz[k]) / 0.6744897502 : 0
      printf "%s,%s,%d,%.10g,%.10g,%.10g,%.10g,%s,%s,%d,%s,%s,%d,%d,%s,%s,%s,%s,%s,%d,%s,%s,%d\n", k, t[k], n[k], m, m - t[k],
        sqrt(ss[k] / n[k]), sd, na[k] ? sprintf("%.10g", sea[k] / na[k]) : "",
        na[k] ? sprintf("%.10g", ca[k] / na[k]) : "", na[k], nb[k] ? sprintf("%.10g", seb[k] / nb[k]) : "",
        nb[k] ? sprintf("%.10g", cb[k] / nb[k]) : "", nb[k], nw[k], nz[k] ? sprintf("%.10g", rz) : "",
        nz[k] ? sprintf("%.10g", mad) : "", nz[k] ? sprintf("%.10g", mz[k]) : "",
        opt(cl[k], nl[k]), opt(wl[k], nl[k]), nl[k], opt(ci[k], ni[k]), opt(wi[k], ni[k]), ni[k] > csv
      printf "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d of %d | %s | %s | %s |\n", k, t[k], f(m), f(m - t[k]),
        f(sqrt(ss[k] / n[k])), f(sd), na[k] ? f(sea[k] / na[k]) : "-", pct(ca[k], na[k]),
        nb[k] ? f(seb[k] / nb[k]) : "-", pct(cb[k], nb[k]), nw[k], n[k],
        nz[k] ? sprintf("%.2f, %.2f, %.1f", rz, mad, mz[k]) : "-", cw(cl[k], wl[k], nl[k]),
        cw(ci[k], wi[k], ni[k]) } }
' csv="$OUT/summary.csv" "$OUT/replicates.csv" > "$OUT/summary.md"
commit=$(git -C "$(dirname "$0")" describe --always --dirty 2>/dev/null || echo unknown)
{
  echo
  echo "R = $R data sets of $N dyads ($SCN; truth $TRUTH), fits: --free $FREE$SETS --starts $STARTS${*:+ $*};"
  echo "bootstrap: the first $BOOT_SETS data sets, --boot $BOOT. -j $J. Commit $commit;"
  echo "$elapsed s for the fits not already in $OUT/fits ($(date -u '+%Y-%m-%d %H:%M UTC'))."
} >> "$OUT/summary.md"
cat "$OUT/summary.md"
