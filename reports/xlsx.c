/*
 * xlsx.c - the shortlist workbook.
 *
 * Four sheets, written with libxlsxwriter in constant-memory mode so that a
 * pool of 100 000 candidates never needs the whole workbook in RAM:
 *
 *   Ranking  one row per candidate: rank, id, name, eligible, score, one
 *            column per category score, then per rule a status column and
 *            a value column (years, CEFR level, EQF, or share satisfied).
 *   Gaps     one row per candidate and rule not met: what the rule asks,
 *            what the profile shows, the shortfall and the evidence.
 *   Rules    the rule set, with readable parameters and the posting line.
 *   Summary  posting, as-of date, counts, rejected inputs, pass rate per
 *            rule and the score distribution, each with a chart.
 *
 * Constant-memory mode flushes a row as soon as a later row is started, so
 * every sheet is written strictly top to bottom. Ranking and Gaps are
 * filled in the same single pass over the evaluations (each sheet has its
 * own temporary file); the Summary's figures are counted in a first, cheap
 * pass. Comments do not survive that mode well, so long text (evidence,
 * gaps) lives in the Gaps sheet instead of cell notes. Colours and the
 * knocked-out rows are conditional formats over whole ranges: a handful of
 * rules in the file whatever the pool size.
 *
 * Candidate- and posting-controlled text is always written with
 * worksheet_write_string, which stores a string cell verbatim: a name like
 * "=HYPERLINK(...)" stays text and is never evaluated.
 *
 * The document's creation date is set from the as-of date, so the same
 * inputs give a byte-identical file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "report.h"

/* Excel's limit on the characters of one cell. */
#define CELL_MAX_BYTES 32000

#define COLOR_MET      0xC6EFCE
#define COLOR_PARTIAL  0xFFEB9C
#define COLOR_UNMET    0xFFC7CE
#define COLOR_UNKNOWN  0xD9D9D9
#define COLOR_OUT_FONT 0x767676
#define COLOR_OUT_FILL 0xEDEDED
#define COLOR_HEADER   0xDDEBF7
#define COLOR_BAR      0x5B9BD5

enum { NBUCKETS = 10 };

/* libxlsxwriter's default chart height, and the default row height */
#define CHART_HEIGHT_PX 288.0
#define ROW_HEIGHT_PX 20.0

typedef struct {
    lxw_workbook *wb;
    lxw_format *header;
    lxw_format *title;
    lxw_format *text;      /* plain text, top-aligned like the wrapped cells */
    lxw_format *wrap;
    lxw_format *score;     /* 0.0 */
    lxw_format *percent;   /* 0% */
    lxw_format *integer;   /* 0 */
    lxw_format *count;     /* 0, left-aligned beside its label */
    lxw_format *center;    /* status words and the value beside them */
    lxw_format *center_score;   /* 0.0, centred (years) */
    lxw_format *center_percent; /* 0%, centred (shares) */
    lxw_format *ko_row;    /* knocked-out candidate: grey italic */
    lxw_format *status[4]; /* fills for met, partial, unmet, unknown */
    lxw_error err;         /* first error met */
    int oom;
} book;

/* Remember the first libxlsxwriter error; later calls are still made so
 * that the code stays straight, but the result is reported as failed. */
static void check(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

/* Writes s as a string cell, cut to Excel's cell limit at a UTF-8
 * boundary. NULL writes nothing. */
static void put_str(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    const char *s, lxw_format *fmt)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (n <= CELL_MAX_BYTES) {
        check(b, worksheet_write_string(ws, row, col, s, fmt));
        return;
    }
    n = CELL_MAX_BYTES;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    char *cut = rq_strndup(s, n);
    if (!cut) {
        b->oom = 1;
        return;
    }
    check(b, worksheet_write_string(ws, row, col, cut, fmt));
    free(cut);
}

static void put_num(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    double v, lxw_format *fmt)
{
    check(b, worksheet_write_number(ws, row, col, v, fmt));
}

/* Lines a text takes when wrapped in a column `width` characters wide: a
 * greedy word wrap over code points. An average character of text is
 * narrower than the '0' that column widths are measured in: 1.1 of them
 * to a unit leaves a little room to spare in Excel and LibreOffice.
 * Needed because rows are written as they come and neither Excel nor
 * LibreOffice grows a row to fit wrapped text when a file is opened. */
static unsigned wrapped_lines(const char *s, double width)
{
    unsigned cap = width > 4 ? (unsigned)(width * 1.1) : 4;
    unsigned lines = 1, used = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        if (*p == '\n') {
            lines++;
            used = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned word = 0;
        for (; *p && *p != ' ' && *p != '\n'; p++)
            word += (*p & 0xC0) != 0x80; /* count code points */
        unsigned need = used ? used + 1 + word : word;
        if (need <= cap) {
            used = need;
        } else {
            if (used)
                lines++;
            lines += (word - 1) / cap; /* a word longer than a line breaks */
            used = (word - 1) % cap + 1;
        }
    }
    return lines;
}

