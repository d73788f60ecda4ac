/*
 * jsonarena.h - internal to the engine: cJSON documents allocated from a
 * per-parser arena instead of one malloc per node and string.
 *
 * cJSON only offers process-wide allocation hooks (cJSON_InitHooks). The
 * hooks installed by rq_json_arena_install send an allocation to the
 * calling thread's active arena when there is one, else to malloc; a
 * free while an arena is active is a no-op (the whole arena is reset
 * after the document), else free. Only the profile parser activates an
 * arena, around cJSON_Parse and the analysis of the tree it returns, and
 * it never calls cJSON_Delete on such a tree: resetting the arena frees
 * it. Every other cJSON user in the process (report writers, the
 * JobPosting reader) keeps malloc and free, unchanged.
 */
#ifndef RQ_JSONARENA_H
#define RQ_JSONARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rq_json_arena rq_json_arena;

rq_json_arena *rq_json_arena_new(void);
void rq_json_arena_free(rq_json_arena *a);

/* Make a the calling thread's active arena, if the hooks are installed
 * (else nothing happens and false is returned: parse with malloc and
 * cJSON_Delete as usual). */
bool rq_json_arena_begin(rq_json_arena *a);
/* Deactivate and reset: everything allocated since begin is released. */
void rq_json_arena_end(rq_json_arena *a);

#endif
