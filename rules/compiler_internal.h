/*
 * compiler_internal.h - the stages of the plain-text posting compiler,
 * shared by rules/posting_text.c (text -> lines, sections, sentences,
 * clauses) and rules/compiler.c (clauses -> rules).
 *
 * Ownership: an rq_posting owns its lines, sentences and clauses;
 * rq_posting_free releases all of it. Offsets are bytes.
 */
#ifndef RQ_COMPILER_INTERNAL_H
#define RQ_COMPILER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "rules.h"
#include "util.h"

/* Section kinds: one table, the keys of engine/data/sections.txt. */
#define RQ_SECTION_KINDS(X)                                                   \
    X(SEC_NONE, "none")              /* before any heading */                 \
    X(SEC_OTHER, "other")            /* a heading the kb does not know */     \
    X(SEC_REQUIREMENTS, "requirements")                                       \
    X(SEC_PREFERRED, "preferred")                                             \
    X(SEC_DEGREE, "degree")                                                   \
    X(SEC_EXPERIENCE, "experience")                                           \
    X(SEC_SKILLS, "skills")                                                   \
    X(SEC_LANGUAGES, "languages")                                             \
    X(SEC_KNOWLEDGE, "knowledge")                                             \
    X(SEC_ABOUT, "about")                                                     \
    X(SEC_TASKS, "tasks")                                                     \
    X(SEC_OFFER, "offer")                                                     \
    X(SEC_CONDITIONS, "conditions")                                           \
    X(SEC_APPLY, "apply")                                                     \
    X(SEC_CONTEXT, "context")

#define RQ_SEC_ENUM(e, s) e,
typedef enum { RQ_SECTION_KINDS(RQ_SEC_ENUM) SEC_COUNT } rq_section_kind;
#undef RQ_SEC_ENUM

const char *rq_section_kind_name(int kind);
/* true for the kinds whose clauses state requirements */
bool rq_section_states_requirements(int kind);

typedef struct {
    int no;              /* 1-based line number */
    size_t start, end;   /* content after the bullet, trimmed */
    bool blank;
    bool bullet;         /* starts with a bullet or a number "1." "2)" */
    bool indented;       /* starts with white space (no bullet) */
    bool heading;
    int heading_kind;    /* when heading */
    int kind;            /* section kind the line is in */
    int para;            /* paragraph id: changes at blank lines and headings */
} rq_pline;

typedef struct {
    char *text;          /* joined across wrapped lines, spaces collapsed */
    size_t len;
    size_t *off;         /* off[i]: offset in text where line lines[i] starts */
    int *lines;
    size_t nlines;
} rq_psent;

typedef struct {
    int sent;            /* index into sentences */
    size_t start, end;   /* byte range in the sentence text */
    size_t full_start, full_end; /* the full sentence holding it: the clause
                                  * split at ';' or before a pronoun stays whole,
                                  * ". " ends it */
    int line;            /* line where the clause starts */
    int kind;            /* section kind (after promotion/demotion) */
    int para;
    bool bullet;         /* first clause of a bulleted line */
    bool intro;          /* ends with ':' and introduces a list */
    bool preferred;      /* base modality, from section and list intro */
    bool any_intro;      /* under an intro like "one or more of:" */
    bool promoted;       /* requirement kind given by content, not a heading */
    int rules;           /* rules made from it (filled by the compiler) */
    bool absorbed;       /* understood, no rule of its own needed: no warning */
} rq_pclause;

typedef struct {
    const char *text;
    size_t len;
    rq_pline *lines;
    size_t nlines;
    rq_psent *sents;
    size_t nsents;
    rq_pclause *clauses;
    size_t nclauses;
    char language[3];
    char *title;
    char *organization;
    bool belgian;        /* posting context mentions Belgium */
} rq_posting;

/* Stage 1: lines, headings, sections, sentences, clauses, language, title.
 * Returns 0 or -1 on oom. */
int rq_posting_parse(const char *text, size_t len, const rq_kb *kb, rq_posting *p);
void rq_posting_free(rq_posting *p);

/* line where byte off of a sentence lies */
int rq_sent_line_at(const rq_psent *st, size_t off);

/* Requirement signals of a clause (used to find requirement blocks whose
 * heading is missing or displaced). strong: a degree, a duration of
 * experience, a language with a level; weak: any other requirement word. */
void rq_clause_signals(const rq_kb *kb, const char *s, size_t n, bool *strong,
                       bool *weak);

/* Debug dump: lines -> section kind -> clauses -> modality -> rules.
 * Returns 0 or -1 on oom / unusable input. */
int rq_compile_dump(const char *text, size_t len, const rq_kb *kb, rq_buf *out);

#endif
