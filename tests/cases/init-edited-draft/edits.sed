# The analyst's edits to the draft of the two-waves exports, as its CHECK
# comments ask: name the study,
s/^name = .*/name = Samskabt styring – testkommuner/
# accept the follow-up's "Delvis enig" as point 4 of the agreement scale,
/^point\.5 = Helt enig$/a also.4 = Delvis enig
# and remove the follow-up's row number, which is not a question.
/^\[item id\]$/,/^$/d
