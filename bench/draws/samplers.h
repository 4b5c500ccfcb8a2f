/* The GSL samplers the draw counter (bench/draws/wrap.c) counts and the
 * floor benchmark (bench/bench_floor.c) replays: one X(NAME) per sampler,
 * in a fixed order.  `make bench` stops when the library calls a sampler
 * of gsl_rng_* / gsl_ran_* that is not listed here. */
#ifndef ATT_BENCH_SAMPLERS_H
#define ATT_BENCH_SAMPLERS_H

#define BENCH_SAMPLERS(X)                                                   \
    X(gsl_rng_get) X(gsl_rng_uniform) X(gsl_rng_uniform_pos)                \
    X(gsl_rng_uniform_int) X(gsl_ran_gaussian) X(gsl_ran_gaussian_ziggurat) \
    X(gsl_ran_gaussian_ratio_method) X(gsl_ran_ugaussian)                   \
    X(gsl_ran_exponential) X(gsl_ran_flat) X(gsl_ran_lognormal)             \
    X(gsl_ran_beta) X(gsl_ran_gamma) X(gsl_ran_bernoulli)                   \
    X(gsl_ran_poisson) X(gsl_ran_binomial)

#define BENCH_SAMPLER_ENUM(name) BENCH_##name,
enum { BENCH_SAMPLERS(BENCH_SAMPLER_ENUM) BENCH_SAMPLER_COUNT };
#undef BENCH_SAMPLER_ENUM

#endif
