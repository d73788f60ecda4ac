/*
 * kb.c - the knowledge base: data files, tables and the phrase matcher.
 *
 * Loading parses each data file line by line into entries (key, label,
 * broader keys) and phrases. A phrase is stored as a list of word ids:
 * each word is folded (text.h), stemmed and interned in one hash of known
 * stems shared by all tables. After a batch of files is loaded the tries
 * are (re)built: one trie per table whose edges are word ids, held in a
 * single hash keyed by (node, word). Stop words are dropped from phrases
 * at that point, which is why the tries are built after all files of a
 * batch are read (stopwords.txt sorts last).
 *
 * The same batch step lays out what scanning reads, for few cache misses
 * (a profile's words are looked up by the hundred): the stems in an
 * open-addressing table of 8-byte slots (hash, id) with the stems in one
 * pool (wordtab), each table's first trie step as an array by word id
 * (and, by word id, one word of flags: which tables' tries a word starts,
 * and whether it is a stop word, kept by a scanner with the word's id),
 * the other edges node by node next to each node's entries, and the
 * transitive closure of "broader" over concepts as a bit table, so that
 * covers and related are one load each.
 *
 * Scanning folds the text and splits it into words in one pass
 * (rq_fold_spans: each word keeps its span in the source), interns
 * nothing (unknown stems get id 0; a scanner keeps a cache of the words
 * it met last), then walks the trie from each
 * word: leftmost-longest, non-overlapping. Every lookup is O(1), so a scan
 * is linear in the text. The words and their lookups stay with the scanner
 * until its next scan, so that another table can walk the same text
 * (rq_scanner_rescan) without folding and splitting it again. The kb is never written after loading, so any
 * number of threads may scan it at once.
 */
#include "kb.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct {
    const char *name;
    const char *text;
    size_t len;
} rq_builtin_file;
extern const rq_builtin_file rq_builtin_files[];
extern const size_t rq_builtin_nfiles;

static const char *const table_names[RQ_TABLE_COUNT] = {
    "concepts", "languages", "levels", "degrees",
    "numbers", "sections", "markers", "stopwords", "fields",
};

#define STEM_MAX 64

/* ---- string -> uint32 hash (open addressing, owns its keys) ---- */

typedef struct {
    char **keys;
    uint32_t *vals;
    uint32_t *hashes; /* low bits of each key's hash: most misses end here */
    size_t cap; /* power of two or 0 */
    size_t count;
} strmap;

/* 64-bit hash of a short string, eight bytes a step (stems and keys are
 * short: most take one or two multiplications) */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    return h;
}

static long strmap_get(const strmap *m, const char *s, size_t n)
{
    if (!m->cap)
        return -1;
    uint64_t h = hash_bytes(s, n);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i]) {
        if (m->hashes[i] == (uint32_t)(h >> 32) && strncmp(m->keys[i], s, n) == 0 &&
            m->keys[i][n] == '\0')
            return (long)m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

static int strmap_grow(strmap *m)
{
    size_t nc = m->cap ? m->cap * 2 : 64;
    char **nk = calloc(nc, sizeof *nk);
    uint32_t *nv = calloc(nc, sizeof *nv);
    uint32_t *nh = calloc(nc, sizeof *nh);
    if (!nk || !nv || !nh) {
        free(nk);
        free(nv);
        free(nh);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = (size_t)hash_bytes(m->keys[i], strlen(m->keys[i])) & (nc - 1);
        while (nk[j])
            j = (j + 1) & (nc - 1);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
        nh[j] = m->hashes[i];
    }
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    m->keys = nk;
    m->vals = nv;
    m->hashes = nh;
    m->cap = nc;
    return 0;
}

/* Insert a copy of s[0..n) (must not be present). */
static int strmap_put(strmap *m, const char *s, size_t n, uint32_t val)
{
    if ((m->count + 1) * 2 > m->cap && strmap_grow(m) != 0)
        return -1;
    char *k = rq_strndup(s, n);
    if (!k)
        return -1;
    uint64_t h = hash_bytes(s, n);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i])
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = k;
    m->vals[i] = val;
    m->hashes[i] = (uint32_t)(h >> 32);
    m->count++;
    return 0;
}

static void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    memset(m, 0, sizeof *m);
}

/* ---- trie edges: (node << 32 | word) -> child; key 0 is empty (word ids start at 1) ---- */

typedef struct {
    uint64_t key;
    uint32_t child;
} edge;

/* key and child side by side: a lookup touches one cache line */
typedef struct {
    edge *slots;
    size_t cap;
    size_t count;
} edgemap;

