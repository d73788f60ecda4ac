/*
 * profile_parser.h - internal to the engine: a profile parser that keeps
 * its scanner and scratch buffers across many documents (used by load.c).
 */
#ifndef RQ_PROFILE_PARSER_H
#define RQ_PROFILE_PARSER_H

#include "profile.h"

typedef struct rq_profile_parser rq_profile_parser;

/* NULL on oom. */
rq_profile_parser *rq_profile_parser_new(const rq_profile_opts *opts);
void rq_profile_parser_free(rq_profile_parser *pp);

/* As rq_profile_parse with id NULL (the id is derived per the contract),
 * but json[len] MUST be '\0'. */
int rq_profile_parser_parse(rq_profile_parser *pp, const char *json, size_t len,
                            const char *file, int line, const rq_profile_opts *opts,
                            rq_profile **out, rq_diags *diags);

#endif
