/* design_aaben.c: the design of the synthetic Åben Dialog evaluation: network meetings rated by citizens, their network and staff in two waves. */
#include "panel.h"

/* Slagelse tries Åben Dialog (Open Dialogue) in its work with citizens and
 * relatives: network meetings where the citizen, the private network and
 * the professionals talk together. Everyone at a meeting is asked at the
 * start (a Microsoft Forms questionnaire) and six months later
 * (LimeSurvey); the participant number handed out at the first meeting
 * pairs the two. */

static const struct panel_wave aaben_waves[] = {
	{ "opstart", "Ved opstart", "At the start", 2025, 9, 1, 61, "2025-09-01", "2025-10-31", PF_FORMS,
	  "opstart.xlsx" },
	{ "seks_mdr", "Efter seks måneder", "After six months", 2026, 3, 2, 47, "2026-03-02", "2026-04-17",
	  PF_LIMESURVEY, "seks-mdr.csv" },
};

static const struct panel_group aaben_groups[] = {
	{ "borger", "Borgere", "Citizens", "Borger", 0.30 },
	{ "netvaerk", "Netværk", "Network", "Pårørende eller anden fra netværket", 0.40 },
	{ "medarbejder", "Medarbejdere", "Staff", "Medarbejder", 0.30 },
};

/* Planted (latent, after six months minus the start): the citizens find
 * the dialogue better (+0.5) and so, less, does the network (+0.3); the
 * network sees a shared direction (+0.5); staff change in nothing but the
 * wish to meet again stays where it was; everyone recommends the meetings
 * more (+0.3, about +0.75 on 0-10). */
static const struct panel_trait aaben_traits[] = {
	{ "dialog", "Dialogen på mødet", "Dialogue at the meeting", 1, { 3.4, 3.2, 3.9 },
	  { { 0 }, { 0.5, 0.3, 0.0 } } },
	{ "retning", "Fælles retning", "A shared direction", 1, { 3.0, 2.8, 3.5 }, { { 0 }, { 0.0, 0.6, 0.0 } } },
	{ "anbefal", NULL, NULL, 0, { 3.6, 3.4, 4.0 }, { { 0 }, { 0.3, 0.3, 0.3 } } },
	{ "igen", NULL, NULL, 0, { 3.3, 3.2, 3.8 }, { { 0 }, { 0.5, 0.5, 0.0 } } },
};

static const struct panel_answers aaben_answers[] = {
	{ "enig5", 1, 5,
	  { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig", "Overvejende enig", "Helt enig" },
	  { "Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
	    "Strongly agree" },
	  "Ved ikke", "Don't know" },
	{ "anbefal", 0, 10,
	  { "Slet ikke sandsynligt", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    "Meget sandsynligt" },
	  { "Not at all likely", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Extremely likely" },
	  "Ved ikke", "Don't know" },
	{ "janej", 1, 2, { "Nej", "Ja" }, { "No", "Yes" }, "Ved ikke", "Don't know" },
};

static const struct panel_item aaben_items[] = {
	{ "dialog_1", 0, 0, 0, 0, 1, "Alle fik mulighed for at sige det, de havde på hjerte",
	  "Everyone had the chance to say what was on their mind", 0.1, 0.02 },
	{ "dialog_2", 0, 0, 0, 0, 1, "Der blev lyttet til det, jeg sagde", "What I said was listened to", 0.2,
	  0.02 },
	{ "dialog_3", 0, 0, 1, 0, 1, "Jeg følte mig presset til at sige noget, jeg ikke ville",
	  "I felt pressed to say something I did not want to", -0.1, 0.03 },
	{ "dialog_4", 0, 0, 0, 0, 1, "Der blev talt, så jeg kunne forstå det",
	  "People spoke so that I could understand", 0.0, 0.02 },
	{ "retning_1", 1, 0, 0, 0, 1, "Vi fandt frem til, hvad der skal ske nu", "We worked out what happens next",
	  0.1, 0.04 },
	{ "retning_2", 1, 0, 0, 0, 1, "Det er tydeligt, hvem der gør hvad efter mødet",
	  "It is clear who does what after the meeting", -0.2, 0.05 },
	{ "retning_3", 1, 0, 0, 0, 1, "Borgerens egne ønsker blev udgangspunktet for planen",
	  "The citizen's own wishes became the starting point of the plan", 0.0, 0.06 },
	{ "anbefal", 2, 1, 0, 1, 0,
	  "Hvor sandsynligt er det, at du vil anbefale netværksmøder til andre i en lignende situation?",
	  "How likely is it that you would recommend network meetings to others in a similar situation?", 0.0,
	  0.03 },
	{ "igen", 3, 2, 0, 0, 0, "Vil du gerne deltage i et netværksmøde igen?",
	  "Would you like to take part in a network meeting again?", 0.0, 0.05 },
};

static const char *const aaben_comments[] = {
	"Det var rart, at min søster også kunne være med.",
	"Mødet var for langt – jeg var træt til sidst.",
	"Godt at alle hørte det samme på én gang.",
	"Jeg savnede, at lægen var med.",
	"Første gang jeg følte, at de lyttede til os.",
	"Svært at sige noget, når der sidder så mange.",
	"Gode møder; de fleste kommer igen.",
	"Referatet kom først tre uger efter mødet.",
};

const struct panel_design design_aaben = {
	.name = "aaben-dialog",
	.title = "Åben Dialog – evaluering af netværksmøder",
	.about = "the study file of the synthetic Åben Dialog sample study.",
	.default_n = 400,
	.panel = 0,
	.paired_share = 0.55,
	.group_heading = "Hvem deltager du som?",
	.key_heading_ls = "Deltagernummer",
	.key_heading_forms = "Deltagernummer",
	.key_is_email = 0,
	.key_prefix = "AD-",
	.comment_heading = "Har du andre kommentarer til netværksmødet?",
	.waves = aaben_waves,
	.n_waves = ARRAY_SIZE(aaben_waves),
	.groups = aaben_groups,
	.n_groups = ARRAY_SIZE(aaben_groups),
	.traits = aaben_traits,
	.n_traits = ARRAY_SIZE(aaben_traits),
	.answers = aaben_answers,
	.n_answers = ARRAY_SIZE(aaben_answers),
	.items = aaben_items,
	.n_items = ARRAY_SIZE(aaben_items),
	.comments = aaben_comments,
	.n_comments = ARRAY_SIZE(aaben_comments),
	.report = {
		.title = "Åben Dialog – evaluering af netværksmøder",
		.title_en = "Open Dialogue – evaluation of network meetings",
		.subtitle = "Borgere, netværk og medarbejdere ved opstart og efter seks måneder",
		.subtitle_en = "Citizens, network and staff at the start and after six months",
		.organisation = "Slagelse Kommune",
		.breakdowns = "group",
	},
};