static size_t edge_slot(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

static long edge_get(const edgemap *m, uint32_t node, uint32_t word)
{
    if (!m->cap || word == 0)
        return -1;
    uint64_t k = (uint64_t)node << 32 | word;
    size_t i = edge_slot(k, m->cap);
    while (m->slots[i].key) {
        if (m->slots[i].key == k)
            return (long)m->slots[i].child;
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

static int edge_put(edgemap *m, uint32_t node, uint32_t word, uint32_t child)
{
    if ((m->count + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 256;
        edge *ns = calloc(nc, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slots[i].key)
                continue;
            size_t j = edge_slot(m->slots[i].key, nc);
            while (ns[j].key)
                j = (j + 1) & (nc - 1);
            ns[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = ns;
        m->cap = nc;
    }
    uint64_t k = (uint64_t)node << 32 | word;
    size_t i = edge_slot(k, m->cap);
    while (m->slots[i].key)
        i = (i + 1) & (m->cap - 1);
    m->slots[i].key = k;
    m->slots[i].child = child;
    m->count++;
    return 0;
}

/* Stems -> word ids for scanning, built from kb->words after each batch:
 * the hash, id, length and place of the stem in one 16-byte slot, and
 * the stems themselves in one pool, so that a lookup touches two cache
 * lines instead of chasing a pointer per probe. */
#define WORD_STOP (1u << 31) /* in wordtab.flags; table bits are 1u << t */
_Static_assert(RQ_TABLE_COUNT <= 31, "a table bit per table below WORD_STOP");

typedef struct {
    uint32_t hash;  /* high half of hash_bytes */
    uint32_t id;    /* 0: empty slot */
} word_slot;

typedef struct {
    word_slot *slots;
    size_t mask;
    char *pool;
    uint32_t *off;  /* by word id: the stem in pool, and its length */
    uint32_t *len;
    /* by table and word id: the child of the table's trie root for that
     * word, 0 for none (the first step of every match, without a lookup
     * in the edge hash) */
    uint32_t *first[RQ_TABLE_COUNT];
    /* by word id: bit t set when first[t] has a child for the word, and
     * WORD_STOP for a stop word. A scanner keeps these with each word's
     * id, so that the scan of a word that starts no phrase in the table,
     * and the test for a stop word, read nothing but the scanner's own
     * array */
    uint32_t *flags;
    /* the other edges, node by node: kids[kid_start[n] .. kid_start[n+1])
     * are node n's (word, child) pairs; roots have none here */
    uint32_t *kid_start;
    uint32_t (*kids)[2];
    /* what the walk reads at each node, side by side (one cache line
     * instead of three): the entries it matches and where its kids start */
    struct node_info {
        int32_t any, caps;   /* kb->node_any / node_caps */
        uint32_t kids, nkids;
    } *nodes;
} wordtab;

/* ---- the knowledge base ---- */

typedef struct {
    char *key;
    char *label; /* first phrase as written; NULL until one is given */
    uint32_t *broader;
    size_t nbroader;
    size_t capbroader;
} kb_entry;

typedef struct {
    kb_entry *items;
    size_t count;
    size_t cap;
    strmap index; /* lower-case key -> kb_entry */
} table_data;

typedef struct {
    char *text;    /* as written, for messages */
    uint32_t first; /* word ids in kb->pw[first .. first+nw) */
    uint32_t nw;
    uint32_t entry;
    uint32_t file;
    uint32_t batch;
    int line;
    int col;
    uint8_t table;
    bool caps;
} kb_phrase;

typedef struct {
    uint8_t table;
    uint32_t from;
    char *to;
    uint32_t file;
    uint32_t batch;
    int line;
    int col;
} kb_relation;

struct rq_kb {
    table_data tables[RQ_TABLE_COUNT];
    strmap words; /* stem -> word id (1-based) */
    size_t nwords;
    uint8_t *stop; /* per word id */
    kb_phrase *phrases;
    size_t nphrases, capphrases;
    uint32_t *pw;
    size_t npw, cappw;
    kb_relation *rels;
    size_t nrels, caprels;
    char **files;
    size_t nfiles, capfiles;
    uint32_t batch;
    /* tries */
    uint32_t root[RQ_TABLE_COUNT];
    int32_t *node_any;  /* entry matched by a node, or -1 */
    int32_t *node_caps; /* entry matched by a node when the text is in capitals */
    size_t nnodes, capnodes;
    edgemap edges;
    wordtab wordtab;
    /* concepts: ancestors[a * anc_words ..] has bit b set when b is
     * broader than a at any depth (NULL when the lexicon is too large for
     * the table: then the hierarchy is walked) */
    uint64_t *ancestors;
    size_t anc_words;
};

static bool key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '+' || c == '.' || c == '-';
}

static void lower_copy(char *dst, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)tolower((unsigned char)s[i]);
    dst[n] = '\0';
}

static long find_key(const table_data *t, const char *key, size_t n)
{
    char buf[128];
    if (n >= sizeof buf)
        return -1;
    lower_copy(buf, key, n);
    return strmap_get(&t->index, buf, n);
}

/* Entry number of key in table t, created if new; -1 on oom. */
static long get_entry(rq_kb *kb, int t, const char *key, size_t n)
{
    table_data *td = &kb->tables[t];
    long e = find_key(td, key, n);
    if (e >= 0)
        return e;
    if (rq_grow((void **)&td->items, &td->cap, td->count + 1, sizeof *td->items) != 0)
        return -1;
    kb_entry *en = &td->items[td->count];
    memset(en, 0, sizeof *en);
    en->key = rq_strndup(key, n);
    char *low = rq_strndup(key, n);
    if (!en->key || !low) {
        free(en->key);
        free(low);
        return -1;
    }
    lower_copy(low, key, n);
    int rc = strmap_put(&td->index, low, n, (uint32_t)td->count);
    free(low);
    if (rc != 0) {
        free(en->key);
        return -1;
    }
    return (long)td->count++;
}

/* a[0..n) == b[0..n), eight bytes a step; both may be read up to the
 * next multiple of 8 (the pool is padded, stems live in STEM_MAX buffers) */
static bool same_bytes(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return false;
    }
    if (i == n)
        return true;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x, y;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    uint64_t mask = ~0ull >> (8 * (8 - (n - i))); /* little-endian: the low bytes */
    return ((x ^ y) & mask) == 0;
#else
    return memcmp(a + i, b + i, n - i) == 0;
#endif
}

/* Word id of a folded word (stemmed here), 0 if unknown. */
static uint32_t word_lookup(const rq_kb *kb, const char *w, size_t n)
{
    char stem[STEM_MAX];
    size_t sn = rq_stem(w, n, stem, sizeof stem);
    const wordtab *t = &kb->wordtab;
    if (!t->slots)
        return 0;
    uint64_t h = hash_bytes(stem, sn);
    uint32_t hi = (uint32_t)(h >> 32);
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        const word_slot *sl = &t->slots[i];
        if (sl->id == 0)
            return 0;
        if (sl->hash == hi && t->len[sl->id] == sn &&
            same_bytes(t->pool + t->off[sl->id], stem, sn))
            return sl->id;
    }
}

static void wordtab_free(wordtab *t)
{
    free(t->slots);
    free(t->pool);
    free(t->off);
    free(t->len);
    for (int k = 0; k < RQ_TABLE_COUNT; k++)
        free(t->first[k]);
    free(t->flags);
    free(t->kid_start);
    free(t->kids);
    free(t->nodes);
    memset(t, 0, sizeof *t);
}

/* Child of a non-root node for word w, or -1. */
static long kid_get(const wordtab *t, uint32_t node, uint32_t w)
{
    const struct node_info *ni = &t->nodes[node];
    for (uint32_t k = ni->kids, end = ni->kids + ni->nkids; k < end; k++)
        if (t->kids[k][0] == w)
            return (long)t->kids[k][1];
    return -1;
}

/* (Re)build kb->wordtab from kb->words. 0, or -1 on oom. */
static int build_wordtab(rq_kb *kb)
{
    wordtab *t = &kb->wordtab;
    wordtab_free(t);
    /* a load under 0.75 keeps probes short and the table small */
    size_t cap = 16, pool = 0;
    while (cap < kb->words.count + kb->words.count / 3 + 2)
        cap *= 2;
    for (size_t i = 0; i < kb->words.cap; i++)
        if (kb->words.keys[i])
            pool += strlen(kb->words.keys[i]) + 1;
    t->slots = calloc(cap, sizeof *t->slots);
    t->pool = calloc(pool + 8, 1); /* padded for same_bytes */
    t->off = calloc(kb->nwords + 1, sizeof *t->off);
    t->len = calloc(kb->nwords + 1, sizeof *t->len);
    t->flags = calloc(kb->nwords + 1, sizeof *t->flags);
    bool ok = t->slots && t->pool && t->off && t->len && t->flags;
    for (int k = 0; ok && k < RQ_TABLE_COUNT; k++)
        ok = (t->first[k] = calloc(kb->nwords + 1, sizeof *t->first[k])) != NULL;
    if (!ok)
        return -1;
    for (int k = 0; k < RQ_TABLE_COUNT; k++)
        for (uint32_t w = 1; w <= kb->nwords; w++) {
            long c = edge_get(&kb->edges, kb->root[k], w);
            t->first[k][w] = c > 0 ? (uint32_t)c : 0;
            if (c > 0)
                t->flags[w] |= 1u << k;
        }
    for (uint32_t w = 1; w <= kb->nwords; w++)
        if (kb->stop[w])
            t->flags[w] |= WORD_STOP;
    /* edges of non-root nodes, counted then placed (counting sort) */
    t->kid_start = calloc(kb->nnodes + 2, sizeof *t->kid_start);
    t->kids = malloc((kb->edges.count ? kb->edges.count : 1) * sizeof *t->kids);
    if (!t->kid_start || !t->kids)
        return -1;
    for (size_t i = 0; i < kb->edges.cap; i++) {
        uint64_t key = kb->edges.slots[i].key;
        uint32_t node = (uint32_t)(key >> 32);
        if (key && node >= RQ_TABLE_COUNT)
            t->kid_start[node + 2]++;
    }
    for (size_t n = 2; n < kb->nnodes + 2; n++)
        t->kid_start[n] += t->kid_start[n - 1];
    for (size_t i = 0; i < kb->edges.cap; i++) {
        uint64_t key = kb->edges.slots[i].key;
        uint32_t node = (uint32_t)(key >> 32);
        if (key && node >= RQ_TABLE_COUNT) {
            uint32_t k = t->kid_start[node + 1]++;
            t->kids[k][0] = (uint32_t)key;
            t->kids[k][1] = kb->edges.slots[i].child;
        }
    }
    t->nodes = malloc((kb->nnodes ? kb->nnodes : 1) * sizeof *t->nodes);
    if (!t->nodes)
        return -1;
    for (size_t n = 0; n < kb->nnodes; n++)
        t->nodes[n] = (struct node_info){kb->node_any[n], kb->node_caps[n], t->kid_start[n],
                                         t->kid_start[n + 1] - t->kid_start[n]};
    t->mask = cap - 1;
    size_t off = 0;
    for (size_t i = 0; i < kb->words.cap; i++) {
        const char *k = kb->words.keys[i];
        if (!k || kb->words.vals[i] == 0)
            continue;
        size_t n = strlen(k);
        uint64_t h = hash_bytes(k, n);
        size_t j = (size_t)h & t->mask;
        while (t->slots[j].id)
            j = (j + 1) & t->mask;
        uint32_t id = kb->words.vals[i];
        t->slots[j] = (word_slot){(uint32_t)(h >> 32), id};
        t->off[id] = (uint32_t)off;
        t->len[id] = (uint32_t)n;
        memcpy(t->pool + off, k, n + 1);
        off += n + 1;
    }
    return 0;
}

/* Word id of a folded word, interned if new; -1 on oom. */
static long word_intern(rq_kb *kb, const char *w, size_t n)
{
    char stem[STEM_MAX];
    size_t sn = rq_stem(w, n, stem, sizeof stem);
    long id = strmap_get(&kb->words, stem, sn);
    if (id >= 0)
        return id;
    if (strmap_put(&kb->words, stem, sn, (uint32_t)(kb->nwords + 1)) != 0)
        return -1;
    return (long)++kb->nwords;
}

static int oom(rq_diags *d)
{
    rq_diags_add(d, RQ_SEV_ERROR, NULL, 0, 0, NULL, "out of memory");
    return -1;
}

/* Add one phrase s[0..n) (trimmed, '=' removed) for key. */
static int add_phrase(rq_kb *kb, int t, long e, const char *s, size_t n, bool caps,
                      uint32_t file, int line, int col, rq_diags *d)
{
    rq_buf f = RQ_BUF_INIT;
    rq_word *words = NULL;
    size_t wcap = 0;
    int rc = -1;
    if (rq_fold(s, n, &f, NULL, NULL) != 0)
        goto done;
    long nw = rq_words(f.data, f.len, NULL, NULL, &words, &wcap);
    if (nw < 0)
        goto done;
    if (nw == 0) {
        rq_diags_add(d, RQ_SEV_ERROR, kb->files[file], line, col, NULL,
                     "phrase '%.*s' has no words", (int)n, s);
        rc = 1;
        goto done;
    }
    if (rq_grow((void **)&kb->pw, &kb->cappw, kb->npw + (size_t)nw, sizeof *kb->pw) != 0 ||
        rq_grow((void **)&kb->phrases, &kb->capphrases, kb->nphrases + 1, sizeof *kb->phrases) != 0)
        goto done;
    kb_phrase *p = &kb->phrases[kb->nphrases];
    p->text = rq_strndup(s, n);
    if (!p->text)
        goto done;
    p->first = (uint32_t)kb->npw;
    for (long i = 0; i < nw; i++) {
        long id = word_intern(kb, f.data + words[i].start, words[i].len);
        if (id < 0) {
            free(p->text);
            goto done;
        }
        kb->pw[kb->npw++] = (uint32_t)id;
    }
    p->nw = (uint32_t)nw;
    p->entry = (uint32_t)e;
    p->file = file;
    p->batch = kb->batch;
    p->line = line;
    p->col = col;
    p->table = (uint8_t)t;
    p->caps = caps;
    kb->nphrases++;
    kb_entry *en = &kb->tables[t].items[e];
    if (!en->label) {
        en->label = rq_strndup(s, n);
        if (!en->label)
            goto done;
    }
    rc = 0;
done:
    if (rc < 0)
        oom(d);
    rq_buf_free(&f);
    free(words);
    return rc;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Parse one line (without its newline). Returns the number of errors, or
 * -1 on oom. *table is the current table (-1 before any @table). */
static int parse_line(rq_kb *kb, uint32_t file, int line, const char *l, size_t len, int *table,
                      rq_diags *d)
{
    const char *fname = kb->files[file];
    size_t p = 0;
    while (p < len && is_space(l[p]))
        p++;
    if (p == len || l[p] == '#')
        return 0;
    /* a comment starts at a '#' after white space ("C#" is a phrase) */
    for (size_t i = p + 1; i < len; i++)
        if (l[i] == '#' && is_space(l[i - 1])) {
            len = i;
            break;
        }
    while (len > p && is_space(l[len - 1]))
        len--;

    if (l[p] == '@') {
        size_t q = p + 1;
        while (q < len && !is_space(l[q]))
            q++;
        if (q - p != 6 || memcmp(l + p, "@table", 6) != 0) {
            rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)p + 1, NULL,
                         "unknown directive '%.*s'", (int)(q - p), l + p);
            return 1;
        }
        while (q < len && is_space(l[q]))
            q++;
        for (int t = 0; t < RQ_TABLE_COUNT; t++)
            if (strlen(table_names[t]) == len - q && memcmp(table_names[t], l + q, len - q) == 0) {
                *table = t;
                return 0;
            }
        *table = -1;
        if (q == len)
            rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)q + 1, NULL, "missing table name");
        else
            rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)q + 1, NULL,
                         "unknown table '%.*s'", (int)(len - q), l + q);
        return 1;
    }

    size_t k = p;
    while (k < len && key_char(l[k]))
        k++;
    size_t keylen = k - p;
    size_t q = k;
    while (q < len && is_space(l[q]))
        q++;
    if (keylen == 0 && q < len && (l[q] == ':' || l[q] == '>')) {
        rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)p + 1, NULL, "missing key");
        return 1;
    }
    if (q >= len || (l[q] != ':' && l[q] != '>')) {
        if (k < len && !is_space(l[k]) && l[k] != ':' && l[k] != '>')
            rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)k + 1, NULL,
                         "bad character '%c' in key (keys are [a-z0-9_+.-])", l[k]);
        else
            rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)q + 1, NULL,
                         "expected ':' or '>' after key '%.*s'", (int)keylen, l + p);
        return 1;
    }
    if (keylen >= 128) {
        rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)p + 1, NULL, "key too long");
        return 1;
    }
    if (*table < 0) {
        rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)p + 1, NULL,
                     "entry outside a table (add '@table NAME' above)");
        return 1;
    }
    long e = get_entry(kb, *table, l + p, keylen);
    if (e < 0)
        return oom(d);
    bool is_relation = l[q] == '>';
    int errors = 0;
    size_t s = q + 1;
    for (;;) {
        size_t end = s;
        while (end < len && l[end] != ';')
            end++;
        size_t a = s, b = end;
        while (a < b && is_space(l[a]))
            a++;
        while (b > a && is_space(l[b - 1]))
            b--;
        int col = (int)(a < len ? a : len) + 1;
        bool caps = false;
        if (!is_relation && a < b && l[a] == '=') {
            caps = true;
            a++;
            while (a < b && is_space(l[a]))
                a++;
        }
        if (a == b) {
            rq_diags_add(d, RQ_SEV_ERROR, fname, line, col, NULL,
                         is_relation ? "missing key after '>'" : "empty phrase");
            errors++;
        } else if (is_relation) {
            size_t i = a;
            while (i < b && key_char(l[i]))
                i++;
            if (i < b) {
                rq_diags_add(d, RQ_SEV_ERROR, fname, line, (int)i + 1, NULL,
                             "bad character '%c' in key (keys are [a-z0-9_+.-])", l[i]);
                errors++;
            } else {
                if (rq_grow((void **)&kb->rels, &kb->caprels, kb->nrels + 1, sizeof *kb->rels) != 0)
                    return oom(d);
                kb_relation *r = &kb->rels[kb->nrels];
                r->to = rq_strndup(l + a, b - a);
                if (!r->to)
                    return oom(d);
                r->table = (uint8_t)*table;
                r->from = (uint32_t)e;
                r->file = file;
                r->batch = kb->batch;
                r->line = line;
                r->col = col;
                kb->nrels++;
            }
        } else {
            int rc = add_phrase(kb, *table, e, l + a, b - a, caps, file, line, col, d);
            if (rc < 0)
                return -1;
            errors += rc;
        }
        if (end >= len)
            break;
        s = end + 1;
    }
    return errors;
}