/* A wrapped text cell; *lines keeps the tallest of the row so far. */
static void put_wrapped(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        const char *s, double width, unsigned *lines)
{
    if (!s)
        return;
    put_str(b, ws, row, col, s, b->wrap);
    unsigned n = wrapped_lines(s, width);
    if (n > *lines)
        *lines = n;
}

/* Gives the current row the height its wrapped cells need (15 points a
 * line, within Excel's limit of 409). */
static void fit_row(book *b, lxw_worksheet *ws, lxw_row_t row, unsigned lines)
{
    if (lines <= 1)
        return;
    double h = 15.0 * lines;
    check(b, worksheet_set_row(ws, row, h > 409 ? 409 : h, NULL));
}

/* "A1"-style name of a cell, for ranges in formulas and charts. */
static void cell_name(char *buf, size_t bufsz, lxw_row_t row, lxw_col_t col,
                      int absolute)
{
    char letters[8];
    size_t n = 0;
    unsigned c = (unsigned)col + 1;
    while (c > 0 && n < sizeof letters - 1) {
        unsigned r = (c - 1) % 26;
        letters[n++] = (char)('A' + r);
        c = (c - 1) / 26;
    }
    char rev[8];
    for (size_t i = 0; i < n; i++)
        rev[i] = letters[n - 1 - i];
    rev[n] = '\0';
    snprintf(buf, bufsz, absolute ? "$%s$%lu" : "%s%lu", rev,
             (unsigned long)row + 1);
}

/* Seconds since the epoch of a "YYYY-MM-DD" at noon UTC, or 0. Computed
 * by hand (days from the civil date) because timegm is not standard C. */
