/*
 * pipeline.h - loading many profiles on several threads, with the work
 * done on each profile (evaluation against rule sets) in the same
 * threads, and the results handed back in input order.
 *
 * The calling thread reads the PROFILE argument (as rq_profiles_load:
 * .json, .jsonl, directory, "-") and hands batches of documents to
 * `jobs` worker threads. Each worker parses and analyses a document with
 * its own scanner, then calls `work` on it. Results come back to `sink`
 * on the calling thread, in input order, so whatever the sink does (a
 * top-K heap, a list of rejections, messages on stderr) happens exactly
 * as with one thread: the output cannot depend on the number of jobs.
 * At most a few batches per worker are in flight: memory does not grow
 * with the size of the input.
 *
 * Sharding: with nshards > 0, only the documents (and rejected inputs)
 * whose running index (0-based, over every call sharing *index) is
 * shard modulo nshards are parsed and delivered; the others are skipped
 * unparsed. Running shards 0..n-1 over the same inputs delivers every
 * document exactly once.
 */
#ifndef RQ_PIPELINE_H
#define RQ_PIPELINE_H

#include "profile.h"

/* Called on a worker thread for each profile that loaded. out points to
 * out_size zeroed bytes of storage that travel with the profile (none
 * when out_size is 0) for the result. Return nonzero on failure (out of
 * memory): the sink then gets the profile with work_out NULL. */
typedef int (*rq_profile_work)(void *ctx, unsigned worker, const rq_profile *p,
                               void *out);
/* Releases what a result holds (not the storage itself) when the sink
 * never received it (after a stop). */
typedef void (*rq_profile_work_free)(void *ctx, void *out);
/* On the calling thread, in input order: a profile (ownership passes)
 * with its work result (storage valid during the call; what it holds
 * passes to the sink), or a rejection (profile NULL, error: one
 * formatted line). Return nonzero to stop. */
typedef int (*rq_profile_sink_ex)(void *ctx, rq_profile *profile, void *work_out,
                                  const char *source, const char *error);
/* On the calling thread, in input order: one warning of a document, just
 * before the document reaches the sink (the diag is valid during the
 * call only). */
typedef void (*rq_diag_sink)(void *ctx, const rq_diag *warning);

typedef struct {
    unsigned jobs;             /* worker threads; 0 or 1: all on the caller's */
    unsigned shard, nshards;   /* nshards 0: every document */
    unsigned long *index;      /* running document index for sharding, or NULL */
    rq_profile_work work;      /* may be NULL */
    rq_profile_work_free work_free;
    size_t out_size;           /* bytes of result storage per profile */
    void *work_ctx;
    rq_profile_sink_ex sink;
    void *sink_ctx;
    /* NULL: the documents' warnings go to diags, all of them kept until
     * the call returns; else each goes to warn as it comes, and the
     * memory does not grow with the number of documents warned about */
    rq_diag_sink warn;
    void *warn_ctx;
} rq_pipeline;

/* As rq_profiles_load, through the pipeline. Warnings go to pl->warn or
 * to diags, in input order. Returns 0, or -1 if the path could not be
 * read at all or threads could not be started (then nothing was
 * delivered). */
int rq_profiles_load_pipeline(const char *path, const rq_profile_opts *opts,
                              const rq_pipeline *pl, rq_diags *diags);

/* Number of online CPUs (at least 1). */
unsigned rq_cpu_count(void);

#endif
