/*
 * common.c - what every report writer shares: the pseudonyms of
 * --anonymize and the id, name and source a report shows for a candidate.
 *
 * A pseudonym is "cand-" followed by the 32-bit FNV-1a hash of the
 * candidate id in 8 lower-case hex digits. It is stable across runs and
 * machines, so a recruiter can refer to "cand-1f0e33a2" in a meeting and
 * find the same person later, without the report naming anyone. When
 * anonymizing, the source (a file name, often the person's name) is
 * replaced by the pseudonym too.
 */
#include <stdint.h>
#include <stdio.h>

#include "report.h"

const char *rq_pseudonym(const char *id, char *buf, size_t bufsz)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    snprintf(buf, bufsz, "cand-%08x", (unsigned)h);
    return buf;
}

const char *rq_report_id(const rq_report *r, const rq_evaluation *e, char *buf, size_t bufsz)
{
    const char *id = e->profile && e->profile->id ? e->profile->id : "";
    if (r->anonymize)
        return rq_pseudonym(id, buf, bufsz);
    return id;
}

const char *rq_report_name(const rq_report *r, const rq_evaluation *e)
{
    if (r->anonymize || !e->profile)
        return NULL;
    return e->profile->name;
}

const char *rq_report_source(const rq_report *r, const rq_evaluation *e, char *buf, size_t bufsz)
{
    if (r->anonymize)
        return rq_report_id(r, e, buf, bufsz);
    return e->profile && e->profile->source ? e->profile->source : "";
}
