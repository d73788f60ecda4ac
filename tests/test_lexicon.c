/* Tests for engine/data/concepts.txt, the built-in concept lexicon: it
 * loads cleanly, the same concept is found in French, English and Dutch
 * wordings (with inclusive writing), relations hold, and generic sentences
 * that appear in every posting or CV do not yield concepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kb.h"

#include "kb_fixture.h"

/* Concepts found in text, as "key,key,..." (caller frees). */
static char *concepts_in(const char *text)
{
    rq_hits h = RQ_HITS_INIT;
    assert_true(rq_kb_scan(kb, RQ_TABLE_CONCEPTS, text, strlen(text), &h) >= 0);
    size_t len = 1;
    for (size_t i = 0; i < h.count; i++)
        len += strlen(rq_kb_key(kb, RQ_TABLE_CONCEPTS, h.hits[i].entry)) + 1;
    char *out = calloc(len, 1);
    assert_non_null(out);
    for (size_t i = 0; i < h.count; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, rq_kb_key(kb, RQ_TABLE_CONCEPTS, h.hits[i].entry));
    }
    rq_hits_free(&h);
    return out;
}

static bool finds(const char *text, const char *key)
{
    char *found = concepts_in(text);
    bool ok = false;
    size_t n = strlen(key);
    for (const char *p = found; *p;) {
        const char *e = strchr(p, ',');
        size_t m = e ? (size_t)(e - p) : strlen(p);
        if (m == n && memcmp(p, key, n) == 0)
            ok = true;
        p += m + (e != NULL);
    }
    if (!ok)
        print_error("'%s' should yield %s, found [%s]\n", text, key, found);
    free(found);
    return ok;
}

static uint32_t entry(const char *key)
{
    long e = rq_kb_find(kb, RQ_TABLE_CONCEPTS, key);
    if (e < 0)
        print_error("no concept '%s'\n", key);
    assert_true(e >= 0);
    return (uint32_t)e;
}

static void builtin_lexicon_should_load_without_any_diagnostic(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_kb *fresh = NULL;
    assert_int_equal(rq_kb_new(&fresh, &d), 0);
    /* other data files have their own tests: count this file's only */
    size_t mine = 0;
    for (size_t i = 0; i < d.count; i++) {
        if (!d.items[i].file || strcmp(d.items[i].file, "concepts.txt") != 0)
            continue;
        char *s = rq_diag_format(&d.items[i]);
        print_error("%s\n", s);
        free(s);
        mine++;
    }
    assert_int_equal(mine, 0);
    assert_true(rq_kb_count(fresh, RQ_TABLE_CONCEPTS) >= 150);
    rq_kb_free(fresh);
    rq_diags_clear(&d);
}

