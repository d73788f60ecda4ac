/*
 * html.c - the candidate's own gap report, as one self-contained page.
 *
 * The page answers four questions in plain English, in this order: how
 * well do I fit (score, and whether a required rule blocks me), what
 * should I work on first (rq_improvements: largest score gain first), what
 * is missing and by how much (the rule, what my profile shows, the
 * shortfall in the rule's own unit - rq_report_shortfall - and the
 * engine's sentence explaining it), and what do I already meet (with
 * where it was found).
 *
 * Everything is in the one file: inline CSS, no scripts, no fonts, no
 * images, no links out, so it can be mailed, opened offline and printed.
 * The layout is a single fluid column (readable on a phone; a viewport
 * meta tag stops mobile browsers from zooming out) and @media print drops
 * colour fills for borders and keeps cards whole across pages.
 *
 * Every piece of text from the posting, the profile or the engine goes
 * through put_text, which escapes & < > " and ', so nothing a candidate or
 * a posting writes can become markup.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;background:#f4f5f7;color:#1f2328;"
    "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
    "main{max-width:46rem;margin:0 auto;padding:1rem}"
    "header{margin:.5rem 0 1rem}"
    ".kicker{margin:0;color:#57606a;font-size:.85rem;text-transform:uppercase;"
    "letter-spacing:.06em}"
    "h1{margin:.2rem 0 .3rem;font-size:1.5rem;line-height:1.25}"
    "h2{margin:1.6rem 0 .6rem;font-size:1.15rem}"
    ".meta{margin:0;color:#57606a;font-size:.9rem;overflow-wrap:anywhere}"
    ".fit{background:#fff;border-radius:.6rem;padding:1rem;"
    "border-top:.35rem solid #2da44e}"
    ".fit.blocked{border-top-color:#cf222e}"
    ".score{font-size:2.4rem;font-weight:700;line-height:1}"
    ".score small{font-size:1rem;font-weight:400;color:#57606a}"
    ".meter{height:.6rem;background:#e6e8eb;border-radius:.3rem;"
    "margin:.6rem 0;overflow:hidden}"
    ".meter span{display:block;height:100%;background:#0969da}"
    ".verdict{font-weight:600;margin:.4rem 0}"
    ".fit p{margin:.4rem 0}"
    ".card{background:#fff;border-radius:.5rem;padding:.75rem 1rem;"
    "margin:.6rem 0;border-left:.35rem solid #8c959f;"
    "break-inside:avoid;page-break-inside:avoid}"
    ".card.met{border-left-color:#2da44e}"
    ".card.partial{border-left-color:#bf8700}"
    ".card.unmet{border-left-color:#cf222e}"
    ".card.unknown{border-left-color:#8c959f}"
    ".card h3{margin:0 0 .3rem;font-size:1rem;line-height:1.35}"
    ".tags{margin:0 0 .3rem;font-size:.8rem}"
    ".tag{display:inline-block;padding:0 .45rem;border-radius:1rem;"
    "background:#eaeef2;margin:0 .3rem .2rem 0;white-space:nowrap}"
    ".tag.met{background:#dafbe1}.tag.partial{background:#fff8c5}"
    ".tag.unmet{background:#ffebe9}.tag.required{background:#1f2328;color:#fff}"
    "dl{margin:.3rem 0 0;display:grid;grid-template-columns:max-content 1fr;"
    "gap:.15rem .8rem;font-size:.95rem}"
    "dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}"
    ".short{font-weight:600}"
    "ol.todo{padding-left:1.4rem;margin:.4rem 0}"
    "ol.todo li{margin:.45rem 0}"
    ".why{display:block;color:#57606a;font-size:.9rem}"
    ".fit ul{margin:.2rem 0 0;padding-left:1.3rem}"
    ".gain{font-weight:700;color:#0969da;white-space:nowrap}"
    ".evidence{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;"
    "font-size:.85rem;overflow-wrap:anywhere}"
    ".empty{color:#57606a}"
    "footer{margin:2rem 0 1rem;color:#57606a;font-size:.8rem}"
    "@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.3rem}"
    "h1{font-size:1.3rem}}"
    "@media print{body{background:#fff;font-size:11pt}main{max-width:none;"
    "padding:0}.fit,.card{border:1px solid #8c959f;border-left-width:.3rem}"
    ".meter{border:1px solid #8c959f}.meter span{background:#555;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "h2{break-after:avoid;page-break-after:avoid}}";

/* Appends s with the five HTML-significant characters escaped. */
static void put_text(rq_buf *out, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': rq_buf_puts(out, "&amp;"); break;
        case '<': rq_buf_puts(out, "&lt;"); break;
        case '>': rq_buf_puts(out, "&gt;"); break;
        case '"': rq_buf_puts(out, "&quot;"); break;
        case '\'': rq_buf_puts(out, "&#39;"); break;
        default: rq_buf_putc(out, *p); break;
        }
    }
}

/* The rule's description with a capital first letter (ASCII only: the
 * descriptions are English and start with a plain letter). */
