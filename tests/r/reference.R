# reference.R - reference values from R for attune's statistics.
#
# Prints tests/data/r/reference.csv, which the Check suite `rref`
# (tests/lib/test_rref.c) reads: `make check` needs no R.  To regenerate and see
# what changed (Debian: apt-get install r-base-core r-cran-survival):
#
#     make rref                  # runs this script, diffs against the file
#     Rscript tests/r/reference.R > tests/data/r/reference.csv   # to accept
#
# Each case is a run of rows `kind,case,name,value`: first its inputs, then
# R's results.  A value is a number, NA, or a space-separated list.  Numbers
# are printed with 17 significant digits, so they read back exactly.
#
# What attune computes, and how R is called to match it:
#   km        survfit(Surv(time, status) ~ 1, conf.type = "log-log"), the
#             median and its interval by quantile(fit, 0.5), the quartiles
#             by quantile(fit, 0.25) and quantile(fit, 0.75); S(at) by
#             summary(fit, times = at); the restricted mean up to `cutoff`
#             by summary(fit, rmean = cutoff).  attune leaves S(at) and the
#             restricted mean undefined past the last time unless S reached
#             0 (R carries the last value on): NA there.
#   tdist     two-sided p of Student's t, 2 pt(-|t|, df).
#   welch     t.test(x, y) (var.equal = FALSE).
#   mw        wilcox.test(x, y) with R's defaults, which attune follows: the
#             exact test when both samples are under 50 and there are no
#             ties, else the normal approximation with the tie-corrected
#             variance and a continuity correction of 0.5.  W = U.
#   logrank   survdiff(Surv(time, status) ~ group): chisq, df = (groups with
#             expected > 0) - 1, p.  With df = 0 survdiff prints chisq 0 on
#             0 df; attune leaves the test undefined: NA.
#   holm      p.adjust(p, "holm").
suppressPackageStartupMessages(library(survival))

num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
inp <- function(x) paste(ifelse(is.na(x), "NA", sprintf("%.15g", x)), collapse = " ")
out <- function(kind, case, name, value) cat(kind, ",", case, ",", name, ",", value, "\n", sep = "")
outn <- function(kind, case, name, x) out(kind, case, name, paste(num(x), collapse = " "))

cat("# attune reference values, printed by tests/r/reference.R\n")
cat("# ", R.version.string, "; survival ", as.character(packageVersion("survival")), "\n", sep = "")
cat("kind,case,name,value\n")

km <- function(case, time, status, at, cutoff) {
    out("km", case, "time", inp(time))
    out("km", case, "status", inp(status))
    outn("km", case, "at", at)
    outn("km", case, "cutoff", cutoff)
    fit <- survfit(Surv(time, status) ~ 1, conf.type = "log-log")
    q <- quantile(fit, 0.5)
    outn("km", case, "median", q$quantile)
    outn("km", case, "median_lo", q$lower)
    outn("km", case, "median_hi", q$upper)
    outn("km", case, "q25", unname(quantile(fit, 0.25)$quantile))
    outn("km", case, "q75", unname(quantile(fit, 0.75)$quantile))
    last <- max(time)
    s_last <- fit$surv[length(fit$surv)]
    known <- function(x) x <= last || s_last == 0
    outn("km", case, "surv_at",
         if (known(at)) summary(fit, times = at, extend = TRUE)$surv else NA)
    outn("km", case, "rmst",
         if (known(cutoff)) unname(summary(fit, rmean = cutoff)$table["rmean"]) else NA)
}