#define RQ_KB_MAX_ERRORS 50

static int parse_text(rq_kb *kb, const char *text, size_t len, const char *file, rq_diags *d)
{
    if (rq_grow((void **)&kb->files, &kb->capfiles, kb->nfiles + 1, sizeof *kb->files) != 0)
        return oom(d);
    kb->files[kb->nfiles] = rq_strdup(file ? file : "<data>");
    if (!kb->files[kb->nfiles])
        return oom(d);
    uint32_t fi = (uint32_t)kb->nfiles++;
    int table = -1, errors = 0, line = 1;
    size_t i = 0;
    /* a UTF-8 byte order mark is not part of the first line */
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    /* a binary file (a NUL byte) is one error, and a file full of errors
     * stops after RQ_KB_MAX_ERRORS: not one line of errors a line */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int nl = 1, col = 1;
        for (const char *q = text; q < nul; q++) {
            if (*q == '\n') {
                nl++;
                col = 1;
            } else if (((unsigned char)*q & 0xC0) != 0x80) {
                col++;
            }
        }
        rq_diags_add(d, RQ_SEV_ERROR, kb->files[fi], nl, col, NULL,
                     "NUL byte: a binary file, not a data file");
        return 1;
    }
    while (i < len) {
        if (errors >= RQ_KB_MAX_ERRORS) {
            rq_diags_add(d, RQ_SEV_ERROR, kb->files[fi], line, 1, NULL,
                         "more than %d errors: the rest of the file is not read",
                         RQ_KB_MAX_ERRORS);
            return errors + 1;
        }
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        if (!rq_utf8_valid(text + i, e - i)) {
            rq_diags_add(d, RQ_SEV_ERROR, kb->files[fi], line, 1, NULL, "invalid UTF-8");
            errors++;
        } else {
            int rc = parse_line(kb, fi, line, text + i, e - i, &table, d);
            if (rc < 0)
                return -1;
            errors += rc;
        }
        i = e + 1;
        line++;
    }
    return errors;
}