static void put_describe(rq_buf *out, const rq_report *r, const rq_rule *rule,
                         bool capital)
{
    rq_buf d = RQ_BUF_INIT;
    if (rq_rule_describe(rule, r->kb, &d) != 0 || !d.data) {
        out->oom = out->oom || d.oom;
        rq_buf_free(&d);
        return;
    }
    if (capital && d.data[0] >= 'a' && d.data[0] <= 'z')
        d.data[0] = (char)(d.data[0] - 'a' + 'A');
    put_text(out, d.data);
    rq_buf_free(&d);
}

static const char *status_label(rq_status s)
{
    switch (s) {
    case RQ_MET: return "Met";
    case RQ_PARTIAL: return "Partly met";
    case RQ_UNMET: return "Not met";
    default: return "Unclear";
    }
}

static bool blocks(const rq_rule *rule, const rq_result *res)
{
    return rule->required && (res->status == RQ_UNMET ||
                              res->status == RQ_PARTIAL);
}

static void put_card(rq_buf *out, const rq_report *r, size_t i)
{
    const rq_rule *rule = &r->rules->rules[i];
    const rq_result *res = &r->evals[0].results[i];
    const char *status = rq_status_name(res->status);
    rq_buf_printf(out, "<div class=\"card %s\"><h3>", status);
    put_describe(out, r, rule, true);
    rq_buf_printf(out, "</h3><p class=\"tags\"><span class=\"tag %s\">%s</span>",
                  status, status_label(res->status));
    if (rule->required)
        rq_buf_puts(out, "<span class=\"tag required\">required</span>");
    rq_buf_puts(out, "<span class=\"tag\">rule ");
    put_text(out, rule->id);
    rq_buf_puts(out, "</span></p><dl>");
    rq_buf scratch = RQ_BUF_INIT;
    rq_report_shows(rule, res, &scratch);
    rq_buf_puts(out, "<dt>Your profile shows</dt><dd>");
    put_text(out, scratch.data);
    rq_buf_puts(out, "</dd>");
    if (res->status != RQ_MET) {
        rq_buf_reset(&scratch);
        rq_report_shortfall(rule, res, &scratch);
        rq_buf_puts(out, "<dt>Short by</dt><dd class=\"short\">");
        put_text(out, scratch.data);
        rq_buf_puts(out, "</dd>");
    }
    out->oom = out->oom || scratch.oom;
    rq_buf_free(&scratch);
    if (res->gap) {
        rq_buf_puts(out, "<dt>Details</dt><dd>");
        put_text(out, res->gap);
        rq_buf_puts(out, "</dd>");
    }
    if (res->nevidence) {
        rq_buf_puts(out, "<dt>Found in</dt><dd class=\"evidence\">");
        for (size_t k = 0; k < res->nevidence; k++) {
            if (k)
                rq_buf_puts(out, ", ");
            put_text(out, res->evidence[k]);
        }
        rq_buf_puts(out, "</dd>");
    }
    if (rule->source_text && *rule->source_text) {
        rq_buf_puts(out, "<dt>The posting says</dt><dd>");
        put_text(out, rule->source_text);
        rq_buf_puts(out, "</dd>");
    }
    rq_buf_puts(out, "</dl></div>\n");
}

static void put_fit(rq_buf *out, const rq_report *r)
{
    const rq_ruleset *rs = r->rules;
    const rq_evaluation *e = &r->evals[0];
    size_t nmet = 0, nblock = 0, nunknown = 0;
    for (size_t i = 0; i < rs->count && i < e->nresults; i++) {
        nmet += e->results[i].status == RQ_MET;
        nblock += blocks(&rs->rules[i], &e->results[i]);
        nunknown += e->results[i].status == RQ_UNKNOWN;
    }
    double width = e->score < 0 ? 0 : e->score > 100 ? 100 : e->score;
    rq_buf_printf(out,
                  "<section class=\"fit%s\" aria-label=\"Overall fit\">"
                  "<div class=\"score\">%.1f <small>/ 100</small></div>"
                  "<div class=\"meter\"><span style=\"width:%.1f%%\"></span>"
                  "</div>",
                  e->eligible ? "" : " blocked", e->score, width);
    if (e->eligible)
        rq_buf_puts(out, "<p class=\"verdict\">Eligible: every required "
                         "rule is met.</p>");
    else
        rq_buf_printf(out, "<p class=\"verdict\">Not eligible yet: %zu "
                           "required rule%s %s not met.</p>",
                      nblock, nblock == 1 ? "" : "s",
                      nblock == 1 ? "is" : "are");
    rq_buf_printf(out, "<p>You meet %zu of the %zu rule%s of this posting.",
                  nmet, rs->count, rs->count == 1 ? "" : "s");
    if (nunknown)
        rq_buf_printf(out, " %zu could not be read from your profile and "
                           "will be checked by a person.", nunknown);
    rq_buf_puts(out, "</p>");
    if (!e->eligible) {
        rq_buf_puts(out, "<p>What blocks you:</p><ul>");
        for (size_t i = 0; i < rs->count && i < e->nresults; i++) {
            if (!blocks(&rs->rules[i], &e->results[i]))
                continue;
            rq_buf_puts(out, "<li>");
            put_describe(out, r, &rs->rules[i], false);
            rq_buf_puts(out, "</li>");
        }
        rq_buf_puts(out, "</ul>");
    }
    rq_buf_puts(out, "</section>\n");
}