# S lands on 0.5 (a plateau: the median is its midpoint) in several places.
km("tie-middle", c(1, 1, 2, 2, 3, 5, 6, 6, 7, 8), rep(1, 10), 2, 5)
km("tie-first-event", c(1, 2), c(1, 1), 1.5, 2)
km("tie-ends-at-last-event", c(1, 2, 3, 4), rep(1, 4), 2, 10)
km("tie-censoring-inside", c(1, 2, 2.5, 3), c(1, 1, 0, 1), 2.5, 3)
km("tie-events-and-censorings", c(2, 2, 2, 2, 5, 5, 7, 9), c(1, 1, 1, 0, 1, 0, 1, 1), 2, 9)
km("tie-after-early-censoring", c(0.5, 1, 2, 3, 3, 4, 6), c(0, 1, 1, 1, 0, 1, 1), 3, 6)
# Only censorings after a plateau at 0.5 (the median runs to the last time).
km("plateau-then-censored", c(1, 2, 3, 4), c(1, 1, 0, 0), 2, 4)
km("half-then-censored", c(1, 2), c(1, 0), 1, 2)
# S reaches 0: the band is undefined there.
km("reaches-zero", c(1, 2, 3), c(1, 1, 1), 2, 10)
km("one-rupture", 3, 1, 2, 5)
km("one-censored", 3, 0, 2, 3)
km("all-censored", c(1, 2, 3), c(0, 0, 0), 2, 3)
km("no-half", c(1, 2, 3, 4, 5), c(1, 0, 0, 0, 0), 2, 5)
# S crosses 0.5 without landing on it.
km("crossing", c(1, 2, 3, 4, 5, 6, 7), c(1, 0, 1, 1, 0, 1, 0), 3, 7)
# Freireich et al. (1963), the 6-MP arm (weeks in remission).
km("freireich-6mp", c(6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35),
   c(1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0), 10, 30)
# attune run scenarios/chronic-withdrawn.ini, session 27 (run 1/27), the
# latencies of `attune score --ruptures`: S = 0.5 from 2.9 to 4.
km("chronic-withdrawn-1-27",
   c(0.9, 1.1, 8.9, 2.3, 15.1, 6, 60.5, 4, 1.9, 1.1, 27.2, 0.4, 2.9, 6.4),
   c(rep(1, 13), 0), 2, 30)
# A larger sample with ties (latencies to 0.1 s, a quarter censored).
set.seed(20240612)
big_t <- round(rexp(80, 1 / 4), 1) + 0.1
big_s <- as.numeric(runif(80) > 0.25)
km("random-80", big_t, big_s, 2, 10)
# The pooled latencies of tests/lib/test_fitstats.c's three sessions: the
# play window (S = 0.75 from 1 to 2, then 0.5 with only censorings after)
# and the whole run.
km("fitstats-play", c(2, 5, 1, 4), c(1, 0, 1, 0), 2, 5)
km("fitstats-all", c(2, 6, 2, 7, 2, 1, 4), c(1, 1, 0, 1, 1, 1, 0), 2, 7)
km("fitstats-still", c(6, 2, 2), c(1, 0, 1), 2, 6)

tdist <- function(case, t, df) {
    outn("tdist", case, "t", t)
    outn("tdist", case, "df", df)
    outn("tdist", case, "p", 2 * pt(-abs(t), df))
}
tdist("issue-example", -15.7142943, 32.49931291)
tdist("centre", 0.3, 7.5)
tdist("small-df", 40, 1.3)
for (df in c(2.5, 12.25, 32.49931291, 150.5, 3000))
    for (lp in c(5, 20, 50, 100, 200, 300)) {
        t <- uniroot(function(t) pt(-t, df, log.p = TRUE) + log(2) + lp * log(10),
                     c(0, 1e160), tol = 1e-12)$root
        tdist(sprintf("p1e-%d-df%g", lp, df), signif(t, 12), df)
    }