static void every_concept_should_have_a_snake_case_key_and_a_label(void **state)
{
    (void)state;
    size_t n = rq_kb_count(kb, RQ_TABLE_CONCEPTS);
    for (uint32_t i = 0; i < n; i++) {
        const char *key = rq_kb_key(kb, RQ_TABLE_CONCEPTS, i);
        const char *label = rq_kb_label(kb, RQ_TABLE_CONCEPTS, i);
        assert_non_null(key);
        assert_non_null(label);
        assert_true(strlen(key) > 0 && strlen(label) > 0);
        assert_int_equal(strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_"), strlen(key));
    }
    assert_string_equal(rq_kb_label(kb, RQ_TABLE_CONCEPTS, entry("child_rights")),
                        "children's rights");
    assert_string_equal(rq_kb_label(kb, RQ_TABLE_CONCEPTS, entry("permanent_education")),
                        "permanent education");
}

/* One concept, three wordings: a French, an English and a Dutch sentence
 * (written for these tests) must each yield the concept. */
typedef struct {
    const char *key;
    const char *fr;
    const char *en;
    const char *nl;
} equivalence;

static const equivalence equivalences[] = {
    {"child_rights", "Expertise en droits des enfants", "Work on children's rights",
     "Ervaring met kinderrechten"},
    {"human_rights", "Engagé·e pour les droits humains", "Committed to human rights",
     "Inzet voor mensenrechten"},
    {"human_rights_law", "Maîtrise du droit international des droits de l'homme",
     "Knowledge of international human rights law", "Kennis van mensenrechtenrecht"},
    {"international_law", "Master en droit international", "LLM in public international law",
     "Specialisatie in internationaal recht"},
    {"eu_law", "Cours de droit européen", "Studied EU law", "Vak Europees recht"},
    {"eu_institutions", "Contacts avec les institutions européennes",
     "Meetings at the European Parliament", "Contacten met de Europese instellingen"},
    {"un_mechanisms", "Rapports aux mécanismes des Nations unies",
     "Submissions to the Universal Periodic Review", "Schaduwrapporten voor VN-mechanismen"},
    {"human_rights_defenders", "Protection des défenseur·es des droits humains",
     "Support to human rights defenders", "Steun aan mensenrechtenverdedigers"},
    {"torture_prevention", "Lutte contre la torture en détention", "Prevention of torture",
     "Preventie van foltering"},
    {"migration", "Intérêt pour les questions migratoires", "Migration policy officer",
     "Beleidsmedewerker migratie"},
    {"asylum", "Accompagnement des demandeurs d'asile", "Support to asylum seekers",
     "Begeleiding van asielzoekers"},
    {"unaccompanied_minors", "Suivi des mineur·es non accompagné·es",
     "Casework with unaccompanied children", "Opvang van niet-begeleide minderjarigen"},
    {"refugees", "Accueil des réfugiés", "Refugee support volunteer",
     "Begeleiding van vluchtelingen"},
    {"child_protection", "Chargé.e de protection de l'enfance", "Child protection officer",
     "Medewerker kinderbescherming"},
    {"violence_against_children", "Prévention des violences faites aux enfants",
     "Research on violence against children", "Preventie van geweld tegen kinderen"},
    {"sexual_exploitation_of_children", "Étude sur l'exploitation sexuelle des mineurs",
     "Tackling child sexual exploitation", "Seksuele uitbuiting van kinderen bestrijden"},
    {"human_trafficking", "Victimes de traite des êtres humains",
     "Anti-trafficking programme", "Slachtoffers van mensenhandel"},
    {"child_friendly_justice", "Réseau sur la justice adaptée aux enfants",
     "Child-friendly justice network", "Kindvriendelijke justitie"},
    {"juvenile_justice", "Stage au tribunal de la jeunesse", "Juvenile justice reform",
     "Werken in het jeugdrecht"},
    {"child_participation", "Projets de participation des enfants", "Youth participation",
     "Kinderparticipatie in de gemeente"},
    {"advocacy", "Chargée de plaidoyer", "Advocacy officer", "Belangenbehartiging bij de overheid"},
    {"lobbying", "Lobbying institutionnel", "Public affairs and lobbying", "Lobbywerk"},
    {"fundraising", "Recherche de fonds privés", "Fundraising from foundations",
     "Fondsenwerving bij particulieren"},
    {"grant_writing", "Rédaction de demandes de subsides", "Grant writing for EU calls",
     "Subsidieaanvragen schrijven"},
    {"grants_management", "Gestion des financements institutionnels",
     "Managing institutional grants (ECHO)", "Beheer van subsidies"},
    {"field_work", "Deux ans d'expérience de terrain au Niger", "Field coordinator, South Sudan",
     "Terreinervaring in Oost-Congo"},
    {"partnership_management", "Suivi de partenariats avec des ONG locales",
     "Managing partnerships with local NGOs", "Partnerbeheer in de regio"},
    {"project_management", "Gestion de projets européens", "Project management",
     "Projectbeheer en opvolging"},
    {"programme_management", "Coordinateur·ice des programmes", "Programme manager",
     "Programmacoördinator"},
    {"team_management", "Gestion d'équipe (8 personnes)", "Managed a team of six",
     "Teamleiding van tien medewerkers"},
    {"network_coordination", "Coordination de réseau associatif", "Coalition building",
     "Netwerkcoördinatie"},
    {"communication", "Chargé·e de communication", "Communication officer",
     "Communicatiemedewerker"},
    {"media_relations", "Rédaction de communiqués de presse", "Press releases and interviews",
     "Persberichten opstellen"},
    {"social_media", "Animation des réseaux sociaux", "Social media campaigns",
     "Beheer van sociale media"},
    {"public_speaking", "Aisance dans la prise de parole en public", "Public speaking",
     "Spreken in het openbaar"},
    {"report_writing", "Rédaction de rapports narratifs", "Report writing for donors",
     "Rapportage aan donoren"},
    {"research", "Chercheuse en sciences sociales", "Qualitative research", "Wetenschappelijk onderzoek"},
    {"monitoring_evaluation", "Suivi et évaluation des projets", "Monitoring and evaluation (M&E)",
     "Monitoring en evaluatie"},
    {"budgeting", "Suivi budgétaire", "Budget management", "Budgetbeheer"},
    {"financial_management", "Gestion financière de l'association", "Financial management",
     "Financieel beheer"},
    {"housing", "Projets autour du logement", "Housing rights", "Huisvesting en woonbeleid"},
    {"poverty", "Lutte contre la pauvreté", "Poverty reduction", "Armoedebestrijding"},
    {"social_exclusion", "Lutte contre l'exclusion sociale", "Social inclusion projects",
     "Sociale uitsluiting tegengaan"},
    {"public_health", "Master en santé publique", "Public health", "Volksgezondheid"},
    {"global_health", "Expertise en santé mondiale", "Global health", "Mondiale gezondheid"},
    {"srhr", "Santé et droits sexuels et reproductifs", "Sexual and reproductive health",
     "Seksuele en reproductieve gezondheid"},
    {"gender_based_violence", "Violences basées sur le genre", "Gender-based violence",
     "Gendergerelateerd geweld"},
    {"gender_equality", "Égalité femmes-hommes", "Gender equality", "Gendergelijkheid"},
    {"harm_reduction", "Réduction des risques en milieu festif", "Harm reduction",
     "Schadebeperking bij druggebruikers"},
    {"mental_health", "Santé mentale des jeunes", "Mental health", "Geestelijke gezondheid"},
    {"psychosocial_support", "Soutien psychosocial", "Psychosocial support",
     "Psychosociale ondersteuning"},
    {"humanitarian_work", "Action humanitaire", "Humanitarian aid", "Humanitaire hulp"},
    {"development_cooperation", "Coopération au développement", "Development cooperation",
     "Ontwikkelingssamenwerking"},
    {"permanent_education", "Agrément en éducation permanente", "Popular education",
     "Sociaal-cultureel volwassenenwerk"},
    {"training", "Animation de formations pour adultes", "Capacity building", "Vormingswerk"},
    {"civil_society", "Organisations de la société civile", "Civil society organisations",
     "Maatschappelijk middenveld"},
    {"nonprofit_sector", "Dix ans dans le secteur associatif", "Non-profit sector",
     "Werken in een vzw"},
    {"social_work", "Assistante sociale au CPAS", "Social worker", "Maatschappelijk werker"},
    {"psychology", "Master en psychologie", "Psychology", "Psycholoog"},
    {"law", "Licence en droit", "Bachelor of Laws", "Master in de rechten"},
    {"political_science", "Sciences politiques", "Political science", "Politieke wetenschappen"},
    {"international_relations", "Relations internationales", "International relations",
     "Internationale betrekkingen"},
    {"social_sciences", "Diplôme en sciences sociales", "Social sciences", "Sociale wetenschappen"},
    {"human_sciences", "Sciences humaines", "Humanities", "Humane wetenschappen"},
    {"communication_studies", "Sciences de la communication", "Communication studies",
     "Communicatiewetenschappen"},
    {"economics", "Sciences économiques", "Economics", "Economische wetenschappen"},
    {"medicine", "Études de médecine", "Medicine", "Geneeskunde"},
    {"nursing", "Infirmière en santé communautaire", "Registered nurse", "Verpleegkundige"},
    {"legal_aid", "Permanence juridique", "Legal aid", "Juridische bijstand"},
    {"detention", "Visites en centres fermés", "Immigration detention", "Gesloten centra"},
    {"office_software", "Maîtrise des outils bureautiques", "MS Office", "Kantoorsoftware"},
    {"strategic_planning", "Élaboration du plan stratégique", "Strategic planning",
     "Strategische planning"},
    {"conflict_resolution", "Gestion des conflits", "Conflict resolution", "Conflicthantering"},
    {"volunteer_management", "Coordination des bénévoles", "Volunteer management",
     "Vrijwilligersbeheer"},
    {"event_organisation", "Organisation d'événements", "Event management",
     "Evenementenorganisatie"},
    {"legislative_monitoring", "Veille législative", "Legislative monitoring",
     "Opvolging van wetgeving"},
    {"safeguarding", "Politique de protection de l'enfance", "Safeguarding policy",
     "Kindveiligheidsbeleid"},
    {"youth_sector", "Secteur enfance-jeunesse", "Youth sector", "Jeugdsector"},
    {"youth_work", "Animatrice en maison de jeunes", "Youth worker", "Jeugdwerker"},
    {"street_work", "Éducateur de rue", "Street work", "Straathoekwerker"},
    {"integration_of_newcomers", "Parcours d'intégration des primo-arrivants",
     "Integration of newcomers", "Inburgeringstraject"},
    {"data_protection", "Conformité au RGPD", "GDPR compliance", "Gegevensbescherming"},
};

static void each_concept_should_be_found_in_french_english_and_dutch(void **state)
{
    (void)state;
    size_t n = sizeof equivalences / sizeof *equivalences;
    assert_true(n >= 40);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const equivalence *q = &equivalences[i];
        entry(q->key);
        failures += !finds(q->fr, q->key);
        failures += !finds(q->en, q->key);
        failures += !finds(q->nl, q->key);
    }
    assert_int_equal(failures, 0);
}