static time_t as_of_time(const char *text)
{
    int y, m, d;
    if (!text || sscanf(text, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31 || y < 1970)
        return 0;
    y -= m <= 2;
    long era = y / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    return (time_t)(days * 86400L + 12 * 3600L);
}

static lxw_format *status_format(book *b, lxw_color_t fill)
{
    lxw_format *f = workbook_add_format(b->wb);
    format_set_bg_color(f, fill);
    return f;
}

static int make_formats(book *b)
{
    b->header = workbook_add_format(b->wb);
    b->title = workbook_add_format(b->wb);
    b->text = workbook_add_format(b->wb);
    b->wrap = workbook_add_format(b->wb);
    b->score = workbook_add_format(b->wb);
    b->percent = workbook_add_format(b->wb);
    b->integer = workbook_add_format(b->wb);
    b->ko_row = workbook_add_format(b->wb);
    b->count = workbook_add_format(b->wb);
    b->center = workbook_add_format(b->wb);
    b->center_score = workbook_add_format(b->wb);
    b->center_percent = workbook_add_format(b->wb);
    if (!b->header || !b->title || !b->text || !b->wrap || !b->score || !b->percent ||
        !b->integer || !b->ko_row || !b->count || !b->center ||
        !b->center_score || !b->center_percent)
        return -1;
    format_set_num_format(b->count, "0");
    format_set_align(b->count, LXW_ALIGN_LEFT);
    format_set_align(b->center, LXW_ALIGN_CENTER);
    format_set_num_format(b->center_score, "0.0");
    format_set_align(b->center_score, LXW_ALIGN_CENTER);
    format_set_num_format(b->center_percent, "0%");
    format_set_align(b->center_percent, LXW_ALIGN_CENTER);
    format_set_bold(b->header);
    format_set_bg_color(b->header, COLOR_HEADER);
    format_set_bottom(b->header, LXW_BORDER_THIN);
    format_set_text_wrap(b->header);
    format_set_align(b->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(b->score, "0.0");
    format_set_num_format(b->percent, "0%");
    format_set_num_format(b->integer, "0");
    format_set_italic(b->ko_row);
    format_set_font_color(b->ko_row, COLOR_OUT_FONT);
    format_set_bg_color(b->ko_row, COLOR_OUT_FILL);
    static const lxw_color_t fills[4] = {COLOR_MET, COLOR_PARTIAL, COLOR_UNMET,
                                         COLOR_UNKNOWN};
    for (int i = 0; i < 4; i++)
        if (!(b->status[i] = status_format(b, fills[i])))
            return -1;
    /* Rows holding wrapped text are tall: everything reads from the top. */
    lxw_format *const all[] = {b->text, b->wrap, b->score, b->percent,
                               b->integer, b->count, b->center,
                               b->center_score, b->center_percent,
                               b->status[0], b->status[1], b->status[2],
                               b->status[3]};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        format_set_align(all[i], LXW_ALIGN_VERTICAL_TOP);
    return 0;
}

/* Printing: landscape A4, the header row on every page, the sheet name
 * and page numbers in the footer; fit_width squeezes the sheet to one
 * page wide (the Ranking sheet, wide with many rules, repeats its
 * rank-id-name columns on every page instead). */
static void print_setup(book *b, lxw_worksheet *ws, int fit_width,
                        lxw_col_t repeat_cols)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    check(b, worksheet_set_footer(ws, "&L&A&RPage &P of &N"));
    if (fit_width)
        worksheet_fit_to_pages(ws, 1, 0);
    if (repeat_cols)
        check(b, worksheet_repeat_columns(ws, 0, (lxw_col_t)(repeat_cols - 1)));
}

/* ---- what a rule asks, in a few words ---- */

static void join_concepts(const rq_kb *kb, const rq_strlist *l,
                          const char *sep, rq_buf *out)
{
    for (size_t i = 0; i < l->count; i++) {
        if (i)
            rq_buf_puts(out, sep);
        const char *label = kb ? rq_concept_label(kb, l->items[i]) : NULL;
        rq_buf_puts(out, label ? label : l->items[i]);
    }
}

/* The rule's parameters for the Rules sheet: "EQF >= 6; fields: law". */
static void rule_parameters(const rq_rule *rule, const rq_kb *kb, rq_buf *out)
{
    switch (rule->category) {
    case RQ_CAT_DEGREE:
        rq_buf_printf(out, "EQF >= %d", rule->min_eqf);
        if (rule->fields.count) {
            rq_buf_puts(out, "; fields (any): ");
            join_concepts(kb, &rule->fields, ", ", out);
        }
        if (rule->or_equivalent)
            rq_buf_puts(out, "; or equivalent experience");
        break;
    case RQ_CAT_EXPERIENCE:
        if (rule->has_min_years)
            rq_buf_printf(out, "at least %g years", rule->min_years);
        else
            rq_buf_puts(out, "no duration stated");
        if (rule->domains.count) {
            rq_buf_puts(out, "; domains (any): ");
            join_concepts(kb, &rule->domains, ", ", out);
        }
        break;
    case RQ_CAT_LANGUAGE: {
        rq_buf_puts(out, "languages (any): ");
        for (size_t i = 0; i < rule->languages.count; i++)
            rq_buf_printf(out, "%s%s", i ? ", " : "", rule->languages.items[i]);
        const char *lvl = rq_level_name(rule->min_level);
        rq_buf_printf(out, "; level >= %s", lvl ? lvl : "?");
        break;
    }
    case RQ_CAT_KNOWLEDGE:
    case RQ_CAT_OTHER:
    default:
        rq_buf_puts(out, rule->match_any || rule->concepts.count < 2
                             ? "concepts (any): "
                             : "concepts (all): ");
        join_concepts(kb, &rule->concepts, ", ", out);
        break;
    }
}

/* ---- Ranking ---- */

typedef struct {
    lxw_worksheet *ws;
    rq_column *cols;          /* rq_rank_columns: the same as the CSV's */
    size_t ncols;
    lxw_col_t first_cat_col;  /* category scores: first_cat_col..first_rule_col-1 */
    lxw_col_t first_rule_col; /* status of rule i at first_rule_col + 2i */
    lxw_col_t last_col;
} ranking;

static double column_width(const rq_ruleset *rs, const rq_column *c)
{
    if ((c->kind == RQ_COL_STATUS || c->kind == RQ_COL_VALUE) && c->rule < rs->count) {
        /* "experience-2" over "years": the id on a line of its own */
        double id = (double)strlen(rs->rules[c->rule].id) + 2;
        return id > 11 ? id : 11;
    }
    switch (c->kind) {
    case RQ_COL_RANK: return 6;
    case RQ_COL_ID: return 18;
    case RQ_COL_NAME: return 24;
    case RQ_COL_ELIGIBLE: return 9;
    case RQ_COL_SCORE: return 8;
    case RQ_COL_CATEGORY: return 11;
    case RQ_COL_STATUS: return 12;
    default: return 10;
    }
}

static int ranking_header(book *b, ranking *rk, const rq_ruleset *rs)
{
    if (rq_rank_columns(rs, &rk->cols, &rk->ncols) != 0)
        return -1;
    lxw_worksheet *ws = rk->ws;
    rq_buf h = RQ_BUF_INIT;
    rk->first_cat_col = rk->first_rule_col = (lxw_col_t)rk->ncols;
    for (size_t c = rk->ncols; c-- > 0;) {
        if (rk->cols[c].kind == RQ_COL_CATEGORY)
            rk->first_cat_col = (lxw_col_t)c;
        if (rk->cols[c].kind == RQ_COL_STATUS)
            rk->first_rule_col = (lxw_col_t)c;
    }
    if (rk->first_cat_col > rk->first_rule_col)
        rk->first_cat_col = rk->first_rule_col;
    for (size_t c = 0; c < rk->ncols; c++) {
        const rq_column *col = &rk->cols[c];
        rq_buf_reset(&h);
        if (rq_rank_column_header(rs, col, &h) != 0)
            b->oom = 1;
        else
            put_str(b, ws, 0, (lxw_col_t)c, h.data, b->header);
        lxw_format *f = col->kind == RQ_COL_SCORE || col->kind == RQ_COL_CATEGORY
                            ? b->score : NULL;
        check(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                      column_width(rs, col), f));
    }
    rq_buf_free(&h);
    rk->last_col = rk->ncols > 0 ? (lxw_col_t)(rk->ncols - 1) : 0;
    check(b, worksheet_set_row(ws, 0, 30, NULL));
    return 0;
}

