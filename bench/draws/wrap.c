/* The draw counter's wrappers: linked into bench/draws/count.c's program
 * with -Wl,--wrap=NAME for every sampler of samplers.h, against a build of
 * the library without HAVE_INLINE (so that gsl_rng_uniform and the other
 * inline functions of <gsl/gsl_rng.h> are real calls the linker can
 * redirect).  Draws made inside GSL (a Gaussian's uniforms) are not
 * counted: the floor replays the sampler itself. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "wrap.h"

bench_draw_counts bench_draws;

static void count(int k, double a1, double a2)
{
    bench_draws.calls[k] += 1;
    bench_draws.arg1[k] += a1;
    bench_draws.arg2[k] += a2;
}

unsigned long __real_gsl_rng_get(const gsl_rng *r);
unsigned long __wrap_gsl_rng_get(const gsl_rng *r);
unsigned long __wrap_gsl_rng_get(const gsl_rng *r)
{
    count(BENCH_gsl_rng_get, 0, 0);
    return __real_gsl_rng_get(r);
}

double __real_gsl_rng_uniform(const gsl_rng *r);
double __wrap_gsl_rng_uniform(const gsl_rng *r);
double __wrap_gsl_rng_uniform(const gsl_rng *r)
{
    count(BENCH_gsl_rng_uniform, 0, 0);
    return __real_gsl_rng_uniform(r);
}

double __real_gsl_rng_uniform_pos(const gsl_rng *r);
double __wrap_gsl_rng_uniform_pos(const gsl_rng *r);
double __wrap_gsl_rng_uniform_pos(const gsl_rng *r)
{
    count(BENCH_gsl_rng_uniform_pos, 0, 0);
    return __real_gsl_rng_uniform_pos(r);
}

unsigned long __real_gsl_rng_uniform_int(const gsl_rng *r, unsigned long n);
unsigned long __wrap_gsl_rng_uniform_int(const gsl_rng *r, unsigned long n);
unsigned long __wrap_gsl_rng_uniform_int(const gsl_rng *r, unsigned long n)
{
    count(BENCH_gsl_rng_uniform_int, (double)n, 0);
    return __real_gsl_rng_uniform_int(r, n);
}

double __real_gsl_ran_gaussian(const gsl_rng *r, double sigma);
double __wrap_gsl_ran_gaussian(const gsl_rng *r, double sigma);
double __wrap_gsl_ran_gaussian(const gsl_rng *r, double sigma)
{
    count(BENCH_gsl_ran_gaussian, (double)sigma, 0);
    return __real_gsl_ran_gaussian(r, sigma);
}

double __real_gsl_ran_gaussian_ziggurat(const gsl_rng *r, double sigma);
double __wrap_gsl_ran_gaussian_ziggurat(const gsl_rng *r, double sigma);
double __wrap_gsl_ran_gaussian_ziggurat(const gsl_rng *r, double sigma)
{
    count(BENCH_gsl_ran_gaussian_ziggurat, (double)sigma, 0);
    return __real_gsl_ran_gaussian_ziggurat(r, sigma);
}

double __real_gsl_ran_gaussian_ratio_method(const gsl_rng *r, double sigma);
double __wrap_gsl_ran_gaussian_ratio_method(const gsl_rng *r, double sigma);
double __wrap_gsl_ran_gaussian_ratio_method(const gsl_rng *r, double sigma)
{
    count(BENCH_gsl_ran_gaussian_ratio_method, (double)sigma, 0);
    return __real_gsl_ran_gaussian_ratio_method(r, sigma);
}

double __real_gsl_ran_ugaussian(const gsl_rng *r);
double __wrap_gsl_ran_ugaussian(const gsl_rng *r);
double __wrap_gsl_ran_ugaussian(const gsl_rng *r)
{
    count(BENCH_gsl_ran_ugaussian, 0, 0);
    return __real_gsl_ran_ugaussian(r);
}

double __real_gsl_ran_exponential(const gsl_rng *r, double mu);
double __wrap_gsl_ran_exponential(const gsl_rng *r, double mu);
double __wrap_gsl_ran_exponential(const gsl_rng *r, double mu)
{
    count(BENCH_gsl_ran_exponential, (double)mu, 0);
    return __real_gsl_ran_exponential(r, mu);
}

double __real_gsl_ran_flat(const gsl_rng *r, double a, double b);
double __wrap_gsl_ran_flat(const gsl_rng *r, double a, double b);
double __wrap_gsl_ran_flat(const gsl_rng *r, double a, double b)
{
    count(BENCH_gsl_ran_flat, (double)a, (double)b);
    return __real_gsl_ran_flat(r, a, b);
}

double __real_gsl_ran_lognormal(const gsl_rng *r, double zeta, double sigma);
double __wrap_gsl_ran_lognormal(const gsl_rng *r, double zeta, double sigma);
double __wrap_gsl_ran_lognormal(const gsl_rng *r, double zeta, double sigma)
{
    count(BENCH_gsl_ran_lognormal, (double)zeta, (double)sigma);
    return __real_gsl_ran_lognormal(r, zeta, sigma);
}

double __real_gsl_ran_beta(const gsl_rng *r, double a, double b);
double __wrap_gsl_ran_beta(const gsl_rng *r, double a, double b);
double __wrap_gsl_ran_beta(const gsl_rng *r, double a, double b)
{
    count(BENCH_gsl_ran_beta, (double)a, (double)b);
    return __real_gsl_ran_beta(r, a, b);
}

double __real_gsl_ran_gamma(const gsl_rng *r, double a, double b);
double __wrap_gsl_ran_gamma(const gsl_rng *r, double a, double b);
double __wrap_gsl_ran_gamma(const gsl_rng *r, double a, double b)
{
    count(BENCH_gsl_ran_gamma, (double)a, (double)b);
    return __real_gsl_ran_gamma(r, a, b);
}

unsigned int __real_gsl_ran_bernoulli(const gsl_rng *r, double p);
unsigned int __wrap_gsl_ran_bernoulli(const gsl_rng *r, double p);
unsigned int __wrap_gsl_ran_bernoulli(const gsl_rng *r, double p)
{
    count(BENCH_gsl_ran_bernoulli, (double)p, 0);
    return __real_gsl_ran_bernoulli(r, p);
}

unsigned int __real_gsl_ran_poisson(const gsl_rng *r, double mu);
unsigned int __wrap_gsl_ran_poisson(const gsl_rng *r, double mu);
unsigned int __wrap_gsl_ran_poisson(const gsl_rng *r, double mu)
{
    count(BENCH_gsl_ran_poisson, (double)mu, 0);
    return __real_gsl_ran_poisson(r, mu);
}

unsigned int __real_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n);
unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n);
unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n)
{
    count(BENCH_gsl_ran_binomial, (double)p, (double)n);
    return __real_gsl_ran_binomial(r, p, n);
}
