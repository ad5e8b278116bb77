# bench/perfsum.awk — a plain-text digest of `perf script` output taken with
# call graphs (perf record --call-graph dwarf -p PID): for each function named
# in FUNCS (comma-separated), the share of all samples spent in it (inclusive)
# and how that splits over what it calls directly (its own code: "(self)"),
# then the top self-time symbols.
#
#   perf script -i perf.data 2>/dev/null | awk -v funcs=web_handle,campaign_load -f bench/perfsum.awk
#
# TOP (default 12) limits each list; a call site is kept as SYMBOL+0xOFF in the
# callee list when SITES=1, so that two calls of st_step from the same
# function can be told apart (objdump -d or addr2line -f -e BINARY maps them).
function flush(   i, f, j, seen, key) {
	if (!n)
		return
	total++
	self[sym[1]]++
	for (j = 1; j <= nf; j++) {
		f = fn[j]
		for (i = 1; i <= n; i++) {
			if (sym[i] != f)
				continue
			incl[f]++
			key = i > 1 ? (sites ? sym[i - 1] " at " site[i] : sym[i - 1]) : "(self)"
			callee[f, key]++
			keys[f] = keys[f] SUBSEP key
			break
		}
	}
	n = 0
}
BEGIN {
	if (top == "") top = 12
	nf = split(funcs, fn, ",")
}
/^[^ \t]/ { flush(); next }               # a sample's header line
/^[ \t]*$/ { flush(); next }
{
	s = $2
	if (s == "[unknown]")
		s = "[unknown " $NF "]"
	site[n + 1] = s
	sub(/\+0x[0-9a-f]+$/, "", s)
	sym[++n] = s
}
END {
	flush()
	printf "%d samples\n", total
	for (j = 1; j <= nf; j++) {
		f = fn[j]
		printf "\n%-40s %6.1f%% of all samples (inclusive); what it calls:\n", f, total ? 100 * incl[f] / total : 0
		delete done
		m = split(keys[f], kl, SUBSEP)
		cmd = "sort -t'\t' -k1,1nr | head -n " top " | cut -f2-"
		for (i = 2; i <= m; i++) {
			if (kl[i] in done)
				continue
			done[kl[i]] = 1
			printf "%.1f\t  %6.1f%%  %s\n", 100 * callee[f, kl[i]] / total, 100 * callee[f, kl[i]] / total, kl[i] | cmd
		}
		close(cmd)
	}
	printf "\ntop self time:\n"
	cmd = "sort -t'\t' -k1,1nr | head -n " top " | cut -f2-"
	for (s in self)
		printf "%.1f\t  %6.1f%%  %s\n", 100 * self[s] / total, 100 * self[s] / total, s | cmd
	close(cmd)
}