static int add_broader(kb_entry *en, uint32_t to)
{
    for (size_t i = 0; i < en->nbroader; i++)
        if (en->broader[i] == to)
            return 0;
    if (rq_grow((void **)&en->broader, &en->capbroader, en->nbroader + 1, sizeof *en->broader) != 0)
        return -1;
    en->broader[en->nbroader++] = to;
    return 0;
}

static long new_node(rq_kb *kb)
{
    if (rq_grow((void **)&kb->node_any, &kb->capnodes, kb->nnodes + 1, sizeof *kb->node_any) != 0)
        return -1;
    size_t cap = kb->capnodes;
    int32_t *nc = realloc(kb->node_caps, cap * sizeof *nc);
    if (!nc)
        return -1;
    kb->node_caps = nc;
    kb->node_any[kb->nnodes] = -1;
    kb->node_caps[kb->nnodes] = -1;
    return (long)kb->nnodes++;
}

/* Resolve this batch's relations and rebuild stop words and tries.
 * Returns the number of errors, -1 on oom. */
#define ANCESTORS_MAX 16384 /* concepts; the table is then at most 32 MB */

/* The transitive closure of "broader" over concepts, one bit row per
 * concept, so that evaluation asks "is b broader than a?" in one load
 * instead of walking the hierarchy for every pair. Built once per batch
 * of data files; breadth first from each concept, cycles included. */
