/*
 * profile.h - a JSON Resume profile, analysed once.
 *
 * Loading parses the JSON (cJSON), validates what reqmatch uses, and
 * analyses it: dates become month periods, fluencies become CEFR levels,
 * degrees become EQF levels, and every text field is scanned once for kb
 * concepts. Evaluation against any number of rule sets then never looks at
 * the JSON again. Personal details (basics.name is kept for display only;
 * email, phone, url, location, birth date, gender, nationality, image ...)
 * are never read into the analysis, so they cannot change a score.
 *
 * Ownership: rq_profile_free releases everything a profile holds. A
 * profile from rq_profile_parse is one block (the struct, its arrays,
 * concept sets and texts, allocated at once so that a million profiles
 * are not a million allocation storms) plus id, name and source, which
 * are separate malloc'd strings: a caller may replace them (free the old
 * string, assign a new malloc'd one), as --anonymize does.
 */
#ifndef RQ_PROFILE_H
#define RQ_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kb.h"
#include "util.h"

typedef struct {
    int start; /* month index (rq_month), inclusive */
    int end;   /* month index, inclusive; >= start */
} rq_period;

typedef enum { RQ_JOB_WORK, RQ_JOB_VOLUNTEER } rq_job_kind;

/* A concept found in the profile text, with where: "work[1].highlights[0]". */
typedef struct {
    uint32_t concept; /* entry in RQ_TABLE_CONCEPTS */
    char *path;
} rq_concept_hit;

typedef struct {
    rq_job_kind kind;
    int index;              /* index in work[] or volunteer[] */
    bool dated;             /* false: no usable startDate, not counted in years */
    bool open_ended;        /* no endDate: runs to as_of */
    rq_period period;
    uint32_t *concepts;     /* sorted, unique concept entries in this entry's text */
    size_t nconcepts;
} rq_job;

typedef struct {
    char code[4];           /* ISO 639-1, or "" if the language is not recognised */
    int level;              /* 1..6 = A1..C2, 7 = native, 0 = unknown */
    int index;              /* index in languages[] */
} rq_lang;

typedef struct {
    int eqf;                /* 1..8, 0 = not recognised */
    int index;              /* index in education[] */
    uint32_t *fields;       /* concepts found in area / studyType */
    size_t nfields;
    bool completed;         /* false when endDate is after as_of */
} rq_degree;

/* A piece of profile text with its path, kept folded for free-text rules. */
typedef struct {
    char *path;
    char *folded;
    int job;                /* index into jobs[] when the text belongs to a job, else -1 */
} rq_text;

typedef struct {
    char *id;               /* candidate id per the contract */
    char *name;             /* basics.name or NULL; display only */
    char *source;           /* "dir/jonas.json" or "pool.jsonl:17" */

    rq_job *jobs;  size_t njobs;
    rq_lang *langs; size_t nlangs;
    rq_degree *degrees; size_t ndegrees;
    rq_concept_hit *hits; size_t nhits; /* sorted by concept, then text order */
    rq_text *texts; size_t ntexts;
} rq_profile;

typedef struct {
    const rq_kb *kb;
    int as_of;              /* month index; open-ended periods run to it */
    /* leave every rq_text.folded NULL (paths are kept): for profiles read
     * only against rules that look for no free text (rq_rules_use_text
     * false), whose results do not change, and which are then cheaper to
     * analyse */
    bool no_folded;
    /* when not NULL, a bit per concept of kb (rq_rules_concepts_read):
     * only those concepts are recorded (hits, the concept sets of jobs
     * and degrees), for profiles read only against the rules the bits
     * were worked out from, whose results do not change */
    const uint64_t *concepts;
} rq_profile_opts;

/* Parse and analyse one JSON Resume document.
 *   json/len: the document; file, line: where it came from (line 0 for a
 *   whole .json file), used in messages and as rq_profile.source
 *   ("dir/jonas.json" or "pool.jsonl:17"); id: the candidate id.
 * Returns 0 and *out, or -1 with at least one RQ_SEV_ERROR diagnostic
 * (file, line, path = JSON path like "$.work[2].startDate"). Recoverable oddities ("present" as an
 * endDate, an unrecognised fluency) are RQ_SEV_WARNING and the profile
 * loads. */
int rq_profile_parse(const char *json, size_t len, const char *file, int line,
                     const char *id, const rq_profile_opts *opts,
                     rq_profile **out, rq_diags *diags);

void rq_profile_free(rq_profile *p);

/* Frees the analysis (jobs, languages, degrees, concept hits, texts) and
 * keeps id, name and source: for a caller that keeps the evaluation of a
 * profile but will not evaluate it again (ranking a large pool, where the
 * reports only show who the candidate is). Returns the slim profile that
 * replaces p (p itself is freed; pointers to it must be updated), or p
 * unchanged when memory is short. Evaluating the slim profile sees an
 * empty profile. NULL gives NULL. */
rq_profile *rq_profile_shed(rq_profile *p);

/* Merge periods (in place, sorts them) and return the number of distinct
 * months they cover. */
int rq_periods_merge(rq_period *p, size_t n, size_t *merged_n);
long rq_periods_months(const rq_period *p, size_t n);

/* Optional, once, before any thread uses cJSON: let profile parsing take
 * each document's cJSON nodes from a per-thread arena, reset after the
 * document, instead of a malloc and a free per node and string. This
 * installs process-wide cJSON hooks (cJSON_InitHooks), which fall back to
 * malloc and free for every other use of cJSON in the process; a program
 * with cJSON hooks of its own should not call it. */
void rq_json_arena_install(void);

/* ---- loading many profiles ---- */

/* Called for each profile (ownership passes to the callback) or each
 * rejected input (profile NULL, error: one formatted line). Return nonzero
 * to stop. */
typedef int (*rq_profile_sink)(void *ctx, rq_profile *profile,
                               const char *source, const char *error);

/* Load PROFILE arguments per the contract: a .json file (id = file name
 * without extension), a .jsonl file (id = top-level "id" string, else
 * "STEM:LINE"), a directory (every .json and .jsonl in it, sorted by path,
 * not recursive; an entry that is not a regular file is rejected, not
 * read), or "-" (JSON Lines on stdin, stem "stdin"). Every
 * profile or rejection goes to sink, in input order. Warnings go to diags.
 * Returns 0, or -1 if a path could not be opened at all (also sent to
 * sink as a rejection). */
int rq_profiles_load(const char *path, const rq_profile_opts *opts,
                     rq_profile_sink sink, void *ctx, rq_diags *diags);

#endif
