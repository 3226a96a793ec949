/* text.c: the table of Danish and English texts, and filling in their placeholders. */
#include "text.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *da;
	const char *en;
} texts[T__COUNT] = {
	[T_DASH] = { "\xe2\x80\x93", "\xe2\x80\x93" },
	[T_UNIT_PP] = { "pct.-point", "pp" },
	[T_MONTH_1] = { "januar", "January" },
	[T_MONTH_2] = { "februar", "February" },
	[T_MONTH_3] = { "marts", "March" },
	[T_MONTH_4] = { "april", "April" },
	[T_MONTH_5] = { "maj", "May" },
	[T_MONTH_6] = { "juni", "June" },
	[T_MONTH_7] = { "juli", "July" },
	[T_MONTH_8] = { "august", "August" },
	[T_MONTH_9] = { "september", "September" },
	[T_MONTH_10] = { "oktober", "October" },
	[T_MONTH_11] = { "november", "November" },
	[T_MONTH_12] = { "december", "December" },
	[T_NOT_AVAILABLE] = { "ikke beregnet", "not computed" },
	[T_HIDDEN] = { "skjult", "hidden" },
	[T_ALL_MUNICIPALITIES] = { "Alle kommuner", "All municipalities" },
	[T_WHOLE_PROJECT] = { "Hele projektet", "Whole project" },
	[T_ALL_GROUPS] = { "Alle grupper", "All groups" },
	[T_TOTAL] = { "I alt", "Total" },
	[T_PAGE] = { "Side {n} af {m}", "Page {n} of {m}" },
	[T_FILE_REPORT] = { "rapport", "report" },
	[T_LIST_AND] = { " og ", " and " },
	[T_IN_PLACE] = { " i {place}", " in {place}" },
	[T_YES] = { "ja", "yes" },
	[T_NO] = { "nej", "no" },

	[T_META_AUTHOR] = { "tillid {version}", "tillid {version}" },
	[T_META_SUBJECT] = { "Måling af tillid og samarbejde før og efter",
			     "Measuring trust and collaboration before and after" },

	[T_COVER_KICKER] = { "Måling af tillid og samarbejde", "Measuring trust and collaboration" },
	[T_COVER_LOGO] = { "Logo", "Logo" },
	[T_COVER_LOGO_OF] = { "Logo: {org}", "Logo: {org}" },
	[T_COVER_SCOPE_PROJECT] = { "Rapport for hele projektet", "Report for the whole project" },
	[T_COVER_SCOPE_MUNI] = { "Rapport for {place}", "Report for {place}" },
	[T_COVER_MUNIS] = { "Kommuner", "Municipalities" },
	[T_COVER_WAVES] = { "Målinger", "Surveys" },
	[T_COVER_DATA_DATE] = { "Data pr. {date}", "Data as of {date}" },
	[T_COVER_CONTENTS] = { "Indhold", "Contents" },
	[T_COVER_ABOUT] = {
		"Rapporten viser, hvordan de adspurgte svarede ved hver måling, og hvad der har ændret sig "
		"fra {base} til {later}. Hovedresultaterne står på side {keypage}.{method}",
		"This report shows how the respondents answered in each survey and what changed from "
		"{base} to {later}. The key findings are on page {keypage}.{method}" },
	[T_COVER_ABOUT_METHOD] = {
		" Siden »Sådan læses rapporten« (side {methodpage}) forklarer tallene uden fagudtryk.",
		" The section “How to read this report” (page {methodpage}) explains the numbers without jargon." },
	[T_COVER_ABOUT_ONE_WAVE] = {
		"Rapporten viser, hvordan de adspurgte svarede ved {base}. Der er endnu ingen senere måling "
		"at sammenligne med.{method}",
		"This report shows how the respondents answered in {base}. There is no later survey to "
		"compare with yet.{method}" },
	[T_COVER_ABOUT_ONE_WAVE_METHOD] = {
		" Siden »Sådan læses rapporten« (side {methodpage}) forklarer tallene.",
		" The section “How to read this report” (page {methodpage}) explains the numbers." },

	[T_SEC_KEY] = { "Hovedresultater", "Key findings" },
	[T_SEC_OVERVIEW] = { "Overblik", "Overview" },
	[T_OVERVIEW_INTRO] = {
		"Ændringen fra {base} til {later} i hvert emne {scope}, i point på emnets svarskala (højere er mere positivt). Tegnet "
		"foran tallet er vurderingen: en sikker stigning eller et sikkert fald, stort set uændret "
		"(med sikkerhed mindre end {delta} point) eller kan ikke afgøres (for få svar til at sige "
		"det, eller svar helt uden spredning). Hovedresultaterne på de næste sider siger det samme med ord.",
		"The change from {base} to {later} in each topic {scope}, in points on the topic's answer scale (higher is more positive). "
		"The sign before the number is the verdict: a sure rise or a sure fall, about unchanged "
		"(surely less than {delta} points), or cannot be decided (too few answers to tell, or "
		"answers without any spread). The key "
		"findings on the next pages say the same in words." },
	[T_OVERVIEW_HIDDEN] = { "for at beskytte en lille gruppe", "to protect a small group" },
	[T_OVERVIEW_NOTE] = {
		"Hver kolonne følger de samme personer, hvor nok har svaret begge gange, og sammenligner "
		"ellers alle svar; hovedresultaterne siger hvilket.",
		"Each column follows the same people where enough answered both times, and otherwise "
		"compares all answers; the key findings say which." },
	[T_OVERVIEW_INTRO_MUNI] = {
		"Ændringen fra {base} til {later} i hele projektet: i hvert emne for alle svarpersoner, for "
		"hver gruppe og for hver kommune som helhed, i point på emnets svarskala (højere er mere "
		"positivt). Tegnet foran tallet er vurderingen: en sikker stigning eller et sikkert fald, "
		"stort set uændret (med sikkerhed mindre end {delta} point) eller kan ikke afgøres (for få svar "
		"til at sige det, eller svar helt uden spredning). Hovedresultaterne på de næste sider siger "
		"med ord, hvad der gælder for {place}.",
		"The change from {base} to {later} in the whole project: in each topic for all respondents, "
		"each group and each municipality as a whole, in points on the topic's answer scale (higher "
		"is more positive). The sign before the number is the verdict: a sure rise or a sure fall, "
		"about unchanged (surely less than {delta} points), or cannot be decided (too few answers to "
		"tell, or answers without any spread). The key findings on the next pages say in words what "
		"holds for {place}." },
	[T_OVERVIEW_SHARE_NOTE] = {
		"For et spørgsmål med to svar (ja/nej) er tallet ændringen i procentpoint af andelen, der "
		"svarer ja (eller spørgsmålets positive svar).",
		"For a question with two answers (yes/no), the number is the change in percentage points of "
		"the share answering yes (or the question's positive answer).",
	},
	[T_OVERVIEW_NOTE_MUNI] = {
		"Hver kolonne følger de samme personer, hvor nok har svaret begge gange, og sammenligner "
		"ellers alle svar.",
		"Each column follows the same people where enough answered both times, and otherwise "
		"compares all answers." },
	[T_COL_TOPIC] = { "Emne", "Topic" },
	[T_SEC_ITEMS] = { "Spørgsmålene enkeltvis", "The questions one by one" },
	[T_SEC_EFFECT] = { "Effektstørrelser", "Effect sizes" },
	[T_SEC_RESPONSE] = { "Svarprocent og antal", "Response rates and numbers" },
	[T_SEC_METHOD] = { "Sådan læses rapporten", "How to read this report" },
	[T_SEC_DATA] = { "Data", "Data" },

	[T_KEY_INTRO] = {
		"Hver sætning sammenligner {base} med {later} for ét emne{scope}. Tallene er gennemsnit på emnets svarskala, hvor højere er "
		"mere positivt. Hver ændring får én af tre vurderinger: en sikker stigning eller et sikkert "
		"fald; »stort set uændret«, når ændringen med sikkerhed er mindre end {delta} point; eller "
		"»kan ikke afgøres«, når svarene er for få til at sige det eller slet ikke spreder sig.",
		"Each sentence compares {base} with {later} for one topic{scope}. The numbers are means on the topic's answer scale, "
		"where higher is more positive. Each change gets one of three verdicts: a sure rise or a "
		"sure fall; “about unchanged” when the change is surely smaller than {delta} points; or "
		"“cannot be decided” when the answers are too few to tell or do not vary at all." },
	[T_KEY_INTRO_MUNI] = {
		"Hver sætning sammenligner {base} med {later} for ét emne i {place}: først for kommunen som "
		"helhed, så for hver gruppe, med hele projektets tal til sammenligning. Tallene er gennemsnit "
		"på emnets svarskala, hvor højere er mere positivt. Hver ændring får én af tre vurderinger: "
		"en sikker stigning eller et sikkert fald; »stort set uændret«, når ændringen med sikkerhed "
		"er mindre end {delta} point; eller »kan ikke afgøres«, når svarene er for få til at sige det eller slet ikke spreder sig.",
		"Each sentence compares {base} with {later} for one topic in {place}: first for the "
		"municipality as a whole, then for each group, with the whole project's numbers for "
		"comparison. The numbers are means on the topic's answer scale, where higher is more "
		"positive. Each change gets one of three verdicts: a sure rise or a sure fall; “about "
		"unchanged” when the change is surely smaller than {delta} points; or “cannot be decided” "
		"when the answers are too few to tell or do not vary at all." },
	[T_S_ROSE] = { "{who} {scale}{where} steg fra {a} til {b} på en skala fra {k}",
		       "{who} {scale}{where} rose from {a} to {b} on a scale from {k}" },
	[T_S_FELL] = { "{who} {scale}{where} faldt fra {a} til {b} på en skala fra {k}",
		       "{who} {scale}{where} fell from {a} to {b} on a scale from {k}" },
	[T_S_SAME] = { "{who} {scale}{where} var stort set uændret: {a} før og {b} efter på en skala fra {k}",
		       "{who} {scale}{where} was about unchanged: {a} before and {b} after on a scale from {k}" },
	[T_S_MOVED] = { "{who} {scale}{where} gik fra {a} til {b} på en skala fra {k}",
			"{who} {scale}{where} went from {a} to {b} on a scale from {k}" },
	[T_S_UNCHANGED] = { "; ændringen er med sikkerhed mindre end {delta} point",
			    "; the change is surely smaller than {delta} points" },
	[T_S_UNCHANGED_PP] = { "; ændringen er med sikkerhed mindre end {delta} procentpoint",
			       "; the change is surely smaller than {delta} percentage points" },
	[T_S_SURE_UP] = { "; stigningen er statistisk sikker", "; the rise is statistically sure" },
	[T_S_SURE_DOWN] = { "; faldet er statistisk sikkert", "; the fall is statistically sure" },
	[T_S_UNSURE] = { "; svarene er for få til at afgøre, om det er en ændring",
			 "; the answers are too few to decide whether this is a change" },
	[T_S_UNSURE_NOBODY] = { "; ingen ændrede deres svar, og uden spredning i svarene kan ændringen ikke "
				"afgøres statistisk",
				"; nobody changed their answer, and without any spread in the answers the change "
				"cannot be decided statistically" },
	[T_S_UNSURE_SAME_CHANGE] = { "; alle ændrede deres svar præcis lige meget, og uden spredning i svarene "
				     "kan ændringen ikke afgøres statistisk",
				     "; everyone changed their answer by exactly the same amount, and without any spread "
				     "in the answers the change cannot be decided statistically" },
	[T_S_UNSURE_ALIKE] = { "; alle svarede ens ved hver måling, og uden spredning i svarene kan ændringen "
			       "ikke afgøres statistisk",
			       "; everyone answered alike in each survey, and without any spread in the "
			       "answers the change cannot be decided statistically" },
	[T_S_EFFECT] = { " (en {size} effekt)", " (a {size} effect)" },
	[T_SIZE_NEGLIGIBLE] = { "meget lille", "negligible" },
	[T_SIZE_SMALL] = { "lille", "small" },
	[T_SIZE_MEDIUM] = { "mellemstor", "medium" },
	[T_SIZE_LARGE] = { "stor", "large" },
	[T_S_PAIRED] = { " Grundlag: de samme {n} personer, som svarede begge gange.",
			 " Based on the same {n} people who answered both times." },
	[T_S_PAIRED_NO_N] = { " Grundlag: de samme personer, som svarede begge gange.",
			      " Based on the same people who answered both times." },
	[T_S_INDEP] = { " Grundlag: alle svar ({n1} før, {n2} efter), da for få svarede begge gange.",
			" Based on all answers ({n1} before, {n2} after), as too few answered both times." },
	[T_S_INDEP_NO_N] = { " Grundlag: alle svar ved hver måling, da for få svarede begge gange.",
			     " Based on all answers in each survey, as too few answered both times." },
	[T_S_INDEP_HIDDEN] = {
		" Grundlag: alle svar ved hver måling; hvor mange der svarede begge gange, er skjult for at "
		"beskytte en lille gruppe.",
		" Based on all answers in each survey; how many answered both times is hidden to protect a "
		"small group." },
	[T_ALL_RESPONDENTS] = { "Alle svarpersoner", "All respondents" },
	[T_SCOPE_ALL] = { "alle svarpersoner", "all respondents" },
	[T_SCOPE_GROUPS] = { "hver gruppe", "each group" },
	[T_SCOPE_MUNIS] = { "hver kommune", "each municipality" },
	[T_SCOPE_MUNIS_WHOLE] = { "hver kommune som helhed", "each municipality as a whole" },
	[T_SCOPE_UNITS] = { "hver enhed", "each unit" },
	[T_SCOPE_FOR] = { "for {list}", "for {list}" },
	[T_SCOPE_SEP_FOR] = { ", for ", ", " },
	[T_SCOPE_LAST_FOR] = { " og for ", " and " },
	[T_SCOPE_ORDER] = { ": først for {first}, så for {rest}", ": first for {first}, then for {rest}" },
	[T_KEY_MUNIS] = { "Kommunerne", "The municipalities" },
	[T_KEY_WHOLE] = { "{place} som helhed", "{place} as a whole" },
	[T_KEY_CELLS] = { "Grupper i de enkelte kommuner", "Groups within each municipality" },
	[T_KEY_CELLS_INTRO] = {
		"En gruppe i en enkelt kommune har få svar. Her står kun de ændringer, der er statistisk "
		"sikre; resten står i tabellerne under hvert emne.",
		"A group within one municipality has few answers. Only the changes that are statistically "
		"sure are given here; the rest are in the tables under each topic." },
	[T_KEY_CELLS_NONE] = {
		"Ingen ændring for en gruppe i en enkelt kommune er statistisk sikker.",
		"No change for a group within one municipality is statistically sure." },
	[T_FEW_PAIRS_HIDDEN] = {
		"I {list} er antallet, der svarede begge gange, skjult for at beskytte en lille gruppe. Her "
		"sammenligner rapporten alle svar fra de to målinger.",
		"In {list} the number who answered both times is hidden to protect a small group. There the "
		"report compares all answers of the two surveys." },
	[T_S_HIDDEN] = {
		"{group}: tallene om {topic}{where} er »{hidden}« for at beskytte en lille gruppe eller fordi ingen "
		"svarede.",
		"{group}: the numbers on {topic}{where} are “{hidden}” to protect a small group or because nobody "
		"answered." },
	[T_S_NOT_AVAILABLE] = { "{group}: ændringen i {topic}{where} kan ikke beregnes ({note}).",
				"{group}: the change in {topic}{where} cannot be computed ({note})." },
	[T_S_PROJECT] = { " Hele projektet: {a} \xe2\x86\x92 {b} ({verdict}).",
			  " Whole project: {a} \xe2\x86\x92 {b} ({verdict})." },
	[T_S_LEVEL] = { "{group}: {topic}{where} er {a} på en skala fra {k} ved {wave}.",
			"{group}: {topic}{where} is {a} on a scale from {k} in {wave}." },
	[T_S_RATING_OF] = { "vurdering af »{label}«", "rating of “{label}”" },
	[T_QUOTED] = { "»{label}«", "“{label}”" },
	[T_FEW_HEAD] = { "Hvor tallene er for få", "Where the numbers are too few" },
	[T_FEW_INTRO] = {
		"Når færre end {min} har svaret, viser rapporten ingen tal – hverken i tekst, tabeller eller "
		"figurer – så ingen kan genkendes, og så tilfældige udsving ikke læses som resultater. Tal, der "
		"sammen med de viste ville afsløre sådan en gruppe, vises heller ikke. Hvor et tal mangler, står "
		"der »{hidden}«: skjult for at beskytte en lille gruppe eller fordi ingen svarede. Det gælder:",
		"When fewer than {min} have answered, the report shows no numbers – in text, tables or "
		"charts – so that nobody can be recognised and chance variation is not read as a result. Nor "
		"does it show numbers that together with those shown would reveal such a group. Where a number "
		"is missing it says “{hidden}”: hidden to protect a small group or because nobody answered. "
		"This applies to:" },
	[T_FEW_LINE] = { "{group}, {wave}: {places}", "{group}, {wave}: {places}" },
	[T_FEW_LINE_ALL] = { "{group}, {wave}", "{group}, {wave}" },
	[T_FEW_NONE] = { "Alle grupper har mindst {min} svar ved alle målinger.",
			 "Every group has at least {min} answers in every survey." },
	[T_FEW_NONE_ONE] = { "{group}: mindst {min} svar ved alle målinger.",
			     "{group}: at least {min} answers in every survey." },
	[T_FEW_PAIRS] = {
		"Færre end {pairs} svarede begge gange i: {list}. Her sammenligner rapporten alle svar "
		"fra de to målinger i stedet for at følge de samme personer.",
		"Fewer than {pairs} answered both times in: {list}. There the report compares all answers "
		"of the two surveys instead of following the same people." },
	[T_OVERVIEW_TITLE] = { "Ændring fra {base} til {later}, med justeret interval",
			       "Change from {base} to {later}, with adjusted interval" },
	[T_AXIS_CHANGE] = { "Ændring i gennemsnit (point på svarskalaen)",
			    "Change in mean (points on the answer scale)" },
	[T_LEGEND_SURE] = { "statistisk sikker ændring", "statistically sure change" },
	[T_LEGEND_UNSURE] = { "ikke sikker (stort set uændret, eller kan ikke afgøres)",
			      "not sure (about unchanged, or cannot be decided)" },

	[T_SCALE_INTRO] = {
		"»{scale}« er hver persons gennemsnit af {n} spørgsmål, besvaret på en skala fra {first} "
		"»{lo}« til {k} »{hi}«:",
		"“{scale}” is each person's mean of {n} questions, answered on a scale from {first} “{lo}” "
		"to {k} “{hi}”:" },
	[T_REVERSED] = { "(stillet negativt og vendt om: uenighed tæller positivt)",
			 "(negatively worded and reversed: disagreement counts as positive)" },
	[T_DIVERGING_TITLE] = { "Svarfordeling ved hver måling", "Answers in each survey" },
	[T_DIVERGING_NOTE] = {
		"Negative svar til venstre, positive til højre, »{mid}« delt på midten.",
		"Negative answers to the left, positive to the right, “{mid}” split in the middle." },
	[T_DIVERGING_NOTE_EVEN] = { "Negative svar til venstre, positive til højre.",
				    "Negative answers to the left, positive to the right." },
	[T_DIVERGING_NOTE_DK] = {
		" »{dk}« står for sig til højre og tæller ikke med i procenterne.",
		" “{dk}” stands apart on the right and is not part of the percentages." },
	[T_DIVERGING_NOTE_BINNED] = {
		" For et emne er hver persons gennemsnit rundet til nærmeste punkt.",
		" For a topic, each person's mean is rounded to the nearest point." },
	[T_DUMBBELL_TITLE] = { "Gennemsnit ved hver måling (alle svar), med 95\xc2\xa0%-interval",
			       "Mean in each survey (all answers), with 95\xc2\xa0% interval" },
	[T_DUMBBELL_NOTE] = { "Den vandrette streg gennem hvert punkt er intervallet. Aksen viser hele svarskalaen.",
			      "The horizontal line through each point is the interval. The axis shows the whole answer scale." },
	[T_TABLE_TITLE] = { "Tallene bag figurerne", "The numbers behind the charts" },
	[T_CHANGE_TITLE] = { "Ændring fra {base} til {later}", "Change from {base} to {later}" },
	[T_COL_GROUP] = { "Gruppe", "Group" },
	[T_COL_PLACE] = { "Kommune", "Municipality" },
	[T_COL_UNIT] = { "Enhed", "Unit" },
	[T_UNIT_TABLE_TITLE] = { "Tallene for hver enhed", "The numbers of each unit" },
	[T_UNIT_CHANGE_TITLE] = { "Ændring fra {base} til {later} i hver enhed",
				  "Change from {base} to {later} in each unit" },
	[T_COL_WAVE] = { "Måling", "Survey" },
	[T_COL_PERIOD] = { "Indsamlet", "Field period" },
	[T_COL_ANSWERS] = { "Antal svar", "Answers" },
	[T_COL_N] = { "Svar", "Answers" },
	[T_COL_MEAN] = { "Gennemsnit", "Mean" },
	[T_COL_CI] = { "95\xc2\xa0%-interval", "95\xc2\xa0% interval" },
	[T_COL_CI_ADJ] = { "Justeret interval", "Adjusted interval" },
	[T_COL_POSITIVE] = { "Positive svar", "Positive answers" },
	[T_POSITIVE_NOTE] = {
		"»Positive svar«: andelen, hvis gennemsnit på emnet ligger nærmest et af de to øverste "
		"punkter ({lo} eller mere); det er de to felter længst til højre i svarfordelingen ovenfor.",
		"“Positive answers”: the share whose mean on the topic lies nearest one of the two highest "
		"points ({lo} or more); these are the two rightmost segments of the answers chart above." },
	[T_COL_CHANGE] = { "Ændring", "Change" },
	[T_COL_BASIS] = { "Grundlag", "Basis" },
	[T_COL_VERDICT] = { "Vurdering", "Verdict" },
	[T_V_UP] = { "sikker stigning", "sure rise" },
	[T_V_DOWN] = { "sikkert fald", "sure fall" },
	[T_V_UNCHANGED] = { "stort set uændret", "about unchanged" },
	[T_V_UNDECIDED] = { "kan ikke afgøres", "cannot be decided" },
	[T_COL_G] = { "Effekt (g)", "Effect (g)" },
	[T_BASIS_PAIRED] = { "{n} par", "{n} pairs" },
	[T_BASIS_PAIRED_NO_N] = { "samme personer", "same people" },
	[T_BASIS_INDEP] = { "alle svar", "all answers" },
	[T_AXIS_PCT] = { "Procent af svarene på skalaen", "Percent of answers on the scale" },
	[T_AXIS_MEAN] = { "Gennemsnit på svarskalaen", "Mean on the answer scale" },
	[T_NONSUBST_ALL] = { "Ved ikke o.l.", "Don't know etc." },

	[T_ITEMS_INTRO] = {
		"Her står hvert spørgsmål for sig. Figuren viser svarfordelingen for hver gruppe ved hver "
		"måling{table}.",
		"Here each question stands on its own. The chart shows the answers of each group in each "
		"survey{table}." },
	[T_ITEMS_INTRO_ONE] = {
		"Her står hvert spørgsmål for sig. Figuren viser svarfordelingen ved hver måling{table}.",
		"Here each question stands on its own. The chart shows the answers in each survey{table}." },
	[T_ITEMS_INTRO_TABLE] = { ", tabellen under den ændringen", ", the table below it the change" },
	[T_ITEMS_OUTSIDE] = { "Spørgsmål uden for emnerne", "Questions outside the topics" },

	[T_EFFECT_INTRO] = {
		"Effektstørrelsen (Hedges' g) måler ændringen i forhold til, hvor forskelligt folk svarer i "
		"forvejen. Den gør ændringer på forskellige emner sammenlignelige. Tommelfingerregel: under "
		"0,2 er meget lille, fra 0,2 lille, fra 0,5 mellemstor og fra 0,8 stor. Intervallet er "
		"ændringens justerede interval omregnet til effektstørrelse: det udelukker 0 netop, når "
		"ændringen er statistisk sikker.",
		"The effect size (Hedges' g) measures the change relative to how differently people answer "
		"in the first place. It makes changes on different topics comparable. Rule of thumb: below "
		"0.2 is negligible, from 0.2 small, from 0.5 medium and from 0.8 large. The interval is the "
		"change's adjusted interval converted to an effect size: it excludes 0 exactly when the "
		"change is statistically sure." },
	[T_EFFECT_TITLE] = { "Effektstørrelse fra {base} til {later}, med justeret interval",
			     "Effect size from {base} to {later}, with adjusted interval" },
	[T_AXIS_G] = { "Hedges' g (negativ: fald, positiv: stigning)", "Hedges' g (negative: fall, positive: rise)" },

	[T_RESPONSE_INTRO] = {
		"Antal svar ved hver måling for hver gruppe og kommune.",
		"Number of answers in each survey for each group and municipality." },
	[T_RESPONSE_INTRO_PLACES] = {
		"Antal svar ved hver måling for hver kommune.",
		"Number of answers in each survey for each municipality." },
	[T_RESPONSE_INTRO_WAVES] = {
		"Antal svar ved hver måling.",
		"Number of answers in each survey." },
	[T_RESPONSE_UNITS] = { "Antal svar i hver enhed", "Answers in each unit" },
	[T_RESPONSE_INVITED] = {
		"Svarprocenten står i parentes, hvor undersøgelsen har oplyst, hvor mange der blev inviteret.",
		"The response rate is in brackets where the study gives the number invited." },
	[T_HIDDEN_NOTE] = {
		"»{hidden}«: skjult for at beskytte en lille gruppe eller fordi ingen svarede (rapporten viser "
		"ingen tal for færre end {min} svar eller tal, der ville afsløre dem).",
		"“{hidden}”: hidden to protect a small group or because nobody answered (the report shows no "
		"numbers for fewer than {min} answers, nor numbers that would reveal them)." },

	[T_M_SCALE_H] = { "Svarskalaen", "The answer scale" },
	[T_M_SCALE] = {
		"Hvert spørgsmål besvares med faste svarmuligheder, fx fra 1 »Helt uenig« til 5 »Helt enig«. "
		"Højere tal er altid mere positive; spørgsmål, der er stillet negativt, er vendt om overalt, "
		"også når de står for sig, og er mærket »stillet negativt og vendt om«. »Ved ikke« og lignende er ikke et punkt på skalaen: de vises for sig og "
		"tæller ikke med i procenter og gennemsnit. Et emne, fx »Tillid«, samler flere spørgsmål om "
		"det samme.",
		"Each question is answered with fixed options, e.g. from 1 “Strongly disagree” to 5 “Strongly "
		"agree”. Higher numbers are always more positive; negatively worded questions are reversed "
		"everywhere, also when shown on their own, and marked “negatively worded and reversed”. “Don't know” and the like are not a point on the scale: they are "
		"shown apart and are not part of percentages and means. A topic, e.g. “Trust”, combines "
		"several questions about the same thing." },
	[T_M_MEAN_H] = { "Gennemsnit og positive svar", "Mean and positive answers" },
	[T_M_MEAN] = {
		"Gennemsnittet er summen af svarene delt med antallet af svar. For et emne regnes først hver "
		"persons gennemsnit af emnets spørgsmål. »Positive svar« er andelen, der har svaret et af de "
		"to øverste punkter på skalaen; for et emne andelen, hvis gennemsnit ligger nærmest et af de "
		"to øverste punkter (på en skala fra 1 til 5: 3,5 eller mere). Det er de samme svar, som "
		"figurerne viser længst til højre.",
		"The mean is the sum of the answers divided by the number of answers. For a topic, each "
		"person's mean of the topic's questions comes first. “Positive answers” is the share who "
		"answered one of the two highest points of the scale; for a topic, the share whose mean lies "
		"nearest one of the two highest points (on a scale from 1 to 5: 3.5 or more). These are the "
		"same answers the charts show furthest to the right." },
	[T_M_CI_H] = { "Intervallet", "The interval" },
	[T_M_CI] = {
		"Et 95\xc2\xa0%-interval viser, hvor det sande tal med stor sandsynlighed ligger, hvis man "
		"kunne spørge alle i målgruppen. Jo færre svar, og jo mere forskelligt folk svarer, jo "
		"bredere er intervallet. I tabellerne står det som [nedre; øvre].",
		"A 95\xc2\xa0% interval shows where the true number very probably lies, had one been able "
		"to ask everybody in the target group. The fewer the answers and the more people differ, "
		"the wider the interval. Tables write it as [lower, upper]." },
	[T_M_SURE_H] = { "Sikker ændring, stort set uændret eller kan ikke afgøres",
			 "Sure change, about unchanged, or cannot be decided" },
	[T_M_SURE] = {
		"Hver ændring får én vurdering, og tekst, figurer og tabeller følger den samme. Vurderingen "
		"bygger på ændringens justerede interval (se næste afsnit). Ligger hele intervallet over 0, "
		"er det en sikker stigning; ligger det under 0, et sikkert fald. Ligger hele intervallet "
		"inden for ±{delta} point, den mindste ændring, der regnes for at betyde noget, er emnet "
		"»stort set uændret«. Ellers »kan ikke afgøres«: svarene er for få eller for forskellige til "
		"at sige, om der er sket noget, eller de spreder sig slet ikke (alle svarede ens eller ændrede "
		"sig lige meget), så der ikke er noget interval at afgøre det ud fra. Sikker betyder ikke stor eller vigtig; det siger "
		"effektstørrelsen noget om. I figurerne er en sikker ændring et udfyldt punkt, og dens "
		"interval rammer ikke 0.",
		"Each change gets one verdict, and text, charts and tables follow the same one. The verdict "
		"rests on the change's adjusted interval (see the next paragraph). When the whole interval "
		"lies above 0 it is a sure rise; below 0, a sure fall. When the whole interval lies within "
		"±{delta} points, the smallest change that is taken to matter, the topic is “about "
		"unchanged”. Otherwise “cannot be decided”: the answers are too few or too varied to tell "
		"whether anything happened, or they do not vary at all (everyone answered alike or changed "
		"by the same amount), which leaves no interval to tell from. Sure does not mean large or "
		"important; the effect size tells that. In the charts a sure change is a filled dot, and its interval does not touch 0." },
	[T_M_HOLM] = {
		" Fordi rapporten laver mange sammenligninger, er intervallerne ved ændringer justeret "
		"(Bonferroni): alle emner i alle kommuner er én familie, ligesom alle emner i alle grupper, "
		"alle emner for alle svarpersoner og alle emner i alle grupper i de enkelte kommuner; et interval for en familie af m sammenligninger er et (1 − 0,05/m)-interval. Så "
		"er risikoen for blot én tilfældig »sikker« ændring i en familie højst 5\xc2\xa0%. De enkelte "
		"spørgsmål er en familie for sig pr. emne og er udforskende: de viser, hvor en ændring i et "
		"emne kommer fra.",
		" Because the report makes many comparisons, the intervals of changes are adjusted "
		"(Bonferroni): all topics in all municipalities form one family, as do all topics in all "
		"groups, all topics for all respondents, and all topics in all groups within the "
		"municipalities; the interval of a family of m comparisons is a (1 − 0.05/m) "
		"interval. The risk of even one chance “sure” change in a family is then at most 5\xc2\xa0%. "
		"The single questions form a family of their own per topic and are exploratory: they show "
		"where a topic's change comes from." },
	[T_M_HOLM_FAMILIES] = {
		" Fordi rapporten laver mange sammenligninger, er intervallerne ved ændringer justeret "
		"(Bonferroni): {families}; et interval for en familie af m sammenligninger er et "
		"(1 − 0,05/m)-interval. Så er risikoen for blot én tilfældig »sikker« ændring i en familie "
		"højst 5\xc2\xa0%. De enkelte spørgsmål er en familie for sig pr. emne og er udforskende: de "
		"viser, hvor en ændring i et emne kommer fra.",
		" Because the report makes many comparisons, the intervals of changes are adjusted "
		"(Bonferroni): {families}; the interval of a family of m comparisons is a (1 − 0.05/m) "
		"interval. The risk of even one chance “sure” change in a family is then at most 5\xc2\xa0%. "
		"The single questions form a family of their own per topic and are exploratory: they show "
		"where a topic's change comes from." },
	[T_M_FAMILY] = { "{first} er én familie", "{first} form one family" },
	[T_M_FAMILY_MORE] = { ", ligesom ", ", as do " },
	[T_M_FAMILY_ALL] = { "alle emner for alle svarpersoner", "all topics for all respondents" },
	[T_M_FAMILY_GROUPS] = { "alle emner i alle grupper", "all topics in all groups" },
	[T_M_FAMILY_MUNIS] = { "alle emner i alle kommuner", "all topics in all municipalities" },
	[T_M_FAMILY_CELLS] = { "alle emner i alle grupper i de enkelte kommuner",
			       "all topics in all groups within the municipalities" },
	[T_M_FAMILY_UNITS] = { "alle emner i alle enheder", "all topics in all units" },
	[T_M_EFFECT_H] = { "Effektstørrelse", "Effect size" },
	[T_M_EFFECT] = {
		"Effektstørrelsen Hedges' g er ændringen i gennemsnit delt med, hvor meget svarene spreder sig. "
		"0,2 regnes for en lille, 0,5 for en mellemstor og 0,8 for en stor effekt (Cohens "
		"tommelfingerregler). Når de samme personer følges, bruges g_av: ændringen delt med "
		"gennemsnittet af de to målingers spredning.",
		"The effect size Hedges' g is the change in mean divided by how much the answers spread. "
		"0.2 counts as a small, 0.5 as a medium and 0.8 as a large effect (Cohen's rules of thumb). "
		"When the same people are followed, g_av is used: the change divided by the mean of the two "
		"surveys' spread." },
	[T_M_TESTS_H] = { "Hvilke test, og hvorfor", "Which tests, and why" },
	[T_M_TESTS] = {
		"Når mindst {pairs} personer har svaret begge gange, følger rapporten de samme personer: "
		"ændringen testes med en parret t-test, fordi den kun ser på hver persons egen ændring og "
		"derfor er mest præcis. Ellers sammenligner rapporten alle svar ved de to målinger med "
		"Welchs t-test, som ikke antager, at svarene spreder sig lige meget ved de to målinger. "
		"Rangtest (Wilcoxon og Mann-Whitney), der ikke bygger på gennemsnit, og bootstrap-intervaller "
		"(startværdi {seed}) står i resultatfilen som kontrol. Intervallerne for gennemsnit bygger på "
		"t-fordelingen; for andele bruges Wilsons metode.",
		"When at least {pairs} people answered both times, the report follows the same people: the "
		"change is tested with a paired t-test, because it looks only at each person's own change "
		"and is therefore the most precise. Otherwise the report compares all answers of the two "
		"surveys with Welch's t-test, which does not assume that the answers spread equally in the "
		"two surveys. Rank tests (Wilcoxon and Mann-Whitney), which do not rest on means, and "
		"bootstrap intervals (seed {seed}) are in the results file as a check. Intervals for means "
		"rest on the t distribution; shares use Wilson's method." },
	[T_M_MIN_H] = { "Anonymitetsgrænsen", "The minimum group size" },
	[T_M_MIN] = {
		"Grupper med færre end {min} svar får ingen tal nogen steder i rapporten. For at ingen kan "
		"regne sig frem til en sådan gruppe ved at trække de viste tal fra en total, er enkelte andre "
		"tal også skjult, selv om de bygger på mindst {min} svar. De skjulte tal er valgt, så en total "
		"minus de viste delgrupper aldrig giver en gruppe med færre end {min} svar; derfor kan "
		"totalerne vises. Alle tal, der ikke vises, står som »skjult«, også hvor ingen svarede, så "
		"siden ikke røber, hvilken grund der gælder. At følge de samme personer kræver mindst {pairs} "
		"par.",
		"Groups with fewer than {min} answers get no numbers anywhere in the report. So that nobody "
		"can work out such a group by subtracting the numbers shown from a total, a few other numbers "
		"are hidden as well, even though they rest on at least {min} answers. The hidden numbers are "
		"chosen so that a total minus the subgroups shown never gives a group with fewer than {min} "
		"answers; that is why the totals can be shown. Every number not shown reads “hidden”, also "
		"where nobody answered, so that the page does not reveal which reason applies. Following the "
		"same people takes at least {pairs} pairs." },
	[T_M_WAVES_H] = { "Målingerne", "The surveys" },
	[T_M_WAVES] = {
		"Ændringer regnes fra {base}, som er udgangspunktet, til {later}.",
		"Changes are computed from {base}, the starting point, to {later}." },

	[T_DATA_INTRO] = {
		"Rapporten er lavet af tillid ud fra resultatfilen og de rensede data. Hver inputfil er "
		"identificeret ved sit SHA-256-fingeraftryk, så man kan kontrollere, at tallene bygger på "
		"de samme data.",
		"This report was made by tillid from the results file and the clean data. Each input file "
		"is identified by its SHA-256 fingerprint, so that one can check that the numbers rest on "
		"the same data." },
	[T_DATA_FILES] = { "Inputfiler", "Input files" },
	[T_COL_FILE] = { "Fil", "File" },
	[T_COL_ROLE] = { "Måling og rolle", "Survey and role" },
	[T_COL_ROWS] = { "Rækker", "Rows" },
	[T_COL_SHA] = { "SHA-256", "SHA-256" },
	[T_DATA_STUDY] = { "Undersøgelsesfil", "Study file" },
	[T_DATA_VERSION] = { "tillid-version", "tillid version" },
	[T_DATA_SEED] = { "Startværdi for bootstrap", "Bootstrap seed" },
	[T_DATA_RESAMPLES] = { "Bootstrap-gentagelser", "Bootstrap resamples" },
	[T_DATA_RUN_DATE] = { "Kørselsdato", "Date of run" },
	[T_DATA_RUN_DATE_NONE] = { "ikke angivet (så to kørsler giver den samme fil)",
				   "not given (so that two runs give the same file)" },
	[T_DATA_RESULTS] = { "Resultatfil", "Results file" },
	[T_DATA_MIN] = { "Anonymitetsgrænse", "Minimum group size" },
	[T_DATA_MIN_VALUE] = { "{min} svar", "{min} answers" },
	[T_DATA_DATE] = { "Data pr.", "Data as of" },

	[T_TREND_SEC] = { "{scale} over tid", "{scale} over time" },
	[T_TREND_INTRO] = {
		"Gennemsnittet ved hver af de {n} målinger for alle svarpersoner og for hver gruppe, med "
		"95\xc2\xa0%-interval. Tabellen under diagrammet viser den seneste ændring, fra {prev} til "
		"{later}; ændringen fra {base} står i afsnittets tabel ovenfor.",
		"The mean at each of the {n} surveys for all respondents and for each group, with 95\xc2\xa0% "
		"intervals. The table below the chart shows the latest change, from {prev} to {later}; the "
		"change from {base} is in the section's table above." },
	[T_TREND_INTRO_ALL] = {
		"Gennemsnittet ved hver af de {n} målinger, med 95\xc2\xa0%-interval. Tabellen under diagrammet "
		"viser den seneste ændring, fra {prev} til {later}; ændringen fra {base} står i afsnittets "
		"tabel ovenfor.",
		"The mean at each of the {n} surveys, with 95\xc2\xa0% intervals. The table below the chart "
		"shows the latest change, from {prev} to {later}; the change from {base} is in the section's "
		"table above." },
	[T_TREND_TITLE_ALL] = { "Gennemsnit ved hver måling (alle svar), med 95\xc2\xa0%-interval",
				"Mean in each survey (all answers), with 95\xc2\xa0% interval" },
	[T_TREND_NOTE_ALL] = {
		"Den lodrette streg gennem hvert punkt er intervallet for målingens gennemsnit. Hvor en "
		"måling er skjult, er linjen afbrudt. Aksen viser hele svarskalaen.",
		"The vertical bar through each point is the interval of that survey's mean. Where a survey "
		"is hidden, the line is broken. The axis shows the whole answer scale." },
	[T_TREND_INTRO_MUNI] = {
		"Gennemsnittet i {place} ved hver af de {n} målinger for kommunen som helhed og for hver "
		"gruppe, med 95\xc2\xa0%-interval. Tabellen under diagrammet viser den seneste ændring, fra "
		"{prev} til {later}; ændringen fra {base} står i afsnittets tabel ovenfor.",
		"The mean in {place} at each of the {n} surveys for the municipality as a whole and for each "
		"group, with 95\xc2\xa0% intervals. The table below the chart shows the latest change, from "
		"{prev} to {later}; the change from {base} is in the section's table above." },
	[T_TREND_TITLE] = { "Gennemsnit ved hver måling pr. gruppe (alle svar), med 95\xc2\xa0%-interval",
			    "Mean in each survey per group (all answers), with 95\xc2\xa0% interval" },
	[T_TREND_NOTE] = {
		"Hver linje er en gruppe; den lodrette streg gennem hvert punkt er intervallet for "
		"målingens gennemsnit. Hvor en måling er skjult, er linjen afbrudt. Aksen viser hele "
		"svarskalaen.",
		"Each line is a group; the vertical bar through each point is the interval of that "
		"survey's mean. Where a survey is hidden, the line is broken. The axis shows the whole "
		"answer scale." },
	[T_KEY_INTRO_LATEST] = {
		" Undersøgelsen har {n} målinger: hvert punkt siger også, hvordan emnet ændrede sig fra "
		"{prev} til {later}, med sin egen vurdering.",
		" The study has {n} surveys: each point also says how the topic changed from {prev} to "
		"{later}, with its own verdict." },
	[T_M_WAVES_MANY] = {
		" Med {n} målinger regnes også hver ændring fra en måling til den næste; den seneste står i "
		"hovedresultaterne og på hvert emnes side »over tid«. Hver sammenligning af to målinger "
		"justeres for sig: ændringen siden {base} og den seneste ændring har hver sit justerede "
		"interval og sin egen vurdering.",
		" With {n} surveys each change from one survey to the next is computed too; the latest is in "
		"the key findings and on each topic's page “over time”. Each comparison of two surveys is "
		"adjusted on its own: the change since {base} and the latest change each have their own "
		"adjusted interval and verdict." },
	[T_S_LATEST] = { " Seneste ændring, fra {base} til {later}: ", " Latest change, from {base} to {later}: " },
	[T_N_NOTE_MEANS] = { "Antal svar bag hvert gennemsnit ({waves}): ", "Answers behind each mean ({waves}): " },
	[T_N_NOTE_CHANGES] = { "Grundlag for hver ændring: ", "Basis of each change: " },
	[T_M_UNLABELLED_H] = { "Svar læst uden svarlabels", "Answers read without answer labels" },
	[T_M_UNLABELLED] = {
		"Eksporten fra SurveyXact havde ingen svarlabels for {items}. Disse svar er læst gennem de "
		"koder, undersøgelsesfilen giver svarskalaen, som den tillader ([checks] unlabelled = warn), "
		"og de indgår i alle tal. Er et spørgsmål kodet omvendt i eksporten, er dets svar læst "
		"vendt; koderne bør kontrolleres mod spørgeskemaet.",
		"The SurveyXact export had no answer labels for {items}. These answers were read through "
		"the codes the study file gives the answer scale, as it allows ([checks] unlabelled = warn), "
		"and they count in every number. Where a question is coded in reverse in the export, its "
		"answers were read flipped; the codes should be checked against the questionnaire." },
	[T_S_LEVEL_BOTH] = { "{who} {scale}{where} lå på {a} ved begge målinger på en skala fra {k}",
			     "{who} {scale}{where} was {a} at both surveys on a scale from {k}" },
	[T_M_UNLABELLED_ITEM] = { "»{item}« i {wave} ({n} svar)", "“{item}” in {wave} ({n} answers)" },
	[T_BOOK_TITLE] = { "{study}: {table}", "{study}: {table}" },
	[T_BOOK_COVER] = { "Målinger", "Surveys" },
	[T_BOOK_TABLE] = { "Tabel", "Table" },
	[T_BOOK_LOWER] = { "{col}, nedre grænse", "{col}, lower limit" },
	[T_BOOK_UPPER] = { "{col}, øvre grænse", "{col}, upper limit" },
	[T_BOOK_SHARE] = { "{col}, andel", "{col}, share" },
	[T_SHARE_ROSE] = { "{group}: andelen, der svarer {answer}, steg fra {a} til {b}",
			   "{group}: the share answering {answer} rose from {a} to {b}" },
	[T_SHARE_FELL] = { "{group}: andelen, der svarer {answer}, faldt fra {a} til {b}",
			   "{group}: the share answering {answer} fell from {a} to {b}" },
	[T_SHARE_SAME] = { "{group}: andelen, der svarer {answer}, var stort set uændret: {a} før og {b} efter",
			   "{group}: the share answering {answer} was about unchanged: {a} before and {b} after" },
	[T_SHARE_MOVED] = { "{group}: andelen, der svarer {answer}, gik fra {a} til {b}",
			    "{group}: the share answering {answer} went from {a} to {b}" },
	[T_SHARE_LEVEL] = { "{group}: {a} svarer {answer} ved {wave}.", "{group}: {a} answer {answer} in {wave}." },
	[T_COL_SHARE_BASE] = { "Før", "Before" },
	[T_COL_SHARE_LATER] = { "Efter", "After" },
	[T_COL_CHANGE_PP] = { "Ændring (pct.-point)", "Change (pct. points)" },
	[T_NPS_LEVEL] = {
		"{group}: Net Promoter Score (andelen, der svarer 9 eller 10, minus andelen, der svarer 0 til "
		"6) er {a} ved {wave}, 95\xc2\xa0%-interval {ci}.",
		"{group}: the Net Promoter Score (the share answering 9 or 10 minus the share answering 0 "
		"to 6) is {a} in {wave}, 95\xc2\xa0% interval {ci}." },
	[T_NPS_CHANGE] = {
		"{group}: Net Promoter Score (andelen, der svarer 9 eller 10, minus andelen, der svarer 0 til "
		"6) gik fra {a} til {b}, en ændring på {d} med 95\xc2\xa0%-intervallet {ci}.",
		"{group}: the Net Promoter Score (the share answering 9 or 10 minus the share answering 0 "
		"to 6) went from {a} to {b}, a change of {d} with the 95\xc2\xa0% interval {ci}." },
	[T_SCALE_RANGE] = { "{lo} til {hi}", "{lo} to {hi}" },
};