static int build_ancestors(rq_kb *kb)
{
    const table_data *td = &kb->tables[RQ_TABLE_CONCEPTS];
    size_t n = td->count, words = (n + 63) / 64;
    free(kb->ancestors);
    kb->ancestors = NULL;
    kb->anc_words = 0;
    if (n == 0 || n > ANCESTORS_MAX)
        return 0;
    uint64_t *anc = calloc(n * words, sizeof *anc);
    uint32_t *queue = malloc(n * sizeof *queue);
    if (!anc || !queue) {
        free(anc);
        free(queue);
        return -1;
    }
    for (size_t a = 0; a < n; a++) {
        uint64_t *row = anc + a * words;
        size_t head = 0, tail = 0;
        queue[tail++] = (uint32_t)a;
        while (head < tail) {
            const kb_entry *en = &td->items[queue[head++]];
            for (size_t i = 0; i < en->nbroader; i++) {
                uint32_t b = en->broader[i];
                if (!(row[b / 64] & (1ull << (b % 64)))) {
                    row[b / 64] |= 1ull << (b % 64);
                    queue[tail++] = b;
                }
            }
        }
    }
    free(queue);
    kb->ancestors = anc;
    kb->anc_words = words;
    return 0;
}

static int finalize(rq_kb *kb, rq_diags *d)
{
    int errors = 0;
    for (size_t i = 0; i < kb->nrels; i++) {
        kb_relation *r = &kb->rels[i];
        if (r->batch != kb->batch)
            continue;
        table_data *td = &kb->tables[r->table];
        long to = find_key(td, r->to, strlen(r->to));
        if (to < 0) {
            rq_diags_add(d, RQ_SEV_ERROR, kb->files[r->file], r->line, r->col, NULL,
                         "relation to unknown %s '%s'",
                         r->table == RQ_TABLE_CONCEPTS ? "concept" : "key", r->to);
            errors++;
        } else if ((uint32_t)to == r->from) {
            rq_diags_add(d, RQ_SEV_ERROR, kb->files[r->file], r->line, r->col, NULL,
                         "'%s' cannot be broader than itself", r->to);
            errors++;
        } else if (add_broader(&td->items[r->from], (uint32_t)to) != 0) {
            return oom(d);
        }
    }

    /* a field of study stands for a concept: its key must be one */
    const table_data *fields = &kb->tables[RQ_TABLE_FIELDS];
    const table_data *concepts = &kb->tables[RQ_TABLE_CONCEPTS];
    uint32_t reported = UINT32_MAX;
    for (size_t i = 0; i < kb->nphrases; i++) {
        const kb_phrase *p = &kb->phrases[i];
        if (p->table != RQ_TABLE_FIELDS || p->batch != kb->batch || p->entry == reported)
            continue;
        const char *key = fields->items[p->entry].key;
        if (find_key(concepts, key, strlen(key)) < 0) {
            rq_diags_add(d, RQ_SEV_ERROR, kb->files[p->file], p->line, 1, NULL,
                         "field of study '%s' is not a concept key", key);
            reported = p->entry;
            errors++;
        }
    }

    uint8_t *stop = calloc(kb->nwords + 1, 1);
    if (!stop)
        return oom(d);
    free(kb->stop);
    kb->stop = stop;
    long stop_entry = find_key(&kb->tables[RQ_TABLE_STOPWORDS], "stop", 4);
    for (size_t i = 0; i < kb->nphrases; i++) {
        const kb_phrase *p = &kb->phrases[i];
        if (p->table == RQ_TABLE_STOPWORDS && (long)p->entry == stop_entry)
            for (uint32_t j = 0; j < p->nw; j++)
                stop[kb->pw[p->first + j]] = 1;
    }

    kb->nnodes = 0;
    if (kb->edges.slots)
        memset(kb->edges.slots, 0, kb->edges.cap * sizeof *kb->edges.slots);
    kb->edges.count = 0;
    for (int t = 0; t < RQ_TABLE_COUNT; t++) {
        long r = new_node(kb);
        if (r < 0)
            return oom(d);
        kb->root[t] = (uint32_t)r;
    }
    for (size_t i = 0; i < kb->nphrases; i++) {
        const kb_phrase *p = &kb->phrases[i];
        bool skip_stop = p->table != RQ_TABLE_STOPWORDS;
        uint32_t node = kb->root[p->table];
        uint32_t used = 0;
        for (uint32_t j = 0; j < p->nw; j++) {
            uint32_t w = kb->pw[p->first + j];
            if (skip_stop && stop[w])
                continue;
            used++;
            long c = edge_get(&kb->edges, node, w);
            if (c < 0) {
                c = new_node(kb);
                if (c < 0 || edge_put(&kb->edges, node, w, (uint32_t)c) != 0)
                    return oom(d);
            }
            node = (uint32_t)c;
        }
        if (used == 0) {
            if (p->batch == kb->batch)
                rq_diags_add(d, RQ_SEV_WARNING, kb->files[p->file], p->line, p->col, NULL,
                             "phrase '%s' has only stop words and never matches", p->text);
            continue;
        }
        int32_t *slot = p->caps ? &kb->node_caps[node] : &kb->node_any[node];
        if (*slot < 0) {
            *slot = (int32_t)p->entry;
        } else if (*slot != (int32_t)p->entry && p->batch == kb->batch) {
            const table_data *td = &kb->tables[p->table];
            rq_diags_add(d, RQ_SEV_WARNING, kb->files[p->file], p->line, p->col, NULL,
                         "phrase '%s' already means '%s' in table %s; '%s' ignored", p->text,
                         td->items[*slot].key, table_names[p->table], td->items[p->entry].key);
        }
    }
    if (build_wordtab(kb) != 0)
        return oom(d);
    if (build_ancestors(kb) != 0)
        return oom(d);
    return errors;
}

