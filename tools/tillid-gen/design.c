/* design.c: the design of the synthetic Fremfærd study: waves, groups, scales, municipalities, units, items, answers. */
#include "gen.h"

/* Each table is sized by the declaration in gen.h: one with another
 * number of rows does not compile. */

const struct wave_def waves[] = {
	{ "foer", "Førmåling", "Baseline", 2021, 3, 1, "2021-03-01", "2021-04-15" },
	{ "efter", "Eftermåling", "Follow-up", 2022, 3, 1, "2022-03-01", "2022-04-15" },
};

const struct group_def groups[] = {
	{ "borger", "Borgere", "Citizens", "Borger", 0.35, 0.42, 0.40, 0.14 },
	{ "paaroerende", "Pårørende", "Relatives", "Pårørende", 0.30, 0.38, 0.55, 0.22 },
	{ "medarbejder", "Medarbejdere", "Staff", "Medarbejder", 0.35, 0.68, 1.00, 0.10 },
};

const struct scale_def scales[] = {
	{ "tillid", "Tillid", "Trust", { 3.3, 2.9, 3.8 }, { 0.0, 0.5, 0.0 }, 1 },
	{ "hoert", "At blive hørt", "Being heard", { 3.2, 3.0, 3.7 }, { 0.3, 0.0, 0.0 }, 0 },
	{ "koord", "Koordinering og roller", "Coordination and roles", { 2.9, 2.6, 3.0 }, { 0.0, 0.0, 0.0 }, 0 },
	{ "tilfreds", "Tilfredshed", "Satisfaction", { 3.4, 3.1, 3.6 }, { 0.25, 0.25, 0.25 }, 1 },
};

const struct muni_def munis[] = {
	{ "Rebild", "REB", 840, 0.18, 0.10, 0.0 },
	{ "Slagelse", "SLA", 330, 0.34, -0.15, 0.0 },
	{ "Vesthimmerland", "VHI", 820, 0.20, 0.05, 0.0 },
	{ "Odder", "ODD", 727, 0.14, 0.10, 0.0 },
	{ "Haderslev", "HAD", 510, 0.14, 0.00, -0.6 },
};

const struct unit_def units[] = {
	{ M_REBILD, "Bostøtte til unge", 0, 0.60, 11 },
	{ M_REBILD, "Myndighed Familie og Handicap", 1, 0.40, 12 },
	{ M_SLAGELSE, "Fokus", 1, 0.35, 21 },
	{ M_SLAGELSE, "Autismecenter Vestsjælland", 0, 0.25, 22 },
	{ M_SLAGELSE, "Center for Specialundervisning", 0, 0.25, 23 },
	{ M_SLAGELSE, "Bostøtten Slagelse", 0, 0.15, 24 },
	{ M_VESTHIMMERLAND, "Myndighed Handicap og Psykiatri", 1, 0.40, 31 },
	{ M_VESTHIMMERLAND, "Bostøtten Aars", 0, 0.35, 32 },
	{ M_VESTHIMMERLAND, "Aktivitetscentret Løgstør", 0, 0.25, 33 },
	{ M_ODDER, "Visitation og Myndighed", 1, 0.45, 41 },
	{ M_ODDER, "Bo- og Støttetilbud Odder", 0, 0.55, 42 },
	{ M_HADERSLEV, "Myndighedsafdelingen", 1, 0.40, 51 },
	{ M_HADERSLEV, "Bostøtten Vojens", 0, 0.30, 52 },
	{ M_HADERSLEV, "Center for Socialpsykiatri", 0, 0.30, 53 },
};

const struct item_def items[] = {
	{ "tillid_1", S_TILLID, 0, A_ENIG, 1, "s_1_1",
	  "Jeg stoler på, at kommunen arbejder for borgerens bedste",
	  "I trust that the municipality works in the citizen's best interest",
	  0.1, { 0.03, 0.02, 0.02 } },
	{ "tillid_2", S_TILLID, 0, A_ENIG, 1, "s_1_2",
	  "Jeg kan regne med, at de aftaler, vi indgår, bliver holdt",
	  "I can rely on the agreements we make being kept",
	  0.0, { 0.04, 0.03, 0.02 } },
	{ "tillid_3", S_TILLID, 1, A_ENIG, 1, "s_1_3",
	  "Jeg er ofte i tvivl om, hvorvidt mine henvendelser bliver taget alvorligt",
	  "I often doubt whether my enquiries are taken seriously",
	  -0.1, { 0.05, 0.04, 0.03 } },
	{ "tillid_4", S_TILLID, 0, A_ENIG, 1, "s_1_4",
	  "Jeg har tillid til de fagfolk, jeg er i kontakt med",
	  "I trust the professionals I am in contact with",
	  0.3, { 0.03, 0.03, 0.01 } },
	{ "hoert_1", S_HOERT, 0, A_ENIG, 1, "s_2_1",
	  "Der bliver lyttet til mig, når der træffes beslutninger om borgerens støtte",
	  "I am listened to when decisions are made about the citizen's support",
	  0.0, { 0.04, 0.03, 0.02 } },
	{ "hoert_2", S_HOERT, 0, A_ENIG, 1, "s_2_2",
	  "Borgerens egne ønsker og mål er udgangspunktet for indsatsen",
	  "The citizen's own wishes and goals are the starting point for the support",
	  -0.2, { 0.05, 0.04, 0.03 } },
	{ "hoert_3", S_HOERT, 0, A_ENIG, 1, "s_2_3",
	  "Jeg oplever at blive behandlet med respekt",
	  "I feel that I am treated with respect",
	  0.4, { 0.02, 0.02, 0.01 } },
	{ "koord_1", S_KOORD, 0, A_ENIG, 2, "s_3_1",
	  "Det er tydeligt for mig, hvem der har ansvaret for hvad",
	  "It is clear to me who is responsible for what",
	  0.0, { 0.07, 0.05, 0.02 } },
	{ "koord_2", S_KOORD, 0, A_ENIG, 2, "s_3_2",
	  "Kommunens afdelinger arbejder godt sammen om borgerens forløb",
	  "The municipality's departments work well together on the citizen's course",
	  -0.2, { 0.12, 0.08, 0.03 } },
	{ "koord_3", S_KOORD, 0, A_ENIG, 2, "s_3_3",
	  "Jeg får besked i god tid, når der kommer en ny sagsbehandler eller kontaktperson",
	  "I am told in good time when a new caseworker or contact person takes over",
	  -0.4, { 0.10, 0.06, 0.08 } },
	{ "koord_4", S_KOORD, 0, A_ENIG, 2, "s_3_4",
	  "Vi får afstemt forventningerne, inden en indsats går i gang",
	  "We align expectations before a measure starts",
	  0.1, { 0.08, 0.06, 0.03 } },
	{ "tilfreds_1", S_TILFR, 0, A_TILFREDS, 3, "s_4",
	  "Hvor tilfreds er du samlet set med samarbejdet med kommunen?",
	  "Overall, how satisfied are you with the collaboration with the municipality?",
	  0.0, { 0.02, 0.02, 0.02 } },
	{ "tilfreds_2", S_TILFR, 0, A_TILFREDS, 3, "s_5",
	  "Hvor tilfreds er du med, hvor hurtigt du får svar på dine henvendelser?",
	  "How satisfied are you with how quickly your enquiries are answered?",
	  -0.3, { 0.05, 0.04, 0.06 } },
};