static void rule_value(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                       const rq_rule *rule, const rq_result *res)
{
    switch (rule->category) {
    case RQ_CAT_DEGREE:
        if (res->eqf > 0)
            put_num(b, ws, row, col, res->eqf, b->center);
        break;
    case RQ_CAT_EXPERIENCE:
        put_num(b, ws, row, col, rq_report_round(res->years, 1), b->center_score);
        break;
    case RQ_CAT_LANGUAGE:
        put_str(b, ws, row, col, rq_level_name(res->level), b->center);
        break;
    default:
        put_num(b, ws, row, col, rq_report_round(res->satisfaction, 2),
                b->center_percent);
        break;
    }
}

/* One row, the same cells as the CSV's, with the same rounding. */
static void ranking_row(book *b, ranking *rk, const rq_report *r,
                        const rq_evaluation *e, lxw_row_t row)
{
    lxw_worksheet *ws = rk->ws;
    char idbuf[64];
    for (size_t c = 0; c < rk->ncols; c++) {
        const rq_column *col = &rk->cols[c];
        lxw_col_t x = (lxw_col_t)c;
        const rq_result *res = col->rule < e->nresults ? &e->results[col->rule] : NULL;
        switch (col->kind) {
        case RQ_COL_RANK: put_num(b, ws, row, x, e->rank, b->integer); break;
        case RQ_COL_ID:
            put_str(b, ws, row, x, rq_report_id(r, e, idbuf, sizeof idbuf), b->text);
            break;
        case RQ_COL_NAME: put_str(b, ws, row, x, rq_report_name(r, e), b->text); break;
        case RQ_COL_ELIGIBLE:
            put_str(b, ws, row, x, e->eligible ? "yes" : "no", b->text);
            break;
        case RQ_COL_SCORE:
            put_num(b, ws, row, x, rq_report_round(e->score, 2), b->score);
            break;
        case RQ_COL_CATEGORY:
            if (e->category_score[col->category] >= 0)
                put_num(b, ws, row, x,
                        rq_report_round(e->category_score[col->category], 2),
                        b->score);
            break;
        case RQ_COL_STATUS:
            if (res)
                put_str(b, ws, row, x, rq_status_name(res->status), b->center);
            break;
        case RQ_COL_VALUE:
            if (res)
                rule_value(b, ws, row, x, &r->rules->rules[col->rule], res);
            break;
        }
    }
}

/* Conditional formats over the data rows 1..last_row (at least one row). */
static void ranking_finish(book *b, ranking *rk, const rq_ruleset *rs,
                           lxw_row_t last_row)
{
    lxw_worksheet *ws = rk->ws;
    worksheet_freeze_panes(ws, 1, RQ_COL_NAME + 1);
    check(b, worksheet_autofilter(ws, 0, 0, last_row, rk->last_col));
    print_setup(b, ws, 0, RQ_COL_NAME + 1);
    check(b, worksheet_repeat_rows(ws, 0, 0));
    if (last_row < 1)
        return;

    /* Knocked-out candidates: grey italics on a grey fill over who they
     * are (rank to eligible). Only there: LibreOffice shows one conditional
     * format per cell, so over the whole row this one would hide the
     * score bar and the status colours of every knocked-out candidate. */
    char formula[32];
    snprintf(formula, sizeof formula, "=$%c2=\"no\"", 'A' + RQ_COL_ELIGIBLE);
    lxw_conditional_format ko = {0};
    ko.type = LXW_CONDITIONAL_TYPE_FORMULA;
    ko.value_string = formula;
    ko.format = b->ko_row;
    check(b, worksheet_conditional_format_range(ws, 1, RQ_COL_RANK, last_row,
                                                RQ_COL_ELIGIBLE, &ko));

    lxw_conditional_format bar = {0};
    bar.type = LXW_CONDITIONAL_DATA_BAR;
    bar.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    bar.min_value = 0;
    bar.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    bar.max_value = 100;
    bar.bar_color = COLOR_BAR;
    check(b, worksheet_conditional_format_range(ws, 1, RQ_COL_SCORE, last_row,
                                                RQ_COL_SCORE, &bar));

    if (rk->first_rule_col > rk->first_cat_col) {
        lxw_conditional_format scale = {0};
        scale.type = LXW_CONDITIONAL_2_COLOR_SCALE;
        scale.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        scale.min_value = 0;
        scale.min_color = 0xFFFFFF;
        scale.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        scale.max_value = 100;
        scale.max_color = 0x63BE7B;
        check(b, worksheet_conditional_format_range(
                     ws, 1, rk->first_cat_col, last_row,
                     (lxw_col_t)(rk->first_rule_col - 1), &scale));
    }

    if (rs->count == 0)
        return;
    /* One set of four rules over every status column (non-contiguous). */
    rq_buf multi = RQ_BUF_INIT;
    for (size_t i = 0; i < rs->count; i++) {
        lxw_col_t col = (lxw_col_t)(rk->first_rule_col + 2 * i);
        char top[32], bottom[32];
        cell_name(top, sizeof top, 1, col, 0);
        cell_name(bottom, sizeof bottom, last_row, col, 0);
        rq_buf_printf(&multi, "%s%s:%s", i ? " " : "", top, bottom);
    }
    if (multi.oom) {
        b->oom = 1;
        rq_buf_free(&multi);
        return;
    }
    static const char *const values[4] = {"\"met\"", "\"partial\"",
                                          "\"unmet\"", "\"unknown\""};
    for (int s = 0; s < 4; s++) {
        lxw_conditional_format cf = {0};
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        cf.value_string = (char *)values[s];
        cf.format = b->status[s];
        cf.multi_range = multi.data;
        check(b, worksheet_conditional_format_range(
                     ws, 1, rk->first_rule_col, last_row, rk->first_rule_col,
                     &cf));
    }
    rq_buf_free(&multi);
}

