/* The executor: computes items lo .. hi - 1 (runs of a batch, infants of a
 * validation population) on several threads, or across MPI ranks, and hands
 * each item's result to one consumer in item order.  Whatever the number of
 * threads or ranks, the consumer sees the same results in the same order,
 * so output written from it is the same bytes.
 *
 * Threads compute at most a window of 64 items per thread ahead of the
 * consumer, so memory stays constant however many items there are.  The
 * executor prints nothing: progress is the caller's, through `tick`. */
#ifndef ATT_EXEC_H
#define ATT_EXEC_H

#include "attune/buf.h"
#include "attune/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Computes item `item` into `out` (the item's own buffer, which keeps its
 * memory from item to item).  Called from any thread, for items in any
 * order, several at once: it must touch nothing shared but what it only
 * reads, and what belongs to this item alone.  Returns ATT_OK, or an error
 * code with `err` filled. */
typedef int (*att_exec_compute_fn)(void *user, long item, att_buf *out, att_error *err);

/* Consumes item `item`'s result; called on the caller's thread, items in
 * order lo, lo + 1, ...  Returns ATT_OK, or an error code with `err` filled,
 * which stops the executor. */
typedef int (*att_exec_take_fn)(void *user, long item, const att_buf *out, att_error *err);

/* Called on the caller's thread when the consumer has caught up with the
 * computing threads (it is about to wait), and at the end when something
 * was taken since the last call: the moment to flush.  ATT_OK, or an error
 * code with `err` filled. */
typedef int (*att_exec_idle_fn)(void *user, att_error *err);

/* Called on the caller's thread after every round of taking, and at least
 * every 0.1 s, with the number of items taken so far (for a progress bar). */
typedef void (*att_exec_tick_fn)(void *user, long taken);

typedef struct att_exec {
    long lo, hi;                   /* the items [lo, hi) */
    int threads;                   /* computing threads (< 1: one) */
    att_exec_compute_fn compute;   /* required */
    att_exec_take_fn take;         /* NULL: results are not consumed */
    att_exec_idle_fn idle;         /* may be NULL */
    att_exec_tick_fn tick;         /* may be NULL */
    int (*interrupted)(void);      /* asked often; NULL: never */
    void *user;                    /* given to the callbacks */
    /* set by the executor */
    long taken;                    /* items consumed, lo .. lo + taken - 1 */
    int stopped;                   /* 1: it stopped because interrupted() said so */
} att_exec;

/* Computes x->lo .. x->hi - 1 on x->threads threads, handing the results to
 * x->take in order.  The first failure in item order stops it: items after
 * it are not taken, and its error is returned (so of several failing items
 * the lowest one's is reported).  When interrupted() says so, or an item
 * fails while it does, x->stopped is set and, after the items already
 * computed in order are taken, ATT_EIO "interrupted" is returned; asked
 * before the first item, it computes nothing.  Items taken before a stop
 * were taken whole.  With no thread to start the items
 * are computed on the caller's thread.  Returns ATT_OK; the failing item's,
 * take's or idle's error; ATT_ENOMEM. */
int att_exec_run(att_exec *x, att_error *err);

/* The same across the ranks of MPI_COMM_WORLD (MPI already started by the
 * caller; rank `rank` of `size`): rank r computes items lo + r, lo + r +
 * size, ... and sends them to rank 0, which takes every item in order (its
 * own computed there); only rank 0 calls take, idle and tick.  An error
 * on another rank reaches rank 0 as "rank R: MESSAGE".  Without MPI
 * (a build without ATT_MPI) it fails with ATT_EINTERNAL. */
int att_exec_mpi(att_exec *x, int rank, int size, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