static int load_batch(rq_kb *kb, const char *text, size_t len, const char *file, rq_diags *d)
{
    kb->batch++;
    int errors = parse_text(kb, text, len, file, d);
    if (errors < 0)
        return -1;
    int rc = finalize(kb, d);
    if (rc < 0)
        return -1;
    return errors + rc ? -1 : 0;
}

static int builtin_cmp(const void *a, const void *b)
{
    const rq_builtin_file *x = *(const rq_builtin_file *const *)a;
    const rq_builtin_file *y = *(const rq_builtin_file *const *)b;
    return strcmp(x->name, y->name);
}

int rq_kb_new(rq_kb **out, rq_diags *diags)
{
    *out = NULL;
    rq_kb *kb = calloc(1, sizeof *kb);
    if (!kb)
        return oom(diags);
    const rq_builtin_file **order = calloc(rq_builtin_nfiles + 1, sizeof *order);
    if (!order) {
        free(kb);
        return oom(diags);
    }
    for (size_t i = 0; i < rq_builtin_nfiles; i++)
        order[i] = &rq_builtin_files[i];
    qsort(order, rq_builtin_nfiles, sizeof *order, builtin_cmp);
    kb->batch = 1;
    int errors = 0;
    for (size_t i = 0; i < rq_builtin_nfiles; i++) {
        int rc = parse_text(kb, order[i]->text, order[i]->len, order[i]->name, diags);
        if (rc < 0) {
            errors = -1;
            break;
        }
        errors += rc;
    }
    free(order);
    if (errors >= 0) {
        int rc = finalize(kb, diags);
        errors = rc < 0 ? -1 : errors + rc;
    }
    if (errors != 0) {
        rq_kb_free(kb);
        return -1;
    }
    *out = kb;
    return 0;
}

int rq_kb_extend_text(rq_kb *kb, const char *text, size_t len, const char *file,
                      rq_diags *diags)
{
    return load_batch(kb, text, len, file, diags);
}

int rq_kb_extend(rq_kb *kb, const char *path, rq_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (rq_read_file(path, &data, &len) != 0) {
        rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return -1;
    }
    int rc = load_batch(kb, data, len, path, diags);
    free(data);
    return rc;
}

void rq_kb_free(rq_kb *kb)
{
    if (!kb)
        return;
    for (int t = 0; t < RQ_TABLE_COUNT; t++) {
        table_data *td = &kb->tables[t];
        for (size_t i = 0; i < td->count; i++) {
            free(td->items[i].key);
            free(td->items[i].label);
            free(td->items[i].broader);
        }
        free(td->items);
        strmap_free(&td->index);
    }
    strmap_free(&kb->words);
    free(kb->stop);
    for (size_t i = 0; i < kb->nphrases; i++)
        free(kb->phrases[i].text);
    free(kb->phrases);
    free(kb->pw);
    for (size_t i = 0; i < kb->nrels; i++)
        free(kb->rels[i].to);
    free(kb->rels);
    for (size_t i = 0; i < kb->nfiles; i++)
        free(kb->files[i]);
    free(kb->files);
    free(kb->node_any);
    free(kb->node_caps);
    free(kb->edges.slots);
    wordtab_free(&kb->wordtab);
    free(kb->ancestors);
    free(kb);
}

/* ---- entries ---- */

size_t rq_kb_count(const rq_kb *kb, rq_table t)
{
    return (unsigned)t < RQ_TABLE_COUNT ? kb->tables[t].count : 0;
}

const char *rq_kb_key(const rq_kb *kb, rq_table t, uint32_t e)
{
    if ((unsigned)t >= RQ_TABLE_COUNT || e >= kb->tables[t].count)
        return NULL;
    return kb->tables[t].items[e].key;
}

const char *rq_kb_label(const rq_kb *kb, rq_table t, uint32_t e)
{
    if ((unsigned)t >= RQ_TABLE_COUNT || e >= kb->tables[t].count)
        return NULL;
    const kb_entry *en = &kb->tables[t].items[e];
    return en->label ? en->label : en->key;
}

long rq_kb_find(const rq_kb *kb, rq_table t, const char *key)
{
    if ((unsigned)t >= RQ_TABLE_COUNT || !key)
        return -1;
    return find_key(&kb->tables[t], key, strlen(key));
}

const uint32_t *rq_kb_broader(const rq_kb *kb, uint32_t a, size_t *n)
{
    const table_data *td = &kb->tables[RQ_TABLE_CONCEPTS];
    if (a >= td->count) {
        *n = 0;
        return NULL;
    }
    *n = td->items[a].nbroader;
    return td->items[a].broader;
}

/* Is to reachable from from by broader links (any depth)? Breadth first;
 * the lexicon is small, so the queue and the marks live on the stack
 * (this runs for every job concept against every experience domain of a
 * rule set: no allocation). */
#define REACH_STACK 2048
static bool reaches(const table_data *td, uint32_t from, uint32_t to)
{
    uint32_t queue_stack[REACH_STACK];
    uint64_t seen_stack[REACH_STACK / 64] = {0}; /* one bit an entry */
    bool heap = td->count > REACH_STACK;
    size_t words = (td->count + 63) / 64;
    uint32_t *queue = heap ? malloc(td->count * sizeof *queue) : queue_stack;
    uint64_t *seen = heap ? calloc(words, sizeof *seen) : seen_stack;
    bool found = false;
    size_t head = 0, tail = 0;
    if (!queue || !seen)
        goto done;
    queue[tail++] = from;
    seen[from / 64] |= 1ull << (from % 64);
    while (head < tail && !found) {
        const kb_entry *en = &td->items[queue[head++]];
        for (size_t i = 0; i < en->nbroader; i++) {
            uint32_t b = en->broader[i];
            if (b == to) {
                found = true;
                break;
            }
            if (!(seen[b / 64] & (1ull << (b % 64)))) {
                seen[b / 64] |= 1ull << (b % 64);
                queue[tail++] = b;
            }
        }
    }
done:
    if (heap) {
        free(queue);
        free(seen);
    }
    return found;
}

/* b is broader than a, at any depth */
static bool broader_than(const rq_kb *kb, uint32_t a, uint32_t b)
{
    if (kb->ancestors)
        return (kb->ancestors[a * kb->anc_words + b / 64] >> (b % 64)) & 1;
    return reaches(&kb->tables[RQ_TABLE_CONCEPTS], a, b);
}