/* ---- Gaps ---- */

enum { GAP_RANK, GAP_ID, GAP_RULE, GAP_STATUS, GAP_REQUIRED, GAP_ASKS,
       GAP_SHOWS, GAP_SHORT_BY, GAP_DETAILS, GAP_EVIDENCE, GAP_NCOLS };

static const double gap_widths[GAP_NCOLS] = {6, 18, 14, 9, 9, 36, 18, 18, 46, 24};

static void gaps_header(book *b, lxw_worksheet *ws)
{
    static const char *const names[GAP_NCOLS] = {
        "Rank", "Candidate", "Rule", "Status", "Required",
        "What the rule asks", "What the profile shows", "Short by",
        "Details", "Evidence"};
    const double *widths = gap_widths;
    for (lxw_col_t c = 0; c < GAP_NCOLS; c++) {
        put_str(b, ws, 0, c, names[c], b->header);
        lxw_format *f = c >= GAP_ASKS ? b->wrap : c == GAP_RANK ? b->integer : NULL;
        check(b, worksheet_set_column(ws, c, c, widths[c], f));
    }
    check(b, worksheet_set_row(ws, 0, 30, NULL));
    worksheet_freeze_panes(ws, 1, GAP_ID + 1);
    print_setup(b, ws, 1, 0);
    check(b, worksheet_repeat_rows(ws, 0, 0));
}

/* One row per rule the candidate does not meet, in rule order. */
static lxw_row_t gaps_rows(book *b, lxw_worksheet *ws, const rq_report *r,
                           const rq_evaluation *e, char *const *asks,
                           lxw_row_t row, rq_buf *scratch)
{
    char idbuf[64];
    const char *id = rq_report_id(r, e, idbuf, sizeof idbuf);
    for (size_t i = 0; i < r->rules->count && i < e->nresults; i++) {
        const rq_rule *rule = &r->rules->rules[i];
        const rq_result *res = &e->results[i];
        if (res->status == RQ_MET)
            continue;
        put_num(b, ws, row, GAP_RANK, e->rank, b->integer);
        put_str(b, ws, row, GAP_ID, id, b->text);
        put_str(b, ws, row, GAP_RULE, rule->id, b->text);
        put_str(b, ws, row, GAP_STATUS, rq_status_name(res->status),
                b->status[res->status]);
        put_str(b, ws, row, GAP_REQUIRED, rule->required ? "yes" : "no", b->text);
        unsigned lines = 1;
        put_wrapped(b, ws, row, GAP_ASKS, asks[i], gap_widths[GAP_ASKS], &lines);
        rq_buf_reset(scratch);
        rq_report_shows(rule, res, scratch);
        put_wrapped(b, ws, row, GAP_SHOWS, scratch->data, gap_widths[GAP_SHOWS],
                    &lines);
        rq_buf_reset(scratch);
        rq_report_shortfall(rule, res, scratch);
        put_wrapped(b, ws, row, GAP_SHORT_BY, scratch->data,
                    gap_widths[GAP_SHORT_BY], &lines);
        put_wrapped(b, ws, row, GAP_DETAILS, res->gap, gap_widths[GAP_DETAILS],
                    &lines);
        if (res->nevidence) {
            rq_buf_reset(scratch);
            for (size_t k = 0; k < res->nevidence; k++)
                rq_buf_printf(scratch, "%s%s", k ? "; " : "",
                              res->evidence[k]);
            put_wrapped(b, ws, row, GAP_EVIDENCE, scratch->data,
                        gap_widths[GAP_EVIDENCE], &lines);
        }
        if (scratch->oom)
            b->oom = 1;
        fit_row(b, ws, row, lines);
        row++;
    }
    return row;
}