const char *tx(enum lang lang, enum text_id id)
{
	if ((unsigned)id >= T__COUNT)
		abort();
	const char *s = lang == LANG_EN ? texts[id].en : texts[id].da;
	if (!s)
		abort();
	return s;
}

static void fill(struct strbuf *sb, const char *tmpl, va_list ap)
{
	const char *names[16], *values[16];
	size_t n = 0;
	for (;;) {
		const char *name = va_arg(ap, const char *);
		if (!name)
			break;
		if (n == ARRAY_SIZE(names))
			abort();
		names[n] = name;
		values[n] = va_arg(ap, const char *);
		n++;
	}
	for (const char *s = tmpl; *s;) {
		const char *open = strchr(s, '{');
		if (!open) {
			sb_adds(sb, s);
			break;
		}
		sb_add(sb, s, (size_t)(open - s));
		const char *close = strchr(open, '}');
		if (!close)
			abort();
		size_t len = (size_t)(close - open - 1);
		size_t i;
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len && !memcmp(names[i], open + 1, len))
				break;
		if (i == n || !values[i]) {
			fprintf(stderr, "tillid: bug: no value for {%.*s} in \"%s\"\n", (int)len, open + 1, tmpl);
			abort();
		}
		sb_adds(sb, values[i]);
		s = close + 1;
	}
}

