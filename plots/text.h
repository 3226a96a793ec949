/* text.h: every word the report prints, in Danish and English, in one table. */
#ifndef TILLID_TEXT_H
#define TILLID_TEXT_H

#include "core/util.h"

enum lang { LANG_DA, LANG_EN };

/* Ids of the texts in text.c. Texts may hold placeholders "{name}" that
 * tx_fill replaces. */
enum text_id {
	T_DASH,
	T_UNIT_PP,
	T_MONTH_1, T_MONTH_2, T_MONTH_3, T_MONTH_4, T_MONTH_5, T_MONTH_6,
	T_MONTH_7, T_MONTH_8, T_MONTH_9, T_MONTH_10, T_MONTH_11, T_MONTH_12,
	T_NOT_AVAILABLE,
	T_HIDDEN,
	T_ALL_MUNICIPALITIES,
	T_WHOLE_PROJECT,
	T_ALL_GROUPS,
	T_TOTAL,
	T_PAGE,
	T_FILE_REPORT,
	T_LIST_AND,
	T_IN_PLACE,
	T_YES,
	T_NO,

	T_META_AUTHOR,
	T_META_SUBJECT,

	T_COVER_KICKER,
	T_COVER_LOGO,
	T_COVER_LOGO_OF,
	T_COVER_SCOPE_PROJECT,
	T_COVER_SCOPE_MUNI,
	T_COVER_MUNIS,
	T_COVER_WAVES,
	T_COVER_DATA_DATE,
	T_COVER_CONTENTS,
	T_COVER_ABOUT,
	T_COVER_ABOUT_METHOD,
	T_COVER_ABOUT_ONE_WAVE,
	T_COVER_ABOUT_ONE_WAVE_METHOD,

	T_SEC_KEY,
	T_SEC_OVERVIEW,
	T_OVERVIEW_INTRO,
	T_OVERVIEW_HIDDEN,
	T_OVERVIEW_NOTE,
	T_OVERVIEW_INTRO_MUNI,
	T_OVERVIEW_NOTE_MUNI,
	T_OVERVIEW_SHARE_NOTE,
	T_COL_TOPIC,
	T_SEC_ITEMS,
	T_SEC_EFFECT,
	T_SEC_RESPONSE,
	T_SEC_METHOD,
	T_SEC_DATA,

	T_KEY_INTRO,
	T_KEY_INTRO_MUNI,
	T_S_ROSE,
	T_S_FELL,
	T_S_SAME,
	T_S_SURE_UP,
	T_S_SURE_DOWN,
	T_S_UNSURE,
	T_S_UNSURE_NOBODY,
	T_S_UNSURE_SAME_CHANGE,
	T_S_UNSURE_ALIKE,
	T_S_MOVED,
	T_S_UNCHANGED,
	T_S_UNCHANGED_PP,
	T_S_EFFECT,
	T_SIZE_NEGLIGIBLE,
	T_SIZE_SMALL,
	T_SIZE_MEDIUM,
	T_SIZE_LARGE,
	T_S_PAIRED,
	T_S_PAIRED_NO_N,
	T_S_INDEP,
	T_S_INDEP_NO_N,
	T_S_INDEP_HIDDEN,
	T_ALL_RESPONDENTS,
	T_SCOPE_ALL,
	T_SCOPE_GROUPS,
	T_SCOPE_MUNIS,
	T_SCOPE_MUNIS_WHOLE,
	T_SCOPE_UNITS,
	T_SCOPE_FOR,
	T_SCOPE_SEP_FOR,
	T_SCOPE_LAST_FOR,
	T_SCOPE_ORDER,
	T_KEY_MUNIS,
	T_KEY_WHOLE,
	T_KEY_CELLS,
	T_KEY_CELLS_INTRO,
	T_KEY_CELLS_NONE,
	T_FEW_PAIRS_HIDDEN,
	T_S_HIDDEN,
	T_S_NOT_AVAILABLE,
	T_S_PROJECT,
	T_S_RATING_OF,
	T_QUOTED,
	T_S_LEVEL,
	T_FEW_HEAD,
	T_FEW_INTRO,
	T_FEW_LINE,
	T_FEW_LINE_ALL,
	T_FEW_NONE,
	T_FEW_NONE_ONE,
	T_FEW_PAIRS,
	T_OVERVIEW_TITLE,
	T_AXIS_CHANGE,
	T_LEGEND_SURE,
	T_LEGEND_UNSURE,

	T_SCALE_INTRO,
	T_REVERSED,
	T_DIVERGING_TITLE,
	T_DIVERGING_NOTE,
	T_DIVERGING_NOTE_EVEN,
	T_DIVERGING_NOTE_DK,
	T_DIVERGING_NOTE_BINNED,
	T_DUMBBELL_TITLE,
	T_DUMBBELL_NOTE,
	T_TABLE_TITLE,
	T_CHANGE_TITLE,
	T_COL_GROUP,
	T_COL_PLACE,
	T_COL_UNIT,
	T_UNIT_TABLE_TITLE,
	T_UNIT_CHANGE_TITLE,
	T_COL_WAVE,
	T_COL_PERIOD,
	T_COL_ANSWERS,
	T_COL_N,
	T_COL_MEAN,
	T_COL_CI,
	T_COL_CI_ADJ,
	T_COL_POSITIVE,
	T_POSITIVE_NOTE,
	T_COL_CHANGE,
	T_COL_BASIS,
	T_COL_VERDICT,
	T_V_UP,
	T_V_DOWN,
	T_V_UNCHANGED,
	T_V_UNDECIDED,
	T_COL_G,
	T_BASIS_PAIRED,
	T_BASIS_PAIRED_NO_N,
	T_BASIS_INDEP,
	T_AXIS_PCT,
	T_AXIS_MEAN,
	T_NONSUBST_ALL,