/* ---- Rules ---- */

static void rules_sheet(book *b, lxw_worksheet *ws, const rq_report *r)
{
    static const char *const names[] = {"Rule", "Category", "Required",
                                        "Weight", "Parameters", "Line",
                                        "Posting sentence"};
    static const double widths[] = {14, 11, 9, 8, 44, 6, 60};
    for (lxw_col_t c = 0; c < 7; c++) {
        put_str(b, ws, 0, c, names[c], b->header);
        lxw_format *f = (c == 4 || c == 6) ? b->wrap : NULL;
        check(b, worksheet_set_column(ws, c, c, widths[c], f));
    }
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(b, ws, 1, 0);
    check(b, worksheet_repeat_rows(ws, 0, 0));
    rq_buf params = RQ_BUF_INIT;
    const rq_ruleset *rs = r->rules;
    for (size_t i = 0; i < rs->count; i++) {
        const rq_rule *rule = &rs->rules[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        put_str(b, ws, row, 0, rule->id, b->text);
        put_str(b, ws, row, 1, rq_category_name(rule->category), b->text);
        put_str(b, ws, row, 2, rule->required ? "yes" : "no", b->text);
        put_num(b, ws, row, 3, rule->weight, b->center);
        rq_buf_reset(&params);
        rule_parameters(rule, r->kb, &params);
        unsigned lines = 1;
        if (params.oom)
            b->oom = 1;
        else
            put_wrapped(b, ws, row, 4, params.data, widths[4], &lines);
        if (rule->source_line > 0)
            put_num(b, ws, row, 5, rule->source_line, b->center);
        put_wrapped(b, ws, row, 6, rule->source_text, widths[6], &lines);
        fit_row(b, ws, row, lines);
    }
    rq_buf_free(&params);
    if (rs->count)
        check(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)rs->count, 6));
}

/* ---- Summary ---- */

typedef struct {
    size_t eligible;
    size_t *met;               /* per rule */
    size_t buckets[NBUCKETS];  /* 0-10, 10-20, ..., 90-100 */
} tally;

static int tally_count(const rq_report *r, tally *t)
{
    memset(t, 0, sizeof *t);
    size_t n = r->rules->count;
    t->met = calloc(n ? n : 1, sizeof *t->met);
    if (!t->met)
        return -1;
    for (size_t k = 0; k < r->nevals; k++) {
        const rq_evaluation *e = &r->evals[k];
        if (e->eligible)
            t->eligible++;
        int bucket = (int)(e->score / 10.0);
        if (bucket < 0)
            bucket = 0;
        if (bucket >= NBUCKETS)
            bucket = NBUCKETS - 1;
        t->buckets[bucket]++;
        for (size_t i = 0; i < n && i < e->nresults; i++)
            if (e->results[i].status == RQ_MET)
                t->met[i]++;
    }
    return 0;
}

#define SUMMARY_B_WIDTH 48.0

static void label_value(book *b, lxw_worksheet *ws, lxw_row_t row,
                        const char *label, const char *value)
{
    unsigned lines = 1;
    put_str(b, ws, row, 0, label, b->header);
    put_wrapped(b, ws, row, 1, value, SUMMARY_B_WIDTH, &lines);
    fit_row(b, ws, row, lines);
}

static void label_number(book *b, lxw_worksheet *ws, lxw_row_t row,
                         const char *label, double v)
{
    put_str(b, ws, row, 0, label, b->header);
    put_num(b, ws, row, 1, v, b->count);
}

static void add_chart(book *b, lxw_worksheet *ws, uint8_t type,
                      const char *title, lxw_row_t first, lxw_row_t last,
                      lxw_col_t value_col, const char *num_format,
                      lxw_row_t at_row, double max, double height_px)
{
    lxw_chart *chart = workbook_add_chart(b->wb, type);
    if (!chart) {
        b->oom = 1;
        return;
    }
    char top[32], bottom[32], cats[96], vals[96];
    cell_name(top, sizeof top, first, 0, 1);
    cell_name(bottom, sizeof bottom, last, 0, 1);
    snprintf(cats, sizeof cats, "=Summary!%s:%s", top, bottom);
    cell_name(top, sizeof top, first, value_col, 1);
    cell_name(bottom, sizeof bottom, last, value_col, 1);
    snprintf(vals, sizeof vals, "=Summary!%s:%s", top, bottom);
    lxw_chart_series *s = chart_add_series(chart, cats, vals);
    if (!s) {
        b->oom = 1;
        return;
    }
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_axis *value_axis = type == LXW_CHART_BAR ? chart->x_axis
                                                        : chart->y_axis;
    chart_axis_set_min(value_axis, 0);
    if (max > 0)
        chart_axis_set_max(value_axis, max);
    if (num_format)
        chart_axis_set_num_format(value_axis, num_format);
    if (type == LXW_CHART_BAR)
        chart_axis_set_reverse(chart->y_axis); /* first rule on top */
    /* fixed size: the wrapped rule descriptions beside it may make its
     * rows taller when the sheet is opened, which must not stretch it */
    lxw_chart_options opt = {0};
    opt.x_scale = 1.25;
    opt.y_scale = height_px / CHART_HEIGHT_PX;
    opt.object_position = LXW_OBJECT_MOVE_DONT_SIZE;
    opt.description = (char *)title;
    check(b, worksheet_insert_chart_opt(ws, at_row, 5, chart, &opt));
}

