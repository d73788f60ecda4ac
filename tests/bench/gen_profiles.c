/*
 * gen_profiles.c - deterministic synthetic JSON Resume profiles, one a
 * line (JSON Lines), for the benchmark and the scale tests.
 *
 *     gen_profiles N [SEED] [--bad K]
 *
 * Each record is about 2 KB: an id, basics (name, e-mail), 2 to 5 dated
 * jobs (some open-ended, some volunteering) whose summaries and
 * highlights are sentences built from the domain's concept phrases in
 * French, English or Dutch, one or two degrees, skills and languages
 * with fluencies in the profile's language. Everything comes from the
 * word lists below and a splitmix64 generator seeded by SEED, so the
 * same arguments always give the same bytes, on any machine. With
 * --bad K every K-th line is broken (truncated JSON or a wrong type), so
 * that rejected inputs can be tested at scale too.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t g_state;

static uint64_t next(void)
{
    uint64_t z = (g_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int pick(int n)
{
    return (int)(next() % (uint64_t)n);
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define ANY(a) ((a)[pick(N(a))])

/* ---- word lists (fictional; concept phrases of the domain) ---- */

static const char *const first_names[] = {
    "Léa", "Bram", "Grace", "Yasmine", "Thomas", "Sofie", "Karim",
    "Nina", "Pieter", "Amélie", "Omar", "Lotte", "Chiara", "Jonas",
    "Fatou", "Hugo", "Ewa", "Ruben", "Inès", "Daan", "Mariam", "Paul",
};
static const char *const last_names[] = {
    "Girard", "Willems", "Mensah", "Benali", "Dupont", "Peeters",
    "Haddad", "Jacobs", "Lambert", "Maes", "Diallo", "Verhoeven",
    "Rossi", "Nowak", "Leclercq", "Smet", "Okoro", "Dubois",
};

typedef struct {
    const char *const *positions; int npositions;
    const char *const *orgs; int norgs;
    const char *const *topics; int ntopics;
    const char *const *verbs; int nverbs;
    const char *const *tails; int ntails;
    const char *const *areas; int nareas;
    const char *const *degrees; int ndegrees;
    const char *const *schools; int nschools;
    const char *const *langs; int nlangs;   /* own, fr, en, nl, es, de */
    const char *const *fluent; int nfluent;
    const char *const *skills; int nskills;
} language_words;

/* French */
static const char *const fr_positions[] = {
    "Chargée de projet", "Coordinateur de programme", "Juriste",
    "Chargé de plaidoyer", "Assistante sociale", "Responsable de terrain",
    "Chargée de mission", "Animateur", "Chargé de communication",
    "Responsable administratif et financier", "Formatrice",
};
static const char *const fr_orgs[] = {
    "Maison des Droits", "Réseau Logement Solidaire", "Terre d'Accueil",
    "Collectif Enfance Libre", "Ligue Citoyenne", "Aide Juridique Nord",
    "Observatoire des Prisons", "Centre Migrations et Asile",
};
static const char *const fr_topics[] = {
    "la protection de l'enfance", "les droits de l'enfant",
    "le droit d'asile", "les droits humains", "le logement social",
    "la lutte contre la pauvreté", "l'aide juridique",
    "la gestion de projet", "le plaidoyer politique",
    "la recherche de fonds", "le suivi et l'évaluation",
    "l'accompagnement des migrants", "l'Union européenne",
    "la gestion d'équipe", "le droit international humanitaire",
    "la prévention de la torture", "les personnes handicapées",
    "l'égalité de genre", "la participation citoyenne",
};
static const char *const fr_verbs[] = {
    "Coordination d'actions sur", "Travail quotidien sur",
    "Suivi des dossiers sur", "Animation d'ateliers sur",
    "Rédaction de notes sur", "Gestion d'un budget pour",
    "Représentation du réseau sur", "Formation des bénévoles sur",
};
static const char *const fr_tails[] = {
    " avec une équipe de six personnes.", " dans trois provinces.",
    " en lien avec les pouvoirs publics.", " pour un public jeune.",
    " en partenariat avec des associations locales.", ".",
};
static const char *const fr_areas[] = {
    "Droit", "Sciences politiques", "Travail social", "Psychologie",
    "Relations internationales", "Droit européen", "Sociologie",
    "Gestion de projets", "Communication",
};
static const char *const fr_degrees[] = {
    "Master", "Licence", "Bachelier", "Master complémentaire",
    "Doctorat", "BTS",
};
static const char *const fr_schools[] = {
    "Université de Liège", "Université de Lille", "Université Libre",
    "Haute École de Namur", "Sciences Po Rennes",
};
static const char *const fr_langs[] = {
    "Français", "Français", "Anglais", "Néerlandais", "Espagnol",
    "Allemand",
};
static const char *const fr_fluent[] = {
    "langue maternelle", "courant", "bon niveau", "notions", "C1",
    "B2", "intermédiaire", "bilingue",
};
static const char *const fr_skills[] = {
    "plaidoyer", "gestion de projet", "rédaction", "Excel",
    "animation de groupe", "droit des étrangers", "budget",
    "communication", "médiation",
};