bool rq_kb_related(const rq_kb *kb, uint32_t a, uint32_t b)
{
    const table_data *td = &kb->tables[RQ_TABLE_CONCEPTS];
    if (a >= td->count || b >= td->count)
        return false;
    if (a == b)
        return true;
    const kb_entry *ea = &td->items[a], *eb = &td->items[b];
    for (size_t i = 0; i < ea->nbroader; i++)
        for (size_t j = 0; j < eb->nbroader; j++)
            if (ea->broader[i] == eb->broader[j])
                return true;
    return broader_than(kb, a, b) || broader_than(kb, b, a);
}

bool rq_kb_covers(const rq_kb *kb, uint32_t a, uint32_t b)
{
    const table_data *td = &kb->tables[RQ_TABLE_CONCEPTS];
    if (a == b)
        return true;
    if (a >= td->count || b >= td->count)
        return false;
    return broader_than(kb, a, b);
}

/* ---- matching ---- */

/* A scanner remembers what it looked up for the words it met last (a
 * word_ref: id, flags, the concepts table's first step): text repeats its
 * words, and a hit here skips the stemming and the probes of the kb's
 * tables. The kb never changes while a scanner uses it, so an entry never
 * goes stale. Two direct-mapped caches, by a hash of the folded word:
 * most words have at most 8 bytes and take 24-byte entries, whose key is
 * the word zero-padded (a word has no zero byte, so the key alone tells
 * the word, and 0 is an empty entry); words of 9 to 24 bytes take 56-byte
 * entries in a second cache of as many entries (80 KB in all, in L2;
 * under cachegrind, half as many short entries missed more often than
 * the larger entries cost, and a long cache of 256 entries missed a
 * third of the (Dutch, compound) long words of the benchmark's pool,
 * each miss reading about seven lines of the kb). */
#define WORD_CACHE 1024           /* words of up to 8 bytes */
#define LONG_CACHE 1024           /* words of 9 to LONG_CACHE_LEN bytes */
#define LONG_CACHE_LEN 24         /* longer words go to word_lookup */
#define WORD_SLACK 24             /* readable bytes after the folded text */

/* a word of the text: its id (0: unknown) and its wordtab flags, and
 * what the first step of the concepts table's walk reads, so that most
 * starts of a walk read nothing of the trie: the node (0: none), its
 * entry (-1: none; CANY_WALK: the node wants capitals, which only the
 * full walk checks) and the ids of the words that continue from it, a
 * bit each (id mod 64). Most of a profile's words are looked up for
 * that table. */
#define CANY_WALK (-2)
typedef struct {
    uint32_t id, flags;
    uint32_t cnode;
    int32_t cany;
    uint64_t ckids;
} word_ref;

typedef struct {
    uint64_t key;                /* the word, zero-padded; 0: empty */
    word_ref ref;
} short_word;

typedef struct {
    uint64_t key[3];             /* the word, zero-padded */
    uint32_t len;                /* 0: empty */
    word_ref ref;
} long_word;

struct rq_scanner {
    const rq_kb *kb;
    rq_buf folded;
    uint32_t *map;
    size_t map_cap;
    rq_wspan *words;
    size_t wcap;
    word_ref *refs;
    size_t refcap;
    short_word *cache;           /* WORD_CACHE entries, or NULL */
    long_word *long_cache;       /* LONG_CACHE entries, or NULL */
    long nwords;                 /* words (and refs) of the last text */
    unsigned scans;              /* the caches come with the ninth scan */
};

static word_ref lookup_ref(const rq_kb *kb, const char *w, size_t n)
{
    const wordtab *wt = &kb->wordtab;
    uint32_t id = word_lookup(kb, w, n);
    word_ref r = {id, wt->flags ? wt->flags[id] : 0, 0, -1, 0};
    if (r.flags & 1u << RQ_TABLE_CONCEPTS) {
        r.cnode = wt->first[RQ_TABLE_CONCEPTS][id];
        const struct node_info *ni = &wt->nodes[r.cnode];
        r.cany = ni->caps >= 0 ? CANY_WALK : ni->any;
        for (uint32_t k = ni->kids; k < ni->kids + ni->nkids; k++)
            r.ckids |= 1ull << (wt->kids[k][0] & 63);
    }
    return r;
}

/* lookup_ref through the scanner's caches. w is in the scanner's folded
 * text, which has WORD_SLACK readable bytes after its end, so the word
 * is read as 8-byte words and masked to its length: a hit costs a few
 * loads and compares. */
static word_ref cached_lookup(rq_scanner *s, const char *w, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n <= 8 && s->cache) {
        uint64_t k;
        memcpy(&k, w, 8);
        k &= ~0ull >> (8 * (8 - n));
        short_word *c = &s->cache[(k * 0xff51afd7ed558ccdULL) >> 54 & (WORD_CACHE - 1)];
        if (c->key == k)
            return c->ref;
        c->key = k;
        c->ref = lookup_ref(s->kb, w, n);
        return c->ref;
    }
    if (n <= LONG_CACHE_LEN && s->long_cache) {
        uint64_t k[3] = {0, 0, 0};
        memcpy(&k[0], w, 8);
        memcpy(&k[1], w + 8, 8);
        if (n <= 16) {
            k[1] &= ~0ull >> (8 * (16 - n));
        } else {
            memcpy(&k[2], w + 16, 8);
            k[2] &= ~0ull >> (8 * (24 - n));
        }
        uint64_t h = (k[0] ^ (k[1] * 0x9E3779B97F4A7C15ull) ^ (k[2] >> 7) ^ n) *
                     0xff51afd7ed558ccdULL;
        long_word *c = &s->long_cache[(h >> 40) & (LONG_CACHE - 1)];
        if (c->len == n && c->key[0] == k[0] && c->key[1] == k[1] && c->key[2] == k[2])
            return c->ref;
        memcpy(c->key, k, sizeof k);
        c->len = (uint32_t)n;
        c->ref = lookup_ref(s->kb, w, n);
        return c->ref;
    }
#endif
    return lookup_ref(s->kb, w, n);
}

void rq_hits_free(rq_hits *h)
{
    if (!h)
        return;
    free(h->hits);
    h->hits = NULL;
    h->count = h->cap = 0;
}

rq_scanner *rq_scanner_new(const rq_kb *kb)
{
    rq_scanner *s = calloc(1, sizeof *s);
    if (s)
        s->kb = kb;
    return s;
}

void rq_scanner_free(rq_scanner *s)
{
    if (!s)
        return;
    rq_buf_free(&s->folded);
    free(s->map);
    free(s->words);
    free(s->refs);
    free(s->cache);
    free(s->long_cache);
    free(s);
}