void tx_fill(struct strbuf *sb, enum lang lang, enum text_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	fill(sb, tx(lang, id), ap);
	va_end(ap);
}

char *tx_fillf(enum lang lang, enum text_id id, ...)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	va_list ap;
	va_start(ap, id);
	fill(&sb, tx(lang, id), ap);
	va_end(ap);
	return sb_detach(&sb);
}

char *tx_genitive(const char *label, enum lang lang)
{
	size_t n = strlen(label);
	char last = n ? label[n - 1] : '\0';
	if (lang == LANG_EN)
		return xasprintf("%s%s", label, last == 's' || last == 'S' ? "'" : "'s");
	/* Danish, a one-word group in the definite plural: "Pårørende" (an
	 * adjective as a noun) -> "De pårørendes", "Borgere" -> "Borgernes";
	 * a longer label keeps its own form ("Kommunens borgere"). */
	int one_word = !strchr(label, ' ');
	if (one_word && n >= 4 && !strcmp(label + n - 4, "ende")) {
		char *low = tx_lower_first(label);
		char *r = xasprintf("De %ss", low);
		free(low);
		return r;
	}
	if (one_word && n >= 3 && !strcmp(label + n - 3, "ere"))
		return xasprintf("%.*snes", (int)(n - 1), label);
	/* an s, x or z at the end takes an apostrophe instead */
	if (last == 's' || last == 'x' || last == 'z' || last == 'S' || last == 'X' || last == 'Z')
		return xasprintf("%s'", label);
	return xasprintf("%ss", label);
}

char *tx_lower_first(const char *label)
{
	if (!g_utf8_validate(label, -1, NULL) || !*label)
		return xstrdup(label);
	const char *second = g_utf8_next_char(label);
	gunichar c1 = g_utf8_get_char(label);
	gunichar c2 = *second ? g_utf8_get_char(second) : 0;
	if (!g_unichar_isupper(c1) || (c2 && !g_unichar_islower(c2)))
		return xstrdup(label);
	char first[8];
	int len = g_unichar_to_utf8(g_unichar_tolower(c1), first);
	first[len] = '\0';
	return xasprintf("%s%s", first, second);
}

int lang_from_name(const char *name)
{
	if (!strcmp(name, "da"))
		return LANG_DA;
	if (!strcmp(name, "en"))
		return LANG_EN;
	return -1;
}