/* English */
static const char *const en_positions[] = {
    "Advocacy Officer", "Project Manager", "Legal Officer",
    "Programme Coordinator", "Field Officer", "Policy Advisor",
    "Communications Officer", "Finance Officer", "Case Worker",
    "Research Assistant",
};
static const char *const en_orgs[] = {
    "Safe Passage Network", "Rights Watch Europe", "Open Doors Trust",
    "Children First Alliance", "Fair Housing Forum", "Legal Aid Hub",
    "Civic Voices", "Northern Refugee Council",
};
static const char *const en_topics[] = {
    "child protection", "children's rights", "asylum law",
    "human rights", "social housing", "poverty reduction",
    "legal aid", "project management", "advocacy", "fundraising",
    "monitoring and evaluation", "migration", "the European Union",
    "team management", "international humanitarian law",
    "torture prevention", "disability rights", "gender equality",
    "data protection",
};
static const char *const en_verbs[] = {
    "Coordinated work on", "Led a campaign on", "Drafted briefs on",
    "Managed a budget for", "Trained volunteers in",
    "Represented the network on", "Ran workshops on",
};
static const char *const en_tails[] = {
    " with a team of five.", " across four countries.",
    " with national authorities.", " for young people.",
    " together with local partners.", ".",
};
static const char *const en_areas[] = {
    "Law", "Political Science", "Social Work", "International Relations",
    "European Law", "Sociology", "Public Policy", "Economics",
    "Human Rights",
};
static const char *const en_degrees[] = {
    "Master", "Bachelor", "LL.M.", "MSc", "BA", "PhD",
};
static const char *const en_schools[] = {
    "University of Leeds", "University of Amsterdam",
    "Trinity College", "King's College", "University of Kent",
};
static const char *const en_langs[] = {
    "English", "French", "English", "Dutch", "Spanish", "German",
};
static const char *const en_fluent[] = {
    "Native speaker", "Fluent", "Good", "Basic", "C1", "B2",
    "Intermediate", "Professional working proficiency",
};
static const char *const en_skills[] = {
    "advocacy", "project management", "report writing", "Excel",
    "facilitation", "asylum law", "budgeting", "communication",
    "negotiation",
};

/* Dutch */
static const char *const nl_positions[] = {
    "Beleidsmedewerker", "Projectcoördinator", "Juridisch adviseur",
    "Maatschappelijk werker", "Stafmedewerker", "Teamverantwoordelijke",
    "Communicatiemedewerker", "Vormingswerker",
};
static const char *const nl_orgs[] = {
    "Huurdersbond Oost", "Kinderrechtenhuis", "Vluchtelingenpunt",
    "Wijkwerking De Brug", "Rechtswinkel Zuid", "Netwerk Armoede",
};
static const char *const nl_topics[] = {
    "kinderrechten", "jeugdhulp", "asielbeleid", "mensenrechten",
    "sociale huisvesting", "armoedebestrijding", "juridisch advies",
    "projectbeheer", "belangenbehartiging", "fondsenwerving",
    "migratie", "de Europese Unie", "vreemdelingenrecht",
    "gendergelijkheid", "burgerparticipatie",
};
static const char *const nl_verbs[] = {
    "Coördinatie van", "Opvolging van", "Beleidswerk rond",
    "Vorming over", "Begeleiding rond", "Budgetbeheer voor",
};
static const char *const nl_tails[] = {
    " met een team van vier.", " in drie provincies.",
    " samen met lokale besturen.", " voor jongeren.", ".",
};
static const char *const nl_areas[] = {
    "Rechten", "Politieke wetenschappen", "Sociaal werk",
    "Criminologie", "Sociologie", "Pedagogie", "Bestuurskunde",
};
static const char *const nl_degrees[] = {
    "Master", "Bachelor", "Professionele bachelor", "Master na master",
};
static const char *const nl_schools[] = {
    "Universiteit Gent", "KU Leuven", "Hogeschool Gent",
    "Universiteit Antwerpen", "Vrije Universiteit Brussel",
};
static const char *const nl_langs[] = {
    "Nederlands", "Frans", "Engels", "Nederlands", "Spaans", "Duits",
};
static const char *const nl_fluent[] = {
    "moedertaal", "vloeiend", "goed", "basiskennis", "C1", "B2",
    "redelijk", "tweetalig",
};
static const char *const nl_skills[] = {
    "belangenbehartiging", "projectbeheer", "rapportering", "Excel",
    "gespreksvoering", "vreemdelingenrecht", "budgettering",
    "communicatie",
};