	T_ITEMS_INTRO,
	T_ITEMS_INTRO_ONE,
	T_ITEMS_INTRO_TABLE,
	T_ITEMS_OUTSIDE,

	T_EFFECT_INTRO,
	T_EFFECT_TITLE,
	T_AXIS_G,

	T_RESPONSE_INTRO,
	T_RESPONSE_INTRO_PLACES,
	T_RESPONSE_INTRO_WAVES,
	T_RESPONSE_UNITS,
	T_RESPONSE_INVITED,
	T_HIDDEN_NOTE,

	T_M_SCALE_H, T_M_SCALE,
	T_M_MEAN_H, T_M_MEAN,
	T_M_CI_H, T_M_CI,
	T_M_SURE_H, T_M_SURE,
	T_M_HOLM,
	T_M_HOLM_FAMILIES,
	T_M_FAMILY,
	T_M_FAMILY_MORE,
	T_M_FAMILY_ALL,
	T_M_FAMILY_GROUPS,
	T_M_FAMILY_MUNIS,
	T_M_FAMILY_CELLS,
	T_M_FAMILY_UNITS,
	T_M_EFFECT_H, T_M_EFFECT,
	T_M_TESTS_H, T_M_TESTS,
	T_M_MIN_H, T_M_MIN,
	T_M_WAVES_H, T_M_WAVES,

	T_DATA_INTRO,
	T_DATA_FILES,
	T_COL_FILE,
	T_COL_ROLE,
	T_COL_ROWS,
	T_COL_SHA,
	T_DATA_STUDY,
	T_DATA_VERSION,
	T_DATA_SEED,
	T_DATA_RESAMPLES,
	T_DATA_RUN_DATE,
	T_DATA_RUN_DATE_NONE,
	T_DATA_RESULTS,
	T_DATA_MIN,
	T_DATA_MIN_VALUE,
	T_DATA_DATE,
	T_N_NOTE_MEANS,
	T_N_NOTE_CHANGES,
	T_M_UNLABELLED_H,
	T_M_UNLABELLED,
	T_M_UNLABELLED_ITEM,
	T_S_LEVEL_BOTH,

	T_TREND_SEC,
	T_TREND_INTRO,
	T_TREND_INTRO_ALL,
	T_TREND_TITLE_ALL,
	T_TREND_NOTE_ALL,
	T_TREND_INTRO_MUNI,
	T_TREND_TITLE,
	T_TREND_NOTE,
	T_KEY_INTRO_LATEST,
	T_S_LATEST,
	T_M_WAVES_MANY,

	T_BOOK_TITLE,
	T_BOOK_COVER,
	T_BOOK_TABLE,
	T_BOOK_LOWER,
	T_BOOK_UPPER,
	T_BOOK_SHARE,

	/* two-answer items and the NPS (report_share.c) */
	T_SHARE_ROSE,
	T_SHARE_FELL,
	T_SHARE_SAME,
	T_SHARE_MOVED,
	T_SHARE_LEVEL,
	T_COL_SHARE_BASE,
	T_COL_SHARE_LATER,
	T_COL_CHANGE_PP,
	T_NPS_LEVEL,
	T_NPS_CHANGE,
	T_SCALE_RANGE,

	T__COUNT
};

/* The text id in lang. Never NULL (the table is complete; test_fmt checks). */
const char *tx(enum lang lang, enum text_id id);

/* Append text id to sb with its placeholders replaced. The variable
 * arguments are pairs of const char * (name, value) ending with NULL:
 *   tx_fill(sb, lang, T_PAGE, "n", "3", "m", "12", NULL);
 * A placeholder without a value is a bug and aborts. */
void tx_fill(struct strbuf *sb, enum lang lang, enum text_id id, ...);

/* The same as a new string the caller frees. */
char *tx_fillf(enum lang lang, enum text_id id, ...);

/* The possessive of a group label, in Danish the definite plural
 * ("Pårørende" -> "De pårørendes", "Borgere" -> "Borgernes", "Alle
 * svarpersoner" -> "Alle svarpersoners"; "Citizens" -> "Citizens'");
 * caller frees. */
char *tx_genitive(const char *label, enum lang lang);

/* label with its first letter in lower case, unless it looks like an
 * acronym ("Tillid" -> "tillid", "KL-indeks" stays); caller frees. */
char *tx_lower_first(const char *label);

/* Parse "da" or "en"; -1 for anything else. */
int lang_from_name(const char *name);

#endif