static void summary_sheet(book *b, lxw_worksheet *ws, const rq_report *r,
                          const tally *t)
{
    const rq_ruleset *rs = r->rules;
    check(b, worksheet_set_column(ws, 0, 0, 30, NULL));
    check(b, worksheet_set_column(ws, 1, 1, SUMMARY_B_WIDTH, b->wrap));
    check(b, worksheet_set_column(ws, 2, 3, 10, NULL));
    print_setup(b, ws, 1, 0);
    lxw_row_t row = 0;
    put_str(b, ws, row++, 0, "Shortlist summary", b->title);
    label_value(b, ws, row++, "Posting", r->posting_path);
    label_value(b, ws, row++, "Title", rs->title);
    label_value(b, ws, row++, "Organization", rs->organization);
    label_value(b, ws, row++, "As of", r->as_of_text);
    label_number(b, ws, row++, "Candidates evaluated", (double)r->ncandidates);
    label_number(b, ws, row++, "Candidates listed", (double)r->nevals);
    label_number(b, ws, row++, "Eligible (listed)", (double)t->eligible);
    label_number(b, ws, row++, "Not eligible (listed)",
                 (double)(r->nevals - t->eligible));
    label_number(b, ws, row++, "Rejected inputs", (double)r->nrejected);
    if (r->nevals < r->ncandidates)
        put_str(b, ws, row++, 0,
                "Figures below cover the candidates listed in Ranking.", b->text);
    row++;

    if (r->nrejected) {
        put_str(b, ws, row, 0, "Rejected input", b->header);
        put_str(b, ws, row++, 1, "Why", b->header);
        for (size_t i = 0; i < r->nrejected; i++) {
            unsigned lines = 1;
            put_str(b, ws, row, 0, r->rejected[i].source, b->text);
            put_wrapped(b, ws, row, 1, r->rejected[i].error, SUMMARY_B_WIDTH,
                        &lines);
            fit_row(b, ws, row++, lines);
        }
        row++;
    }

    /* Pass rate per rule: share of listed candidates meeting it. */
    put_str(b, ws, row, 0, "Rule", b->header);
    put_str(b, ws, row, 1, "What it asks", b->header);
    put_str(b, ws, row, 2, "Met", b->header);
    put_str(b, ws, row++, 3, "Share met", b->header);
    lxw_row_t rules_first = row;
    rq_buf asks = RQ_BUF_INIT;
    for (size_t i = 0; i < rs->count; i++) {
        unsigned lines = 1;
        put_str(b, ws, row, 0, rs->rules[i].id, b->text);
        rq_buf_reset(&asks);
        if (rq_rule_describe(&rs->rules[i], r->kb, &asks) != 0 || asks.oom)
            b->oom = 1;
        else
            put_wrapped(b, ws, row, 1, asks.data, SUMMARY_B_WIDTH, &lines);
        fit_row(b, ws, row, lines);
        put_num(b, ws, row, 2, (double)t->met[i], b->integer);
        put_num(b, ws, row++, 3,
                r->nevals ? (double)t->met[i] / (double)r->nevals : 0.0,
                b->percent);
    }
    rq_buf_free(&asks);
    /* a bar per rule: the chart grows with the rule set, and the score
     * distribution goes below it */
    double pass_px = 90.0 + 24.0 * (double)rs->count;
    if (pass_px < CHART_HEIGHT_PX)
        pass_px = CHART_HEIGHT_PX;
    if (rs->count)
        add_chart(b, ws, LXW_CHART_BAR, "Share of candidates meeting each rule",
                  rules_first, row - 1, 3, "0%", 0, 1.0, pass_px);
    lxw_row_t dist_chart_row = (lxw_row_t)(pass_px / ROW_HEIGHT_PX) + 2;
    row++;

    put_str(b, ws, row, 0, "Score range", b->header);
    put_str(b, ws, row++, 1, "Candidates", b->header);
    lxw_row_t dist_first = row;
    for (int k = 0; k < NBUCKETS; k++) {
        char range[16];
        snprintf(range, sizeof range, "%d-%d", k * 10, k * 10 + 10);
        put_str(b, ws, row, 0, range, b->text);
        put_num(b, ws, row++, 1, (double)t->buckets[k], b->count);
    }
    add_chart(b, ws, LXW_CHART_COLUMN, "Score distribution", dist_first,
              row - 1, 1, "0", rs->count ? dist_chart_row : 0, 0,
              CHART_HEIGHT_PX);
}