static void inclusive_and_accent_free_writing_should_not_matter(void **state)
{
    (void)state;
    assert_true(finds("COORDINATEUR·RICE DE PROJETS", "project_management"));
    assert_true(finds("coordinatrice de projets", "project_management"));
    assert_true(finds("mineur.e.s etranger.e.s non accompagne.e.s", "unaccompanied_minors"));
    assert_true(finds("Defense des droits de l enfant", "child_rights"));
    assert_true(finds("chargé-es de projet", "project_management"));
    assert_true(finds("défenseur·es des droits humains", "human_rights_defenders"));
}

static void acronyms_marked_capital_should_match_only_in_capitals(void **state)
{
    (void)state;
    assert_true(finds("Suivi de jeunes MNA à Calais", "unaccompanied_minors"));
    assert_true(finds("Logement pour les MENA", "unaccompanied_minors"));
    assert_true(finds("Plaidoyer auprès de l'UE", "eu_advocacy"));
    assert_true(finds("Stage à l'UE", "eu_institutions"));
    assert_true(finds("Consultant for the UN", "united_nations"));
    assert_true(finds("Responsable MEAL", "monitoring_evaluation"));
    char *found = concepts_in("J'ai eu un poste dans un service, un meal par jour");
    assert_string_equal(found, "");
    free(found);
}

