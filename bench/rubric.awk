# bench/rubric.awk — rewrites a rubric exported by `kaoping rubric export`
# (jansson, two-space indent, one member per line) so that every indicator
# applies to all units, and lists its scoring slots.
#
#   awk -v all=区政府机关各单位 -v slots=FILE -f bench/rubric.awk export.json > rubric.json
#
# Indicator-level "units" becomes [all], "units_text" becomes all, "lead" is
# dropped; criterion-level "units", "units_text" and "lead" are dropped.
# SLOTS receives one line per scoring slot: "REF<TAB>MAX" with MAX in tenths
# ("1.1\t20", "2\t40"); a veto criterion's slot has MAX 0.
function indent(s) { match(s, /^ */); return RLENGTH }
function num(s) { sub(/^ *"[a-z_]+": */, "", s); sub(/,$/, "", s); return int(s * 10 + 0.5) }
function flush(   k) {
	if (cno == "")
		return
	if (np == 0)
		printf "%s\t%d\n", cno, (veto ? 0 : cpts) > slots
	for (k = 1; k <= np; k++)
		printf "%s.%d\t%d\n", cno, k, pp[k] > slots
	cno = ""; np = 0; veto = 0
}
BEGIN { crit = -1; skip = -1; nout = 0; cno = ""; np = 0; veto = 0 }
{
	line = $0; n = indent(line)
	if (skip >= 0) {                       # inside a dropped/replaced multi-line array
		if (n == skip && line ~ /^ *\]/)
			skip = -1
		next
	}
	if (crit >= 0 && n == crit && line ~ /^ *\]/) {   # end of a "criteria" list
		flush(); crit = -1
	}
	incrit = crit >= 0 && n > crit
	if (line ~ /^ *"criteria": \[/) {
		crit = n
		if (line ~ /\]/)                   # empty list on one line
			crit = -1
	}
	if (line ~ /^ *"(units|lead)": \[/) {
		if (line !~ /\]/)
			skip = n
		if (!incrit && line ~ /"units"/)
			out[++nout] = sprintf("%*s\"units\": [\"%s\"],", n, "", all)
		next
	}
	if (line ~ /^ *"units_text": /) {
		if (!incrit)
			out[++nout] = sprintf("%*s\"units_text\": \"%s\",", n, "", all)
		next
	}
	if (incrit && n == crit + 4) {          # a criterion's own member
		if (line ~ /^ *"no": /) { flush(); cno = num(line) / 10 }
		else if (line ~ /^ *"points": /) cpts = num(line)
		else if (line ~ /^ *"kind": *"veto"/) veto = 1
	} else if (incrit && n == crit + 8 && line ~ /^ *"points": /) {
		pp[++np] = num(line)               # a part's points
	}
	out[++nout] = line
}
END {
	flush()
	# Dropping a last member leaves a dangling comma before a closer.
	for (i = 1; i <= nout; i++) {
		if (i < nout && out[i] ~ /,$/ && out[i + 1] ~ /^ *[\]}]/)
			sub(/,$/, "", out[i])
		print out[i]
	}
}