static int push_hit(rq_hits *out, uint32_t entry, size_t start, size_t end, uint32_t word,
                    uint32_t nwords)
{
    if (rq_grow((void **)&out->hits, &out->cap, out->count + 1, sizeof *out->hits) != 0)
        return -1;
    out->hits[out->count++] = (rq_hit){entry, start, end, word, nwords};
    return 0;
}

/* Fold text, split it into words and look each word up: what every
 * table's walk reads. Sets s->nwords; -1 on oom. */
static int prepare(rq_scanner *s, const char *text, size_t n)
{
    s->nwords = 0;
    rq_buf_reset(&s->folded);
    s->folded.oom = false;
    long nw = rq_fold_spans(text, n, &s->folded, &s->map, &s->map_cap, &s->words, &s->wcap);
    if (nw < 0 || rq_buf_reserve(&s->folded, WORD_SLACK) != 0) /* see cached_lookup */
        return -1;
    const char *f = s->folded.data;
    if (rq_grow((void **)&s->refs, &s->refcap, (size_t)nw + 1, sizeof *s->refs) != 0)
        return -1;
    /* one-off scans (rq_kb_scan) do without; a scanner that keeps going
     * gets its caches (and simply does without if there is no memory) */
    if (!s->cache && ++s->scans > 8) {
        s->cache = calloc(WORD_CACHE, sizeof *s->cache);
        if (!s->long_cache)
            s->long_cache = calloc(LONG_CACHE, sizeof *s->long_cache);
    }
    for (long i = 0; i < nw; i++)
        s->refs[i] = cached_lookup(s, f + s->words[i].start, s->words[i].end - s->words[i].start);
    s->nwords = nw;
    return 0;
}

/* The walk of table t's trie over the prepared words of text. */
static long match(rq_scanner *s, rq_table t, const char *text, rq_hits *out)
{
    const rq_kb *kb = s->kb;
    const word_ref *refs = s->refs;
    const long nw = s->nwords;
    /* a stop word is skipped inside a phrase, except in the stopwords table */
    const uint32_t stop = t != RQ_TABLE_STOPWORDS ? WORD_STOP : 0;
    const uint32_t starts = 1u << t;
    const uint32_t *first_step = kb->wordtab.first[t];
    if (!first_step)
        return 0; /* an empty kb */
    long added = 0;
    long i = 0;
    while (i < nw) {
        /* most words start no phrase: their flags say so (unknown words,
         * id 0, and, outside the stopwords table, stop words, which no
         * phrase starts with, have no table bits) */
        if (!(refs[i].flags & starts)) {
            i++;
            continue;
        }
        /* the concepts table: when the next word (past stop words) is
         * none of those that continue from this one, the word is a
         * concept of its own or nothing, and the trie is not read */
        if (t == RQ_TABLE_CONCEPTS && refs[i].cany != CANY_WALK) {
            long j = i + 1;
            while (j < nw && (refs[j].flags & stop))
                j++;
            uint32_t w = j < nw ? refs[j].id : 0;
            if (!(w && (refs[i].ckids >> (w & 63) & 1))) {
                if (refs[i].cany >= 0) {
                    const rq_wspan *wi = &s->words[i];
                    if (push_hit(out, (uint32_t)refs[i].cany, wi->src_start, wi->src_end,
                                 (uint32_t)i, 1) != 0)
                        return -1;
                    added++;
                }
                i++;
                continue;
            }
        }
        uint32_t node = kb->root[t];
        /* caps of words i..j, worked out only when a node asks: -1 not yet */
        int caps = -1;
        long caps_upto = i - 1;
        long best = -1;
        int32_t best_entry = -1;
        for (long j = i; j < nw; j++) {
            uint32_t w = refs[j].id;
            if ((refs[j].flags & stop) && j > i)
                continue;
            long c = j > i               ? (w ? kid_get(&kb->wordtab, node, w) : -1)
                     : t == RQ_TABLE_CONCEPTS ? (long)refs[i].cnode
                                              : (long)first_step[w];
            if (c < 0)
                break;
            node = (uint32_t)c;
            const struct node_info *ni = &kb->wordtab.nodes[node];
            if (ni->any >= 0) {
                best = j;
                best_entry = ni->any;
            } else if (ni->caps >= 0 && caps != 0) {
                caps = 1;
                /* over the words walked: skipped stop words do not count */
                while (caps && caps_upto < j) {
                    ++caps_upto;
                    if (!((refs[caps_upto].flags & stop) && caps_upto > i))
                        caps = rq_span_caps(text, &s->words[caps_upto]);
                }
                if (caps) {
                    best = j;
                    best_entry = ni->caps;
                }
            }
        }
        if (best < 0) {
            i++;
            continue;
        }
        size_t start = s->words[i].src_start, end = s->words[best].src_end;
        if (push_hit(out, (uint32_t)best_entry, start, end, (uint32_t)i,
                     (uint32_t)(best - i + 1)) != 0)
            return -1;
        added++;
        i = best + 1;
    }
    return added;
}

long rq_scanner_scan(rq_scanner *s, rq_table t, const char *text, size_t n, rq_hits *out)
{
    if ((unsigned)t >= RQ_TABLE_COUNT)
        return 0;
    if (prepare(s, text, n) != 0)
        return -1;
    return match(s, t, text, out);
}

long rq_scanner_rescan(rq_scanner *s, rq_table t, const char *text, rq_hits *out)
{
    if ((unsigned)t >= RQ_TABLE_COUNT)
        return 0;
    return match(s, t, text, out);
}

const char *rq_scanner_folded(const rq_scanner *s, size_t *len)
{
    *len = s->folded.len;
    return s->folded.data ? s->folded.data : "";
}

long rq_kb_scan(const rq_kb *kb, rq_table t, const char *text, size_t n, rq_hits *out)
{
    rq_scanner *s = rq_scanner_new(kb);
    if (!s)
        return -1;
    long r = rq_scanner_scan(s, t, text, n, out);
    rq_scanner_free(s);
    return r;
}

/* ---- CEFR levels ---- */

static const char *const level_names[] = {NULL, "A1", "A2", "B1", "B2", "C1", "C2", "native"};

int rq_level_parse(const char *key)
{
    if (!key)
        return 0;
    for (int i = 1; i <= 7; i++) {
        const char *a = level_names[i], *b = key;
        while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b)) {
            a++;
            b++;
        }
        if (!*a && !*b)
            return i;
    }
    return 0;
}

const char *rq_level_name(int level)
{
    return level >= 1 && level <= 7 ? level_names[level] : NULL;
}