static void longest_phrase_should_win_over_the_phrase_it_contains(void **state)
{
    (void)state;
    char *found = concepts_in("Adhérer à la politique de protection de l'enfance");
    assert_string_equal(found, "safeguarding");
    free(found);
    found = concepts_in("Analyste pour la région MENA");
    assert_string_equal(found, "mena_region");
    free(found);
    found = concepts_in("Standards internationaux de protection de l'enfance");
    assert_string_equal(found, "child_protection");
    free(found);
    found = concepts_in("Plaidoyer auprès des institutions européennes");
    assert_string_equal(found, "eu_advocacy");
    free(found);
}

/* what CVs write in work[].position, in the three languages */
static void cv_job_titles_should_show_their_domain(void **state)
{
    (void)state;
    static const char *const managers[] = {
        "Team manager", "Manager d'équipe", "Chef de service", "Diensthoofd",
        "Teamverantwoordelijke", "Encadrement d'une équipe de cinq personnes",
        "Supervised a team of 8 caseworkers",
    };
    for (size_t i = 0; i < sizeof managers / sizeof managers[0]; i++)
        if (!finds(managers[i], "team_management"))
            fail_msg("'%s' does not show team management", managers[i]);
}

static void relations_should_make_close_concepts_related(void **state)
{
    (void)state;
    static const char *const related[][2] = {
        {"unaccompanied_minors", "migration"},
        {"unaccompanied_minors", "child_protection"},
        {"child_rights", "human_rights"},
        {"human_rights_law", "human_rights"},
        {"human_rights_law", "international_law"},
        {"asylum", "migration"},
        {"asylum", "refugees"},          /* both narrower than migration */
        {"lobbying", "advocacy"},
        {"grant_writing", "fundraising"},
        {"grant_writing", "donor_relations"},
        {"team_management", "management"},
        {"team_management", "project_management"},
        {"eu_advocacy", "eu_institutions"},
        {"eu_law", "law"},
        {"psychosocial_support", "mental_health"},
        {"political_science", "social_sciences"},
        {"international_relations", "political_science"},
        {"homelessness", "housing"},
        {"homelessness", "poverty"},
        {"budgeting", "financial_management"},
        {"gender_based_violence", "gender_equality"},
        {"permanent_education", "adult_education"},
        {"sexual_exploitation_of_children", "violence_against_children"},
        {"juvenile_justice", "criminal_justice"},
    };
    for (size_t i = 0; i < sizeof related / sizeof *related; i++) {
        uint32_t a = entry(related[i][0]), b = entry(related[i][1]);
        if (!rq_kb_related(kb, a, b) || !rq_kb_related(kb, b, a))
            print_error("%s and %s should be related\n", related[i][0], related[i][1]);
        assert_true(rq_kb_related(kb, a, b));
        assert_true(rq_kb_related(kb, b, a));
    }
    size_t n = 0;
    const uint32_t *up = rq_kb_broader(kb, entry("unaccompanied_minors"), &n);
    bool migration = false, protection = false;
    for (size_t i = 0; i < n; i++) {
        migration |= up[i] == entry("migration");
        protection |= up[i] == entry("child_protection");
    }
    assert_true(migration && protection);
}