const double refuse_rate[] = { 0.006, 0.006, 0.002 };

const struct answers_def answer_scales[] = {
	{ "enig5",
	  { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig", "Overvejende enig", "Helt enig" },
	  { "Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
	    "Strongly agree" },
	  2, { "Ved ikke", "Ønsker ikke at svare" }, { "Don't know", "Prefer not to say" },
	  { 5, 4, 3, 2, 1 }, { 9, 8 }, "    ", { 5, 4, 3, 2, 1, -1, -2 } },
	{ "tilfreds5",
	  { "Meget utilfreds", "Utilfreds", "Hverken tilfreds eller utilfreds", "Tilfreds", "Meget tilfreds" },
	  { "Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
	    "Very satisfied" },
	  1, { "Ved ikke", NULL }, { "Don't know", NULL },
	  { 1, 2, 7, 4, 5 }, { 6, 0 }, "", { 1, 2, 3, 4, 5, -1, 0 } },
};

/* Free-text comments, by tone; "\n" is a line break inside the answer. */
static const char *const comments_neg[] = {
	"Vi har haft tre forskellige sagsbehandlere på et år; hver gang skal vi forklare det hele forfra.",
	"Jeg ringer og lægger besked, men ingen ringer tilbage.\nDet er meget frustrerende.",
	"Vi fik at vide, at der ville komme et \"opfølgningsmøde\" – det er aldrig blevet holdt.",
	"Afgørelsen kom først efter fire måneder, og der stod ikke, hvorfor vi fik afslag.",
	"Min søn bliver ikke spurgt om, hvad han selv vil. Det er de voksne omkring ham, der bestemmer.",
	"Det er svært at finde ud af, hvem man skal kontakte; skolen siger én ting og kommunen en anden.",
	"Jeg føler, at jeg skal kæmpe for hver eneste ting.\nDet tærer på hele familien.",
};
static const char *const comments_mid[] = {
	"Nogle medarbejdere er gode, andre lytter ikke. Det kommer an på, hvem man møder.",
	"Bostøtten fungerer fint, men myndighedsdelen er tung at have med at gøre.",
	"Svært at svare på – vi er lige startet.",
	"Bedre end før, men der er stadig for lang ventetid på svar.",
};
static const char *const comments_pos[] = {
	"Vores kontaktperson tager sig altid tid til at høre, hvordan det går.",
	"Det er blevet meget bedre, efter at vi fik faste møder hver måned;\nnu ved vi, hvad der skal ske.",
	"Tak for en god og respektfuld dialog.",
	"Jeg føler mig taget alvorligt, og aftalerne bliver holdt.",
	"Mødet om »min plan« var første gang, nogen spurgte, hvad jeg selv ville.",
};
static const char *const comments_staff[] = {
	"Vi mangler tid til at koordinere med myndighed; møderne bliver ofte aflyst.",
	"Det nye samarbejde med de pårørende har givet mere ro i hverdagen.",
	"Uklart, hvem der har ansvaret, når borgeren går fra børne- til voksenområdet.",
	"Vi bruger meget tid på dokumentation og for lidt på borgerne.",
	"Gode erfaringer med »Åben Dialog«, men det kræver, at alle er med.",
	"Vi har fået en fast \"tovholder\" på tværs af afdelingerne,\nog det har hjulpet.",
};
const struct comment_pool comment_pools[] = {
	{ comments_neg, ARRAY_SIZE(comments_neg) },
	{ comments_mid, ARRAY_SIZE(comments_mid) },
	{ comments_pos, ARRAY_SIZE(comments_pos) },
	{ comments_staff, ARRAY_SIZE(comments_staff) },
};