/* ---- the workbook ---- */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rq_strdup(".");
    if (slash == path)
        return rq_strdup("/");
    return rq_strndup(path, (size_t)(slash - path));
}

int rq_report_rank_xlsx(const rq_report *r, const char *path, rq_diags *diags)
{
    book b = {0};
    ranking rk = {0};
    tally t;
    if (tally_count(r, &t) != 0) {
        rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL, "out of memory");
        return -1;
    }
    char **asks = calloc(r->rules->count ? r->rules->count : 1, sizeof *asks);
    char *tmpdir = dir_of(path);
    int rc = -1;
    if (!asks || !tmpdir)
        goto oom;
    for (size_t i = 0; i < r->rules->count; i++) {
        rq_buf d = RQ_BUF_INIT;
        if (rq_rule_describe(&r->rules->rules[i], r->kb, &d) != 0 ||
            !(asks[i] = rq_buf_take(&d))) {
            rq_buf_free(&d);
            goto oom;
        }
    }

    /* libxlsxwriter only opens the file when closing, and then complains on
     * stderr; find an unwritable path here, quietly, first. */
    FILE *probe = fopen(path, "wb");
    if (!probe) {
        rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL, "%s",
                     strerror(errno));
        goto done;
    }
    fclose(probe);

    /* Temporary files next to the output: same file system, and not a
     * memory-backed /tmp for a large pool. */
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE,
                                 .tmpdir = tmpdir};
    b.wb = workbook_new_opt(path, &opts);
    if (!b.wb) {
        rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL,
                     "cannot start the workbook");
        goto done;
    }
    if (make_formats(&b) != 0)
        goto oom_close;

    rq_buf title = RQ_BUF_INIT;
    rq_buf_printf(&title, "Shortlist: %s",
                  r->rules->title ? r->rules->title
                  : r->posting_path ? r->posting_path : "posting");
    lxw_doc_properties props = {0};
    props.title = title.data;
    props.subject = "Candidates ranked against a job posting";
    props.comments = "Written by reqmatch";
    props.created = as_of_time(r->as_of_text);
    check(&b, workbook_set_properties(b.wb, &props));
    rq_buf_free(&title);

    rk.ws = workbook_add_worksheet(b.wb, "Ranking");
    lxw_worksheet *gaps = workbook_add_worksheet(b.wb, "Gaps");
    lxw_worksheet *rules = workbook_add_worksheet(b.wb, "Rules");
    lxw_worksheet *summary = workbook_add_worksheet(b.wb, "Summary");
    if (!rk.ws || !gaps || !rules || !summary)
        goto oom_close;

    if (ranking_header(&b, &rk, r->rules) != 0)
        goto oom_close;
    gaps_header(&b, gaps);
    rq_buf scratch = RQ_BUF_INIT;
    lxw_row_t gap_row = 1;
    for (size_t k = 0; k < r->nevals && !b.oom; k++) {
        ranking_row(&b, &rk, r, &r->evals[k], (lxw_row_t)(k + 1));
        gap_row = gaps_rows(&b, gaps, r, &r->evals[k], asks, gap_row, &scratch);
    }
    rq_buf_free(&scratch);
    ranking_finish(&b, &rk, r->rules, (lxw_row_t)r->nevals);
    check(&b, worksheet_autofilter(gaps, 0, 0, gap_row - 1, GAP_NCOLS - 1));
    rules_sheet(&b, rules, r);
    summary_sheet(&b, summary, r, &t);

    errno = 0;
    lxw_error closed = workbook_close(b.wb);
    int close_errno = errno; /* the system's reason, when a write failed */
    b.wb = NULL;
    if (b.oom)
        goto oom;
    if (b.err == LXW_NO_ERROR)
        b.err = closed;
    if (b.err != LXW_NO_ERROR) {
        bool io = b.err == LXW_ERROR_CREATING_XLSX_FILE ||
                  b.err == LXW_ERROR_CREATING_TMPFILE ||
                  b.err == LXW_ERROR_ZIP_FILE_OPERATION ||
                  b.err == LXW_ERROR_ZIP_FILE_ADD || b.err == LXW_ERROR_ZIP_CLOSE;
        if (io && close_errno != 0)
            rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL, "%s",
                         strerror(close_errno));
        else
            rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL,
                         "cannot write the workbook: %s", lxw_strerror(b.err));
        goto done;
    }
    rc = 0;
    goto done;

oom_close:
    workbook_close(b.wb);
oom:
    rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL, "out of memory");
done:
    if (asks)
        for (size_t i = 0; i < r->rules->count; i++)
            free(asks[i]);
    free(asks);
    free(tmpdir);
    free(t.met);
    free(rk.cols);
    return rc;
}