welch <- function(case, x, y) {
    out("welch", case, "x", inp(x))
    out("welch", case, "y", inp(y))
    r <- t.test(x, y)
    outn("welch", case, "t", unname(r$statistic))
    outn("welch", case, "df", unname(r$parameter))
    outn("welch", case, "p", r$p.value)
}
welch("moderate", c(0.42, 0.51, 0.38, 0.6, 0.47, 0.55), c(0.31, 0.36, 0.44, 0.29, 0.4))
welch("unequal", c(3.1, 2.2, 5.9, 4.4, 8.0, 1.7, 6.6, 2.9), c(4.0, 4.2, 3.9, 4.1))
base <- c(0.12, 0.35, 0.27, 0.51, 0.44, 0.18, 0.39, 0.62, 0.23, 0.48, 0.31, 0.57, 0.2, 0.41, 0.36,
          0.29, 0.53, 0.15, 0.46, 0.33)
welch("tail-1e-17", base, base[1:17] * 1.7 + 1.1)
welch("tail-far", base, base * 0.9 + 40)
welch("tail-very-far", base, base * 1.1 + 2e6)

mw <- function(case, x, y) {
    out("mw", case, "x", inp(x))
    out("mw", case, "y", inp(y))
    r <- suppressWarnings(wilcox.test(x, y))
    outn("mw", case, "u", unname(r$statistic))
    outn("mw", case, "p", r$p.value)
    outn("mw", case, "exact", as.numeric(grepl("exact", r$method)))
}
mw("exact-small", c(1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3),
   c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06 + 0.001, 3.14, 1.29 + 0.002))
mw("exact-centre", c(1, 4, 5, 8), c(2, 3, 6, 7))
mw("exact-extreme", c(10, 11, 12, 13, 14, 15), c(1, 2, 3, 4, 5))
mw("normal-ties", c(1, 2, 2, 3, 3, 3, 4, 5), c(2, 3, 4, 4, 5, 5, 6))
mw("normal-large", seq(0.5, 30, by = 0.5), seq(0.26, 30, by = 0.53))
set.seed(7)
mw("normal-large-ties", round(rnorm(60, 1), 1), round(rnorm(55), 1))

logrank <- function(case, time, status, group) {
    out("logrank", case, "time", inp(time))
    out("logrank", case, "status", inp(status))
    out("logrank", case, "group", inp(group))
    r <- survdiff(Surv(time, status) ~ group)
    df <- sum(r$exp > 0) - 1
    outn("logrank", case, "observed", r$obs)
    outn("logrank", case, "expected", r$exp)
    outn("logrank", case, "chisq", if (df > 0) r$chisq else NA)
    outn("logrank", case, "df", if (df > 0) df else NA)
    outn("logrank", case, "p", if (df > 0) pchisq(r$chisq, df, lower.tail = FALSE) else NA)
}
fr_t <- c(6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
          1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23)
fr_s <- c(1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, rep(1, 21))
fr_g <- c(rep(1, 21), rep(2, 21))
logrank("freireich", fr_t, fr_s, fr_g)
logrank("three-groups", c(1, 2, 3, 3, 5, 6, 2, 3, 4, 5, 7, 3, 5, 7, 8, 9, 10),
        c(1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1),
        c(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3))
# Group 2 is one rupture censored before anyone's first repair: E = 0.
logrank("empty-expectation", c(fr_t, 0.5), c(fr_s, 0), c(fr_g, 3))
logrank("empty-expectation-first", c(0.5, 0.2, 1, 2, 3, 4, 2.5, 5, 6),
        c(0, 0, 1, 1, 1, 0, 1, 1, 1), c(1, 1, 2, 2, 2, 2, 3, 3, 3))
logrank("empty-expectation-pair", c(0.5, 1, 2), c(0, 1, 1), c(1, 2, 2))

holm <- function(case, p) {
    out("holm", case, "p", inp(p))
    outn("holm", case, "adjusted", p.adjust(p, "holm"))
}
holm("r-example", c(0.01, 0.04, 0.03, 0.005))
holm("with-na", c(0.2, NA, 0.001, 0.04, 0.04, NA, 0.5))
holm("capped", c(0.6, 0.3, 0.9))
