/*
 * jsonarena.c - a bump allocator for cJSON (see jsonarena.h).
 *
 * An arena is a list of chunks; allocation bumps a pointer in the current
 * chunk (16-byte aligned) and opens a new chunk when it is full. Reset
 * keeps the first chunk, which grows to the largest document seen, so a
 * steady stream of documents of similar size allocates nothing at all.
 * The active arena is per thread (_Thread_local): worker threads parse
 * at the same time, each into its own.
 */
#include "jsonarena.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

#define CHUNK_MIN (64u * 1024u)

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} chunk;

struct rq_json_arena {
    chunk *first;   /* kept across resets */
    chunk *cur;
    size_t total;   /* bytes handed out since the last reset */
};

static _Thread_local rq_json_arena *active;
static bool installed;

static chunk *chunk_new(size_t size)
{
    chunk *c = malloc(sizeof *c + size);
    if (c) {
        c->next = NULL;
        c->size = size;
        c->used = 0;
    }
    return c;
}

/* n bytes (a multiple of 16) from a new chunk, which becomes the current
 * one. Out of line and cold: it runs about once per first document, and
 * kept apart it leaves the bump below a leaf that saves no registers
 * (hook_malloc runs for every node and string cJSON makes). */
__attribute__((noinline, cold)) static void *arena_alloc_new_chunk(rq_json_arena *a,
                                                                    size_t n)
{
    size_t size = CHUNK_MIN;
    while (size < n)
        size *= 2;
    chunk *nc = chunk_new(size);
    if (!nc)
        return NULL;
    if (a->cur)
        a->cur->next = nc;
    else
        a->first = nc;
    a->cur = nc;
    nc->used = n;
    a->total += n;
    return nc->data;
}

static void *arena_alloc(rq_json_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    chunk *c = a->cur;
    if (!c || c->size - c->used < n)
        return arena_alloc_new_chunk(a, n);
    void *p = c->data + c->used;
    c->used += n;
    a->total += n;
    return p;
}

static void *hook_malloc(size_t n)
{
    rq_json_arena *a = active;
    return a ? arena_alloc(a, n) : malloc(n);
}

static void hook_free(void *p)
{
    if (!active)
        free(p);
}

void rq_json_arena_install(void)
{
    cJSON_Hooks hooks = {hook_malloc, hook_free};
    cJSON_InitHooks(&hooks);
    installed = true;
}

rq_json_arena *rq_json_arena_new(void)
{
    return calloc(1, sizeof(rq_json_arena));
}

void rq_json_arena_free(rq_json_arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->first; c;) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

bool rq_json_arena_begin(rq_json_arena *a)
{
    if (!installed || !a)
        return false;
    active = a;
    return true;
}

void rq_json_arena_end(rq_json_arena *a)
{
    active = NULL;
    if (!a->first)
        return;
    if (a->first->next) {
        /* the document needed several chunks: next time one that holds
         * it all */
        size_t want = a->first->size;
        while (want < a->total)
            want *= 2;
        for (chunk *c = a->first; c;) {
            chunk *next = c->next;
            free(c);
            c = next;
        }
        a->first = chunk_new(want);
    }
    if (a->first)
        a->first->used = 0;
    a->cur = a->first;
    a->total = 0;
}