#define WORDS(p) p##_positions, N(p##_positions), p##_orgs, N(p##_orgs), \
    p##_topics, N(p##_topics), p##_verbs, N(p##_verbs), p##_tails,     \
    N(p##_tails), p##_areas, N(p##_areas), p##_degrees,                 \
    N(p##_degrees), p##_schools, N(p##_schools), p##_langs,             \
    N(p##_langs), p##_fluent, N(p##_fluent), p##_skills, N(p##_skills)

static const language_words g_words[] = {
    {WORDS(fr)}, {WORDS(en)}, {WORDS(nl)},
};

#define W(w, list) ((w)->list[pick((w)->n##list)])

static void sentence(const language_words *w)
{
    printf("%s %s%s", W(w, verbs), W(w, topics), W(w, tails));
}

static void job(const language_words *w, int *year, int last, bool vol)
{
    int y0 = *year, m0 = 1 + pick(12);
    int len = 1 + pick(4);
    printf("{\"%s\": \"%s\", \"position\": \"%s\", ",
           vol ? "organization" : "name", W(w, orgs), W(w, positions));
    printf("\"startDate\": \"%d-%02d\"", y0, m0);
    if (!last || pick(3) != 0)
        printf(", \"endDate\": \"%d-%02d\"", y0 + len, 1 + pick(12));
    printf(", \"summary\": \"");
    sentence(w);
    putchar(' ');
    sentence(w);
    printf("\", \"highlights\": [");
    int nh = 1 + pick(3);
    for (int i = 0; i < nh; i++) {
        printf("%s\"", i ? ", " : "");
        sentence(w);
        putchar('"');
    }
    printf("]}");
    *year = y0 + len + pick(2);
}

static void profile(long index, int broken)
{
    const language_words *w = &g_words[pick(N(g_words))];
    const char *first = ANY(first_names), *last = ANY(last_names);
    printf("{\"id\": \"gen-%07ld\", \"basics\": {\"name\": \"%s %s\", "
           "\"email\": \"p%ld@example.org\", \"label\": \"%s\"}",
           index, first, last, index, W(w, positions));
    if (broken == 1) {                 /* truncated document */
        printf(", \"work\": [{\"name\": \"%s\"\n", W(w, orgs));
        return;
    }
    int njobs = 2 + pick(4), year = 2000 + pick(14);
    int nvol = pick(3) == 0 ? 1 : 0;
    printf(", \"work\": [");
    for (int i = 0; i < njobs - nvol; i++) {
        if (i)
            printf(", ");
        job(w, &year, i == njobs - nvol - 1, false);
    }
    printf("]");
    if (nvol) {
        int vy = 2005 + pick(15);
        printf(", \"volunteer\": [");
        job(w, &vy, 0, true);
        printf("]");
    }
    printf(", \"education\": [");
    int ned = 1 + pick(2), ey = 1995 + pick(15);
    for (int i = 0; i < ned; i++) {
        printf("%s{\"institution\": \"%s\", \"area\": \"%s\", "
               "\"studyType\": \"%s\", \"startDate\": \"%d\", "
               "\"endDate\": \"%d\"}",
               i ? ", " : "", W(w, schools), W(w, areas), W(w, degrees),
               ey, ey + 3);
        ey += 3 + pick(3);
    }
    printf("], \"skills\": [");
    int ns = 2 + pick(3);
    for (int i = 0; i < ns; i++)
        printf("%s{\"name\": \"%s\", \"keywords\": [\"%s\", \"%s\"]}",
               i ? ", " : "", W(w, skills), W(w, topics), W(w, skills));
    printf("], \"languages\": [");
    if (broken == 2) {                 /* wrong type */
        printf("{\"language\": 42, \"fluency\": true}]}\n");
        return;
    }
    printf("{\"language\": \"%s\", \"fluency\": \"%s\"}",
           w->langs[0], W(w, fluent));
    int nl = 1 + pick(3);
    for (int i = 0; i < nl; i++)
        printf(", {\"language\": \"%s\", \"fluency\": \"%s\"}",
               w->langs[1 + pick(w->nlangs - 1)], W(w, fluent));
    printf("]}\n");
}

int main(int argc, char **argv)
{
    long n = -1, bad = 0;
    uint64_t seed = 1;
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--bad") == 0 && i + 1 < argc)
            bad = strtol(argv[++i], NULL, 10);
        else if (positional == 0 && ++positional)
            n = strtol(argv[i], NULL, 10);
        else if (positional == 1 && ++positional)
            seed = strtoull(argv[i], NULL, 10);
        else
            n = -1;
    }
    if (n < 0 || bad < 0) {
        fprintf(stderr, "usage: gen_profiles N [SEED] [--bad K]\n");
        return 1;
    }
    g_state = seed;
    for (long i = 1; i <= n; i++) {
        int broken = bad > 0 && i % bad == 0 ? 1 + (int)((i / bad) % 2) : 0;
        profile(i, broken);
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