static void unrelated_concepts_should_stay_unrelated(void **state)
{
    (void)state;
    static const char *const apart[][2] = {
        {"fundraising", "human_rights"},
        {"housing", "child_rights"},
        {"office_software", "communication"},
        {"law", "psychology"},
        {"medicine", "law"},
        {"advocacy", "research"},
        {"migration", "poverty"},
    };
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++) {
        uint32_t a = entry(apart[i][0]), b = entry(apart[i][1]);
        if (rq_kb_related(kb, a, b))
            print_error("%s and %s should not be related\n", apart[i][0], apart[i][1]);
        assert_false(rq_kb_related(kb, a, b));
    }
}

static void generic_sentences_should_not_yield_concepts(void **state)
{
    (void)state;
    static const char *const generic[] = {
        "Nous sommes à la recherche d'un(e) collaborateur(trice) motivé·e.",
        "Envoyez votre CV et une lettre de motivation avant le 30 avril.",
        "Un environnement de travail agréable avec des horaires flexibles.",
        "La procédure de recrutement se déroulera en deux étapes.",
        "En partenariat avec nos collègues, sous la supervision du directeur.",
        "Le droit de vote, avoir droit à un congé.",
        "Native speaker of Spanish, fluent in English, both orally and in writing.",
        "Formation : Master, université de Liège.",
        "Reports to the director. Full-time contract, based in Brussels.",
        "Wij zoeken een enthousiaste collega voor ons team in Gent.",
        "Projet de vie, projets personnels, nouveaux projets.",
        "Thèse, étude de cas, études supérieures.",
    };
    for (size_t i = 0; i < sizeof generic / sizeof *generic; i++) {
        char *found = concepts_in(generic[i]);
        if (*found)
            print_error("'%s' should yield nothing, found [%s]\n", generic[i], found);
        assert_string_equal(found, "");
        free(found);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_lexicon_should_load_without_any_diagnostic),
        cmocka_unit_test(every_concept_should_have_a_snake_case_key_and_a_label),
        cmocka_unit_test(each_concept_should_be_found_in_french_english_and_dutch),
        cmocka_unit_test(inclusive_and_accent_free_writing_should_not_matter),
        cmocka_unit_test(acronyms_marked_capital_should_match_only_in_capitals),
        cmocka_unit_test(longest_phrase_should_win_over_the_phrase_it_contains),
        cmocka_unit_test(cv_job_titles_should_show_their_domain),
        cmocka_unit_test(relations_should_make_close_concepts_related),
        cmocka_unit_test(unrelated_concepts_should_stay_unrelated),
        cmocka_unit_test(generic_sentences_should_not_yield_concepts),
    };
    return cmocka_run_group_tests(tests, kb_setup, kb_teardown);
}
