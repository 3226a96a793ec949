/* design_raad.c: the design of the synthetic parents' advisory board: one panel of parents asked at a baseline and three quarterly follow-ups. */
#include "panel.h"

/* Slagelse's parents' advisory board for special needs provision
 * (Forældrerådet for specialområdet) is asked every quarter how it is
 * involved, informed and trusts the administration. The first two rounds
 * ran in LimeSurvey, the later two in Microsoft Forms; the parent's e-mail
 * address, which both tools record, pairs the rounds. No municipality
 * column: the board is one municipality's. */

static const struct panel_wave raad_waves[] = {
	{ "k4_2025", "4. kvartal 2025", "Q4 2025", 2025, 11, 3, 19, "2025-11-03", "2025-11-21", PF_LIMESURVEY,
	  "k4-2025.csv" },
	{ "k1_2026", "1. kvartal 2026", "Q1 2026", 2026, 2, 2, 19, "2026-02-02", "2026-02-20", PF_LIMESURVEY,
	  "k1-2026.csv" },
	{ "k2_2026", "2. kvartal 2026", "Q2 2026", 2026, 5, 4, 19, "2026-05-04", "2026-05-22", PF_FORMS,
	  "k2-2026.xlsx" },
	{ "k3_2026", "3. kvartal 2026", "Q3 2026", 2026, 8, 31, 19, "2026-08-31", "2026-09-18", PF_FORMS,
	  "k3-2026.xlsx" },
};

static const struct panel_group raad_groups[] = {
	{ "foraelder", "Forældre", "Parents", "Forælder", 1.0 },
};

/* Planted (latent, against the baseline): information rises by 0.6 from
 * the second to the third quarter of 2026 (the administration began
 * sending a written follow-up after each meeting) and nothing else moves. */
static const struct panel_trait raad_traits[] = {
	{ "inddragelse", "Inddragelse", "Involvement", 1, { 3.1 }, { { 0 } } },
	{ "information", "Information", "Information", 1, { 2.8 }, { { 0 }, { 0 }, { 0 }, { 0.6 } } },
	{ "tillid", "Tillid", "Trust", 1, { 3.2 }, { { 0 } } },
};

static const struct panel_answers raad_answers[] = {
	{ "enig5", 1, 5,
	  { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig", "Overvejende enig", "Helt enig" },
	  { "Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
	    "Strongly agree" },
	  "Ved ikke", "Don't know" },
};

static const struct panel_item raad_items[] = {
	{ "inddragelse_1", 0, 0, 0, 0, 1, "Forældrerådet bliver hørt, før der træffes beslutninger på specialområdet",
	  "The board is heard before decisions are made on special needs provision", 0.0, 0.04 },
	{ "inddragelse_2", 0, 0, 0, 0, 1, "Vores input gør en forskel for de beslutninger, der træffes",
	  "Our input makes a difference to the decisions made", -0.2, 0.06 },
	{ "inddragelse_3", 0, 0, 0, 0, 1, "Forvaltningen tager forældrenes perspektiv alvorligt",
	  "The administration takes the parents' perspective seriously", 0.2, 0.03 },
	{ "information_1", 1, 0, 0, 0, 1, "Vi får den information, vi har brug for, i god tid inden møderne",
	  "We get the information we need in good time before the meetings", 0.0, 0.02 },
	{ "information_2", 1, 0, 0, 0, 1, "Det er tydeligt, hvad der er sket med forældrerådets forslag",
	  "It is clear what became of the board's proposals", -0.3, 0.05 },
	{ "information_3", 1, 0, 0, 0, 1, "Jeg ved, hvem i forvaltningen jeg kan kontakte",
	  "I know whom in the administration to contact", 0.3, 0.02 },
	{ "tillid_1", 2, 0, 0, 0, 1, "Jeg har tillid til, at forvaltningen arbejder for børnenes bedste",
	  "I trust that the administration works in the children's best interest", 0.1, 0.03 },
	{ "tillid_2", 2, 0, 0, 0, 1, "Jeg kan regne med, at aftaler med forvaltningen bliver holdt",
	  "I can rely on agreements with the administration being kept", 0.0, 0.04 },
	{ "tillid_3", 2, 0, 1, 0, 1, "Jeg er ofte i tvivl om, hvorvidt forældrerådets input bliver brugt",
	  "I often doubt whether the board's input is used", -0.1, 0.05 },
};

static const char *const raad_comments[] = {
	"Dagsordenen kom for sent igen.",
	"Godt med opfølgningen efter mødet – nu kan vi se, hvad der sker.",
	"Vi bliver spurgt, men jeg ved ikke, om det bruges.",
	"Møderne ligger svært for os, der arbejder.",
	"Tak for et godt samarbejde i år.",
	"Det ville hjælpe med et kort referat.",
};

const struct panel_design design_raad = {
	.name = "foraeldreraad",
	.title = "Forældrerådet for specialområdet – kvartalsmåling",
	.about = "the study file of the synthetic parents' advisory board sample study.",
	.default_n = 160,
	.panel = 1,
	.response = 0.7,
	.group_heading = "Jeg er med i forældrerådet som",
	.key_heading_ls = "E-mail",
	.key_heading_forms = "Mail",
	.key_is_email = 1,
	.key_prefix = "foraelder",
	.comment_heading = "Har du andre kommentarer til forældrerådets arbejde?",
	.waves = raad_waves,
	.n_waves = ARRAY_SIZE(raad_waves),
	.groups = raad_groups,
	.n_groups = ARRAY_SIZE(raad_groups),
	.traits = raad_traits,
	.n_traits = ARRAY_SIZE(raad_traits),
	.answers = raad_answers,
	.n_answers = ARRAY_SIZE(raad_answers),
	.items = raad_items,
	.n_items = ARRAY_SIZE(raad_items),
	.comments = raad_comments,
	.n_comments = ARRAY_SIZE(raad_comments),
	.report = {
		.title = "Forældrerådet for specialområdet",
		.title_en = "The parents' advisory board for special needs provision",
		.subtitle = "Kvartalsmåling, 4. kvartal 2025 – 3. kvartal 2026",
		.subtitle_en = "Quarterly survey, Q4 2025 – Q3 2026",
		.organisation = "Slagelse Kommune",
	},
};