static int put_todo(rq_buf *out, const rq_report *r)
{
    const rq_ruleset *rs = r->rules;
    const rq_evaluation *e = &r->evals[0];
    rq_improvement *imp = NULL;
    size_t nimp = 0;
    if (rq_improvements(rs, e, &imp, &nimp) != 0)
        return -1;
    rq_buf_puts(out, "<h2>What to work on first</h2>\n");
    if (nimp == 0) {
        rq_buf_puts(out, "<p class=\"empty\">Nothing: you meet every "
                         "rule.</p>\n");
    } else {
        rq_buf_puts(out, "<ol class=\"todo\">");
        for (size_t k = 0; k < nimp; k++) {
            size_t i = imp[k].rule;
            if (i >= rs->count || i >= e->nresults)
                continue;
            rq_buf_puts(out, "<li>");
            put_describe(out, r, &rs->rules[i], true);
            rq_buf_printf(out, " <span class=\"gain\">+%.1f points</span>",
                          imp[k].score_gain);
            if (imp[k].makes_eligible)
                rq_buf_puts(out, " <span class=\"tag required\">"
                                 "needed to be eligible</span>");
            rq_buf shortfall = RQ_BUF_INIT;
            rq_report_shortfall(&rs->rules[i], &e->results[i], &shortfall);
            if (shortfall.len) {
                rq_buf_puts(out, "<span class=\"why\">Missing: ");
                put_text(out, shortfall.data);
                rq_buf_puts(out, "</span>");
            }
            out->oom = out->oom || shortfall.oom;
            rq_buf_free(&shortfall);
            rq_buf_puts(out, "</li>");
        }
        rq_buf_puts(out, "</ol>\n");
    }
    free(imp);
    return 0;
}

int rq_report_gap_html(const rq_report *r, rq_buf *out)
{
    if (r->nevals < 1 || !r->evals)
        return -1;
    const rq_ruleset *rs = r->rules;
    const rq_evaluation *e = &r->evals[0];
    char idbuf[64];
    const char *id = rq_report_id(r, e, idbuf, sizeof idbuf);
    const char *name = rq_report_name(r, e);
    const char *title = rs->title ? rs->title : "this posting";

    rq_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                     "<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, "
                     "initial-scale=1\">\n<title>Gap report: ");
    put_text(out, name ? name : id);
    rq_buf_puts(out, " - ");
    put_text(out, title);
    rq_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n",
                  css);

    rq_buf_puts(out, "<header><p class=\"kicker\">Gap report</p><h1>");
    put_text(out, title);
    if (rs->organization) {
        rq_buf_puts(out, " <small>at ");
        put_text(out, rs->organization);
        rq_buf_puts(out, "</small>");
    }
    rq_buf_puts(out, "</h1><p class=\"meta\">Candidate: ");
    put_text(out, name ? name : id);
    if (name) {
        rq_buf_puts(out, " (");
        put_text(out, id);
        rq_buf_puts(out, ")");
    }
    rq_buf_puts(out, " &middot; as of ");
    put_text(out, r->as_of_text);
    rq_buf_puts(out, "</p></header>\n");

    put_fit(out, r);
    if (put_todo(out, r) != 0)
        return -1;

    rq_buf_puts(out, "<h2>What is missing</h2>\n");
    size_t n = 0;
    for (size_t i = 0; i < rs->count && i < e->nresults; i++)
        if (e->results[i].status != RQ_MET) {
            put_card(out, r, i);
            n++;
        }
    if (n == 0)
        rq_buf_puts(out, "<p class=\"empty\">Nothing: you meet every "
                         "rule.</p>\n");

    rq_buf_puts(out, "<h2>What you already meet</h2>\n");
    n = 0;
    for (size_t i = 0; i < rs->count && i < e->nresults; i++)
        if (e->results[i].status == RQ_MET) {
            put_card(out, r, i);
            n++;
        }
    if (n == 0)
        rq_buf_puts(out, "<p class=\"empty\">None of the rules yet.</p>\n");

    rq_buf_puts(out, "<footer><p>Made by reqmatch from ");
    put_text(out, r->posting_path ? r->posting_path : "the posting");
    rq_buf_puts(out, ". The score counts only what your profile states "
                     "(degrees, dated experience, languages, knowledge); "
                     "personal details never change it. &ldquo;Found "
                     "in&rdquo; names the part of your profile where each "
                     "finding came from.</p></footer>\n"
                     "</main>\n</body>\n</html>\n");
    return out->oom ? -1 : 0;
}
